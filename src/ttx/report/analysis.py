"""The after-action report of a session, measured: `analyze(scenario, events)`.

The session's events are folded once, by the engine (ttx.engine.state.fold): the
report shows exactly what the consoles showed, and reads from that one State
what happened to each inject, each move, the clock and each decision. This
module lays out the moves and the MSEL as run and assembles the `Report`
(ttx.report.model); the decisions (`decisions`), the findings (`findings`) and a
cell's extract (`extract`) are built beside it.

`analyze(..., cell="KOR")` builds the releasable extract for one cell: what
the engine's need-to-know rule (ttx.engine.need_to_know) lets that cell see,
as its console showed it: the injects released to it, its own decisions, and
the decisions the facilitator shared with it; no expected actions, notes,
ratings, hot wash, planned times (players never see the MSEL) or other
cells' unshared choices.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from typing import Sequence

from ttx.engine.events import Event
from ttx.engine.need_to_know import cell_audience, visible_questions
from ttx.engine.state import InjectStatus, State, fold
from ttx.report.decisions import decision_rows, divergence, participation
from ttx.report.extract import extract
from ttx.report.findings import objective_results, observations, plan_row
from ttx.report.model import (CellInfo, MoveInfo, ObjectiveInfo, Overview, Pause, Report, ReportError,
                              TimelineEntry, totals)
from ttx.report.talk import live_marks, talk_of
from ttx.scenario.model import Scenario

_STATUS = {
    InjectStatus.RELEASED: "released",
    InjectStatus.HELD: "held",
    InjectStatus.SKIPPED: "skipped",
    InjectStatus.NOT_TRIGGERED: "not_triggered",
    InjectStatus.DUE: "not_released",  # due, awaiting the facilitator when the log ends
    InjectStatus.PENDING: "not_released",
}


def analyze(scenario: Scenario, events: Sequence[Event], *, cell: str | None = None) -> Report:
    # An extract is for a player cell: control and observers see the full report.
    if cell is not None and cell not in scenario.player_cells:
        known = ", ".join(scenario.player_cells) or "none"
        raise ReportError(f"no cell {cell!r} in scenario {scenario.id} (player cells: {known})")
    state = fold(scenario, events)
    timeline = _timeline(scenario, state)
    decisions = decision_rows(scenario, state, timeline)
    split = divergence(decisions)
    found = observations(scenario, state)
    improvements = tuple(o for o in found if o.kind == "improvement")
    overview = Overview(
        scenario_id=scenario.id,
        title=scenario.title,
        summary=scenario.summary,
        background=scenario.background,
        sources=scenario.sources,
        start=scenario.start,
        started=state.started_wall or (events[0].wall if events else None),
        ended=state.ended_wall or (events[-1].wall if events else None),
        duration=state.last_clock,
        objectives=tuple(ObjectiveInfo(o.id, o.text, o.capability) for o in scenario.objectives),
        capabilities=tuple(dict.fromkeys(o.capability for o in scenario.objectives if o.capability)),
        moves=_moves(scenario, state, timeline, cell),
        events=len(events),
    )
    report = Report(
        classification=scenario.classification,
        marking=None,
        cell=None,
        overview=overview,
        objectives=tuple(objective_results(scenario, found)),
        timeline=tuple(timeline),
        pauses=tuple(Pause(p.clock, p.wall, p.resumed, (p.resumed - p.wall).total_seconds() if p.resumed else None,
                           p.halt) for p in state.pauses),
        decisions=tuple(decisions),
        divergence=tuple(split),
        participation=tuple(participation(scenario, timeline, decisions)),
        strengths=tuple(o for o in found if o.kind == "strength"),
        improvements=improvements,
        observations=tuple(found),
        improvement_plan=tuple(plan_row(o) for o in improvements),
        cells=tuple(CellInfo(c.id, c.label, c.kind, c.roles) for c in scenario.cells),
        totals=totals(overview, timeline, decisions, split),
        talk=talk_of(state),
    )
    return report if cell is None else extract(scenario, state, report, cell)


def _moves(scenario: Scenario, state: State, timeline: Sequence[TimelineEntry], cell: str | None) -> tuple[MoveInfo, ...]:
    """Each move as planned and run; a move still running when the log ends runs to the
    next move's start or the log's last clock. An extract's questions are its cell's."""
    move_start, move_end = state.move_started_clock, state.move_ended_clock
    planned = Counter(t.move for t in timeline)
    released = Counter(t.move for t in timeline if t.actual_clock is not None)
    moves = []
    ordered = scenario.moves
    for idx, m in enumerate(ordered):
        start = move_start.get(m.id)
        end = move_end.get(m.id)
        if start is not None and end is None:
            later = [move_start[n.id] for n in ordered[idx + 1 :] if n.id in move_start]
            end = min(later) if later else state.last_clock
        questions = m.questions if cell is None else visible_questions(scenario, m, cell_audience(scenario, cell))
        moves.append(MoveInfo(
            id=m.id, label=m.label, situation=m.situation, situation_time=m.situation_time,
            planned_minutes=m.planned_minutes, start_clock=start, end_clock=end,
            questions=tuple((q.id, q.text) for q in questions),
            injects=planned[m.id], released=released[m.id],
        ))
    return tuple(moves)


def _timeline(scenario: Scenario, state: State) -> list[TimelineEntry]:
    """The MSEL as run: every scheduled inject, planned and actual, and those written in play."""
    move_start = state.move_started_clock
    timeline: list[TimelineEntry] = []
    for m in scenario.moves:
        for inj in state.schedule(m.id):
            status = _STATUS[state.status[inj.id]]
            rel = status == "released"
            planned = move_start[m.id] + inj.at * 60 if m.id in move_start else None
            actual = state.released_clock.get(inj.id) if rel else None
            to = (state.released_to.get(inj.id) or scenario.recipients(inj)) if rel else scenario.recipients(inj)
            timeline.append(
                TimelineEntry(
                    inject=inj.id,
                    title=inj.title,
                    move=m.id,
                    at=inj.at,
                    planned_clock=planned,
                    actual_clock=actual,
                    actual_wall=state.released_wall.get(inj.id) if rel else None,
                    delay=(actual - planned) if actual is not None and planned is not None else None,
                    status=status,
                    history=tuple(_STATUS[s] for s in state.status_history.get(inj.id, ())),
                    manual=state.released_manual.get(inj.id) if rel else None,
                    to=to,
                    releasability=scenario.releasability(inj, to),
                    situation_time=scenario.situation_time(m, inj),
                    from_=inj.from_,
                    channel=inj.channel,
                    body=inj.body,
                    expected_actions=inj.expected_actions,
                    objectives=inj.objectives,
                    contingency=inj.contingency,
                    conditional=inj.when is not None,
                    decision_prompt=inj.decision.prompt if inj.decision else None,
                    live=live_marks(state, inj.id),
                )
            )
    return timeline
