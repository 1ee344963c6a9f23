"""Render a `Report` as HTML, Markdown, DOCX or JSON.

HTML and Markdown come from Jinja2 templates: `report.html.j2` and
`report.md.j2` (the HTML one includes `chart.svg.j2`, the timeline). They
are looked up by file name, first in the user's directories (`--templates
DIR`, then the workspace's `templates/`), then in the built-in
`templates/`, so a user overrides a built-in by giving a file the same name.
Every template renders in Jinja2's immutable sandbox, with autoescape on for
`*.html.j2`/`*.svg.j2`: a template reaches only the report data and the
filters below, never Python internals.

The participant feedback form renders the same way from `feedback.html.j2` and
`feedback.md.j2`, with context `form` (ttx.report.feedback.FeedbackForm) and `banner`.

Report template context: `report` (ttx.report.analysis.Report), `banner`, `final`
(bool), `draft` (bool), `chart` (timeline geometry, see `Chart`), `generated`
(datetime), and ttx.scenario.vocabulary's words: `ratings` (P/S/M/U legend), `kinds`
(finding kind -> label, heading), `sources` (note | hotwash -> tag), `cell_kinds`,
`plan_fields` and `afi_fields` (the hot-wash fields the improvement plan and an
area for improvement show: name, label). Filters: `clock`, `dur`, `delay`,
`dt`, `md` (scenario markdown to safe HTML), `mdtext`/`mdcell` (escape for
Markdown output), `status`, `join_ids`.
"""

from __future__ import annotations

import json
import math
import re
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Sequence

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ttx.report.analysis import Report, ReportError, to_json
from ttx.report.feedback import FeedbackForm, blank_sheet
from ttx.scenario import vocabulary

FORMATS = ("html", "md", "docx", "json")
TEMPLATE_NAMES = {"html": "report.html.j2", "md": "report.md.j2"}
FEEDBACK_FORMATS = ("html", "md", "docx", "csv")
FEEDBACK_TEMPLATE_NAMES = {"html": "feedback.html.j2", "md": "feedback.md.j2"}


# ------------------------------------------------------------------- filters


def fmt_clock(seconds: float | None) -> str:
    """Exercise clock: H:MM:SS."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def fmt_dur(seconds: float | None) -> str:
    """A duration: 45s, 4m 10s, 1h 02m."""
    if seconds is None:
        return "—"
    s = int(round(abs(seconds)))
    sign = "-" if seconds < 0 else ""
    if s < 60:
        return f"{sign}{s}s"
    if s < 3600:
        return f"{sign}{s // 60}m {s % 60:02d}s"
    return f"{sign}{s // 3600}h {s % 3600 // 60:02d}m"


def fmt_delay(seconds: float | None) -> str:
    """Actual minus planned: on time, +2m 00s late, -30s early."""
    if seconds is None:
        return "—"
    if abs(seconds) < 1:
        return "on time"
    return ("+" if seconds > 0 else "") + fmt_dur(seconds)


def fmt_dt(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return "—"
    if value.tzinfo is not None and value.utcoffset() == timezone.utc.utcoffset(None):
        return value.strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M:%S UTC")
    return value.strftime("%Y-%m-%d %H:%M %z" if with_date else "%H:%M %z").strip()


STATUS_TEXT = {
    "released": "Released",
    "held": "Held",
    "skipped": "Skipped",
    "not_triggered": "Not triggered",
    "not_released": "Not released",
}


def fmt_status(value: str) -> str:
    return STATUS_TEXT.get(value, value)


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


def _inline(escaped: str) -> str:
    """**bold** and *emphasis* on text that is already escaped."""
    return _EM.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", escaped))


def md_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Scenario markdown as blocks: ("p", [text]) or ("ul"/"ol", [item, ...]).
    As in Markdown, a single line break inside a paragraph is a space, and a
    list item's continuation lines join the item."""
    blocks: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n\s*\n", str(text).strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if _ITEM.match(lines[0]):
            kind = "ol" if re.match(r"^\d+\.", lines[0]) else "ul"
            items: list[str] = []
            for line in lines:
                if _ITEM.match(line):
                    items.append(_ITEM.sub("", line))
                else:
                    items[-1] += " " + line
            blocks.append((kind, items))
        else:
            blocks.append(("p", [" ".join(lines)]))
    return blocks


