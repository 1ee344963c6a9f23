"""Scenario Markdown in a Word document: the tree ttx.report.markdown parses (the one
parser the HTML and Markdown reports use), as headings, paragraphs, lists, code,
quotes, tables and hyperlinks."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from ttx.report.markdown import heading_level, image_text, inline_text, parse
from ttx.report.word.base import clean, table

def markdown(doc: Any, text: str, level: int = 2) -> None:
    """Scenario Markdown as Word paragraphs: the tree `ttx.report.markdown` parses, its
    headings under a heading of `level`."""
    for block in parse(clean(text)).children:
        _md_block(doc, block, level, 0)


_LIST_STYLE = {"bullet_list": "List Bullet", "ordered_list": "List Number"}


def _md_block(doc: Any, node: Any, level: int, depth: int, style: str | None = None) -> None:
    t = node.type
    if t == "paragraph":
        _md_runs(doc.add_paragraph(style=style), node.children[0])
    elif t == "heading":
        _md_runs(doc.add_heading("", level=heading_level(node, level)), node.children[0])
    elif t in _LIST_STYLE:
        name = _LIST_STYLE[t] + (f" {min(depth, 2) + 1}" if depth else "")  # Word has List Bullet, … 2, … 3
        for item in node.children:
            for i, block in enumerate(item.children):
                inner = name if i == 0 else "List Continue" + (f" {min(depth, 2) + 1}" if depth else "")
                _md_block(doc, block, level, depth + 1, inner if block.type == "paragraph" else None)
    elif t in ("fence", "code_block"):
        run = doc.add_paragraph(style=style).add_run(node.content.removesuffix("\n"))
        run.font.name, run.font.size = "Consolas", Pt(8.5)
    elif t == "blockquote":
        for block in node.children:
            _md_block(doc, block, level, depth, "Quote" if block.type == "paragraph" else None)
    elif t == "hr":
        doc.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif t == "table":
        rows = [[inline_text(c.children[0]) if c.children else "" for c in tr.children]
                for part in node.children for tr in part.children]
        table(doc, rows[0], rows[1:])


def _md_runs(p: Any, inline: Any) -> None:
    """An inline tree as runs: bold, italic, struck, code, links (as Word hyperlinks)."""
    for text, style, href in _segments(inline, frozenset(), None):
        run = p.add_run(text)
        if "strong" in style:
            run.bold = True
        if "em" in style:
            run.italic = True
        if "s" in style:
            run.font.strike = True
        if "code" in style:
            run.font.name = "Consolas"
        if href:
            run.font.underline, run.font.color.rgb = True, RGBColor(0x2F, 0x6D, 0xB5)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), p.part.relate_to(href, RT.HYPERLINK, is_external=True))
            p._p.remove(run._r)
            link.append(run._r)
            p._p.append(link)


def _segments(node: Any, style: frozenset[str], href: str | None) -> list[tuple[str, frozenset[str], str | None]]:
    """The inline tree flattened to (text, style, link) runs; neighbours alike merged."""
    out: list[tuple[str, frozenset[str], str | None]] = []
    for c in node.children:
        if c.type == "text":
            parts = [(c.content, style, href)]
        elif c.type in ("softbreak", "hardbreak"):
            parts = [(" " if c.type == "softbreak" else "\n", style, href)]
        elif c.type == "code_inline":
            parts = [(c.content, style | {"code"}, href)]
        elif c.type == "link":
            parts = _segments(c, style, href or str(c.attrs.get("href", "")))
        elif c.type == "image":
            parts = [(image_text(c), style, href)]
        else:  # strong, em, s
            parts = _segments(c, style | {c.type}, href)
        for part in parts:
            if out and out[-1][1:] == part[1:]:
                out[-1] = (out[-1][0] + part[0], *part[1:])
            elif part[0]:
                out.append(part)
    return out
