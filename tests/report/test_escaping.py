"""Invariant 5: every user string is escaped in HTML (and harmless in Markdown)."""

from __future__ import annotations

import copy
import io
import re
from html.parser import HTMLParser

import pytest
from tests.report.report_helpers import SCENARIO, Log

from ttx.scenario.vocabulary import HOTWASH_FIELD_NAMES
from ttx.report.analysis import analyze
from ttx.report.markdown import to_html
from docx import Document

from ttx.report.feedback import feedback_form
from ttx.report.render import render, render_feedback
from ttx.scenario.model import Scenario

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</title><script>alert(2)</script>",
    "**<b onmouseover=alert(3)>bold</b>**",
    "<a href=javascript:alert(4)>x</a>",
    "<iframe src=//evil></iframe>",
    "{{ 7*7 }}{% if true %}jinja{% endif %}",
]
PAYLOAD = " ".join(PAYLOADS)

# Our own markup: nothing else may appear as an element.
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "div", "main", "header", "section", "footer", "span",
    "h1", "h2", "h3", "h4", "p", "br", "ul", "ol", "li", "strong", "em", "table", "thead", "tbody", "tr",
    "th", "td", "dl", "dt", "dd", "svg", "g", "rect", "text", "line", "circle", "path",
}


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def hostile_scenario() -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data.update(title=PAYLOAD, summary=PAYLOAD, background=PAYLOAD, sources=[PAYLOAD], classification=PAYLOAD)
    for o in data["objectives"]:
        o.update(text=PAYLOAD, capability=PAYLOAD)
    for c in data["cells"]:
        c.update(name=PAYLOAD, roles=[PAYLOAD])
    for m in data["moves"]:
        m.update(title=PAYLOAD, situation=PAYLOAD)
        for q in m.get("questions", []):
            q["text"] = PAYLOAD
        for i in m["injects"]:
            i.update(title=PAYLOAD, body=PAYLOAD, expected_actions=[PAYLOAD])
            i["from"] = PAYLOAD
            if "decision" in i:
                i["decision"]["prompt"] = PAYLOAD
                for opt in i["decision"]["options"]:
                    opt["text"] = PAYLOAD
    data["moves"][1]["injects"][0]["releasability"] = PAYLOAD
    return Scenario.model_validate(data)


def hostile_log():
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    for cell in ("USA", "JPN", "KOR"):
        log.add("decision_recorded", 8, inject="M1-01", cell=cell, option="share" if cell != "JPN" else "hold", rationale=PAYLOAD)
    log.add("inject_skipped", 20, inject="M1-04")
    log.add("clock_paused", 21).add("clock_resumed", 21, wall_extra=60)
    for kind in ("observation", "strength", "improvement"):
        log.add("note_added", 22, text=PAYLOAD, kind=kind, objective="OBJ-1", rating="S", cell="JPN")
        log.add("note_added", 22, text=PAYLOAD, kind=kind, objective=None, rating=None, cell=None)
    log.add("move_started", 30, move="M2")
    log.add("inject_released", 35, inject="M2-01", to=["JPN", "KOR"], manual=False)
    log.add("decision_recorded", 36, inject="M2-01", cell="KOR", option="send", rationale=PAYLOAD)
    fields = [f for f in HOTWASH_FIELD_NAMES if f != "objective"]  # every free-text field the hot wash keeps
    log.add("hotwash_item", 60, kind="improvement", text=PAYLOAD, objective="OBJ-1", **{f: PAYLOAD for f in fields})
    log.add("hotwash_item", 60, kind="strength", text=PAYLOAD, objective=None, **{f: PAYLOAD for f in fields})
    return log.events


def assert_no_live_markup(html: str) -> None:
    parser = Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED, f"user markup came through as <{tag}>"
        for name, value in attrs:
            assert not name.lower().startswith("on"), f"<{tag} {name}=...> came through"
            assert "javascript:" not in (value or "").lower()
            assert name in {"class", "id", "lang", "charset", "name", "content", "http-equiv", "title", "colspan",
                            "aria-hidden", "aria-label", "role", "viewbox", "xmlns", "x", "y", "x1", "x2", "y1", "y2",
                            "width", "height", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
                            "fill-opacity", "font-size", "font-weight", "font-style", "text-anchor", "cx", "cy", "r",
                            "d", "style"}, f"unexpected attribute {name} on <{tag}>"
    assert "alert(1)" in html  # the payload is there, as text
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html  # user text is never evaluated as a template


@pytest.mark.parametrize("cell", [None, "KOR"])
def test_every_user_field_is_escaped_in_html(cell):
    report = analyze(hostile_scenario(), hostile_log(), cell=cell)
    assert_no_live_markup(render(report, "html"))


