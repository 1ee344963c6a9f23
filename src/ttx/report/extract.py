"""A cell's releasable extract of the report: what the engine's need-to-know rule
(ttx.engine.need_to_know) lets that cell see, as its console showed it, and the
most restrictive honest marking for the whole."""

from __future__ import annotations

import dataclasses

from ttx.engine.need_to_know import cell_audience, shared_decisions, visible_injects
from ttx.engine.state import State
from ttx.report.model import DecisionRow, Report, totals
from ttx.report.talk import LiveMarks, talk_extract
from ttx.scenario.model import Scenario, marking


def extract(scenario: Scenario, state: State, full: Report, cell: str) -> Report:
    """The releasable extract for `cell`: what need-to-know lets it see."""
    who = cell_audience(scenario, cell)
    visible = set(visible_injects(state, who))
    shared = {(r.inject, r.cell) for r in shared_decisions(state, who)}
    timeline = tuple(
        dataclasses.replace(
            t,
            # Planned times, expected actions, objectives and controller flags
            # are MSEL material: players never see them.
            planned_clock=None,
            delay=None,
            expected_actions=(),
            objectives=(),
            contingency=False,
            conditional=False,
            history=("released",),
            manual=None,
            status="released",
            at=0,
            # a correction and a recall are shown to the cells; who wrote or changed what is not
            live=LiveMarks(corrects=t.live.corrects, corrected_by=t.live.corrected_by, recalled=t.live.recalled),
        )
        for t in full.timeline
        if t.inject in visible
    )
    # Own decisions, and another cell's decision only where the facilitator
    # explicitly shared it with this cell (decision_shared).
    kept = [r if r.inject in visible else _shared_only(r) for r in full.decisions
            if (r.cell == cell and r.inject in visible) or (r.inject, r.cell) in shared]
    # The marking: the most restrictive honest one. Each piece of the
    # extract may go only to the cells that already hold it, so the whole
    # may go only to the intersection of the pieces' audiences: an inject's
    # recipients; a decision's deciding cell plus the cells it was shared
    # with. The extract's cell holds every piece, so the intersection is
    # never empty. An inject with an explicit `releasability:` string has an
    # audience we cannot read as cells, so the extract then falls back to
    # "<CELL> ONLY", which is always honest for a document sent to that cell.
    audience = set(scenario.player_cells) | {cell}
    explicit = False
    for t in timeline:
        explicit = explicit or bool(state.inject_by_id[t.inject].releasability)
        audience &= set(t.to)
    for r in kept:
        if r.decided:
            audience &= {r.cell, *r.shared_with}
    talk = talk_extract(state, cell)
    for holders in talk.holders():  # a request's and its answer's cells, a message's sender and recipients
        audience &= holders
    audience.add(cell)
    mark = f"{cell} ONLY" if explicit else marking(audience)
    # Who else a decision was shared with is not this cell's business.
    decisions = tuple(dataclasses.replace(r, shared_with=()) for r in kept)

    participation = tuple(p for p in full.participation if p.cell == cell)
    # Only moves that were played (the situation of a move never started was
    # never briefed), without their inject counts (they would tell how much
    # this cell did NOT receive).
    moves = tuple(
        dataclasses.replace(m, injects=0, released=0) for m in full.overview.moves if m.start_clock is not None
    )
    overview = dataclasses.replace(
        full.overview,
        # The summary is written for controllers (it may give away later
        # moves); the background read-ahead and move situations are briefed
        # to all players.
        summary="",
        sources=(),
        objectives=(),
        capabilities=(),
        moves=moves,
        events=0,
    )
    cells = tuple(c for c in full.cells if c.kind == "player")
    return dataclasses.replace(
        full,
        marking=mark,
        cell=cell,
        overview=overview,
        objectives=(),
        timeline=timeline,
        pauses=(),
        decisions=decisions,
        divergence=(),
        participation=participation,
        strengths=(),
        improvements=(),
        observations=(),
        improvement_plan=(),
        cells=cells,
        totals=totals(overview, timeline, decisions, ()),
        talk=talk,
    )


def _shared_only(row: DecisionRow) -> DecisionRow:
    """A decision shared with a cell that never received its inject: who decided what,
    and why (as the cell's console shows it), nothing of the inject or its timing."""
    return dataclasses.replace(row, title="", move="", prompt="", released_clock=None, clock=None, wall=None,
                               latency=None, time_limit=None, over_limit=False, revisions=0)
