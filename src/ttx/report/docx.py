"""The after-action report, and the participant feedback form, as Word documents (python-docx).

The form agencies circulate AARs in: a cover, numbered headings, tables, and
the banner in every page's header and footer ("DRAFT" beside it until
`--final`). Built in code rather than from a template: python-docx has no
template language, and the layout follows the same `Report` as the HTML.
"""

from __future__ import annotations

import io
import re
from typing import Any, Iterable, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ttx.report.analysis import Report
from ttx.report.feedback import FeedbackForm
from ttx.report.filters import fmt_clock, fmt_delay, fmt_dt, fmt_dur, fmt_status
from ttx.report.markdown import heading_level, image_text, inline_text, parse
from ttx.scenario.vocabulary import (AFI_FIELDS, CELL_KINDS, FIELD_BY_NAME, KIND_BY_NAME, NOT_RATED, PLAN_FIELDS,
                                     RATINGS, SOURCES)

NAVY = RGBColor(0x16, 0x32, 0x5C)
RED = RGBColor(0xB3, 0x26, 0x1E)
GREY = RGBColor(0x5B, 0x65, 0x77)
RATING_FILL = {"P": "1E7B3A", "S": "8A9A12", "M": "D07A12", "U": "B3261E"}
# The improvement plan's columns in cm (landscape A4); a field not named here gets 2.4.
_PLAN_WIDTHS = {"corrective_action": 4.8, "responsible": 3, "point_of_contact": 2.6}

# XML 1.0 forbids most control characters; python-docx raises on them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(value: Any) -> str:
    return "" if value is None else _BAD_XML.sub("", str(value))


