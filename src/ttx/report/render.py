"""Render a `Report` as HTML, Markdown, DOCX or JSON; a `FeedbackForm` as HTML, Markdown, DOCX or CSV.

HTML and Markdown come from Jinja2 templates (`ttx.report.templates` finds
and bounds them): `report.html.j2` (which includes `document.css.j2` and
`chart.svg.j2`, the timeline) and `report.md.j2`; the feedback form from
`feedback.html.j2` and `feedback.md.j2`. DOCX is built in code
(`ttx.report.word`), JSON is the analysis data.

Report template context: `report` (ttx.report.analysis.Report), `banner`, `final`
(bool), `draft` (bool), `outline` (its sections in order, numbered: ttx.report.outline),
`chart` (timeline geometry, see ttx.report.chart),
`generated` (datetime), and ttx.scenario.vocabulary's words: `ratings` (P/S/M/U
legend), `kinds` (finding kind -> label, heading), `sources` (note | hotwash ->
tag), `cell_kinds`, `plan_fields` and `afi_fields` (the hot-wash fields the
improvement plan and an area for improvement show: name, label). Form context: `form`
(ttx.report.feedback.FeedbackForm), `banner`, `outline` (its parts). Filters: `clock`, `dur`, `delay`,
`dt`, `status`, `join_ids` (ttx.report.filters), `md` (scenario Markdown to safe
HTML; `md(4)`: its headings under an h4), `markdown` (scenario Markdown to safe
Markdown), `mdtext`/`mdcell` (a user string for Markdown, on one line).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ttx.report.model import Report, ReportError, to_json
from ttx.report.chart import build_chart
from ttx.report.feedback import FeedbackForm, blank_sheet
from ttx.report.outline import FORM_OUTLINE, report_outline
from ttx.report.templates import render as render_template
from ttx.report.templates import template_dirs
from ttx.scenario import vocabulary
from ttx.scenario.plaintext import json_controls_escaped, printable

FORMATS = ("html", "md", "docx", "json")
TEMPLATE_NAMES = {"html": "report.html.j2", "md": "report.md.j2"}
FEEDBACK_FORMATS = ("html", "md", "docx", "csv")
FEEDBACK_TEMPLATE_NAMES = {"html": "feedback.html.j2", "md": "feedback.md.j2"}


def context(report: Report, *, final: bool) -> dict[str, Any]:
    return {
        "report": report,
        "banner": report.banner,
        "final": final,
        "draft": not final,
        "chart": build_chart(report),
        "outline": report_outline(report),
        "generated": datetime.now(timezone.utc),
        "ratings": vocabulary.RATINGS,
        "kinds": vocabulary.KIND_BY_NAME,
        "sources": vocabulary.SOURCES,
        "cell_kinds": vocabulary.CELL_KINDS,
        "plan_fields": vocabulary.PLAN_FIELDS,
        "afi_fields": vocabulary.AFI_FIELDS,
    }


def render(
    report: Report,
    fmt: str,
    *,
    final: bool = False,
    templates: Path | None = None,
    workspace_templates: Path | None = None,
) -> str | bytes:
    """The report in `fmt` (html | md | docx | json): text, or bytes for DOCX."""
    if fmt == "json":
        data = to_json(report)
        data["final"] = final
        return json_controls_escaped(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if fmt == "docx":
        from ttx.report.word.report import render_docx

        return render_docx(report, final=final)
    if fmt not in TEMPLATE_NAMES:
        raise ReportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    dirs = template_dirs(templates, workspace_templates)
    # no control character, escape sequence or bidi override in a document (issue 14 item 10)
    return printable(render_template(TEMPLATE_NAMES[fmt], context(report, final=final), dirs))


def render_feedback(
    form: FeedbackForm,
    fmt: str,
    *,
    templates: Path | None = None,
    workspace_templates: Path | None = None,
) -> str | bytes:
    """The participant feedback form in `fmt` (html | md | docx), from the same
    template folders as the report (feedback.html.j2, feedback.md.j2); or, for
    csv, the blank sheet its returned copies are typed into."""
    if fmt == "docx":
        from ttx.report.word.form import render_feedback_docx

        return render_feedback_docx(form)
    if fmt == "csv":
        return blank_sheet(form)
    if fmt not in FEEDBACK_TEMPLATE_NAMES:
        raise ReportError(f"unknown format {fmt!r} (choose from {', '.join(FEEDBACK_FORMATS)})")
    ctx = {"form": form, "banner": form.banner, "draft": False, "final": True, "outline": FORM_OUTLINE,
           "lang": form.lang}
    return printable(render_template(FEEDBACK_TEMPLATE_NAMES[fmt], ctx, template_dirs(templates, workspace_templates)))
