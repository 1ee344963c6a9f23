"""Need-to-know: what one cell, or the room, may see of a session. The one rule:
the cell consoles and the room's screen (cellview.py), the report's per-cell
extract and any per-cell export ask it; none filters on its own.

A cell sees
- the injects released to it (to the cells the release named), in release order;
- the running move's situation and the questions put to it;
- its own decisions, on the injects released to it (open ones and taken ones);
- another cell's decision when the facilitator shared it with this cell: who
  decided, the option chosen (its id and text) and the rationale, even when
  the inject itself was never released to this cell, since sharing is the
  facilitator's deliberate act of disclosure. The shared decision never
  carries that inject's title, body or prompt.
- the requests for information it sent, with control's answer or refusal;
  another cell's request never, but an answer control released to it as well
  (the answer only, never the question);
- the messages it sent or was sent, never one between other cells;
- a correction of an inject it received (it goes where the original went),
  and that an inject it received was recalled.
Everything is shown to `who` only when addressed to all of its cells: so the
room (a projector in a plenary) sees what every player cell may see: the
injects, answers and messages addressed to all of them, the questions put to
all of them, no decisions and no one cell's requests.
Nobody but controllers sees expected actions, objectives, notes, ratings, the
MSEL or its live changes (retimes, redirects), or control's log.
"""

from __future__ import annotations

from dataclasses import dataclass

from ttx.engine.errors import CommandError
from ttx.engine.state import DecisionRecord, InjectStatus, State
from ttx.engine.traffic import Message, Request
from ttx.scenario.model import Move, Question, Scenario

ROOM = "ROOM"  # the room's screen: what every player cell may see


@dataclass(frozen=True)
class Audience:
    """Who is looking: one cell (`cells` = {it}, it decides) or the room (every
    player cell at once, deciding nothing)."""

    id: str
    name: str
    cells: frozenset[str]        # a thing is shown only if addressed to all of these
    decider: str | None          # whose decisions are shown (None: nobody's)

    def sees(self, to: tuple[str, ...] | frozenset[str] | list[str]) -> bool:
        # no player cells (the room of a scenario without any): nothing is for all of them
        return bool(self.cells) and self.cells <= set(to)


def cell_audience(scenario: Scenario, cell: str) -> Audience:
    found = scenario.cell_by_id.get(cell)
    if found is None:
        raise CommandError(f"no cell {cell!r} in scenario {scenario.id}")
    return Audience(cell, found.label, frozenset([cell]), cell)


def room_audience(scenario: Scenario) -> Audience:
    return Audience(ROOM, "Every player cell", frozenset(scenario.player_cells), None)


def released_to(state: State, inject_id: str) -> tuple[str, ...]:
    """The cells an inject was released to (as its release named them)."""
    return state.released_to.get(inject_id) or state.scenario.recipients(state.inject_by_id[inject_id])


def visible_injects(state: State, who: Audience) -> list[str]:
    """The injects released to `who`, in release order."""
    return [i for i in state.released_injects()
            if state.status[i] is InjectStatus.RELEASED and who.sees(released_to(state, i))]


def visible_questions(scenario: Scenario, move: Move, who: Audience) -> tuple[Question, ...]:
    return tuple(q for q in move.questions if who.sees(scenario.question_cells(q)))


def asks(state: State, who: Audience, inject_id: str) -> bool:
    """Whether `who` is asked to decide on a (visible) inject."""
    inject = state.inject_by_id[inject_id]
    return who.decider is not None and who.decider in state.scenario.deciding_cells(inject)


def shared_decisions(state: State, who: Audience) -> list[DecisionRecord]:
    """Other cells' decisions the facilitator shared with `who`, in the order they were
    taken (the latest record of each)."""
    if who.decider is None:
        return []
    out = [state.decisions[inject][cell] for inject, cell in state.shared
           if cell != who.decider and who.decider in state.shared_with(inject, cell)]
    out.sort(key=lambda r: r.seq)
    return out


def own_requests(state: State, who: Audience) -> list[Request]:
    """The requests `who` sent to control, in the order sent, with control's reply."""
    return [r for r in state.traffic.requests.values() if who.sees((r.cell,))]


def released_answers(state: State, who: Audience) -> list[Request]:
    """Other cells' requests whose answer control released to `who` too: for their answer
    (a viewer must not be shown the question: it was not addressed to it)."""
    return [r for r in state.traffic.requests.values()
            if r.reply is not None and not r.reply.declined and not who.sees((r.cell,)) and who.sees(r.reply.to)]


def visible_messages(state: State, who: Audience) -> list[Message]:
    """The messages `who` sent or was sent (held by all of its cells), in the order sent."""
    return [m for m in state.traffic.messages if who.sees(m.holders)]
