"""The decisions of a session: every deciding cell of every released decision inject,
where the cells diverged, and how each cell took part."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any, Sequence

from ttx.engine.state import State
from ttx.report.model import Choice, DecisionRow, Divergence, Participation, TimelineEntry
from ttx.scenario.model import Scenario


def decision_rows(scenario: Scenario, state: State, timeline: Sequence[TimelineEntry]) -> list[DecisionRow]:
    """One row per cell asked, per released decision inject: its latest choice (or none)."""
    # earlier choices a cell replaced (the log keeps every one)
    recorded = Counter((d.inject, d.cell) for d in state.decision_log)
    rows: list[DecisionRow] = []
    for entry in timeline:
        inj = state.inject_by_id[entry.inject]  # as run: injects written in play too
        if inj.decision is None or entry.actual_clock is None:
            continue
        # a cell the inject was not released to was never asked
        deciding = tuple(c for c in scenario.deciding_cells(inj) if c in entry.to)
        # a cell that decided though not listed (should not happen) still shows
        taken = state.decisions.get(inj.id, {})
        extra = [c for c in taken if c not in deciding]
        limit = inj.decision.time_limit * 60 if inj.decision.time_limit is not None else None
        options = {o.id: o.text for o in inj.decision.options}
        for c in (*deciding, *extra):
            last = taken.get(c)
            if last is None and state.recalled(inj.id):
                continue  # withdrawn before this cell decided: no longer asked of it
            latency = (last.clock - entry.actual_clock) if last else None
            option = last.option if last else None
            rows.append(
                DecisionRow(
                    inject=inj.id,
                    title=inj.title,
                    move=entry.move,
                    prompt=inj.decision.prompt,
                    cell=c,
                    option=option,
                    option_text=options.get(option) if option is not None else None,
                    rationale=last.rationale if last else "",
                    decided=last is not None,
                    released_clock=entry.actual_clock,
                    clock=last.clock if last else None,
                    wall=last.wall if last else None,
                    latency=latency,
                    time_limit=limit,
                    over_limit=bool(limit is not None and latency is not None and latency > limit),
                    revisions=max(recorded[(inj.id, c)] - 1, 0),
                    shared_with=tuple(sorted(state.shared_with(inj.id, c))),
                    statement=last.statement if last else "",
                )
            )
    return rows


def divergence(decisions: Sequence[DecisionRow]) -> list[Divergence]:
    """Per decision prompt asked of more than one cell (a prompt put to one cell
    cannot split the cells): the choices side by side."""
    out: list[Divergence] = []
    rows_by_inject: dict[str, list[DecisionRow]] = defaultdict(list)
    for row in decisions:
        rows_by_inject[row.inject].append(row)
    for inject_id, rows in rows_by_inject.items():
        if len(rows) < 2:
            continue
        chosen = [r.option for r in rows if r.decided]
        counts: dict[Any, int] = defaultdict(int)
        for o in chosen:
            counts[o] += 1
        # the most common choice (ties: the first chosen) is the reference;
        # a cell "chose differently" when it decided something else.
        top = max(counts, key=lambda o: (counts[o], -chosen.index(o))) if counts else None
        distinct = len(counts)
        undecided = tuple(r.cell for r in rows if not r.decided)
        lat = [r.latency for r in rows if r.latency is not None]
        out.append(
            Divergence(
                inject=inject_id,
                title=rows[0].title,
                prompt=rows[0].prompt,
                choices=tuple(
                    Choice(r.cell, r.option, r.option_text, r.latency, r.decided and distinct > 1 and r.option != top)
                    for r in rows
                ),
                diverged=distinct > 1,
                distinct=distinct,
                undecided=undecided,
                time_to_all=max(lat) if lat and not undecided else None,
                time_limit=rows[0].time_limit,
            )
        )
    return out


def participation(scenario: Scenario, timeline: Sequence[TimelineEntry],
                  decisions: Sequence[DecisionRow]) -> list[Participation]:
    """Per player cell: injects received, decisions asked and taken, latency, limits overrun."""
    received: dict[str, int] = defaultdict(int)
    for entry in timeline:
        if entry.actual_clock is not None:
            for c in entry.to:
                received[c] += 1
    out = []
    for c in scenario.player_cells:
        rows = [r for r in decisions if r.cell == c]
        lat = [r.latency for r in rows if r.latency is not None]
        out.append(
            Participation(
                cell=c,
                name=scenario.cell_by_id[c].label,
                injects_received=received.get(c, 0),
                decisions_asked=len(rows),
                decisions_taken=sum(1 for r in rows if r.decided),
                median_latency=statistics.median(lat) if lat else None,
                over_limit=sum(1 for r in rows if r.over_limit),
            )
        )
    return out
