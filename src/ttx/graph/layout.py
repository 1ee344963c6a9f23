"""The branch map's geometry: moves as columns (lanes), injects top to bottom in
the order they fall due, edges routed orthogonally through the gutters between
lanes and along a bus above or below them.

Every label gets its own rectangle inside its box, boxes never touch, and an
edge runs only in gutters and buses, so no line crosses a label and no label
overlaps another (tests/graph holds the computed layout to that). A lane with
many injects shows the ones that take part in a branch and groups each run of
the others into one box, so a 2,000-inject scenario stays readable.
Pure geometry: the SVG and the Mermaid text are drawn elsewhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Sequence

from ttx.scenario.branches import BranchMap, Edge, condition_text
from ttx.scenario.model import Inject, Move

if TYPE_CHECKING:
    from ttx.engine.coverage import Coverage

# Sizes in SVG user units (px at 100%).
FONT = 11.0
LINE = 14.0
PAD = 6.0
BOX_W = 250.0
GAP = 10.0            # between boxes in a lane
TRACK = 6.0           # between parallel edge tracks
MIN_GUTTER = 28.0
MARGIN = 12.0
HEAD_GAP = 10.0       # between a lane's header and its first box
GROUP_AT = 40         # a lane with more injects than this groups the ones outside branches
MAX_TITLE_LINES = 3
MAX_OPTION_LINES = 2
MAX_WHEN_LINES = 3

Kind = Literal["inject", "group"]


@dataclass(frozen=True)
class Label:
    x: float
    y: float           # top of the line box; the baseline is y + FONT
    w: float
    h: float
    text: str
    role: str          # head | title | when | option | badge | group | lane | lane-meta


@dataclass
class Box:
    lane: int
    x: float
    y: float
    w: float
    h: float
    kind: Kind
    inject: str | None                       # None for a group
    members: tuple[str, ...]                 # the injects a group stands for (one for an inject)
    labels: list[Label] = field(default_factory=list)
    ports: dict[str, float] = field(default_factory=dict)   # option id -> y of its row's middle
    classes: tuple[str, ...] = ()            # contingency, decision, conditional, never-reached ...
    released_by: tuple[int, ...] = ()        # rehearsal runs that released it
    tooltip: str = ""


@dataclass(frozen=True)
class Route:
    edge: Edge
    points: tuple[tuple[float, float], ...]  # orthogonal polyline, source port to target entry
    runs: tuple[int, ...]                    # rehearsal runs that exercised it


@dataclass(frozen=True)
class Lane:
    move: Move
    x: float
    labels: tuple[Label, ...]
    shown: int
    grouped: int


@dataclass
class Layout:
    width: float
    height: float
    lanes: list[Lane]
    boxes: list[Box]
    routes: list[Route]


# ---------------------------------------------------------------------------
# Text


# Advance widths in em of DejaVu Sans (the widest common sans-serif; Arial and Segoe UI are
# narrower), rounded up, so text wrapped to these stays inside its box where it renders.
_EM = {ch: w for w, chars in (
    (0.28, "ijl'|"), (0.30, "I"), (0.34, " .,:;`·/"), (0.40, "f()[]{}tr!-"), (0.47, '"*'),
    (0.52, "–?"), (0.56, "csz"), (0.60, "kvxyJ"), (0.64, "abdeghnopqu0123456789$_"),
    (0.70, "ABCEFKLPRSTVXYZ&"), (0.79, "DGHNOQU"), (0.84, "+=<>~#^"), (0.88, "Mw"),
    (1.0, "mW%@—…"),
) for ch in chars}
BOLD = 1.13     # DejaVu Sans Bold against Book
BOLD_ROLES = frozenset({"title", "lane", "badge"})


def char_width(ch: str) -> float:
    if ch in _EM:
        return FONT * _EM[ch]
    if unicodedata.east_asian_width(ch) in "WF":
        return FONT * 1.05
    return FONT * 0.8


def text_width(text: str, bold: bool = False) -> float:
    return sum(char_width(c) for c in text) * (BOLD if bold else 1.0)


def wrap(text: str, width: float, max_lines: int, bold: bool = False) -> list[str]:
    """Lines of at most `width` (estimated), breaking at spaces, inside a word only when it
    is longer than a line; past `max_lines` the last line ends in an ellipsis."""
    def fits(line: str) -> bool:
        return text_width(line, bold) <= width

    words = " ".join(text.split()).split(" ") if text.strip() else [""]
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        while not fits(word):  # a word too long for a line is cut
            cut = 1
            while cut < len(word) and fits(word[: cut + 1]):
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last + "…"):
            last = last[:-1]
        lines = lines[: max_lines - 1] + [last.rstrip() + "…"]
    return lines


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def lane_items(branches: BranchMap, move: Move) -> list[list[Inject]]:
    """A lane's injects in due order, one item each; in a lane of more than GROUP_AT, each
    run of injects that take no part in a branch is one item."""
    schedule = move.schedule
    if len(schedule) <= GROUP_AT:
        return [[i] for i in schedule]
    involved = branches.involved
    items: list[list[Inject]] = []
    for inject in schedule:
        if inject.id in involved or not items or items[-1][0].id in involved:
            items.append([inject])
        else:
            items[-1].append(inject)
    return items


# ---------------------------------------------------------------------------
# Boxes of one lane, in lane-local coordinates (x from the lane's left, y from its first box)


class _Builder:
    def __init__(self, branches: BranchMap, coverage: Coverage | None) -> None:
        self.branches = branches
        self.coverage = coverage
        self.inner = BOX_W - 2 * PAD
        self.dead_ends = {i.id for i in branches.dead_ends}
        self.never_reached = set(coverage.never_reached) if coverage else set()
        self.never_skipped = set(coverage.never_skipped) if coverage else set()
        self.unreleased = set(coverage.unreleased_contingencies) if coverage else set()
        self.untaken = set(coverage.untaken_options) if coverage else set()

    def lane_boxes(self, lane: int, move: Move) -> tuple[list[Box], int]:
        boxes = []
        y = 0.0
        grouped = 0
        for members in lane_items(self.branches, move):
            if len(members) == 1:
                box = self.inject_box(lane, members[0], y)
            else:
                box = self.group_box(lane, members, y)
                grouped += len(members)
            boxes.append(box)
            y += box.h + GAP
        return boxes, grouped

    def _lines(self, box: Box, y: float, text: str, role: str, max_lines: int, indent: float = 0.0) -> float:
        bold = role in BOLD_ROLES
        for line in wrap(text, self.inner - indent, max_lines, bold):
            box.labels.append(Label(PAD + indent, y, text_width(line, bold), LINE, line, role))
            y += LINE
        return y

    def inject_box(self, lane: int, inject: Inject, top: float) -> Box:
        cov = self.coverage
        classes = []
        badges = []
        if inject.contingency:
            classes.append("contingency")
            badges.append("CONTINGENCY")
        if inject.when is not None:
            classes.append("conditional")
        if inject.decision is not None and inject.decision.options:
            classes.append("decision")
            if inject.id in self.dead_ends:
                classes.append("dead-end")
                badges.append("LEADS NOWHERE")
        released_by: tuple[int, ...] = ()
        if cov is not None:
            released_by = cov.released_by(inject.id)
            if inject.id in self.never_reached:
                classes.append("never-reached")
                badges.append("NO SCRIPT REACHES IT")
            elif inject.id in self.never_skipped:
                badges.append("EVERY SCRIPT PLAYS IT")
            if inject.contingency and inject.id in self.unreleased:
                classes.append("never-reached")
                badges.append("NO SCRIPT RELEASES IT")
        box = Box(lane, 0.0, top, BOX_W, 0.0, "inject", inject.id, (inject.id,), classes=tuple(classes),
                  released_by=released_by, tooltip=inject.title)
        y = PAD
        head = f"{inject.id} · +{_clock(inject.at)} · {inject.channel}"
        if inject.objectives:
            head += " · " + " ".join(inject.objectives)
        y = self._lines(box, y, head, "head", 2)
        y = self._lines(box, y, inject.title, "title", MAX_TITLE_LINES)
        if inject.when is not None:
            y = self._lines(box, y, "when " + condition_text(inject.when), "when", MAX_WHEN_LINES)
        if badges:
            y = self._lines(box, y, " · ".join(badges), "badge", 2)
        if inject.decision is not None and inject.decision.options:
            for option in inject.decision.options:
                mark = "○ " if (inject.id, option.id) in self.untaken else "● " if cov is not None else "▸ "
                first = y
                y = self._lines(box, y, f"{mark}{option.id}: {option.text}", "option", MAX_OPTION_LINES)
                box.ports[option.id] = (first + y) / 2
        box.h = y + PAD
        return box

    def group_box(self, lane: int, members: Sequence[Inject], top: float) -> Box:
        ids = tuple(i.id for i in members)
        box = Box(lane, 0.0, top, BOX_W, 0.0, "group", None, ids, classes=("group",),
                  tooltip=", ".join(ids))
        y = self._lines(box, PAD, f"{len(members)} injects, no branch: {ids[0]} … {ids[-1]}", "group", 2)
        y = self._lines(box, y, f"at +{_clock(members[0].at)} to +{_clock(members[-1].at)}", "group", 1)
        box.h = y + PAD
        return box

    def lane_header(self, move: Move) -> list[Label]:
        labels = []
        y = 0.0
        for line in wrap(f"{move.id} · {move.label}", BOX_W, 3, bold=True):
            labels.append(Label(0.0, y, text_width(line, True), LINE, line, "lane"))
            y += LINE
        meta = []
        if move.planned_minutes is not None:
            meta.append(f"{move.planned_minutes} min")
        if move.situation_time is not None:
            meta.append(f"in-world {move.situation_time:%Y-%m-%d %H:%M}")
        meta.append(f"{len(move.injects)} injects")
        for line in wrap(" · ".join(meta), BOX_W, 2):
            labels.append(Label(0.0, y, text_width(line), LINE, line, "lane-meta"))
            y += LINE
        return labels


# ---------------------------------------------------------------------------
# Tracks: intervals that must not share a track get different ones (greedy colouring)


def _tracks(intervals: list[tuple[float, float]]) -> tuple[list[int], int]:
    order = sorted(range(len(intervals)), key=lambda k: intervals[k])
    ends: list[float] = []   # per track, the end of its last interval
    out = [0] * len(intervals)
    for k in order:
        lo, hi = intervals[k]
        for t, end in enumerate(ends):
            if end < lo:
                ends[t] = hi
                out[k] = t
                break
        else:
            ends.append(hi)
            out[k] = len(ends) - 1
    return out, len(ends)


def layout(branches: BranchMap, coverage: Coverage | None = None) -> Layout:
    """Place every lane, box and edge of `branches` (with rehearsal `coverage`, if given)."""
    scenario = branches.scenario
    builder = _Builder(branches, coverage)
    moves = scenario.moves
    lane_boxes: list[list[Box]] = []
    grouped: list[int] = []
    headers = [builder.lane_header(m) for m in moves]
    for k, move in enumerate(moves):
        boxes, n = builder.lane_boxes(k, move)
        lane_boxes.append(boxes)
        grouped.append(n)
    head_h = max((lab.y + lab.h for labels in headers for lab in labels), default=0.0) + HEAD_GAP
    where = {m: box for boxes in lane_boxes for box in boxes for m in box.members}
    lane_h = max((bx[-1].y + bx[-1].h for bx in lane_boxes if bx), default=0.0)

    # Each edge: leaves its decision's box on the right (gutter lane+1), enters its target's
    # box on the left (gutter lane); between two gutters it runs along a bus.
    incoming: dict[str, list[Edge]] = {}
    for edge in branches.edges:
        incoming.setdefault(edge.target, []).append(edge)
    plans = []
    for edge in branches.edges:
        src, dst = where[edge.decision], where[edge.target]
        y1 = src.y + src.ports.get(edge.option, src.h / 2)
        ins = incoming[edge.target]
        y2 = dst.y + dst.h * (ins.index(edge) + 1) / (len(ins) + 1)
        g1, g2 = src.lane + 1, dst.lane
        bus = None if g1 == g2 else ("top" if (y1 + y2) / 2 < lane_h / 2 else "bottom")
        plans.append((edge, src, dst, y1, y2, g1, g2, bus))

    # Vertical segments per gutter, in lane-local y (bus ends sit past the lane's ends).
    top_end, bottom_end = -1.0, lane_h + 1.0
    vertical: dict[int, list[tuple[float, float]]] = {}
    seg_ids: list[list[tuple[int, int]]] = []   # per plan, (gutter, index in vertical[gutter])
    bus_iv: dict[str, list[tuple[float, float]]] = {"top": [], "bottom": []}
    bus_ids: list[int | None] = []
    for edge, src, dst, y1, y2, g1, g2, bus in plans:
        ids = []
        if bus is None:
            ids.append((g1, _add(vertical, g1, (min(y1, y2), max(y1, y2)))))
            bus_ids.append(None)
        else:
            end = top_end if bus == "top" else bottom_end
            ids.append((g1, _add(vertical, g1, (min(y1, end), max(y1, end)))))
            ids.append((g2, _add(vertical, g2, (min(y2, end), max(y2, end)))))
            bus_ids.append(len(bus_iv[bus]))
            bus_iv[bus].append((min(g1, g2), max(g1, g2)))
        seg_ids.append(ids)
    gutter_track: dict[int, list[int]] = {}
    gutter_w: dict[int, float] = {}
    for g in range(len(moves) + 1):
        tracks, n = _tracks(vertical.get(g, []))
        gutter_track[g] = tracks
        gutter_w[g] = max(MIN_GUTTER, (n + 1) * TRACK)
    bus_track: dict[str, list[int]] = {}
    bus_h: dict[str, float] = {}
    for name, intervals in bus_iv.items():
        tracks, n = _tracks(intervals)
        bus_track[name] = tracks
        bus_h[name] = (n + 1) * TRACK if n else 0.0

    # Absolute positions.
    gutter_x: dict[int, float] = {}
    lane_x: list[float] = []
    x = MARGIN
    for g in range(len(moves) + 1):
        gutter_x[g] = x
        x += gutter_w[g]
        if g < len(moves):
            lane_x.append(x)
            x += BOX_W
    width = x + MARGIN
    top = MARGIN + bus_h["top"]
    y0 = top + head_h
    height = y0 + lane_h + bus_h["bottom"] + MARGIN

    lanes = []
    for k, move in enumerate(moves):
        labels = tuple(Label(lane_x[k] + lab.x, top + lab.y, lab.w, lab.h, lab.text, lab.role) for lab in headers[k])
        shown = sum(1 for b in lane_boxes[k] if b.kind == "inject")
        lanes.append(Lane(move, lane_x[k], labels, shown, grouped[k]))
    boxes = []
    for k, bx in enumerate(lane_boxes):
        for box in bx:
            box.x = lane_x[k]
            box.labels = [Label(box.x + lab.x, y0 + box.y + lab.y, lab.w, lab.h, lab.text, lab.role)
                          for lab in box.labels]
            box.ports = {o: y0 + box.y + py for o, py in box.ports.items()}
            box.y += y0
            boxes.append(box)

    def track_x(g: int, index: int) -> float:
        return gutter_x[g] + (gutter_track[g][index] + 1) * TRACK

    def bus_y(name: str, index: int) -> float:
        t = bus_track[name][index] + 1
        return MARGIN + bus_h["top"] - t * TRACK if name == "top" else y0 + lane_h + t * TRACK

    routes = []
    for (edge, src, dst, y1, y2, g1, g2, bus), ids, bid in zip(plans, seg_ids, bus_ids):
        start = (src.x + src.w, y0 + y1)
        end = (dst.x, y0 + y2)
        xa = track_x(*ids[0])
        if bus is None:
            points = (start, (xa, start[1]), (xa, end[1]), end)
        else:
            assert bid is not None
            xb, yb = track_x(*ids[1]), bus_y(bus, bid)
            points = (start, (xa, start[1]), (xa, yb), (xb, yb), (xb, end[1]), end)
        runs = coverage.runs_of(edge) if coverage is not None else ()
        routes.append(Route(edge, points, runs))
    return Layout(width, height, lanes, boxes, routes)


def _add(table: dict[int, list[tuple[float, float]]], key: int, interval: tuple[float, float]) -> int:
    pad = TRACK / 2  # two segments that end close together still get separate tracks
    table.setdefault(key, []).append((interval[0] - pad, interval[1] + pad))
    return len(table[key]) - 1
