"""The after-action report as a Word document (python-docx).

The form agencies circulate AARs in: a cover, numbered headings, tables, and
the banner in every page's header and footer ("DRAFT" beside it until
`--final`). Built in code rather than from a template (python-docx has no
template language), section by section of the one outline (ttx.report.outline)
the HTML and Markdown templates follow.
"""

from __future__ import annotations

import io
from typing import Any, Callable, Sequence

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from ttx.report.model import Report
from ttx.report.filters import fmt_clock, fmt_delay, fmt_dt, fmt_dur, fmt_status
from ttx.report.outline import report_outline
from ttx.report.word.base import GREY, RATING_FILL, RED, clean, kv, new_document, note, shade, table
from ttx.report.word.markdown import markdown
from ttx.scenario.vocabulary import (AFI_FIELDS, CELL_KINDS, FIELD_BY_NAME, KIND_BY_NAME, NOT_RATED, PLAN_FIELDS,
                                     RATINGS, SOURCES)

# The improvement plan's columns in cm (landscape A4); a field not named here gets 2.4.
_PLAN_WIDTHS = {"corrective_action": 4.8, "responsible": 3, "point_of_contact": 2.6}


def render_docx(report: Report, *, final: bool = False) -> bytes:
    doc = new_document(report.banner, final)
    _cover(doc, report, final)
    landscape = False
    for section in report_outline(report):
        if section.new_page and not landscape:  # the appendices: the plan and MSEL want the width
            landscape = True
            land = doc.add_section()
            land.orientation = WD_ORIENT.LANDSCAPE
            land.page_width, land.page_height = Cm(29.7), Cm(21.0)
        doc.add_heading(section.heading, level=1)
        _SECTIONS[section.id](doc, report)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cover(doc: Any, r: Report, final: bool) -> None:
    ov, extract = r.overview, r.cell is not None
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
    note(doc, "Handling. " + handling + " Exercise material — not real-world information.")


