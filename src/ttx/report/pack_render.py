"""The pre-exercise documents (ttx.report.pack) in HTML, Markdown or Word.

One walk over the same outline per format: HTML and Markdown through the
report's template machinery (pack.html.j2, pack.md.j2; a workspace may
override them by name, rendered sandboxed and bounded), Word in code with the
report's DOCX helpers; the author's Markdown through the report's one parser
(ttx.report.markdown) in all three. Every
block type renders in every format; the branch map is an SVG drawing in
HTML, Mermaid text in Markdown, and its edges table everywhere.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ttx.report.model import ReportError
from ttx.report.pack import Document
from ttx.scenario.vocabulary import RATINGS

FORMATS = ("html", "md", "docx")
TEMPLATE_NAMES = {"html": "pack.html.j2", "md": "pack.md.j2"}
PAPERS = {"a4": "A4", "letter": "letter"}


def render_pack(doc: Document, fmt: str, *, paper: str = "a4", templates: Path | None = None,
                workspace_templates: Path | None = None) -> str | bytes:
    """`doc` in `fmt` (html | md | docx) on `paper` (a4 | letter): text, or bytes for DOCX."""
    if paper not in PAPERS:
        raise ReportError(f"unknown paper {paper!r} (choose from {', '.join(PAPERS)})")
    if fmt == "docx":
        return _docx(doc, paper)
    if fmt not in TEMPLATE_NAMES:
        raise ReportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    from ttx.report.templates import render, template_dirs
    from ttx.scenario.plaintext import printable

    ctx = {"doc": doc, "banner": doc.banner, "draft": False, "final": True, "paper": PAPERS[paper],
           "ratings": tuple(RATINGS)}
    return printable(render(TEMPLATE_NAMES[fmt], ctx, template_dirs(templates, workspace_templates)))


# ---------------------------------------------------------------- Word


def _docx(doc: Document, paper: str) -> bytes:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    from ttx.report.word.base import GREY, clean, kv, new_document, note, write_in
    from ttx.report.word.base import table as word_table
    from ttx.report.word.markdown import markdown

    word = new_document(doc.banner, True, size=(21.0, 29.7) if paper == "a4" else (21.59, 27.94))
    kicker = word.add_paragraph().add_run(doc.title.upper())
    kicker.bold, kicker.font.color.rgb, kicker.font.size = True, RGBColor(0x2F, 0x6D, 0xB5), Pt(10)
    word.add_heading(clean(doc.scenario_title), level=0)
    who = f"For the {doc.cell_name} cell ({doc.cell}) · " if doc.cell else ""
    word.add_paragraph(clean(f"{who}Exercise {doc.scenario_id}")).runs[0].font.color.rgb = GREY

    def table(head: Any, rows: Any, blank: Any = ()) -> None:
        word_table(word, list(head), rows, size=8.5, widths=column_widths(head, rows, 17.0, blank))

    b: Any  # one of the block types; `kind` says which
    for b in doc.blocks:
        kind = b.block
        if kind == "heading":
            if b.page_break:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            word.add_heading(clean(b.text), level=b.level - 1)
        elif kind == "prose":
            word.add_paragraph(clean(b.text))
        elif kind == "markdown":
            markdown(word, b.text, b.level - 1)   # Word's heading levels sit one below ours
        elif kind == "facts":
            kv(word, list(b.rows))
        elif kind == "bullets":
            for item in b.items:
                word.add_paragraph(clean(item), style="List Number" if b.numbered else "List Bullet")
        elif kind == "table":
            table(b.head, b.rows, b.blank)
        elif kind == "notice":
            note(word, "\n".join([b.text, *(f"• {item}" for item in b.items)]))
        elif kind == "rating":
            p = word.add_paragraph()
            p.add_run(clean(b.label) + ":   ").bold = True
            p.add_run("     ".join(f"☐ {r}" for r in RATINGS))
        elif kind == "write_in":
            word.add_paragraph().add_run(clean(b.label)).bold = True
            write_in(word, b.lines)
        elif kind == "branch_map":
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            word.add_heading(clean(b.title), level=1)
            word.add_paragraph(clean(b.intro) + " In this document the map is given as its edges; "
                               "ttx graph draws it.")
            table(b.edges.head, b.edges.rows)
        else:  # a block this walk does not know would vanish silently
            raise ReportError(f"the Word pack cannot render a {kind!r} block")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def column_widths(head: Any, rows: Any, total: float, blank: Any = ()) -> list[float]:
    """Column widths (cm): a short column (ids, times, up to 12 characters) as wide as its text
    at 8.5 pt, the others sharing the rest by what they hold (counted up to 40 characters,
    since long texts wrap anyway), a column left blank to write in as a long one. Word splits a
    table evenly otherwise, which squeezes a title to an id's width and breaks "+0:02"."""
    need = [max([len(str(h))] + [len(str(r[i])) for r in rows]) for i, h in enumerate(head)]
    fixed = {i: n * 0.2 + 0.5 for i, n in enumerate(need) if n <= 12 and i not in blank}
    rest = total - sum(fixed.values())
    weights = {i: 40 if i in blank else min(n, 40) for i, n in enumerate(need) if i not in fixed}
    return [fixed[i] if i in fixed else rest * weights[i] / sum(weights.values()) for i in range(len(head))]
