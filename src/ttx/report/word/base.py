"""What every ttx Word document shares (python-docx): page, styles, the banner in each
page's header and footer, tables, key-value tables, notices and write-in space.

The after-action report (`word.report`), the feedback form (`word.form`) and the
exercise pack (`ttx.report.pack_render`) are built from these.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Sequence

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ttx.scenario.plaintext import printable

NAVY = RGBColor(0x16, 0x32, 0x5C)
RED = RGBColor(0xB3, 0x26, 0x1E)
GREY = RGBColor(0x5B, 0x65, 0x77)
RATING_FILL = {"P": "1E7B3A", "S": "8A9A12", "M": "D07A12", "U": "B3261E"}
# XML 1.0 forbids most control characters; python-docx raises on them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: Any) -> str:
    """Text for a Word document: no escape sequence, control character or bidi override."""
    return "" if value is None else _BAD_XML.sub("", printable(str(value)))


def new_document(banner_text: str, final: bool, *, size: tuple[float, float] = (21.0, 29.7),
                 lang: str = "ja") -> Any:
    """A Word document of one `size` (cm; A4 by default) page section with 2 cm margins,
    the banner in its header and footer (and DRAFT until final); `lang` picks the CJK font."""
    doc = Document()
    styles(doc, lang)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(size[0]), Cm(size[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    banner(section, banner_text, final)
    return doc


# Word draws Japanese and Korean from a style's east-Asian font slot, not from font.name:
# without one it falls back to whatever it finds, and a PDF made from it may lack the glyphs.
EAST_ASIAN_FONTS = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR"}


def styles(doc: Any, lang: str = "ja") -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    named = [normal]
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
        st = doc.styles[name]
        st.font.color.rgb = NAVY
        st.font.size = Pt(size)
        st.font.name = "Calibri"
        named.append(st)
    east_asian = EAST_ASIAN_FONTS.get(lang.split("-")[0], EAST_ASIAN_FONTS["ja"])
    for st in named:
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def banner(section: Any, text: str, final: bool) -> None:
    """The banner, centred, in the header and footer of every page (and DRAFT until final)."""
    section.different_first_page_header_footer = False
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        p = part.paragraphs[0]
        p.text = ""
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(clean(text))
        run.bold = True
        run.font.size = Pt(9)
        if not final:
            d = p.add_run("   DRAFT")
            d.bold = True
            d.font.size = Pt(9)
            d.font.color.rgb = RED


def note(doc: Any, text: str) -> None:
    t = doc.add_table(rows=1, cols=1)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    c = t.rows[0].cells[0]
    shade(c, "F3F5F9")
    c.text = clean(text)
    for run in c.paragraphs[0].runs:
        run.font.size = Pt(9)
    doc.add_paragraph()


def shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def table(
    doc: Any,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] | None = None,
    size: float = 8.5,
    min_height: Any = None,
) -> Any:
    rows = list(rows)
    t = doc.add_table(rows=1 + len(rows), cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    hdr = t.rows[0]
    repeat_header(hdr)
    for i, h in enumerate(header):
        c = hdr.cells[i]
        shade(c, "16325C")
        c.text = h
        for run in c.paragraphs[0].runs:
            run.bold, run.font.size, run.font.color.rgb = True, Pt(size), RGBColor(0xFF, 0xFF, 0xFF)
    for ri, values in enumerate(rows, start=1):
        row = t.rows[ri]
        if min_height is not None:
            row.height = min_height
        for i, v in enumerate(values):
            c = row.cells[i]
            c.text = clean(v)
            for p in c.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(size)
    if widths:
        set_widths(t, widths)
    doc.add_paragraph()
    return t


def set_widths(t: Any, widths: Sequence[float]) -> None:
    """Column widths Word and LibreOffice both honour: the grid and every cell."""
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Cm(w)
    for row in t.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Cm(w)


def kv(doc: Any, rows: Sequence[tuple[str, Any]]) -> None:
    t = doc.add_table(rows=len(rows), cols=2)
    t.style = "Table Grid"
    for i, (k, v) in enumerate(rows):
        a, b = t.rows[i].cells
        a.text, b.text = clean(k), clean(v)
        shade(a, "F3F5F9")
        a.paragraphs[0].runs[0].bold = True
        for c in (a, b):
            for run in c.paragraphs[0].runs:
                run.font.size = Pt(9)
    set_widths(t, (5, 12))
    doc.add_paragraph()


def write_in(doc: Any, lines: int) -> None:
    """Room to write by hand (or type): empty ruled rows."""
    t = doc.add_table(rows=lines, cols=1)
    t.style = "Table Grid"
    for row in t.rows:
        row.height = Cm(0.9)
    set_widths(t, (17,))
    doc.add_paragraph()
