"""Edge routing for the branch map: orthogonal lines that run only in the gutters
between lanes and along the buses above and below them, never through a box.

An edge leaves its option's row on the right of the decision's box. To the next
lane it runs down the gutter between them and enters the target on the left; to
an inject in the same lane it loops through the gutter on the right and enters
the target's right side; to any other lane it climbs (or drops) to a bus, runs
along it and comes down the gutter left of the target. Parallel segments get
tracks of their own where they would overlap (greedy interval colouring). A map
with more bus edges than BUS_LIMIT draws none of them: their targets and options
still name them in text, and long bus lines across a huge map help no reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ttx.scenario.branches import Edge

TRACK = 6.0           # between parallel edge tracks
MIN_GUTTER = 28.0
BUS_LIMIT = 40

Kind = Literal["next", "loop", "bus"]


@dataclass
class Plan:
    edge: Edge
    kind: Kind
    src_lane: int
    dst_lane: int
    x1: float          # where it leaves (the source box's right edge), lane-local x = 0 at lane left
    y1: float          # lane-local y (0 at the first box)
    y2: float
    enter_right: bool
    bus: str | None = None
    tracks: tuple[tuple[int, int], ...] = ()   # (gutter, index into that gutter's intervals)
    bus_index: int | None = None


def tracks(intervals: list[tuple[float, float]]) -> tuple[list[int], int]:
    """A track for each interval so that no two overlapping intervals share one; and how many."""
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


class Router:
    """Plans in lane-local coordinates first (box heights fix every y), so the gutters' and
    buses' sizes are known before anything gets its absolute place."""

    def __init__(self, edges: tuple[Edge, ...], where: dict, lanes: int, lane_h: float) -> None:
        self.lanes = lanes
        self.lane_h = lane_h
        self.vertical: dict[int, list[tuple[float, float]]] = {}
        self.bus_iv: dict[str, list[tuple[float, float]]] = {"top": [], "bottom": []}
        kinds = {e.key: self._kind(where[e.decision].lane, where[e.target].lane) for e in edges}
        bus_edges = sum(1 for k in kinds.values() if k == "bus")
        self.undrawn = tuple(e for e in edges if kinds[e.key] == "bus" and bus_edges > BUS_LIMIT)
        skipped = {e.key for e in self.undrawn}
        drawn = [e for e in edges if e.key not in skipped]
        entries: dict[tuple[str, bool], list[Edge]] = {}
        for e in drawn:
            entries.setdefault((e.target, kinds[e.key] == "loop"), []).append(e)
        self.plans = []
        for e in drawn:
            src, dst = where[e.decision], where[e.target]
            right = kinds[e.key] == "loop"
            side = entries[(e.target, right)]
            # left entries spread over the box; right ones over its top, clear of the option ports
            span = dst.port_top if right else dst.h
            y2 = dst.y + span * (side.index(e) + 1) / (len(side) + 1)
            self.plans.append(Plan(e, kinds[e.key], src.lane, dst.lane, src.w,
                                   src.y + src.ports[e.option], y2, right))
        for plan in self.plans:
            self._reserve(plan)
        self.gutter_track: dict[int, list[int]] = {}
        self.gutter_w: dict[int, float] = {}
        for g in range(lanes + 1):
            assigned, n = tracks(self.vertical.get(g, []))
            self.gutter_track[g] = assigned
            self.gutter_w[g] = max(MIN_GUTTER, (n + 1) * TRACK)
        self.bus_track: dict[str, list[int]] = {}
        self.bus_h: dict[str, float] = {}
        for name, intervals in self.bus_iv.items():
            assigned, n = tracks(intervals)
            self.bus_track[name] = assigned
            self.bus_h[name] = (n + 1) * TRACK if n else 0.0

    @staticmethod
    def _kind(src: int, dst: int) -> Kind:
        if dst == src + 1:
            return "next"
        return "loop" if dst == src else "bus"

    def _add(self, gutter: int, lo: float, hi: float) -> tuple[int, int]:
        pad = TRACK / 2  # two segments that end close together still get separate tracks
        self.vertical.setdefault(gutter, []).append((min(lo, hi) - pad, max(lo, hi) + pad))
        return (gutter, len(self.vertical[gutter]) - 1)

    def _reserve(self, plan: Plan) -> None:
        out = plan.src_lane + 1
        if plan.kind != "bus":
            plan.tracks = (self._add(out, plan.y1, plan.y2),)
            return
        plan.bus = "top" if (plan.y1 + plan.y2) / 2 < self.lane_h / 2 else "bottom"
        end = -1.0 if plan.bus == "top" else self.lane_h + 1.0
        plan.tracks = (self._add(out, plan.y1, end), self._add(plan.dst_lane, plan.y2, end))
        plan.bus_index = len(self.bus_iv[plan.bus])
        self.bus_iv[plan.bus].append((min(out, plan.dst_lane), max(out, plan.dst_lane)))

    def points(self, plan: Plan, lane_x: list[float], gutter_x: dict[int, float], y0: float,
               top: float) -> tuple[tuple[float, float], ...]:
        """The polyline in absolute coordinates: y0 is the y of the lanes' first boxes, top the
        lower edge of the top bus."""
        def track_x(ref: tuple[int, int]) -> float:
            g, index = ref
            return gutter_x[g] + (self.gutter_track[g][index] + 1) * TRACK

        start = (lane_x[plan.src_lane] + plan.x1, y0 + plan.y1)
        end_x = lane_x[plan.dst_lane] + (plan.x1 if plan.enter_right else 0.0)
        end = (end_x, y0 + plan.y2)
        xa = track_x(plan.tracks[0])
        if plan.kind != "bus":
            return (start, (xa, start[1]), (xa, end[1]), end)
        assert plan.bus is not None and plan.bus_index is not None
        t = self.bus_track[plan.bus][plan.bus_index] + 1
        yb = top - t * TRACK if plan.bus == "top" else y0 + self.lane_h + t * TRACK
        xb = track_x(plan.tracks[1])
        return (start, (xa, start[1]), (xa, yb), (xb, yb), (xb, end[1]), end)