def md_html(text: str | None) -> Markup:
    """A minimal, safe rendering of scenario markdown: the text is escaped
    FIRST, then paragraphs, lists, **bold** and *emphasis* are added as our
    own tags, so no user markup can survive."""
    if not text:
        return Markup("")
    out: list[str] = []
    for kind, parts in md_blocks(str(text)):
        if kind == "p":
            out.append("<p>" + _inline(str(escape(parts[0]))) + "</p>")
        else:
            out.append(f"<{kind}>" + "".join("<li>" + _inline(str(escape(p))) + "</li>" for p in parts) + f"</{kind}>")
    return Markup("".join(out))


_MD_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "`": "\\`", "[": "\\[", "]": "\\]"}
_MD_SPECIAL = re.compile("[&<>\\\\`\\[\\]]")


def md_text(text: Any) -> str:
    """Escape a user string for Markdown output. `&`, `<` and `>` become
    entities (no raw HTML, no autolinks); backslashes, backticks and square
    brackets are backslash-escaped (no links, images or code spans, so
    nothing in a rationale can make a viewer fetch a URL). What the HTML
    report renders of scenario markdown -- paragraphs, lists, **bold**,
    *emphasis* -- renders here too; quotes stay quotes."""
    return "" if text is None else _MD_SPECIAL.sub(lambda m: _MD_ESCAPE[m.group()], str(text))


def md_cell(text: Any) -> str:
    """A user string inside a Markdown table cell: escaped, pipes escaped, one line."""
    value = md_text(text).replace("|", "\\|")
    value = re.sub(r"\s*\n\s*", " ", value).strip()
    return value or " "


def css_string(text: Any) -> Markup:
    """A user string as a quoted CSS string (for @page margin boxes): every
    character but letters, digits and spaces becomes a CSS hex escape, so
    nothing in it can close the string, the rule or the <style> element."""
    out = "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{out}"')


def join_ids(values: Iterable[Any] | None, sep: str = ", ") -> str:
    return sep.join(str(v) for v in values or ())


# -------------------------------------------------------------------- chart


@dataclass(frozen=True, slots=True)
class Band:
    x: float
    w: float
    label: str
    id: str
    shade: bool


@dataclass(frozen=True, slots=True)
class Row:
    y: float
    label: str
    id: str


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    kind: str  # release | decision | late | held | skipped | not_triggered | pause
    title: str
    x0: float = 0.0  # decisions: x of the release (latency line); x0 == x: no line
    count: int = 1  # points grouped into this mark (closer than GROUP_PX on one row)
    r: float = 4.5  # radius (a group is larger)


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_height: float
    bands: tuple[Band, ...]
    rows: tuple[Row, ...]
    marks: tuple[Mark, ...]
    pauses: tuple[Mark, ...]
    ticks: tuple[Tick, ...]
    empty: bool


Point = tuple[float, str, "float | None"]  # (clock, label, release clock of a decision)

GROUP_PX = 12  # marks of one kind on one row closer than this are drawn as one, sized by count
# Vertical offsets from a cell's line when marks are grouped: injects above,
# decisions on the line, decisions over the time limit below.
LANES = {"release": -12.0, "decision": 0.0, "late": 12.0}


def build_chart(report: Report, width: int = 1000) -> Chart:
    """The timeline as geometry: one row per player cell (and one for injects
    that were held, skipped or not triggered), move bands across exercise
    time, a dot per inject received, a diamond per decision joined to its
    release by a line (red when over the time limit), pauses as dashed lines.

    Marks of one kind on one row closer than GROUP_PX are drawn as one larger
    mark carrying their count (a 10,000-event session would otherwise draw
    thousands of overlapping dots); once any row has such a group, each cell
    row gets three lanes (injects, decisions, decisions over the limit) so
    no group covers another."""
    left, right, top = 120, 16, 34
    cells = [c.id for c in report.cells if c.kind == "player" and (not report.cell or c.id == report.cell)]
    control = report.cell is None
    span = max([report.overview.duration, 60.0] + [m.end_clock for m in report.overview.moves if m.end_clock])
    scale = (width - left - right) / span

    def x(clock: float) -> float:
        return round(left + clock * scale, 1)

    # what to draw, per (row, kind)
    points: dict[tuple[str, str], list[Point]] = {}
    for t in report.timeline:
        if t.actual_clock is not None:
            for c in t.to:
                if c in cells:
                    points.setdefault((c, "release"), []).append((t.actual_clock, t.inject, None))
        elif control and t.planned_clock is not None and t.status in ("held", "skipped", "not_triggered"):
            points.setdefault(("~control", t.status), []).append((t.planned_clock, t.inject, None))
    for d in report.decisions:
        if d.decided and d.cell in cells and d.clock is not None:
            kind = "late" if d.over_limit else "decision"
            points.setdefault((d.cell, kind), []).append((d.clock, f"{d.inject} {d.option_text or d.option or 'decided'}", d.released_clock))
    slots: dict[tuple[str, str, int], list[Point]] = {}
    for (row, kind), pts in points.items():
        for pt in pts:
            slots.setdefault((row, kind, int(pt[0] * scale // GROUP_PX)), []).append(pt)
    dense = any(len(v) > 1 for (row, _, _), v in slots.items() if row != "~control")

    row_h = 44 if dense else 30
    labels = dict(zip(cells, cells)) | ({"~control": "Not released"} if control else {})
    rows = tuple(Row(top + row_h * i + row_h / 2, label, rid) for i, (rid, label) in enumerate(labels.items()))
    row_y = {r.id: r.y for r in rows}
    plot_h = row_h * len(rows)
    titles = {t.inject: t.title for t in report.timeline}
    marks = sorted(
        (_mark(row, kind, pts, row_y[row] + (LANES.get(kind, 0.0) if dense else 0.0), x, titles) for (row, kind, _), pts in slots.items()),
        key=lambda m: (m.x, m.y),
    )

    bands = []
    for i, m in enumerate(mv for mv in report.overview.moves if mv.start_clock is not None):
        end = m.end_clock if m.end_clock is not None else span
        bands.append(Band(x(m.start_clock), max(round((end - m.start_clock) * scale, 1), 1.0), m.label, m.id, i % 2 == 0))
    pauses = tuple(
        Mark(x(p.clock), top, "pause", f"Clock paused at {fmt_clock(p.clock)}" + (f" for {fmt_dur(p.seconds)}" if p.seconds else ""))
        for p in report.pauses
    )
    step = _tick_step(span)
    ticks = tuple(Tick(x(s), fmt_clock(s)[:-3]) for s in range(0, int(span) + 1, step))
    return Chart(width, int(top + plot_h + 26), left, top, plot_h, tuple(bands), rows, tuple(marks), pauses, ticks, not marks)


def _mark(row: str, kind: str, pts: list[Point], y: float, x: Any, titles: dict[str, str]) -> Mark:
    """One point as its own mark (a decision with its latency line), or a
    group as a larger mark with its count and a tooltip naming what it holds."""
    pts.sort()
    if len(pts) == 1:
        clock, label, released = pts[0]
        if kind == "release":
            title = f"{label} {titles.get(label, '')} — released {fmt_clock(clock)} to {row}"
        elif kind in ("decision", "late"):
            after = fmt_dur(clock - released) if released is not None else "—"
            title = f"{row}: {label} — after {after}" + (" (over time limit)" if kind == "late" else "")
        else:
            title = f"{label} {titles.get(label, '')} — {fmt_status(kind)} (planned {fmt_clock(clock)})"
        return Mark(x(clock), y, kind, title, x(released) if released is not None else x(clock))
    n, first, last = len(pts), pts[0][0], pts[-1][0]
    what = {
        "release": f"{n} injects released to {row}",
        "decision": f"{n} decisions by {row}",
        "late": f"{n} decisions by {row} over the time limit",
    }.get(kind, f"{n} injects {fmt_status(kind).lower()}")
    when = fmt_clock(first) if first == last else f"{fmt_clock(first)}–{fmt_clock(last)}"
    ids = ", ".join(p[1].split(" ", 1)[0] for p in pts[:5]) + (f", … (+{n - 5})" if n > 5 else "")
    at = x((first + last) / 2)
    return Mark(at, y, kind, f"{what}, {when}: {ids}", at, n, min(6.0, 3.5 + math.log2(n)))


def _tick_step(span: float) -> int:
    for minutes in (1, 2, 5, 10, 15, 30, 60, 120, 240, 480, 960):
        if span / (minutes * 60) <= 12:
            return minutes * 60
    return int(math.ceil(span / 12 / 3600)) * 3600


# --------------------------------------------------------------- templates


def builtin_templates() -> Path:
    from ttx.workspace import builtin_root

    return builtin_root() / "templates"


def template_dirs(user: Path | None = None, workspace: Path | None = None) -> list[Path]:
    """Where templates are looked up, first match by file name wins."""
    dirs: list[Path] = []
    for d in (user, workspace, builtin_templates()):
        if d is not None and d.is_dir() and d.resolve() not in [x.resolve() for x in dirs]:
            dirs.append(d)
    return dirs


def environment(dirs: Sequence[Path]) -> jinja2.Environment:
    """A Jinja2 environment over `dirs`, cached per directory list (templates
    compile once per process). The built-in templates alone are trusted code
    and render in a plain environment; as soon as a user directory holds any
    template, everything renders in the immutable sandbox (a user template
    may include built-in partials and vice versa)."""
    key = tuple(str(d.resolve()) for d in dirs)
    env = _ENVS.get(key)
    if env is None:
        builtin = str(builtin_templates().resolve())
        trusted = all(d == builtin or not any(Path(d).glob("*.j2")) for d in key)
        env = _ENVS[key] = _make_environment(key, sandboxed=not trusted)
    return env


_ENVS: dict[tuple[str, ...], jinja2.Environment] = {}


def _make_environment(dirs: Sequence[str], *, sandboxed: bool) -> jinja2.Environment:
    cls = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(
        loader=jinja2.FileSystemLoader(list(dirs)),
        autoescape=jinja2.select_autoescape(["html", "htm", "xml", "html.j2", "svg.j2"], default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        clock=fmt_clock,
        dur=fmt_dur,
        delay=fmt_delay,
        dt=fmt_dt,
        md=md_html,
        mdtext=md_text,
        mdcell=md_cell,
        status=fmt_status,
        join_ids=join_ids,
        css_string=css_string,
    )
    return env


def context(report: Report, *, final: bool) -> dict[str, Any]:
    return {
        "report": report,
        "banner": report.banner,
        "final": final,
        "draft": not final,
        "chart": build_chart(report),
        "generated": datetime.now(timezone.utc),
        "ratings": vocabulary.RATINGS,
        "kinds": vocabulary.KIND_BY_NAME,
        "sources": vocabulary.SOURCES,
        "cell_kinds": vocabulary.CELL_KINDS,
        "plan_fields": vocabulary.PLAN_FIELDS,
        "afi_fields": vocabulary.AFI_FIELDS,
    }


def render_template(report: Report, fmt: str, dirs: Sequence[Path], *, final: bool) -> str:
    return _render(TEMPLATE_NAMES[fmt], context(report, final=final), dirs)


def _render(name: str, ctx: dict[str, Any], dirs: Sequence[Path]) -> str:
    """Template `name` over `dirs`; any template failure becomes a ReportError naming file:line."""
    env = environment(dirs)
    try:
        template = env.get_template(name)
        return template.render(ctx)
    except jinja2.TemplateNotFound as exc:
        raise ReportError(f"template {exc.name} not found in {', '.join(map(str, dirs))}") from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise ReportError(f"{where}: template syntax error: {exc.message}") from None
    except jinja2.sandbox.SecurityError as exc:
        raise ReportError(f"{_where(exc, name)}: template refused by the sandbox: {exc}") from None
    except jinja2.UndefinedError as exc:
        raise ReportError(f"{_where(exc, name)}: template error: {exc}") from None
    except Exception as exc:  # anything a user template can provoke (1/0, bad filter args, ...)
        raise ReportError(f"{_where(exc, name)}: template error: {type(exc).__name__}: {exc}") from None


def _where(exc: BaseException, name: str) -> str:
    """file:line of the template frame an error came from (Jinja rewrites
    tracebacks to point into templates)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return name


# ------------------------------------------------------------------ entry


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
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "docx":
        from ttx.report.docx import render_docx

        return render_docx(report, final=final)
    if fmt not in TEMPLATE_NAMES:
        raise ReportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return render_template(report, fmt, template_dirs(templates, workspace_templates), final=final)


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
        from ttx.report.docx import render_feedback_docx

        return render_feedback_docx(form)
    if fmt == "csv":
        return blank_sheet(form)
    if fmt not in FEEDBACK_TEMPLATE_NAMES:
        raise ReportError(f"unknown format {fmt!r} (choose from {', '.join(FEEDBACK_FORMATS)})")
    ctx = {"form": form, "banner": form.banner, "draft": False, "final": True}
    return _render(FEEDBACK_TEMPLATE_NAMES[fmt], ctx, template_dirs(templates, workspace_templates))
