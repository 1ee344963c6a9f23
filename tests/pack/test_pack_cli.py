"""`ttx pack` end to end, through the installed `ttx`: need-to-know with marker strings in every
controller-only field, in every format; banners; escaping; bad arguments."""

from __future__ import annotations

import io
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from tests.pack.pack_scenario import CONTROLLER, JPN_ONLY, PLAYER, marked

TTX = str(Path(sys.executable).parent / "ttx")
FORMATS = ("html", "md", "docx")
BANNER = "UNCLASSIFIED // FOR EXERCISE USE ONLY"


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / "scenarios").mkdir()
    doc = marked().model_dump(mode="json", by_alias=True, exclude_defaults=True)
    (root / "scenarios" / "marked.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    return root


def text_of(path: Path) -> str:
    """What a reader can see in a written document (for DOCX: body, tables, headers, footers)."""
    if path.suffix != ".docx":
        return path.read_text(encoding="utf-8")
    d = docx.Document(io.BytesIO(path.read_bytes()))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    for s in d.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def written(workspace) -> dict[tuple[str, str], str]:
    """Every document of the pack in every format: (name, fmt) -> its text."""
    out = {}
    for fmt in FORMATS:
        done = ttx("pack", "marked", "--format", fmt, cwd=workspace)
        assert done.returncode == 0, done.stderr
        for cell in ("JPN", "USA"):
            done = ttx("pack", "marked", "--cell", cell.lower(), "--format", fmt, cwd=workspace)
            assert done.returncode == 0, done.stderr
            assert f"wrote marked-sitman-{cell}.{fmt}" in done.stdout
        for name in ("sitman", "sitman-JPN", "sitman-USA", "explan", "handbook"):
            out[(name, fmt)] = text_of(workspace / f"marked-{name}.{fmt}")
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["sitman", "sitman-JPN", "sitman-USA", "explan"])
def test_player_documents_show_no_controller_field(written, name, fmt):
    text = written[(name, fmt)].lower()
    assert [field for field, marker in CONTROLLER.items() if marker.lower() in text] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_situation_manual_shows_the_players_material_and_each_cell_its_questions(written, fmt):
    text = written[("sitman", fmt)]
    assert [field for field, marker in PLAYER.items() if marker not in text] == []
    assert JPN_ONLY not in text and JPN_ONLY not in written[("sitman-USA", fmt)]
    assert JPN_ONLY in written[("sitman-JPN", fmt)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_handbook_shows_every_controller_field(written, fmt):
    text = written[("handbook", fmt)]
    assert [field for field, marker in CONTROLLER.items() if marker not in text] == []
    for task in ("1.1", "1.2"):                      # the EEG's numbered critical tasks
        assert task in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["sitman", "explan", "handbook"])
def test_every_document_carries_its_banner_top_and_bottom(written, name, fmt):
    text = written[(name, fmt)]
    if fmt == "html":
        assert text.count(f'<div class="banner top">{BANNER}</div>') == 1
        assert text.count(f'<div class="banner bottom">{BANNER}</div>') == 1
        assert "@top-center" in text and "@bottom-center" in text     # on every printed page
    elif fmt == "md":
        lines = [line for line in text.splitlines() if line.strip()]
        assert lines[0] == lines[-1] == f"**{BANNER}**"
    else:
        assert text.count(BANNER) >= 2                                 # header and footer of every page


def test_the_exercise_plan_has_its_rules_and_logistics(written):
    text = written[("explan", "md")]
    for expected in ("Non-attribution", "Real-world emergency", "Consult capitals through control.",
                     "Doors at 08:30.", "Director: J. Park", "| +0:15 | +0:45 |", "| +1:05 | +1:25 |", "In all 85 minutes"):
        assert expected in text, expected


PAYLOAD = "</p><script>alert(1)</script><img src=x onerror=alert(2)> & \"q\""


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object") or any(a.startswith("on") for a, _ in attrs):
            self.bad.append(tag)

    handle_startendtag = handle_starttag


def test_scenario_text_is_escaped_in_every_html_document(tmp_path):
    doc = marked().model_dump(mode="json", by_alias=True, exclude_defaults=True)
    doc["title"] = doc["background"] = doc["classification"] = PAYLOAD
    doc["exercise"]["purpose"] = doc["exercise"]["venue"] = PAYLOAD
    for move in doc["moves"]:
        move["title"] = move["situation"] = PAYLOAD
        for inject in move["injects"]:
            inject["title"] = inject["body"] = PAYLOAD
            inject["expected_actions"] = [PAYLOAD]
        for q in move.get("questions", []):
            q["text"] = PAYLOAD
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "marked.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True))
    done = ttx("pack", "marked", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("sitman", "explan", "handbook"):
        page = (tmp_path / f"marked-{name}.html").read_text()
        parser = Tags()
        parser.feed(page)
        assert parser.bad == [], name
        assert "&lt;script&gt;" in page


def test_paper_size_and_bad_arguments(workspace):
    done = ttx("pack", "marked", "--doc", "sitman", "--paper", "letter", "-o", "-", cwd=workspace)
    assert done.returncode == 0 and "@page { size: letter; }" in done.stdout
    done = ttx("pack", "marked", "--doc", "explan", "--format", "docx", "--paper", "letter", "-o", "l.docx",
               cwd=workspace)
    assert done.returncode == 0, done.stderr
    section = docx.Document(str(workspace / "l.docx")).sections[0]
    assert round(section.page_width.cm, 1) == 21.6 and round(section.page_height.cm, 1) == 27.9
    for args, message in ((["--cell", "JPN", "--doc", "handbook"], "--cell makes a player cell's Situation Manual"),
                          (["--cell", "CHN"], "no cell 'CHN'"),
                          (["--cell", "WHITE"], "WHITE is a control cell"),
                          (["-o", "x.html"], "--output names one file"),
                          (["--doc", "nosuch"], "Invalid value")):
        done = ttx("pack", "marked", *args, cwd=workspace)
        assert done.returncode == 2, args
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_a_workspace_template_overrides_the_built_in_one(workspace, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "pack.md.j2").write_text("{{ banner }} | {{ doc.title }} | {{ doc.blocks | length }} blocks\n")
    done = ttx("pack", "marked", "--doc", "explan", "--format", "md", "--templates", str(folder), "-o", "-",
               cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{BANNER} | Exercise Plan | ")
    (folder / "pack.md.j2").write_text("{{ doc.__class__.__mro__ }}\n")          # the sandbox refuses it
    done = ttx("pack", "marked", "--doc", "explan", "--format", "md", "--templates", str(folder), "-o", "-",
               cwd=workspace)
    assert done.returncode == 2 and "pack.md.j2" in done.stderr and "Traceback" not in done.stderr