def render_docx(report: Report, *, final: bool = False) -> bytes:
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    _banner(section, report.banner, final)

    r, ov = report, report.overview
    extract = r.cell is not None

    # ---- cover
    kicker = doc.add_paragraph()
    run = kicker.add_run("RELEASABLE EXTRACT" if extract else "AFTER-ACTION REPORT / IMPROVEMENT PLAN")
    run.bold, run.font.color.rgb, run.font.size = True, RGBColor(0x2F, 0x6D, 0xB5), Pt(10)
    if not final:
        draft = kicker.add_run("    DRAFT")
        draft.bold, draft.font.color.rgb, draft.font.size = True, RED, Pt(10)
    doc.add_heading(clean(ov.title), level=0)
    sub = doc.add_paragraph()
    sub.add_run(
        (f"Prepared for {r.cell} · " if extract else "")
        + f"Tabletop exercise · {fmt_dt(ov.started)} – {fmt_dt(ov.ended)}"
    ).font.color.rgb = GREY
    if extract:
        p = doc.add_paragraph()
        m = p.add_run(f"Marking: {clean(r.marking)}")
        m.bold = True
    handling = (
        f"This extract holds only what was released to {r.cell} during the exercise and {r.cell}'s own decisions "
        f"(and decisions the facilitator shared with {r.cell}). It is marked {clean(r.marking)}: do not forward beyond that marking."
        if extract
        else "Controller and evaluator material: contains the MSEL, expected actions, evaluator notes and every "
        "cell's decisions. Do not release to player cells; use `ttx report --cell ID` for a releasable extract."
    )
    if not final:
        handling += (
            " This extract is a DRAFT." if extract
            else " This report is a DRAFT for the after-action conference; blank fields are left for it to complete."
        )
    _note(doc, "Handling. " + handling + " Exercise material — not real-world information.")

    # ---- 1 overview
    doc.add_heading("1. Exercise overview", level=1)
    rows = [
        ("Exercise name", ov.title),
        ("Scenario", ov.scenario_id),
        ("Exercise dates", f"{fmt_dt(ov.started)} – {fmt_dt(ov.ended)}"),
        ("Exercise time run", fmt_dur(ov.duration)),
        ("Type", f"Discussion-based tabletop exercise in {len(ov.moves)} move{'s' if len(ov.moves) != 1 else ''}"),
    ]
    if not extract:
        rows.append(("Core capabilities", ", ".join(ov.capabilities) or "—"))
    rows.append(("Participating organizations", ", ".join(f"{c.name} ({c.id})" for c in r.cells if c.kind == "player")))
    _kv(doc, rows)
    if ov.summary:
        doc.add_heading("Scenario summary", level=2)
        _markdown(doc, ov.summary)
    if ov.background:
        doc.add_heading("Background", level=2)
        _markdown(doc, ov.background)
    if ov.objectives:
        doc.add_heading("Objectives", level=2)
        _table(doc, ["Objective", "Description", "Core capability"], [(o.id, o.text, o.capability or "—") for o in ov.objectives], widths=[2.2, 10, 4.8])
    doc.add_heading("Moves", level=2)
    _table(
        doc,
        ["Move", "Planned", "Started", "Ran"],
        [
            (
                m.label,
                fmt_dur(m.planned_minutes * 60) if m.planned_minutes else "—",
                fmt_clock(m.start_clock) if m.start_clock is not None else "not played",
                fmt_dur(m.end_clock - m.start_clock) if m.start_clock is not None and m.end_clock is not None else "—",
            )
            for m in ov.moves
        ],
        widths=[8, 3, 3, 3],
    )
    n = 2
    # ---- 2 capabilities
    if not extract:
        doc.add_heading(f"{n}. Analysis of capabilities", level=1)
        n += 1
        t = _table(
            doc,
            ["Objective", "Core capability", *RATINGS],
            [
                (f"{o.id} {o.text}", o.capability or "—", *(("✓" if o.rating == k else "") for k in RATINGS))
                if o.rating
                else (f"{o.id} {o.text}", o.capability or "—", NOT_RATED, *([""] * (len(RATINGS) - 1)))
                for o in r.objectives
            ],
            widths=[8.5, 5, *([0.9] * len(RATINGS))],
        )
        for i, o in enumerate(r.objectives, start=1):
            if o.rating:
                cell = t.rows[i].cells[2 + list(RATINGS).index(o.rating)]
                _shade(cell, RATING_FILL.get(o.rating, "5B6577"))
                for p in cell.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in p.runs:
                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                        run.bold = True
            else:
                merged = t.rows[i].cells[2].merge(t.rows[i].cells[1 + len(RATINGS)])
                merged.text = NOT_RATED
                for p in merged.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in p.runs:
                        run.italic = True
                        run.font.size = Pt(8.5)
        legend = doc.add_paragraph(" · ".join(f"{k}: {v}" for k, v in RATINGS.items())
                                   + ". An objective's rating is the latest evaluator rating recorded against it.")
        legend.runs[0].font.size, legend.runs[0].font.color.rgb = Pt(8), GREY
        for o in r.objectives:
            doc.add_heading(clean(f"{o.id} {o.text} — {o.rating or 'not rated'}"), level=3)
            tag = doc.add_paragraph(clean(f"{o.capability or 'No core capability given'} · {o.rating_text}"))
            tag.runs[0].italic = True
            _findings(doc, KIND_BY_NAME["strength"].heading, o.strengths)
            _findings(doc, KIND_BY_NAME["improvement"].heading, o.improvements)
            _findings(doc, KIND_BY_NAME["observation"].heading, [x for x in o.observations if x.kind == "observation"])
            if not o.observations:
                doc.add_paragraph("No observations recorded against this objective.").runs[0].italic = True
        general = [x for x in r.observations if not x.objective]
        if general:
            doc.add_heading("Findings not tied to an objective", level=2)
            for kind in (KIND_BY_NAME[k] for k in ("strength", "improvement", "observation")):
                _findings(doc, kind.heading, [x for x in general if x.kind == kind.name])

    # ---- timeline
    doc.add_heading(f"{n}. The exercise as run", level=1)
    n += 1
    if not extract:
        if r.pauses:
            doc.add_paragraph(
                "Clock paused: "
                + "; ".join(f"at {fmt_clock(p.clock)} for {fmt_dur(p.seconds)}"
                            + (f" (real-world stop: {p.real_world})" if p.real_world else "") for p in r.pauses)
                + "."
            )
        _table(
            doc,
            ["Inject", "Title", "Planned", "Actual", "Δ", "Status", "To"],
            [
                (
                    t.inject,
                    t.title + (" (contingency)" if t.contingency else "") + (" (conditional)" if t.conditional else ""),
                    fmt_clock(t.planned_clock),
                    fmt_clock(t.actual_clock),
                    fmt_delay(t.delay),
                    " → ".join(fmt_status(h) for h in t.history) if t.history else fmt_status(t.status),
                    t.releasability,
                )
                for t in r.timeline
            ],
            widths=[2.9, 4.3, 1.5, 1.5, 1.6, 2.4, 2.8],
        )
    else:
        for t in r.timeline:
            doc.add_heading(clean(f"{t.inject} {t.title}"), level=3)
            meta = doc.add_paragraph()
            mk = meta.add_run(clean(t.releasability) + "  ")
            mk.bold = True
            meta.add_run(clean(f"Released {fmt_clock(t.actual_clock)}" + (f" · from {t.from_}" if t.from_ else "") + f" · {t.channel}")).font.color.rgb = GREY
            _markdown(doc, t.body, level=3)
            if t.decision_prompt:
                p = doc.add_paragraph()
                p.add_run("Decision asked: ").bold = True
                p.add_run(clean(t.decision_prompt))
        if not r.timeline:
            doc.add_paragraph(f"Nothing was released to {r.cell}.").runs[0].italic = True

    # ---- decisions
    doc.add_heading(f"{n}. Decisions", level=1)
    n += 1
    if r.decisions:
        t = _table(
            doc,
            ["Inject", "Decision asked", "Cell", "Choice", "Rationale", "Latency", "Limit"],
            [
                (
                    d.inject,
                    d.prompt,
                    d.cell,
                    (d.option_text or d.option or "decided") if d.decided else "no decision",
                    d.rationale,
                    fmt_dur(d.latency) + (" (over)" if d.over_limit else ""),
                    fmt_dur(d.time_limit) if d.time_limit is not None else "—",
                )
                for d in r.decisions
            ],
            widths=[2.6, 3.6, 1.1, 2.6, 4.0, 1.6, 1.5],
        )
        for i, d in enumerate(r.decisions, start=1):
            if d.over_limit:
                for run in t.rows[i].cells[5].paragraphs[0].runs:
                    run.font.color.rgb, run.bold = RED, True
    else:
        doc.add_paragraph("No decision was asked.").runs[0].italic = True

    if not extract:
        doc.add_heading(f"{n}. Where the cells diverged", level=1)
        n += 1
        diverged = [v for v in r.divergence if v.diverged]
        doc.add_paragraph(f"{len(diverged)} of {len(r.divergence)} decision prompts asked of more than one cell split the cells.")
        for v in r.divergence:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(clean(f"{v.inject} {v.prompt} — ")).bold = True
            state = (
                f"diverged ({v.distinct} choices)" if v.diverged else "no split" if v.distinct else "no cell decided"
            )
            p.add_run(state + ": ")
            for j, c in enumerate(v.choices):
                txt = f"{c.cell} " + (clean(c.option_text or c.option) if c.option is not None else "no decision")
                run = p.add_run(txt)
                if c.differs:
                    run.bold, run.font.color.rgb = True, RGBColor(0xD0, 0x7A, 0x12)
                if j < len(v.choices) - 1:
                    p.add_run("; ")
            p.add_run(
                f". All decided after {fmt_dur(v.time_to_all)}." if v.time_to_all is not None else ". Not all cells decided."
            )

    doc.add_heading(f"{n}. Participation", level=1)
    _table(
        doc,
        ["Cell", "Injects received", "Decisions asked", "Decisions taken", "Median latency", "Over time limit"],
        [
            (f"{p.cell} {p.name}", p.injects_received, p.decisions_asked, p.decisions_taken, fmt_dur(p.median_latency), p.over_limit)
            for p in r.participation
        ],
        widths=[5, 2.4, 2.4, 2.4, 2.4, 2.4],
    )
    if r.feedback is not None:
        _feedback(doc, r.feedback)

    # ---- appendices (the improvement plan and MSEL in landscape)
    if not extract:
        land = doc.add_section()
        land.orientation = WD_ORIENT.LANDSCAPE
        land.page_width, land.page_height = Cm(29.7), Cm(21.0)
        doc.add_heading("Appendix A. Improvement plan", level=1)
        doc.add_paragraph("One row per area for improvement. Blank fields are for the after-action conference to complete.").runs[0].font.color.rgb = GREY
        plan = [p.columns for p in r.improvement_plan] or [("No area for improvement was recorded.", "", *([""] * len(PLAN_FIELDS)))]
        _table(
            doc,
            [FIELD_BY_NAME["capability"].label, KIND_BY_NAME["improvement"].label, *(f.label for f in PLAN_FIELDS)],
            plan,
            widths=[3.3, 4.8, *(_PLAN_WIDTHS.get(f.name, 2.4) for f in PLAN_FIELDS)],
            min_height=Cm(0.9),
        )
        doc.add_heading("Appendix B. MSEL as run", level=1)
        _table(
            doc,
            ["Inject", "Move", "Planned", "Actual", "Status", "From / channel", "To", "Synopsis", "Expected action", "Obj."],
            [
                (
                    t.inject,
                    f"{t.move} +{t.at}m",
                    fmt_clock(t.planned_clock),
                    fmt_clock(t.actual_clock),
                    fmt_status(t.status),
                    f"{t.from_ or '—'} / {t.channel}",
                    t.releasability,
                    t.title + (f"\nDecision: {t.decision_prompt}" if t.decision_prompt else ""),
                    "\n".join(t.expected_actions) or "—",
                    ", ".join(t.objectives) or "—",
                )
                for t in r.timeline
            ],
            widths=[2.8, 1.4, 1.5, 1.5, 1.8, 3.0, 2.6, 5.0, 4.6, 1.5],
            size=7.5,
        )
    doc.add_heading("Appendix C. Participating cells" if not extract else "Appendix. Participating cells", level=1)
    _table(doc, ["Cell", "Name", "Role", "Sub-roles"], [(c.id, c.name, CELL_KINDS.get(c.kind, c.kind), ", ".join(c.roles) or "—") for c in r.cells], widths=[2, 6, 4, 5])

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_feedback_docx(form: FeedbackForm) -> bytes:
    """The participant feedback form, to print or fill in on screen: tick a
    number per move and statement, write in the open questions."""
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _banner(section, form.banner, final=True)

    kicker = doc.add_paragraph().add_run("PARTICIPANT FEEDBACK FORM")
    kicker.bold, kicker.font.color.rgb, kicker.font.size = True, RGBColor(0x2F, 0x6D, 0xB5), Pt(10)
    doc.add_heading(clean(form.title), level=0)
    who = f"For the {form.cell_name} cell ({form.cell}) · " if form.cell else ""
    doc.add_paragraph(clean(f"{who}Exercise {form.scenario_id}")).runs[0].font.color.rgb = GREY
    _note(doc, f"Once filled in, this form is marked and handled as {form.banner}. Your answers go to the "
               "exercise evaluators for the after-action report; they are not attributed to you by name.")
    ticks = "    ".join(f"{'☒' if form.cell == cid else '☐'} {cid}" + (f" — {name}" if name != cid else "")
                       for cid, name in form.cells)
    _kv(doc, [("Cell", ticks), ("Organization and role", ""), ("Date", "")])

    scale = [f"{i}\n{label}" for i, label in enumerate(form.scale, start=1)]
    circles = ["○"] * len(form.scale)
    doc.add_heading("Part I — The moves", level=1)
    doc.add_paragraph("For each move: how far do you agree that its information and questions were "
                      "realistic and useful to your cell? Mark one box.")
    # the ids (M1, S1 …) are the columns of the sheet the returned forms are typed into
    _table(doc, ["Move", *scale], [(f"{m.id} · {m.label}", *circles) for m in form.moves],
           widths=[7, 2, 2, 2, 2, 2], size=8)
    for m in form.moves:
        doc.add_heading(clean(m.label), level=2)
        if m.questions:
            doc.add_paragraph("The questions your cell discussed:").runs[0].font.color.rgb = GREY
            for i, q in enumerate(m.questions, start=1):  # numbered by hand: Word's lists run on across moves
                doc.add_paragraph(clean(f"{i}. {q}")).paragraph_format.left_indent = Cm(0.6)
        doc.add_paragraph().add_run(
            "The most important issue or decision for your cell in this move, and how it was handled:").bold = True
        _write_in(doc, 2)

    doc.add_heading("Part II — The exercise", level=1)
    doc.add_paragraph("Mark one box for each statement.")
    _table(doc, ["Statement", *scale], [(f"S{i} {s}", *circles) for i, s in enumerate(form.statements, start=1)],
           widths=[7, 2, 2, 2, 2, 2], size=8)

    doc.add_heading("Part III — Your assessment", level=1)
    for i, (_, question) in enumerate(form.open_questions, start=1):
        doc.add_paragraph().add_run(f"{i}. {question}").bold = True
        _write_in(doc, 4)
    doc.add_paragraph("Thank you. Please hand this form to a controller or evaluator before you leave.").runs[0].font.color.rgb = GREY

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _feedback(doc: Any, fb: Any) -> None:
    """The returned participant feedback forms: ratings counted, answers listed."""
    doc.add_heading("7. Participant feedback", level=1)
    by_cell = ", ".join(f"{cell} {n}" for cell, n in fb.by_cell)
    doc.add_paragraph(f"{fb.forms} feedback form{'' if fb.forms == 1 else 's'} returned"
                      + (f": {by_cell}" if by_cell else "") + f". Ratings from 1 ({fb.scale[0].lower()}) to "
                      f"{len(fb.scale)} ({fb.scale[-1].lower()}); the columns 1–{len(fb.scale)} count the forms "
                      "that gave each.")
    numbers = [str(i) for i in range(1, len(fb.scale) + 1)]
    for heading, items in (("The move's information and questions were realistic and useful", fb.moves),
                           ("The exercise", fb.statements)):
        _table(doc, [heading, "Answered", "Mean", *numbers],
               [(row.label, row.answered, f"{row.mean:.1f}" if row.mean is not None else "—",
                 *[c or "" for c in row.counts]) for row in items],
               widths=[6.6, 2.2, 1.7, *[1.3] * len(numbers)])
    for q in fb.answers:
        if q.answers:
            doc.add_paragraph().add_run(clean(q.question)).bold = True
            for cell, text in q.answers:
                doc.add_paragraph(clean(text + (f" — {cell}" if cell else "")), style="List Bullet")


