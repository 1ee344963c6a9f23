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
    own_requests,
    released_answers,
    released_to,
    room_audience,
    shared_decisions,
    visible_injects,
    visible_messages,
    visible_questions,
)
from ttx.engine.state import DecisionRecord, State
from ttx.scenario.model import Option, Question, Scenario
from ttx.scenario.translation import localized

__all__ = ["ROOM", "CellMessage", "CellRequest", "CellView", "build_cell_view", "build_room_view"]


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
    corrects: str | None = None       # a correction: the inject it corrects (which this cell also holds)
    corrected_by: tuple[str, ...] = ()
    recalled: bool = False            # withdrawn by control
    recall_reason: str = ""


class OpenDecision(NamedTuple):
    inject: str
    prompt: str
    options: tuple[Option, ...]
    time_limit: int | None            # minutes
    seconds_left: float | None        # None without a time limit; negative when overdue
    statement: str | None = None      # the written statement asked for, by its name; None: none asked


class CellRequest(NamedTuple):
    """A request for information as this cell sees it: its own (question and reply), or
    another cell's whose answer control released to it too (the answer only)."""
    id: str
    question: str | None              # None: another cell's request (its question was not for this cell)
    inject: str | None
    asked_clock: float | None
    status: str                       # open | answered | declined
    reply: str | None
    reply_clock: float | None
    marking: str                      # the reply's, as it went: JPN ONLY, REL TO …


class CellMessage(NamedTuple):
    id: str
    sender: str
    to: tuple[str, ...]
    text: str
    about: str | None                 # the inject it passes on, when this cell holds it too: "M1-02 Title"
    clock: float
    marking: str                      # follows who holds it: the sender and its recipients
    sent: bool                        # this cell sent it


class SharedDecision(NamedTuple):
    """Another cell's decision, as shared: the option and rationale only, never the
    inject's title, body or prompt (the receiving cell may not have had the inject)."""
    inject: str
    cell: str
    option: str | None
    option_text: str | None
    rationale: str
    statement: str = ""               # the written statement, when the decision asked for one


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
    requests: tuple[CellRequest, ...] = ()      # newest first
    messages: tuple[CellMessage, ...] = ()      # newest first
    partners: tuple[str, ...] = ()              # the player cells it may message


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
    msel = state.msel
    visible = visible_injects(state, who)
    for inject_id in visible:
        # its texts in the reader's language (an inject written in play has only its own)
        inject = scenario.inject_by_id.get(inject_id) or state.inject_by_id[inject_id]
        released = state.released_clock[inject_id]
        recalled = inject_id in msel.recalled
        inbox.append(ReleasedInject(
            inject.id, inject.title, inject.from_, inject.channel, inject.body,
            scenario.releasability(inject, released_to(state, inject_id)), released,
            msel.corrects.get(inject_id), msel.corrections.get(inject_id, ()), recalled,
            msel.recalled.get(inject_id, "")))
        if inject.decision is None or not asks(state, who, inject_id):
            continue
        decision = inject.decision
        statement = decision.statement_label if decision.asks_statement else None
        record = state.decisions.get(inject_id, {}).get(who.id)
        if record is None:
            if recalled:
                continue  # withdrawn: no longer asked
            left = decision_clock(decision.time_limit, released, clock).left
            open_.append(OpenDecision(inject.id, decision.prompt, decision.options, decision.time_limit, left,
                                      statement))
        else:
            own.append(record)
            if not recalled:
                taken.append(OpenDecision(inject.id, decision.prompt, decision.options, decision.time_limit,
                                          None, statement))
    shared = []
    for record in shared_decisions(state, who):
        asked = (scenario.inject_by_id.get(record.inject) or state.inject_by_id[record.inject]).decision
        text = next((o.text for o in asked.options if o.id == record.option), None) if asked else None
        shared.append(SharedDecision(record.inject, record.cell, record.option, text, record.rationale,
                                     record.statement))
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
        requests=_requests(state, who),
        messages=_messages(state, who, set(visible), scenario),
        partners=tuple(c for c in scenario.player_cells if c != who.decider) if who.decider else (),
    )


def _requests(state: State, who: Audience) -> tuple[CellRequest, ...]:
    out = []
    for r in own_requests(state, who):
        reply = r.reply
        out.append(CellRequest(r.id, r.text, r.inject, r.clock, r.status, reply.text if reply else None,
                               reply.clock if reply else None, state.scenario.marking_of(reply.to if reply else (r.cell,))))
    for r in released_answers(state, who):
        reply = r.reply
        assert reply is not None
        out.append(CellRequest(r.id, None, None, None, r.status, reply.text, reply.clock,
                               state.scenario.marking_of(reply.to)))
    out.sort(key=lambda q: q.asked_clock if q.asked_clock is not None else (q.reply_clock or 0.0), reverse=True)
    return tuple(out)


def _messages(state: State, who: Audience, holds: set[str], scenario: Scenario) -> tuple[CellMessage, ...]:
    out = []
    for m in reversed(visible_messages(state, who)):
        about = None
        if m.inject is not None and m.inject in holds:
            product = scenario.inject_by_id.get(m.inject) or state.inject_by_id[m.inject]
            about = f"{m.inject} {product.title}"
        out.append(CellMessage(m.id, m.sender, m.to, m.text, about, m.clock, state.scenario.marking_of(m.holders),
                               m.sender == who.decider))
    return tuple(out)
