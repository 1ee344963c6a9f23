"""What one cell's console (or the room's screen) shows: a `CellView`, built
from the state through the need-to-know rule (need_to_know.py). Widgets
render a CellView; they never filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ttx.engine.clock import decision_clock
from ttx.engine.need_to_know import (
    ROOM,
    Audience,
    asks,
    cell_audience,
    released_to,
    room_audience,
    shared_decisions,
    visible_injects,
    visible_questions,
)
from ttx.engine.state import DecisionRecord, State
from ttx.scenario.model import Option, Question, Scenario
from ttx.scenario.translation import localized

__all__ = ["ROOM", "CellView", "build_cell_view", "build_room_view"]


class CellMove(NamedTuple):
    id: str
    title: str
    situation: str
    questions: tuple[Question, ...]   # only those put to this cell


class ReleasedInject(NamedTuple):
    id: str
    title: str
    from_: str | None
    channel: str
    body: str
    marking: str
    released_clock: float


class OpenDecision(NamedTuple):
    inject: str
    prompt: str
    options: tuple[Option, ...]
    time_limit: int | None            # minutes
    seconds_left: float | None        # None without a time limit; negative when overdue


class SharedDecision(NamedTuple):
    """Another cell's decision, as shared: the option and rationale only, never the
    inject's title, body or prompt (the receiving cell may not have had the inject)."""
    inject: str
    cell: str
    option: str | None
    option_text: str | None
    rationale: str


@dataclass(frozen=True)
class CellView:
    cell: str
    cell_name: str
    scenario_title: str
    classification: str
    move: CellMove | None
    inbox: tuple[ReleasedInject, ...]          # newest first
    open_decisions: tuple[OpenDecision, ...]
    own_decisions: tuple[DecisionRecord, ...]  # latest per inject, in release order
    taken_prompts: tuple[OpenDecision, ...]    # the prompts of own_decisions, to change them (no time left)
    shared_decisions: tuple[SharedDecision, ...]
    clock: float
    running: bool
    ended: bool
    halt: str | None = None  # a real-world stop in force: shown above everything
    started: bool = False    # a first move was started (before it, the clock waits: not paused)
    move_clock: float | None = None  # seconds into the running move, as the facilitator's header shows


def build_cell_view(state: State, cell: str, clock: float, lang: str | None = None) -> CellView:
    """What `cell` may see, its texts in `lang` where the scenario has a translation into it."""
    scenario = localized(state.scenario, lang)
    return _view(state, clock, cell_audience(scenario, cell), scenario)


def build_room_view(state: State, clock: float, lang: str | None = None) -> CellView:
    """The room: a screen for everyone at once (a projector in a plenary)."""
    scenario = localized(state.scenario, lang)
    return _view(state, clock, room_audience(scenario), scenario)


def _view(state: State, clock: float, who: Audience, scenario: Scenario) -> CellView:
    """The view of `who`; `scenario` is the state's in the reader's language (the same ids)."""
    move = None
    if state.move is not None:
        m = scenario.move_by_id[state.move]
        move = CellMove(m.id, m.label, m.situation, visible_questions(scenario, m, who))
    inbox = []
    open_ = []
    own = []
    taken = []
    for inject_id in visible_injects(state, who):
        inject = scenario.inject_by_id[inject_id]
        released = state.released_clock[inject_id]
        inbox.append(ReleasedInject(inject.id, inject.title, inject.from_, inject.channel, inject.body,
                                    scenario.releasability(inject, released_to(state, inject_id)), released))
        if inject.decision is None or not asks(state, who, inject_id):
            continue
        decision = inject.decision
        record = state.decisions.get(inject_id, {}).get(who.id)
        if record is None:
            left = decision_clock(decision.time_limit, released, clock).left
            open_.append(OpenDecision(inject.id, decision.prompt, decision.options, decision.time_limit, left))
        else:
            own.append(record)
            taken.append(OpenDecision(inject.id, decision.prompt, decision.options, decision.time_limit, None))
    shared = []
    for record in shared_decisions(state, who):
        asked = scenario.inject_by_id[record.inject].decision
        text = next((o.text for o in asked.options if o.id == record.option), None) if asked else None
        shared.append(SharedDecision(record.inject, record.cell, record.option, text, record.rationale))
    inbox.reverse()
    return CellView(
        cell=who.id,
        cell_name=who.name,
        scenario_title=scenario.title,
        classification=scenario.classification,
        move=move,
        inbox=tuple(inbox),
        open_decisions=tuple(open_),
        own_decisions=tuple(own),
        taken_prompts=tuple(taken),
        shared_decisions=tuple(shared),
        clock=clock,
        running=state.running,
        ended=state.ended,
        halt=state.halt,
        started=bool(state.moves_done),
        move_clock=clock - state.move_started_clock[state.move] if state.move is not None else None,
    )