def _write_in(doc: Any, lines: int) -> None:
    """Room to write by hand (or type): empty ruled rows."""
    t = doc.add_table(rows=lines, cols=1)
    t.style = "Table Grid"
    for row in t.rows:
        row.height = Cm(0.9)
    _widths(t, (17,))
    doc.add_paragraph()


# ------------------------------------------------------------------ helpers


def _styles(doc: Any) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    for name, size in (("Title", 24), ("Heading 1", 15), ("Heading 2", 12), ("Heading 3", 10.5)):
        st = doc.styles[name]
        st.font.color.rgb = NAVY
        st.font.size = Pt(size)
        st.font.name = "Calibri"


def _banner(section: Any, banner: str, final: bool) -> None:
    """The banner, centred, in the header and footer of every page (and DRAFT until final)."""
    section.different_first_page_header_footer = False
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        p = part.paragraphs[0]
        p.text = ""
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(clean(banner))
        run.bold = True
        run.font.size = Pt(9)
        if not final:
            d = p.add_run("   DRAFT")
            d.bold = True
            d.font.size = Pt(9)
            d.font.color.rgb = RED


def _note(doc: Any, text: str) -> None:
    t = doc.add_table(rows=1, cols=1)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    c = t.rows[0].cells[0]
    _shade(c, "F3F5F9")
    c.text = clean(text)
    for run in c.paragraphs[0].runs:
        run.font.size = Pt(9)
    doc.add_paragraph()


