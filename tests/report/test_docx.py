"""The DOCX opens with python-docx and carries the banner in header and footer."""

from __future__ import annotations

import io

from docx import Document
from tests.report.report_helpers import scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.render import render

BANNER = "UNCLASSIFIED // FOR EXERCISE USE ONLY"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def texts(doc):
    out = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            out.extend(c.text for c in row.cells)
    return out


def test_banner_in_header_and_footer_of_every_section():
    doc = open_docx(render(analyze(scenario(), standard_log()), "docx"))
    assert len(doc.sections) >= 2  # appendices in landscape
    for section in doc.sections:
        assert BANNER in section.header.paragraphs[0].text
        assert BANNER in section.footer.paragraphs[0].text
        assert "DRAFT" in section.header.paragraphs[0].text


def test_final_drops_draft():
    doc = open_docx(render(analyze(scenario(), standard_log()), "docx", final=True))
    for section in doc.sections:
        assert "DRAFT" not in section.header.paragraphs[0].text
    assert not any("DRAFT" in t for t in texts(doc))


def test_docx_holds_the_aar_sections_and_plan():
    doc = open_docx(render(analyze(scenario(), standard_log()), "docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in ("1. Exercise overview", "2. Analysis of capabilities", "Appendix A. Improvement plan", "Appendix B. MSEL as run"):
        assert h in headings
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text == "Core capability")
    assert [c.text for c in plan.rows[2].cells][2:] == ["Pre-authorize sharing", "Planning", "MOFA", "J. Doe", "2027-05-01", "2027-09-01"]
    assert [c.text for c in plan.rows[1].cells][2:] == [""] * 6  # left for the conference


def test_cell_extract_docx_marking_in_header():
    doc = open_docx(render(analyze(scenario(), standard_log(), cell="KOR"), "docx"))
    assert doc.sections[0].header.paragraphs[0].text.startswith(BANNER + " // KOR ONLY")
