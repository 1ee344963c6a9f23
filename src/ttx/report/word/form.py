"""The participant feedback form as a Word document, part by part of the one outline
(ttx.report.outline.FORM_OUTLINE) the HTML and Markdown forms follow."""

from __future__ import annotations

import io
from typing import Any, Callable

from docx.shared import Cm, Pt, RGBColor

from ttx import i18n
from ttx.report.feedback import FeedbackForm
from ttx.report.outline import FORM_OUTLINE
from ttx.report.word.base import GREY, clean, kv, new_document, note, table, write_in


def render_feedback_docx(form: FeedbackForm) -> bytes:
    """The participant feedback form, to print or fill in on screen: tick a
    number per move and statement, write in the open questions."""
    _ = i18n.translations(form.lang).gettext
    doc = new_document(form.banner, final=True, lang=form.lang)
    kicker = doc.add_paragraph().add_run(_("Participant feedback form").upper())
    kicker.bold, kicker.font.color.rgb, kicker.font.size = True, RGBColor(0x2F, 0x6D, 0xB5), Pt(10)
    doc.add_heading(clean(form.title), level=0)
    who = _("For the %(name)s cell (%(id)s)") % {"name": form.cell_name, "id": form.cell} + " · " if form.cell else ""
    doc.add_paragraph(clean(f"{who}{_('Exercise')} {form.scenario_id}")).runs[0].font.color.rgb = GREY
    note(doc, _("Once filled in, this form is marked and handled as %(banner)s.") % {"banner": form.banner} + " "
         + _("Your answers go to the exercise evaluators for the after-action report; they are not attributed "
             "to you by name."))
    ticks = "    ".join(f"{'☒' if form.cell == cid else '☐'} {cid}" + (f" — {name}" if name != cid else "")
                       for cid, name in form.cells)
    kv(doc, [(_("Cell"), ticks), (_("Organization and role"), ""), (_("Date"), "")])
    for part in FORM_OUTLINE:
        doc.add_heading(_("Part %(number)s — %(title)s") % {"number": part.number, "title": _(part.title)}, level=1)
        _PARTS[part.id](doc, form)
    doc.add_paragraph(_("Thank you. Please hand this form to a controller or evaluator before you leave.")
                      ).runs[0].font.color.rgb = GREY
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _scale(form: FeedbackForm) -> tuple[list[str], list[str]]:
    return [f"{i}\n{label}" for i, label in enumerate(form.scale, start=1)], ["○"] * len(form.scale)


def _moves(doc: Any, form: FeedbackForm) -> None:
    _ = i18n.translations(form.lang).gettext
    scale, circles = _scale(form)
    doc.add_paragraph(_("For each move: how far do you agree that its information and questions were realistic "
                        "and useful to your cell?") + " " + _("Mark one box."))
    # the ids (M1, S1 …) are the columns of the sheet the returned forms are typed into
    table(doc, [_("Move"), *scale], [(f"{m.id} · {m.label}", *circles) for m in form.moves],
          widths=[7, 2, 2, 2, 2, 2], size=8)
    for m in form.moves:
        doc.add_heading(clean(m.label), level=2)
        if m.questions:
            doc.add_paragraph(_("The questions your cell discussed:")).runs[0].font.color.rgb = GREY
            for i, q in enumerate(m.questions, start=1):  # numbered by hand: Word's lists run on across moves
                doc.add_paragraph(clean(f"{i}. {q}")).paragraph_format.left_indent = Cm(0.6)
        doc.add_paragraph().add_run(
            _("The most important issue or decision for your cell in this move, and how it was handled:")).bold = True
        write_in(doc, 2)


def _exercise(doc: Any, form: FeedbackForm) -> None:
    _ = i18n.translations(form.lang).gettext
    scale, circles = _scale(form)
    doc.add_paragraph(_("Mark one box for each statement."))
    table(doc, [_("Statement"), *scale], [(f"S{i} {s}", *circles) for i, s in enumerate(form.statements, start=1)],
          widths=[7, 2, 2, 2, 2, 2], size=8)


def _assessment(doc: Any, form: FeedbackForm) -> None:
    for i, (_, question) in enumerate(form.open_questions, start=1):
        doc.add_paragraph().add_run(f"{i}. {question}").bold = True
        write_in(doc, 4)


_PARTS: dict[str, Callable[[Any, FeedbackForm], None]] = {
    "moves": _moves,
    "exercise": _exercise,
    "assessment": _assessment,
}
