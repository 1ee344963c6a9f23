"""The branch map's layout: no label overlaps another or leaves its box, no box touches
another, and no edge runs through a box or a lane header, for any scenario (hypothesis) and
for a generated 2,000-inject one, whose lanes are grouped."""

from __future__ import annotations

from typing import Iterable

from tests.graph.graph_scenarios import generated
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttx.graph.layout import BOX_W, GROUP_AT, PAD, Layout, layout, slices, text_width, wrap
from ttx.scenario.branches import BranchMap
from ttx.scenario.model import Scenario

Rect = tuple[float, float, float, float]   # x, y, w, h


def overlapping(rects: Iterable[Rect]) -> list[tuple[Rect, Rect]]:
    """Pairs of rectangles whose interiors intersect (sweep over x)."""
    ordered = sorted(rects)
    out = []
    for k, a in enumerate(ordered):
        for b in ordered[k + 1:]:
            if b[0] >= a[0] + a[2]:
                break
            if b[1] < a[1] + a[3] and a[1] < b[1] + b[3]:
                out.append((a, b))
    return out


def crosses(p: tuple[float, float], q: tuple[float, float], r: Rect) -> bool:
    """Whether the axis-parallel segment p-q passes through the interior of r."""
    x, y, w, h = r
    (x1, y1), (x2, y2) = p, q
    lo_x, hi_x, lo_y, hi_y = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    return lo_x < x + w and hi_x > x and lo_y < y + h and hi_y > y


def check(lay: Layout, scenario: Scenario) -> None:
    boxes = [(b.x, b.y, b.w, b.h) for b in lay.boxes]
    assert not overlapping(boxes), "boxes overlap"
    labels = [(lab.x, lab.y, lab.w, lab.h) for b in lay.boxes for lab in b.labels]
    headers = [(lab.x, lab.y, lab.w, lab.h) for lane in lay.lanes for lab in lane.labels]
    assert not overlapping(labels + headers), "labels overlap"
    for box in lay.boxes:
        for lab in box.labels:
            assert box.x + PAD - 0.01 <= lab.x and lab.x + lab.w <= box.x + box.w - PAD + 0.01, lab
            assert box.y <= lab.y and lab.y + lab.h <= box.y + box.h, lab
    for lane in lay.lanes:
        for lab in lane.labels:
            assert lane.x <= lab.x and lab.x + lab.w <= lane.x + BOX_W + 0.01, lab
    # every inject in exactly one box; injects in a branch always in a box of their own
    members = [m for b in lay.boxes for m in b.members]
    assert sorted(members) == sorted(scenario.inject_by_id)
    involved = BranchMap(scenario).involved
    for box in lay.boxes:
        if box.kind == "group":
            assert len(box.members) > 1 and not involved & set(box.members)
    by_inject = {b.inject: b for b in lay.boxes if b.inject}
    for route in lay.routes:
        points = route.points
        src, dst = by_inject[route.edge.decision], by_inject[route.edge.target]
        assert points[0] == (src.x + src.w, src.ports[route.edge.option])
        assert points[-1][0] in (dst.x, dst.x + dst.w) and dst.y < points[-1][1] < dst.y + dst.h
        for p, q in zip(points, points[1:]):
            assert p[0] == q[0] or p[1] == q[1], "segments are horizontal or vertical"
            for rect in boxes + headers:
                assert not crosses(p, q, rect), f"{route.edge.text()} runs through {rect}"
        assert 0 <= min(x for x, _ in points) and max(x for x, _ in points) <= lay.width
        assert 0 <= min(y for _, y in points) and max(y for _, y in points) <= lay.height


words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
titles = st.lists(words, min_size=1, max_size=12).map(" ".join)


@st.composite
def scenarios(draw) -> Scenario:
    moves = []
    decisions: list[tuple[str, list[str]]] = []
    for m in range(draw(st.integers(1, 4))):
        injects = []
        n = draw(st.sampled_from([0, 1, 3, 8, GROUP_AT + 5]))
        for k in range(n):
            iid = f"M{m}-{k}"
            inject = {"id": iid, "at": draw(st.integers(0, 200)), "title": draw(titles)}
            kind = draw(st.sampled_from(["plain", "plain", "decision", "when", "contingency"]))
            if kind == "decision":
                options = [f"o{j}" for j in range(draw(st.integers(1, 4)))]
                inject["decision"] = {"prompt": "?", "options": [{"id": o, "text": draw(titles)} for o in options]}
                decisions.append((iid, options))
            elif kind == "when" and decisions:
                leaves = [{"decision": d, "chose": [draw(st.sampled_from(opts))]}
                          for d, opts in draw(st.lists(st.sampled_from(decisions), min_size=1, max_size=3))]
                cond = leaves[0] if len(leaves) == 1 else {draw(st.sampled_from(["all", "any"])): leaves}
                inject["when"] = {"not": cond} if draw(st.booleans()) else cond
            elif kind == "contingency":
                inject["contingency"] = True
            injects.append(inject)
        moves.append({"id": f"M{m}", "title": draw(titles), "injects": injects})
    return Scenario.model_validate({"ttx": 1, "id": "prop", "title": "t", "cells": [{"id": "USA"}],
                                    "moves": moves})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(scenarios())
def test_no_label_overlaps_and_no_edge_crosses_a_box(scenario):
    check(layout(BranchMap(scenario)), scenario)


@given(words, st.integers(1, 4))
def test_wrap_keeps_every_line_inside_the_width(text, lines):
    out = wrap(text, 120.0, lines)
    assert 1 <= len(out) <= lines
    assert all(text_width(line) <= 120.0 for line in out)


def test_a_2000_inject_scenario_is_grouped_and_stays_clean():
    scenario = Scenario.model_validate(generated(2000))
    branches = BranchMap(scenario)
    lay = layout(branches)
    check(lay, scenario)
    groups = [b for b in lay.boxes if b.kind == "group"]
    singles = [b for b in lay.boxes if b.kind == "inject" and b.inject not in branches.involved]
    assert groups and sum(len(g.members) for g in groups) + len(singles) == 2000 - len(branches.involved)
    assert len(lay.boxes) < 2000 * 0.6
    assert len(lay.routes) == len(branches.edges) > 200


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(scenarios())
def test_print_tiles_cover_the_map_and_show_every_box_whole(scenario):
    lay = layout(BranchMap(scenario))
    window = slices(lay)
    assert window[0][0] == 0 and window[-1][0] + window[-1][2] >= lay.height - 0.01
    for box in lay.boxes:
        assert any(y <= box.y and box.y + box.h <= y + h for y, _, h in window), box
        assert all(box.x + box.w <= w for _, w, _ in window)
