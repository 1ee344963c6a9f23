"""The branch map's geometry: moves as columns (lanes), injects top to bottom in
the order they fall due, each decision's options as rows whose edges leave on the
right (routed by ttx.graph.routes).

Every label gets its own rectangle inside its box and boxes never touch, so no
label overlaps another (tests/graph holds the computed layout to that). A lane
with many injects shows the ones that take part in a branch and groups each run
of the others into one box, so a 2,000-inject scenario stays readable. Each
option also says in words what it unlocks or blocks, so the map reads without
its lines too. Pure geometry: the SVG and the Mermaid text are drawn elsewhere.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Sequence

from ttx.graph.routes import Router
from ttx.scenario.branches import BranchMap, Edge, condition_text
from ttx.scenario.model import Inject, Move
from ttx.scenario.times import offset

if TYPE_CHECKING:
    from ttx.engine.coverage import Coverage

# Sizes in SVG user units (px at 100%).
FONT = 11.0
LINE = 14.0
PAD = 6.0
BOX_W = 250.0
GAP = 10.0            # between boxes in a lane
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
    runs: tuple[int, ...] = ()   # an option's line: the rehearsal runs that chose that option


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
    port_top: float = 0.0                    # box-relative y where the option rows begin (h if none)
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
    undrawn: tuple[Edge, ...] = ()           # bus edges left out of a crowded map (named in text only)


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


def _effects(edges: Sequence[Edge]) -> str:
    """`unlocks M2-03 (USA, JPN), M2-04; blocks M2-05`: what choosing an option does, in words
    (a cell in brackets: only that cell's choice counts)."""
    parts = []
    for polarity in ("unlocks", "blocks"):
        cells: dict[str, list[str] | None] = {}
        for e in edges:
            if e.polarity == polarity:
                known = cells.setdefault(e.target, [])
                if e.cell is None or known is None:
                    cells[e.target] = None
                else:
                    known.append(e.cell)
        if cells:
            parts.append(polarity + " " + ", ".join(
                f"{t} ({', '.join(c)})" if c else t for t, c in cells.items()))
    return "; ".join(parts)


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

    def _lines(self, box: Box, y: float, text: str, role: str, max_lines: int, indent: float = 0.0,
               runs: tuple[int, ...] = ()) -> float:
        bold = role in BOLD_ROLES
        for line in wrap(text, self.inner - indent, max_lines, bold):
            box.labels.append(Label(PAD + indent, y, text_width(line, bold), LINE, line, role, runs))
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
            elif inject.decision.discussion_only and not self.branches.edges_from(inject.id):
                badges.append("DISCUSSION ONLY")
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
        head = f"{inject.id} · {offset(inject.at)} · {inject.channel}"
        if inject.objectives:
            head += " · " + " ".join(inject.objectives)
        y = self._lines(box, y, head, "head", 2)
        y = self._lines(box, y, inject.title, "title", MAX_TITLE_LINES)
        if inject.when is not None:
            y = self._lines(box, y, "when " + condition_text(inject.when), "when", MAX_WHEN_LINES)
        if badges:
            y = self._lines(box, y, " · ".join(badges), "badge", 2)
        if inject.trigger:
            y = self._lines(box, y, "trigger: " + inject.trigger, "when", MAX_WHEN_LINES)
        box.port_top = y
        if inject.decision is not None and inject.decision.options:
            for option in inject.decision.options:
                mark = "○ " if (inject.id, option.id) in self.untaken else "● " if cov is not None else "▸ "
                first = y
                chose = tuple(k for k, run in enumerate(cov.runs) if (inject.id, option.id) in run.chosen) \
                    if cov is not None else ()
                y = self._lines(box, y, f"{mark}{option.id}: {option.text}", "option", MAX_OPTION_LINES, runs=chose)
                effects = _effects(self.branches.edges_from(inject.id, option.id))
                if effects:
                    y = self._lines(box, y, "→ " + effects, "effect", 3, indent=12.0, runs=chose)
                box.ports[option.id] = (first + y) / 2
        box.h = y + PAD
        if box.port_top == y:
            box.port_top = box.h
        return box

    def group_box(self, lane: int, members: Sequence[Inject], top: float) -> Box:
        ids = tuple(i.id for i in members)
        box = Box(lane, 0.0, top, BOX_W, 0.0, "group", None, ids, classes=("group",),
                  tooltip=", ".join(ids))
        y = self._lines(box, PAD, f"{len(members)} injects, no branch: {ids[0]} … {ids[-1]}", "group", 2)
        y = self._lines(box, y, f"at {offset(members[0].at)} to {offset(members[-1].at)}", "group", 1)
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


def layout(branches: BranchMap, coverage: Coverage | None = None) -> Layout:
    """Place every lane, box and edge of `branches` (with rehearsal `coverage`, if given)."""
    scenario = branches.scenario
    builder = _Builder(branches, coverage)
    moves = scenario.moves
    headers = [builder.lane_header(m) for m in moves]
    lane_boxes: list[list[Box]] = []
    grouped: list[int] = []
    for k, move in enumerate(moves):
        boxes, n = builder.lane_boxes(k, move)
        lane_boxes.append(boxes)
        grouped.append(n)
    head_h = max((lab.y + lab.h for labels in headers for lab in labels), default=0.0) + HEAD_GAP
    lane_h = max((bx[-1].y + bx[-1].h for bx in lane_boxes if bx), default=0.0)
    where = {m: box for boxes in lane_boxes for box in boxes for m in box.members}
    router = Router(branches.edges, where, len(moves), lane_h)

    # Absolute positions, now that the gutters' and buses' sizes are known.
    gutter_x: dict[int, float] = {}
    lane_x: list[float] = []
    x = MARGIN
    for g in range(len(moves) + 1):
        gutter_x[g] = x
        x += router.gutter_w[g]
        if g < len(moves):
            lane_x.append(x)
            x += BOX_W
    top = MARGIN + router.bus_h["top"]
    y0 = top + head_h
    lanes = []
    for k, move in enumerate(moves):
        labels = tuple(_moved(lab, lane_x[k], top) for lab in headers[k])
        lanes.append(Lane(move, lane_x[k], labels, sum(b.kind == "inject" for b in lane_boxes[k]), grouped[k]))
    boxes = []
    for k, bx in enumerate(lane_boxes):
        for box in bx:
            box.x = lane_x[k]
            box.y += y0
            box.labels = [_moved(lab, box.x, box.y) for lab in box.labels]
            box.ports = {o: box.y + py for o, py in box.ports.items()}
            boxes.append(box)
    routes = [Route(p.edge, router.points(p, lane_x, gutter_x, y0, top),
                    coverage.runs_of(p.edge) if coverage is not None else ())
              for p in router.plans]
    return Layout(x + MARGIN, y0 + lane_h + router.bus_h["bottom"] + MARGIN, lanes, boxes, routes, router.undrawn)


# A printed slice is as wide as a landscape A4 or Letter page and this much less tall (A4 less
# its margins, the heading and a note), so the whole map's width fits at a readable size; a
# narrow map is not blown up past TILE_WIDTH's scale.
PAGE_ASPECT = 2.0
TILE_WIDTH = 900.0


def slices(lay: Layout) -> list[tuple[float, float, float]]:
    """(y, width, height) windows that tile the map for printing, each overlapping the next by
    the tallest box, so every box is whole on at least one page."""
    tall = max((b.h for b in lay.boxes), default=0.0) + 2 * GAP
    w = max(lay.width, TILE_WIDTH)
    h = max(w / PAGE_ASPECT, 2 * tall)   # a very tall box makes a taller tile (printed smaller)
    if lay.height <= h:
        return [(0.0, w, max(lay.height, 1.0))]
    # as few windows as keep each step within `h - tall`, spread evenly from top to bottom
    n = 1 + math.ceil((lay.height - h) / (h - tall))
    return [(k * (lay.height - h) / (n - 1), w, h) for k in range(n)]


def _moved(label: Label, dx: float, dy: float) -> Label:
    return Label(label.x + dx, label.y + dy, label.w, label.h, label.text, label.role, label.runs)