def _overview(doc: Any, r: Report) -> None:
    """Name, dates, organizations, the summary, background, objectives and moves."""
    ov, extract = r.overview, r.cell is not None
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
    kv(doc, rows)
    if ov.summary:
        doc.add_heading("Scenario summary", level=2)
        markdown(doc, ov.summary)
    if ov.background:
        doc.add_heading("Background", level=2)
        markdown(doc, ov.background)
    if ov.objectives:
        doc.add_heading("Objectives", level=2)
        table(doc, ["Objective", "Description", "Core capability"], [(o.id, o.text, o.capability or "—") for o in ov.objectives], widths=[2.2, 10, 4.8])
    doc.add_heading("Moves", level=2)
    table(
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


def _capabilities(doc: Any, r: Report) -> None:
    """Each objective's rating and findings; the findings tied to no objective."""
    ov, extract = r.overview, r.cell is not None
    t = table(
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
            shade(cell, RATING_FILL.get(o.rating, "5B6577"))
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


def _timeline(doc: Any, r: Report) -> None:
    """The pauses and the injects planned and actual; an extract: the injects received."""
    ov, extract = r.overview, r.cell is not None
    if not extract:
        if r.pauses:
            doc.add_paragraph(
                "Clock paused: "
                + "; ".join(f"at {fmt_clock(p.clock)} for {fmt_dur(p.seconds)}"
                            + (f" (real-world stop: {p.real_world})" if p.real_world else "") for p in r.pauses)
                + "."
            )
        table(
            doc,
            ["Inject", "Title", "Planned", "Actual", "Δ", "Status", "To"],
            [
                (
                    t.inject,
                    t.title + (" (contingency)" if t.contingency else "") + (" (conditional)" if t.conditional else "")
                    + (f" ({t.live.words})" if t.live.words else ""),
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
            if t.live.words:
                doc.add_paragraph().add_run(clean(t.live.words)).bold = True
            markdown(doc, t.body, level=3)
            if t.decision_prompt:
                p = doc.add_paragraph()
                p.add_run("Decision asked: ").bold = True
                p.add_run(clean(t.decision_prompt))
        if not r.timeline:
            doc.add_paragraph(f"Nothing was released to {r.cell}.").runs[0].italic = True


def _decisions(doc: Any, r: Report) -> None:
    """Each decision asked: choice, rationale, latency, time limit."""
    ov, extract = r.overview, r.cell is not None
    if r.decisions:
        t = table(
            doc,
            ["Inject", "Decision asked", "Cell", "Choice", "Rationale", "Latency", "Limit"],
            [
                (
                    d.inject,
                    d.prompt,
                    d.cell,
                    ((d.option_text or d.option or "decided") + (f"\nStatement: {d.statement}" if d.statement else ""))
                    if d.decided else "no decision",
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


def _divergence(doc: Any, r: Report) -> None:
    """The choices side by side of each prompt asked of more than one cell."""
    ov, extract = r.overview, r.cell is not None
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


def _participation(doc: Any, r: Report) -> None:
    """Per cell: injects, decisions, latency, time limits overrun."""
    ov, extract = r.overview, r.cell is not None
    table(
        doc,
        ["Cell", "Injects received", "Decisions asked", "Decisions taken", "Median latency", "Over time limit"],
        [
            (f"{p.cell} {p.name}", p.injects_received, p.decisions_asked, p.decisions_taken, fmt_dur(p.median_latency), p.over_limit)
            for p in r.participation
        ],
        widths=[5, 2.4, 2.4, 2.4, 2.4, 2.4],
    )


def _improvement_plan(doc: Any, r: Report) -> None:
    """One row per area for improvement."""
    ov, extract = r.overview, r.cell is not None
    doc.add_paragraph("One row per area for improvement. Blank fields are for the after-action conference to complete.").runs[0].font.color.rgb = GREY
    plan = [p.columns for p in r.improvement_plan] or [("No area for improvement was recorded.", "", *([""] * len(PLAN_FIELDS)))]
    table(
        doc,
        [FIELD_BY_NAME["capability"].label, KIND_BY_NAME["improvement"].label, *(f.label for f in PLAN_FIELDS)],
        plan,
        widths=[3.3, 4.8, *(_PLAN_WIDTHS.get(f.name, 2.4) for f in PLAN_FIELDS)],
        min_height=Cm(0.9),
    )


def _msel(doc: Any, r: Report) -> None:
    """Every inject as planned and as run."""
    ov, extract = r.overview, r.cell is not None
    table(
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
                t.title + (f"\n{t.live.words}" if t.live.words else "")
                + (f"\nDecision: {t.decision_prompt}" if t.decision_prompt else ""),
                "\n".join(t.expected_actions) or "—",
                ", ".join(t.objectives) or "—",
            )
            for t in r.timeline
        ],
        widths=[2.8, 1.4, 1.5, 1.5, 1.8, 3.0, 2.6, 5.0, 4.6, 1.5],
        size=7.5,
    )


def _talk(doc: Any, r: Report) -> None:
    """Requests and their replies (the unanswered ones), who messaged whom, how fast a product
    reached each partner, control's log."""
    tk = r.talk
    if tk.requests:
        doc.add_heading("Requests for information", level=3)
        wait = f"; median wait for a reply {fmt_dur(tk.median_wait)}" if tk.median_wait is not None else ""
        doc.add_paragraph(f"{len(tk.requests)} request{'s' if len(tk.requests) != 1 else ''}: {tk.answered} "
                          f"answered, {tk.declined} declined, {len(tk.unanswered)} unanswered{wait}.")
        table(doc, ["Request", "Cell", "Asked", "Question", "Reply", "Waited", "Marking"],
              [(q.id, q.cell, fmt_clock(q.asked_clock), q.text or "—",
                "unanswered" if q.status == "open" else f"{q.status}: {q.reply or '—'}",
                fmt_dur(q.waited) + (" so far" if q.status == "open" else ""), q.marking) for q in tk.requests],
              widths=[1.6, 1.2, 1.4, 4.6, 4.6, 1.8, 2.2])
        if tk.unanswered:
            doc.add_paragraph("Unanswered when the log ends: " + "; ".join(
                f"{q.id} from {q.cell}, waiting {fmt_dur(q.waited)}" for q in tk.unanswered) + ".")
    if tk.messages:
        doc.add_heading("Messages between cells", level=3)
        table(doc, ["From", "To", "Messages"], [(x.sender, x.recipient, str(x.messages)) for x in tk.links],
              widths=[3, 3, 2])
        if tk.reach:
            doc.add_paragraph("How fast a product passed on reached each partner it had not been sent to:")
            table(doc, ["Inject", "Partner", "Reached via", "After its release"],
                  [(f"{x.inject} {x.title}", x.partner, x.via or "never reached", fmt_dur(x.seconds))
                   for x in tk.reach], widths=[6, 2, 3, 3])
        table(doc, ["At", "From", "To", "Marking", "Message"],
              [(fmt_clock(m.clock), m.sender, ", ".join(m.to), m.marking,
                m.text + (f" (passes on {m.inject})" if m.inject else "")) for m in tk.messages],
              widths=[1.5, 1.3, 2.2, 2.8, 9])
    if tk.log:
        doc.add_heading("Control's log", level=3)
        table(doc, ["At", "Who", "What was said"],
              [(fmt_clock(e.clock), e.speaker or e.cell or "—", e.text) for e in tk.log], widths=[1.5, 4, 11])


def _participants(doc: Any, r: Report) -> None:
    """Every cell with its kind and sub-roles."""
    ov, extract = r.overview, r.cell is not None
    table(doc, ["Cell", "Name", "Role", "Sub-roles"], [(c.id, c.name, CELL_KINDS.get(c.kind, c.kind), ", ".join(c.roles) or "—") for c in r.cells], widths=[2, 6, 4, 5])


def _feedback(doc: Any, r: Report) -> None:
    """The returned participant feedback forms: ratings counted, answers listed."""
    fb = r.feedback
    assert fb is not None  # the outline has this section only when forms were given
    by_cell = ", ".join(f"{cell} {n}" for cell, n in fb.by_cell)
    doc.add_paragraph(f"{fb.forms} feedback form{'' if fb.forms == 1 else 's'} returned"
                      + (f": {by_cell}" if by_cell else "") + f". Ratings from 1 ({fb.scale[0].lower()}) to "
                      f"{len(fb.scale)} ({fb.scale[-1].lower()}); the columns 1–{len(fb.scale)} count the forms "
                      "that gave each.")
    numbers = [str(i) for i in range(1, len(fb.scale) + 1)]
    for heading, items in (("The move's information and questions were realistic and useful", fb.moves),
                           ("The exercise", fb.statements)):
        table(doc, [heading, "Answered", "Mean", *numbers],
               [(row.label, row.answered, f"{row.mean:.1f}" if row.mean is not None else "—",
                 *[c or "" for c in row.counts]) for row in items],
               widths=[6.6, 2.2, 1.7, *[1.3] * len(numbers)])
    for q in fb.answers:
        if q.answers:
            doc.add_paragraph().add_run(clean(q.question)).bold = True
            for cell, text in q.answers:
                doc.add_paragraph(clean(text + (f" — {cell}" if cell else "")), style="List Bullet")


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


_SECTIONS: dict[str, Callable[[Any, Report], None]] = {
    "overview": _overview,
    "capabilities": _capabilities,
    "timeline": _timeline,
    "decisions": _decisions,
    "divergence": _divergence,
    "participation": _participation,
    "talk": _talk,
    "feedback": _feedback,
    "improvement-plan": _improvement_plan,
    "msel": _msel,
    "participants": _participants,
}
