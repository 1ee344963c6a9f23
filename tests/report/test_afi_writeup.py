"""An area for improvement from the hot wash is written up as HSEEP asks:
the finding, then its reference and root-cause analysis, in every format;
a blank one stays visibly blank, and a controller's note gets no such lines."""

from __future__ import annotations

import io
import json

from docx import Document
from report_helpers import Log, scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.render import render

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
