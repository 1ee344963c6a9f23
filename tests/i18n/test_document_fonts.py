"""Documents render Japanese and Korean with fonts that have the glyphs (issue 21): the
DOCX names Noto Sans CJK in every style's east-Asian font slot (where Word takes Japanese
and Korean from), the HTML falls back through the reader's own CJK fonts to a generic one."""

from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml.ns import qn
from tests.report.report_helpers import scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.render import render


def test_every_docx_style_names_a_cjk_font_in_its_east_asian_slot():
    doc = Document(io.BytesIO(render(analyze(scenario(), standard_log()), "docx")))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK JP", name
        assert doc.styles[name].font.name == "Calibri"  # Latin text as before


def test_the_html_falls_back_through_system_cjk_fonts_to_a_generic_family():
    html = render(analyze(scenario(), standard_log()), "html")
    body = re.search(r"body \{[^}]*font-family:([^;]*);", html, re.S).group(1)
    families = [f.strip().strip('"') for f in body.split(",")]
    assert families[-1] == "sans-serif"
    for font in ("Hiragino Sans", "Yu Gothic", "Noto Sans CJK JP", "Apple SD Gothic Neo", "Malgun Gothic",
                 "Noto Sans CJK KR"):
        assert font in families
    assert "@font-face" not in html and "url(" not in body  # nothing fetched a reader may not have
    assert ":lang(ja)" in html and ":lang(ko)" in html
