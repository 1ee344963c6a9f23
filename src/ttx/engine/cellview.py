"""What one cell may see: the need-to-know filter, built in the engine.

A cell sees its move briefing and questions, the injects released to it
(never expected actions, objectives, controller notes or ratings), its own
open and taken decisions, and other cells' decisions only when the
facilitator shared them. Widgets render a CellView; they never filter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ttx.engine.state import DecisionRecord, InjectStatus, State
from ttx.scenario.model import Option, Question


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
    shared_decisions: tuple[SharedDecision, ...]
    clock: float
    running: bool
    ended: bool
    halt: str | None = None  # a real-world stop in force: shown above everything


def build_cell_view(state: State, cell: str, clock: float) -> CellView:
    scenario = state.scenario
    if cell not in scenario.cell_by_id:
        from ttx.engine.errors import CommandError

        raise CommandError(f"no cell {cell!r} in scenario {scenario.id}")
    return _view(state, clock, cell, scenario.cell_by_id[cell].label,
                 sees=lambda to: cell in to, decider=cell)


# The room: a screen for everyone at once (a projector in a plenary). It shows
# what every player cell may see, and so what any one of them may: the injects
# released to all of them and the questions put to all of them; no decisions.
ROOM = "ROOM"


def build_room_view(state: State, clock: float) -> CellView:
    players = set(state.scenario.player_cells)
    # no player cells: nothing is for every one of them (an empty set is a subset of anything)
    return _view(state, clock, ROOM, "Every player cell", sees=lambda to: bool(players) and players <= set(to),
                 decider=None)


def _view(state: State, clock: float, cell: str, name: str, *, sees, decider: str | None) -> CellView:
    """The need-to-know filter: `sees(cells)` says whether injects and questions
    addressed to `cells` may be shown; `decider` is the cell whose decisions are shown."""
    scenario = state.scenario
    move = None
    if state.move is not None:
        m = scenario.move_by_id[state.move]
        move = CellMove(m.id, m.label, m.situation,
                        tuple(q for q in m.questions if sees(scenario.question_cells(q))))
    inbox = []
    open_ = []
    own = []
    for inject_id in state.released_injects():
        if state.status[inject_id] is not InjectStatus.RELEASED:
            continue
        to = state.released_to.get(inject_id) or scenario.recipients(scenario.inject_by_id[inject_id])
        if not sees(to):
            continue
        inject = scenario.inject_by_id[inject_id]
        released = state.released_clock[inject_id]
        inbox.append(ReleasedInject(inject.id, inject.title, inject.from_, inject.channel, inject.body,
                                    scenario.releasability(inject), released))
        if decider is not None and inject.decision is not None and decider in scenario.deciding_cells(inject):
            record = state.decisions.get(inject_id, {}).get(decider)
            if record is None:
                limit = inject.decision.time_limit
                left = None if limit is None else limit * 60.0 - (clock - released)
                open_.append(OpenDecision(inject.id, inject.decision.prompt, inject.decision.options, limit, left))
            else:
                own.append(record)
    shared = []
    for inject_id, other in sorted(state.shared, key=lambda p: state.decisions[p[0]][p[1]].seq):
        if decider is None or other == decider or decider not in state.shared_with(inject_id, other):
            continue
        record = state.decisions[inject_id][other]
        decision = scenario.inject_by_id[inject_id].decision
        text = next((o.text for o in decision.options if o.id == record.option), None) if decision else None
        shared.append(SharedDecision(inject_id, other, record.option, text, record.rationale))
    inbox.reverse()
    return CellView(
        cell=cell,
        cell_name=name,
        scenario_title=scenario.title,
        classification=scenario.classification,
        move=move,
        inbox=tuple(inbox),
        open_decisions=tuple(open_),
        own_decisions=tuple(own),
        shared_decisions=tuple(shared),
        clock=clock,
        running=state.running,
        ended=state.ended,
        halt=state.halt,
    )
