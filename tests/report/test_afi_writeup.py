"""An area for improvement from the hot wash is written up as HSEEP asks:
the finding, then its reference and root-cause analysis, in every format;
a blank one stays visibly blank, and a controller's note gets no such lines."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from tests.report.report_helpers import Log, scenario, standard_log

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.report.analysis import analyze
from ttx.report.render import render
from ttx.scenario.load import load_scenario
from ttx.scenario.vocabulary import DETAIL_FIELDS

REFERENCE = "Trilateral missile warning data-sharing arrangement"
ANALYSIS = "No one was authorized to push data without a national review."


def report():
    return analyze(scenario(), standard_log())


def after(text: str, marker: str, length: int = 600) -> str:
    start = text.index(marker)
    return text[start:start + length]


def test_html_puts_reference_and_analysis_under_the_finding():
    html = render(report(), "html")
    finding = after(html, "Warning data link was slow.")
    assert "<dt>Reference</dt><dd>" + REFERENCE in finding
    assert "<dt>Analysis</dt><dd>" + ANALYSIS in finding
    # the AFI from a controller's note carries no write-up lines of its own
    note = after(html, "JPN debated J-Alert threshold.", 300)
    assert "<dt>Analysis</dt>" not in note.split("</li>")[0]


def test_markdown_lists_them_under_the_finding():
    md = render(report(), "md")
    finding = after(md, "- Warning data link was slow.", 300)
    assert f"  - *Reference:* {REFERENCE}" in finding
    assert f"  - *Analysis:* {ANALYSIS}" in finding


def test_docx_lists_them_under_the_finding():
    doc = Document(io.BytesIO(render(report(), "docx")))
    texts = [p.text for p in doc.paragraphs]
    at = next(i for i, t in enumerate(texts) if t.startswith("Warning data link was slow."))
    assert texts[at + 1:at + 3] == [f"Reference: {REFERENCE}", f"Analysis: {ANALYSIS}"]


def test_json_carries_them():
    data = json.loads(render(report(), "json"))
    [afi] = [o for o in data["improvements"] if o["source"] == "hotwash"]
    assert (afi["reference"], afi["analysis"]) == (REFERENCE, ANALYSIS)


def test_a_blank_write_up_stays_visibly_blank():
    log = Log()
    log.events = standard_log()[:-1]  # all but session_ended
    log.add("hotwash_item", 61, kind="improvement", text="Liaison officers arrived late.", objective=None)
    log.add("session_ended", 62)
    html = render(analyze(scenario(), log.events), "html")
    finding = after(html, "Liaison officers arrived late.", 400)
    assert "<dt>Reference</dt><dd>______</dd><dt>Analysis</dt><dd>______</dd>" in finding


def test_every_hot_wash_field_reaches_every_format():
    """The vocabulary's fields are the report's: each one given a value shows in HTML, Markdown,
    DOCX and JSON, with the label the vocabulary gives it (a new field needs no other change)."""
    values = {f.name: f"value of {f.name}" for f in DETAIL_FIELDS}
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("hotwash_item", 5, kind="improvement", text="The finding.", objective="OBJ-1", capability=None, **values)
    log.add("session_ended", 6)
    data = analyze(scenario(), log.events)
    html, md = render(data, "html"), render(data, "md")
    doc = Document(io.BytesIO(render(data, "docx")))
    docx_text = "\n".join([p.text for p in doc.paragraphs]
                          + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    [afi] = json.loads(render(data, "json"))["improvements"]
    for f in DETAIL_FIELDS:
        value = values[f.name]
        assert afi[f.name] == value
        for name, text in (("html", html), ("md", md), ("docx", docx_text)):
            assert value in text, f"{f.name} missing from the {name} report"
            assert f.label in text, f"{f.name}'s label missing from the {name} report"


def test_an_older_workspace_template_is_named_when_it_hides_a_write_up(tmp_path):
    """A report.md.j2 copied before the write-up existed shows neither reference nor analysis:
    the CLI names the template and the fields it leaves out."""
    ttx = Path(sys.executable).with_name("ttx")
    assert subprocess.run([ttx, "init", "ws"], cwd=tmp_path, capture_output=True).returncode == 0
    work = tmp_path / "ws"
    (work / "templates" / "report.md.j2").write_text(
        "OLD {% for p in report.improvement_plan %}{{ p.corrective_action }}{% endfor %}\n", encoding="utf-8")
    s = load_scenario(work / "scenarios" / "dprk-missile-warning.yaml", work / "injects")
    vt = VirtualTime(datetime(2027, 1, 1, tzinfo=timezone.utc))
    session = Session.create(s, work / "s.ttx", now=vt)
    session.start_move(s.moves[0].id)
    session.add_hotwash("improvement", "Slow link", corrective_action="Drill", reference="The arrangement")
    session.close()
    done = subprocess.run([ttx, "report", "s.ttx", "--format", "md", "-o", "-"], cwd=work,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("OLD Drill")
    assert "does not show the areas for improvement's reference" in done.stderr
    assert "analysis" not in done.stderr  # none was written, so nothing is hidden
