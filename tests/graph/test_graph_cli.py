"""`ttx graph`, `ttx validate --coverage` and `ttx rehearse --all`'s coverage, end to end through
the installed `ttx`, on a workspace whose scenario carries markup in every text a map shows."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from tests.graph.graph_scenarios import branchy

from ttx.graph.svg import esc

TTX = str(Path(sys.executable).parent / "ttx")
PAYLOAD = "</text><script>alert(1)</script> ]]> \"quoted\" 'single' & <b onmouseover=x>"
ALLOWED = {"html", "head", "meta", "title", "style", "body", "div", "h1", "h2", "p", "span", "label", "input",
           "ul", "li", "b", "i", "em", "table", "tr", "th", "td",
           "svg", "defs", "marker", "path", "g", "rect", "text", "circle"}


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def hostile() -> dict:
    doc = branchy().model_dump(mode="json", by_alias=True, exclude_defaults=True)
    doc.update(title=PAYLOAD, classification=PAYLOAD)
    for move in doc["moves"]:
        move["title"] = PAYLOAD
        for inject in move["injects"]:
            inject["title"] = PAYLOAD
            for option in inject.get("decision", {}).get("options", []):
                option["text"] = PAYLOAD
    return doc


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "branchy.yaml").write_text(yaml.safe_dump(hostile(), allow_unicode=True))
    scripts = tmp_path / "rehearsals" / "branchy"
    scripts.mkdir(parents=True)
    (scripts / "share-then-go.yaml").write_text("decisions:\n  A: {all: share}\n  E: {all: go}\n")
    (scripts / "split-then-wait.yaml").write_text(
        "decisions:\n  A: {USA: share, JPN: hold}\n  E: {all: wait}\nrelease: [X]\n")
    return tmp_path


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or ""), (tag, value)

    handle_startendtag = handle_starttag


def test_html_page_is_self_contained_and_escapes_every_text(workspace):
    done = ttx("graph", "branchy", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "wrote branchy-graph.html" in done.stdout
    assert "edges exercised:   6/6 (100%)" in done.stdout
    page = (workspace / "branchy-graph.html").read_text()
    parser = Tags()
    parser.feed(page)
    assert parser.tags <= ALLOWED, parser.tags - ALLOWED
    assert "<script" not in page and "<b onmouseover" not in page
    assert esc(PAYLOAD) in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "").replace("http-equiv", "")
    assert page.count(f'<div class="banner">{esc(PAYLOAD)}</div>') == 2   # top and bottom
    # both scripts are offered for highlighting, and the coverage tables are there
    assert 'id="pick-0"> share-then-go' in page and 'id="pick-1"> split-then-wait' in page
    assert "Edges exercised: <b>6 of 6</b>" in page


def test_svg_is_well_formed_xml_with_the_text_as_typed(workspace):
    done = ttx("graph", "branchy", "--format", "svg", "-o", "-", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "coverage of branchy" in done.stderr      # the map on stdout, its coverage beside it
    root = ET.fromstring(done.stdout.encode())
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any(PAYLOAD.split()[0] in t for t in texts)
    assert not list(root.iter("{http://www.w3.org/2000/svg}script"))


def test_mermaid_labels_hold_no_markup(workspace):
    done = ttx("graph", "branchy", "--format", "mermaid", "-o", "-", cwd=workspace)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("%% ") and "flowchart TB" in text
    body = text.split("flowchart TB", 1)[1]
    for line in body.splitlines():
        for label in line.split('"')[1::2]:          # whatever sits between the label quotes
            ours = label.replace("<br/>", "")              # the one line break we write
            assert not set(ours) & set("<>\"'&[]{}|"), ours
    assert "#60;script#62;" in body                 # the payload, as entity codes
    assert body.count("-->") + body.count("--x") == 6   # every edge exercised: none dotted


def test_a_broken_script_stops_the_map_unless_coverage_is_off(workspace):
    (workspace / "rehearsals" / "branchy" / "typo.yaml").write_text("decisions:\n  A: {JPN: maybe}\n")
    done = ttx("graph", "branchy", cwd=workspace)
    assert done.returncode == 2
    assert "typo.yaml:2:" in done.stderr and "has no option 'maybe'" in done.stderr
    assert "Traceback" not in done.stderr and not (workspace / "branchy-graph.html").exists()
    done = ttx("graph", "branchy", "--no-coverage", "--format", "mermaid", "-o", "-", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "coverage" not in done.stderr


def test_validate_and_rehearse_all_print_the_coverage(workspace):
    done = ttx("validate", "--coverage", "branchy", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "coverage of branchy by 2 rehearsal script(s): share-then-go, split-then-wait" in done.stdout
    assert "never skipped:     F" in done.stdout and "leads nowhere:     N" in done.stdout
    done = ttx("rehearse", "--all", "branchy", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "edges exercised:   6/6 (100%)" in done.stdout
    (workspace / "rehearsals" / "branchy" / "split-then-wait.yaml").unlink()
    done = ttx("validate", "--coverage", "branchy", cwd=workspace)
    assert "edges exercised:   2/6 (33%)" in done.stdout
    assert "never reached:     B, G" in done.stdout
    (workspace / "rehearsals" / "branchy" / "typo.yaml").write_text("decisions:\n  Z: {all: go}\n")
    done = ttx("validate", "--coverage", "branchy", cwd=workspace)
    assert done.returncode == 2 and "typo.yaml:2:3: no inject 'Z'" in done.stderr


def test_bad_arguments_exit_2_without_a_traceback(workspace):
    for args in (["graph", "nosuch"], ["graph", "branchy", "--format", "png"],
                 ["validate", "--coverage", "--format", "json"]):
        done = ttx(*args, cwd=workspace)
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr


def test_esc_keeps_the_svg_well_formed_for_characters_xml_cannot_hold():
    raw = "a\x00b\x1bc\ud800d\ufffe"
    assert "".join(ET.fromstring("<t>" + esc(raw) + "</t>").itertext()) == "a\ufffdb\ufffdc\ufffdd\ufffd"


def test_picking_a_script_marks_the_options_it_chose(workspace):
    done = ttx("graph", "branchy", "--format", "svg", "-o", "-", cwd=workspace)
    assert done.returncode == 0, done.stderr
    root = ET.fromstring(done.stdout.encode())
    options = {"".join(t.itertext()).split(":")[0][2:]: t.get("class")
               for t in root.iter("{http://www.w3.org/2000/svg}text") if "option" in (t.get("class") or "")}
    # share-then-go (run 0) chose share on A and go on E; split-then-wait (run 1) share, hold and wait
    assert options["share"] == "option c0 c1" and options["hold"] == "option c1"
    assert options["go"] == "option c0" and options["wait"] == "option c1"
    assert options["yes"] == options["no"] == "option"          # N: nobody decided