@pytest.mark.parametrize("cell", [None, "KOR"])
def test_markdown_output_carries_no_markup(cell):
    out = render(analyze(hostile_scenario(), hostile_log(), cell=cell), "md")
    for bad in ("<script", "<img", "<svg", "<iframe", "<a ", "<b "):
        assert bad not in out
    # shown as typed, not run as a template ("*" escaped: it is no emphasis either)
    assert "&lt;script&gt;" in out and "{{ 7\\*7 }}" in out


def test_docx_and_json_take_hostile_text():
    report = analyze(hostile_scenario(), hostile_log())
    assert render(report, "docx")[:2] == b"PK"
    assert "<script>alert(1)</script>" in render(report, "json")  # JSON is data: the consumer escapes


def test_control_characters_do_not_break_docx():
    data = copy.deepcopy(SCENARIO)
    data["title"] = "bell\x07 and nul\x00 and vt\x0b"
    report = analyze(Scenario.model_validate(data), [])
    assert render(report, "docx")[:2] == b"PK"


MD_PAYLOAD = "[click](javascript:alert(5)) ![beacon](http://tracker.example/p.png) `code` <http://auto.example>"


def test_markdown_user_text_makes_no_links_images_or_code():
    data = copy.deepcopy(SCENARIO)
    data["title"] = MD_PAYLOAD
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("decision_recorded", 8, inject="M1-01", cell="KOR", option="share", rationale=MD_PAYLOAD)
    log.add("note_added", 9, text=MD_PAYLOAD, kind="improvement", objective="OBJ-1", rating="M", cell=None)
    out = render(analyze(Scenario.model_validate(data), log.events), "md")
    for live in ("[click](", "![beacon](", "`code`", "<http"):
        assert live not in out
    assert "\\[click\\](javascript:alert(5))" in out  # there, as text


def test_markdown_keeps_quotes_readable():
    data = copy.deepcopy(SCENARIO)
    data["title"] = "\"It flew over us\" and nobody's told"
    out = render(analyze(Scenario.model_validate(data), []), "md")
    assert "\"It flew over us\" and nobody's told" in out and "&#34;" not in out and "&#39;" not in out


def test_newlines_in_single_line_fields_make_no_markdown_headings():
    # issue 14 item 12: "# Injected-Heading" above the title
    sneaky = "Strait Test\n# Injected-Heading\n- injected item"
    data = copy.deepcopy(SCENARIO)
    data["title"] = sneaky
    data["objectives"][0]["text"] = sneaky
    data["moves"][0]["injects"][0]["title"] = sneaky
    data["moves"][0]["injects"][0]["decision"]["prompt"] = sneaky
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("decision_recorded", 8, inject="M1-01", cell="KOR", option="share", rationale=sneaky)
    log.add("note_added", 9, text=sneaky, kind="improvement", objective="OBJ-1", rating="M", cell=None)
    log.add("hotwash_item", 10, kind="improvement", text=sneaky, reference=sneaky, analysis=sneaky)
    for cell in (None, "KOR"):
        out = render(analyze(Scenario.model_validate(data), log.events, cell=cell), "md")
        html = str(to_html(out, 0))
        assert "Injected-Heading</h" not in html and "<li>injected item" not in html
        assert "Strait Test # Injected-Heading - injected item" in out.replace("\\#", "#").replace("\\-", "-")


DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROLS = "A\x1b]8;;javascript:alert(1)\x07link\x1b]8;;\x07 \x1b[2J\x07bell \u202etxt.exe \x9b31m"


def test_documents_carry_no_control_characters_or_bidi_overrides():
    # issue 14 item 10: a file, not only a terminal, is read somewhere that acts on them
    data = copy.deepcopy(SCENARIO)
    data.update(title=CONTROLS, summary=CONTROLS, background=CONTROLS)
    data["moves"][0]["injects"][0].update(title=CONTROLS, body=CONTROLS)
    data["moves"][0]["title"] = CONTROLS
    data["moves"][0]["questions"][0]["text"] = CONTROLS
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("decision_recorded", 8, inject="M1-01", cell="KOR", option="share", rationale=CONTROLS)
    log.add("note_added", 9, text=CONTROLS, kind="improvement", objective="OBJ-1", rating="M", cell=None)
    sc = Scenario.model_validate(data)
    for cell in (None, "KOR"):
        report = analyze(sc, log.events, cell=cell)
        for fmt in ("html", "md", "json"):
            out = render(report, fmt)
            found = DANGEROUS.search(out.replace("\n", "").replace("\t", ""))
            assert found is None, f"{found.group()!r} in the {fmt} report"
        docx = Document(io.BytesIO(render(report, "docx")))
        text = "".join(p.text for p in docx.paragraphs) + "".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
        assert DANGEROUS.search(text.replace("\n", "").replace("\t", "")) is None
        assert "txt.exe" in text and "link" in text  # the text stays, only the controls go
    form = feedback_form(sc)
    for fmt in ("html", "md", "csv"):
        out = render_feedback(form, fmt)
        assert DANGEROUS.search(out.replace("\n", "").replace("\t", "").replace("\r", "")) is None, fmt
