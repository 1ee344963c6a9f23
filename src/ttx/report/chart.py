"""The timeline chart of the HTML report as geometry (`build_chart`); `chart.svg.j2` draws it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ttx.report.model import Report
from ttx.report.filters import fmt_clock, fmt_dur, fmt_status

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
    played = [(mv, mv.start_clock) for mv in report.overview.moves if mv.start_clock is not None]
    for i, (m, start) in enumerate(played):
        end = m.end_clock if m.end_clock is not None else span
        bands.append(Band(x(start), max(round((end - start) * scale, 1), 1.0), m.label, m.id, i % 2 == 0))
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