def _shade(cell: Any, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(
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
    _repeat_header(hdr)
    for i, h in enumerate(header):
        c = hdr.cells[i]
        _shade(c, "16325C")
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
        _widths(t, widths)
    doc.add_paragraph()
    return t


def _widths(t: Any, widths: Sequence[float]) -> None:
    """Column widths Word and LibreOffice both honour: the grid and every cell."""
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Cm(w)
    for row in t.rows:
        for i, w in enumerate(widths):
            row.cells[i].width = Cm(w)


def _kv(doc: Any, rows: Sequence[tuple[str, Any]]) -> None:
    t = doc.add_table(rows=len(rows), cols=2)
    t.style = "Table Grid"
    for i, (k, v) in enumerate(rows):
        a, b = t.rows[i].cells
        a.text, b.text = clean(k), clean(v)
        _shade(a, "F3F5F9")
        a.paragraphs[0].runs[0].bold = True
        for c in (a, b):
            for run in c.paragraphs[0].runs:
                run.font.size = Pt(9)
    _widths(t, (5, 12))
    doc.add_paragraph()


def _findings(doc: Any, label: str, items: Sequence[Any]) -> None:
    if not items:
        return
    p = doc.add_paragraph()
    p.add_run(label).bold = True
    for o in items:
        li = doc.add_paragraph(style="List Bullet")
        li.add_run(clean(o.text))
        src = SOURCES.get(o.source, o.source)
        extra = ", ".join(x for x in (src, o.cell or "", f"rated {o.rating}" if o.rating else "") if x)
        r = li.add_run(f" — {extra}")
        r.font.color.rgb, r.font.size = GREY, Pt(8)
        if o.source == "hotwash" and o.kind == "improvement":
            # HSEEP's reference and root-cause analysis; blanks stay visible for the conference
            for f in AFI_FIELDS:
                value = o.details.get(f.name, "")
                sub = doc.add_paragraph(style="List Bullet 2")
                sub.add_run(f"{f.label}: ").bold = True
                sub.add_run(clean(value) if value else "______")


def _markdown(doc: Any, text: str, level: int = 2) -> None:
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
        _table(doc, rows[0], rows[1:])


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
