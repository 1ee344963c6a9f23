"""`ttx report` end to end, through the installed `ttx` command, on rehearsal sessions."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ttx.workspace import builtin_root

TTX = str(Path(sys.executable).parent / "ttx")
ROOT = builtin_root()


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Path:
    scripts = sorted((ROOT / "rehearsals").glob("*/*.yaml"))
    if not scripts:
        pytest.skip("no built-in rehearsal scripts")
    script = scripts[0]
    out = tmp_path_factory.mktemp("sessions") / "rehearsal.ttx"
    done = ttx("rehearse", script.parent.name, "--script", str(script), "--session", str(out), cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    assert out.exists()
    return out


def test_html_by_default_beside_the_session(session, tmp_path):
    done = ttx("report", str(session), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = session.with_name("rehearsal-aar.html")
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "DRAFT" in html and "<svg" in html
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["md", "json", "docx", "html"])
def test_every_format(session, tmp_path, fmt):
    out = tmp_path / f"aar.{fmt}"
    done = ttx("report", str(session), "--format", fmt, "--output", str(out), "--final", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    if fmt == "json":
        parsed = json.loads(data)
        assert parsed["final"] is True and parsed["timeline"]
    elif fmt == "docx":
        from docx import Document

        assert "UNCLASSIFIED" in Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
    else:
        assert b"DRAFT" not in data


def test_cell_extract_to_stdout(session, tmp_path):
    done = ttx("report", str(session), "--cell", "KOR", "--format", "json", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["cell"] == "KOR" and data["marking"]
    assert all("KOR" in t["to"] for t in data["timeline"])
    assert all(t["expected_actions"] == [] for t in data["timeline"])
    assert data["observations"] == [] and data["improvement_plan"] == [] and data["divergence"] == []
    assert {d["cell"] for d in data["decisions"]} <= {"KOR"}  # rehearsals share no decisions


def test_hostile_user_template_fails_cleanly(session, tmp_path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "report.html.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    done = ttx("report", str(session), "--templates", str(tmp_path / "tpl"), "-o", str(tmp_path / "x.html"), cwd=tmp_path)
    assert done.returncode != 0
    assert "sandbox" in done.stderr and "report.html.j2" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "x.html").exists()


def test_workspace_templates_override(session, tmp_path):
    ws = tmp_path / "ws"
    (ws / "scenarios").mkdir(parents=True)
    (ws / "templates").mkdir()
    (ws / "templates" / "report.md.j2").write_text("workspace template for {{ report.overview.scenario_id }}\n")
    done = ttx("report", str(session), "--format", "md", "-o", "-", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("workspace template for ")


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.ttx"], "no such session file"),
        (["BAD"], "not a ttx session file"),
        (["GOOD", "--cell", "XXX"], "no cell 'XXX'"),
        (["GOOD", "-o", "/nonexistent-dir/x.html"], "cannot write the report"),
        (["GOOD", "--templates", "/nonexistent-templates"], "no such folder"),
        (["GOOD", "--cell", "WHITE"], "no cell 'WHITE'"),  # the control cell reads the full report
        (["GOOD", "-o", "TMP"], "is a folder"),
    ],
)
def test_bad_input_is_a_clear_message(session, tmp_path, args, message):
    bad = tmp_path / "bad.ttx"
    bad.write_bytes(b"this is not sqlite" * 10)
    named = {"BAD": str(bad), "GOOD": str(session), "TMP": str(tmp_path)}
    done = ttx("report", *[named.get(a, a) for a in args], cwd=tmp_path)
    assert done.returncode != 0
    assert message in done.stderr, done.stderr
    assert done.stderr.startswith("ttx: ") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr
