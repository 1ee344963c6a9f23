"""Render a `Report` as HTML, Markdown, DOCX or JSON.

HTML and Markdown come from Jinja2 templates: `report.html.j2` and
`report.md.j2` (the HTML one includes `chart.svg.j2`, the timeline). They
are looked up by file name, first in the user's directories (`--templates
DIR`, then the workspace's `templates/`), then in the built-in
`templates/`, so a user overrides a built-in by giving a file the same name.
Every template renders in Jinja2's immutable sandbox, with autoescape on for
`*.html.j2`/`*.svg.j2`: a template reaches only the report data and the
filters below, never Python internals.

Template context: `report` (ttx.report.analysis.Report), `banner`, `final`
(bool), `draft` (bool), `chart` (timeline geometry, see `Chart`), `generated`
(datetime), `ratings` (P/S/M/U legend). Filters: `clock`, `dur`, `delay`,
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

from ttx.report.analysis import RATING_TEXT, Report, ReportError, to_json

FORMATS = ("html", "md", "docx", "json")
TEMPLATE_NAMES = {"html": "report.html.j2", "md": "report.md.j2"}


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


def md_text(text: Any) -> str:
    """Escape a user string for Markdown output: HTML-special characters become
    entities, so a Markdown viewer renders no user markup."""
    return "" if text is None else str(escape(str(text)))


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
    x0: float = 0.0  # decisions: x of the release (latency line)


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


def build_chart(report: Report, width: int = 1000) -> Chart:
    """The timeline as geometry: one row per player cell (and one for injects
    that were held, skipped or not triggered), move bands across exercise
    time, a dot per inject received, a diamond per decision joined to its
    release by a line (red when over the time limit), pauses as dashed lines."""
    left, right, top, row_h = 120, 16, 34, 30
    cells = [c for c in report.cells if c.kind == "player"]
    if report.cell:
        cells = [c for c in cells if c.id == report.cell]
    control = report.cell is None
    row_ids = [c.id for c in cells] + (["~control"] if control else [])
    rows = tuple(
        Row(top + row_h * i + row_h / 2, label, rid)
        for i, (rid, label) in enumerate(zip(row_ids, [c.id for c in cells] + ["Not released"]))
    )
    row_y = {r.id: r.y for r in rows}
    plot_h = row_h * len(rows)
    height = int(top + plot_h + 26)
    span = max(report.overview.duration, 60.0)
    for m in report.overview.moves:
        if m.end_clock:
            span = max(span, m.end_clock)
    scale = (width - left - right) / span

    def x(clock: float) -> float:
        return round(left + clock * scale, 1)

    bands = []
    for i, m in enumerate(mv for mv in report.overview.moves if mv.start_clock is not None):
        end = m.end_clock if m.end_clock is not None else span
        bands.append(Band(x(m.start_clock), max(round((end - m.start_clock) * scale, 1), 1.0), m.label, m.id, i % 2 == 0))

    marks: list[Mark] = []
    for t in report.timeline:
        if t.actual_clock is not None:
            for c in t.to:
                if c in row_y:
                    marks.append(Mark(x(t.actual_clock), row_y[c], "release", f"{t.inject} {t.title} — released {fmt_clock(t.actual_clock)} to {c}"))
        elif control and t.planned_clock is not None and t.status in ("held", "skipped", "not_triggered"):
            marks.append(Mark(x(t.planned_clock), row_y["~control"], t.status, f"{t.inject} {t.title} — {fmt_status(t.status)} (planned {fmt_clock(t.planned_clock)})"))
    for d in report.decisions:
        if d.decided and d.cell in row_y and d.clock is not None:
            label = d.option_text or d.option or "decided"
            marks.append(
                Mark(
                    x(d.clock),
                    row_y[d.cell],
                    "late" if d.over_limit else "decision",
                    f"{d.inject} {d.cell}: {label} — after {fmt_dur(d.latency)}" + (" (over time limit)" if d.over_limit else ""),
                    x(d.released_clock) if d.released_clock is not None else x(d.clock),
                )
            )
    pauses = tuple(
        Mark(x(p.clock), top, "pause", f"Clock paused at {fmt_clock(p.clock)}" + (f" for {fmt_dur(p.seconds)}" if p.seconds else ""))
        for p in report.pauses
    )
    step = _tick_step(span)
    ticks = tuple(Tick(x(s), fmt_clock(s)[:-3]) for s in range(0, int(span) + 1, step))
    return Chart(width, height, left, top, plot_h, tuple(bands), rows, tuple(marks), pauses, ticks, not marks)


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
        "ratings": RATING_TEXT,
    }


def render_template(report: Report, fmt: str, dirs: Sequence[Path], *, final: bool) -> str:
    name = TEMPLATE_NAMES[fmt]
    env = environment(dirs)
    try:
        template = env.get_template(name)
        return template.render(context(report, final=final))
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
