"""The scenario commands end to end, through the installed `ttx` command."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.scenario.conftest import VALID

TTX = shutil.which("ttx") or str(Path(sys.executable).with_name("ttx"))


def ttx(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "demo.yaml").write_text(VALID)
    return tmp_path


def test_builtin_scenarios_validate_strict():
    result = ttx("validate", "--strict")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout
    assert "Traceback" not in result.stderr


def test_validate_reports_path_line_col_and_exits_2(workspace):
    bad = workspace / "scenarios" / "demo.yaml"
    bad.write_text(VALID.replace("planned_minutes: 30", "planed_minutes: 30"))
    result = ttx("validate", cwd=workspace)
    assert result.returncode == 2
    assert "scenarios/demo.yaml:21:5: unknown key 'planed_minutes'" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_json_format(workspace):
    (workspace / "scenarios" / "demo.yaml").write_text(VALID.replace("to: [USA, JPN, KOR]", "to: [USA, JPX, KOR]"))
    result = ttx("validate", "--format", "json", cwd=workspace)
    assert result.returncode == 2
    problems = json.loads(result.stdout)
    assert {"path", "line", "col", "severity", "message"} == set(problems[0])
    assert (problems[0]["line"], problems[0]["col"], problems[0]["severity"]) == (26, 19, "error")


def test_strict_turns_warnings_into_failure(workspace):
    (workspace / "scenarios" / "demo.yaml").write_text(VALID.replace('at: "0:20"', "at: 45"))
    assert ttx("validate", cwd=workspace).returncode == 0
    strict = ttx("validate", "--strict", cwd=workspace)
    assert strict.returncode == 2 and "warning:" in strict.stderr


@pytest.mark.parametrize("content,expected", [
    (b"", "file is empty"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b"- just\n- a list\n", "must be a mapping"),
    (b"ttx: 7\nid: x\ntitle: t\ncells: [{id: USA}]\nmoves: [{id: M1}]\n", "unsupported format version 7"),
    (b"key: [unclosed\n", "YAML syntax"),
])
def test_bad_files_exit_2_without_traceback(workspace, content, expected):
    (workspace / "scenarios" / "demo.yaml").write_bytes(content)
    result = ttx("validate", "scenarios/demo.yaml", cwd=workspace)
    assert result.returncode == 2
    assert expected in result.stderr and "scenarios/demo.yaml:" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_scenario_id(workspace):
    result = ttx("validate", "nope", cwd=workspace)
    assert result.returncode == 2 and "no scenario with that id" in result.stderr and "demo" in result.stderr


def test_list_shows_the_table(workspace):
    result = ttx("list", cwd=workspace)
    assert result.returncode == 0
    header, row = result.stdout.splitlines()[:2]
    assert header.split() == ["ID", "TITLE", "MOVES", "INJECTS", "PLAYER", "CELLS", "MINUTES"]
    assert row.split()[0] == "demo" and row.rstrip().endswith("30")


def test_msel_csv_and_markdown(workspace):
    result = ttx("msel", "demo", "--format", "csv", cwd=workspace)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["Inject ID"] for r in rows] == ["M1-01", "M1-02"]
    assert rows[0]["Time"] == "+0:05" and rows[0]["Decision Prompt"] == "Share now?"
    assert rows[0]["Releasability"] == "REL TO USA, JPN, KOR"
    md = ttx("msel", "demo", "--format", "md", cwd=workspace).stdout
    assert md.startswith("**UNCLASSIFIED // FOR EXERCISE USE ONLY**") and "| M1-01 |" in md


def test_msel_gives_controllers_the_condition_trigger_notes_and_timing_plan(workspace):
    text = VALID.replace("    planned_minutes: 30\n", "    planned_minutes: 30\n    facilitator_notes:\n"
                         "      - If Dokdo comes up, park it.\n").replace(
        "        title: Follow-up\n", "        title: Follow-up\n        contingency: true\n"
        "        trigger: Use if JPN holds the track | still.\n        facilitator_notes: [One, Two]\n")
    text += "agenda:\n  - {title: Opening brief, minutes: 15}\n  - {move: M1}\n  - {title: Hot wash, minutes: 20}\n"
    (workspace / "scenarios" / "demo.yaml").write_text(text)
    rows = list(csv.DictReader(io.StringIO(ttx("msel", "demo", "--format", "csv", cwd=workspace).stdout)))
    assert rows[1]["Condition"] == "M1-01 (JPN) chose hold"
    assert rows[1]["Trigger"] == "Use if JPN holds the track | still."
    assert rows[1]["Facilitator Notes"] == "One\nTwo"
    md = ttx("msel", "demo", "--format", "md", cwd=workspace).stdout
    assert "| M1-01 (JPN) chose hold | Use if JPN holds the track \\| still. | One / Two |" in md
    assert "## Timing plan — 1:05 in all" in md and "| Hot wash | 20 |" in md and "| Launch | 30 |" in md
    assert "- **M1**: If Dokdo comes up, park it." in md
    assert md.rstrip().endswith("**UNCLASSIFIED // FOR EXERCISE USE ONLY**")


def test_msel_of_a_bad_scenario_prints_problems(workspace):
    (workspace / "scenarios" / "demo.yaml").write_text(VALID.replace("ttx: 1", "ttx: 1\nbogus: 1"))
    result = ttx("msel", "demo", cwd=workspace)
    assert result.returncode == 2 and "scenarios/demo.yaml:2:1: unknown key 'bogus'" in result.stderr


def test_schema_prints_json():
    result = ttx("schema", "--kind", "injects")
    assert result.returncode == 0 and json.loads(result.stdout)["title"] == "ttx inject library"


def test_init_copies_the_builtin_workspace(tmp_path):
    target = tmp_path / "exercise"
    result = ttx("init", str(target))
    assert result.returncode == 0, result.stderr
    assert list((target / "scenarios").glob("*.yaml")) and (target / "schema" / "scenario.schema.json").exists()
    assert ttx("validate", "--strict", cwd=target).returncode == 0
    again = ttx("init", str(target))
    assert again.returncode == 2 and "already holds a workspace" in again.stderr


@pytest.mark.parametrize("args", [["--help"], ["validate"], ["list"]])
def test_light_commands_do_not_import_textual_or_jinja(args, tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from ttx.cli import main
        try:
            main({args!r}, standalone_mode=False)
        except SystemExit:
            pass
        heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'jinja2', 'docx'))
        print('HEAVY', heavy)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ})
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr
