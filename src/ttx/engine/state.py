"""The state of a session: a pure fold of its events.

`fold(scenario, events)` builds a `State`; `State.apply(event)` advances it
by one event (what a live session does as events arrive). Nothing here
checks commands — `session.py` does, against this state — so replaying a
file always reproduces the state that was shown when it was written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Callable, Iterable

from ttx.engine import events as ev
from ttx.engine.clock import DecisionClock, decision_clock
from ttx.engine.events import Event
from ttx.engine.running_msel import RunningMsel
from ttx.engine.traffic import TYPES as TRAFFIC_TYPES
from ttx.engine.traffic import Traffic
from ttx.scenario.model import All, Any_, Condition, Inject, Leaf, Not, Scenario
from ttx.scenario.vocabulary import HOTWASH_FIELD_NAMES


class InjectStatus(StrEnum):
    PENDING = "pending"
    DUE = "due"
    RELEASED = "released"
    HELD = "held"
    SKIPPED = "skipped"
    NOT_TRIGGERED = "not_triggered"


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    inject: str
    cell: str
    option: str | None
    rationale: str
    clock: float
    wall: datetime
    seq: int
    statement: str = ""       # the written statement a decision asked for (response: text or both)


@dataclass(frozen=True, slots=True)
class PauseRecord:
    """The clock stopped: by a pause or a real-world stop (`halt`: its words), until resumed."""

    clock: float
    wall: datetime
    resumed: datetime | None = None   # None: not resumed (yet)
    halt: str | None = None           # a real-world stop's words


@dataclass(frozen=True, slots=True)
class Note:
    seq: int
    clock: float
    wall: datetime
    text: str
    kind: str                 # one of vocabulary.NOTE_KINDS
    objective: str | None
    rating: str | None        # one of vocabulary.RATINGS
    cell: str | None


@dataclass(frozen=True, slots=True)
class HotwashItem:
    seq: int
    kind: str                 # one of vocabulary.HOTWASH_KINDS
    text: str
    fields: dict[str, str | None] = field(default_factory=dict)  # vocabulary.HOTWASH_FIELDS; None: not given
    clock: float = 0.0        # exercise seconds when it was written
    wall: datetime = datetime.min  # when (the fold always gives it; the default keeps keyword construction)

    def __getattr__(self, name: str) -> str | None:
        # item.corrective_action, item.due ...: each hot-wash field reads as an attribute
        if name in HOTWASH_FIELD_NAMES:
            return self.fields.get(name)
        raise AttributeError(name)


class State:
    """What the consoles display. Produced by `fold`; advanced by `apply`."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.move: str | None = None
        self.started = False
        self.ended = False
        self.auto = False
        self.running = False
        self.halt: str | None = None  # a real-world stop in force: its words
        self.speed = 1.0
        self.status: dict[str, InjectStatus] = {i: InjectStatus.PENDING for i in scenario.inject_by_id}
        self.released_clock: dict[str, float] = {}
        self.released_to: dict[str, tuple[str, ...]] = {}
        self.released_manual: dict[str, bool] = {}
        self.released_wall: dict[str, datetime] = {}
        # each inject's statuses in turn, repeats folded (held, released): what the report's MSEL says
        self.status_history: dict[str, list[InjectStatus]] = {}
        self.pauses: list[PauseRecord] = []             # every stop of the clock, in order
        self.move_started_clock: dict[str, float] = {}
        self.move_ended_clock: dict[str, float] = {}
        self.moves_done: list[str] = []                 # moves started, in order
        self.decisions: dict[str, dict[str, DecisionRecord]] = {}
        self.decision_log: list[DecisionRecord] = []    # every decision, replaced ones too
        self._shared: dict[tuple[str, str], frozenset[str]] = {}  # (inject, cell) -> shared with
        self._notes: list[Note] = []
        self._hotwash: list[HotwashItem] = []
        self.last_seq = 0
        self.last_wall: datetime | None = None
        self.last_clock = 0.0
        self.started_wall: datetime | None = None
        self.ended_wall: datetime | None = None
        self._due: dict[str, int] = {}                   # inject -> seq it fell due (insertion ordered)
        self._released: list[str] = []                   # release order
        self.msel = RunningMsel(scenario)                # the MSEL as run: live changes applied
        self.traffic = Traffic()                         # requests, answers, messages, control's log

    # ---- queries -------------------------------------------------------
    @property
    def inject_by_id(self) -> dict[str, Inject]:
        """Every inject by id, as run: the scenario's, those written in play, live changes applied."""
        return self.msel.inject_by_id

    @property
    def move_of(self) -> dict[str, str]:
        return self.msel.move_of

    def schedule(self, move_id: str) -> tuple[Inject, ...]:
        """The move's injects as run, in the order they fall due (RunningMsel.schedule)."""
        return self.msel.schedule(move_id)

    def recalled(self, inject_id: str) -> bool:
        return inject_id in self.msel.recalled

    @property
    def shared(self) -> frozenset[tuple[str, str]]:
        """(inject, cell) decisions the facilitator shared (with whom: `shared_with`)."""
        return frozenset(self._shared)

    def shared_with(self, inject_id: str, cell: str) -> frozenset[str]:
        """The cells the facilitator shared `cell`'s decision on `inject_id` with."""
        return self._shared.get((inject_id, cell), frozenset())

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(self._notes)

    @property
    def hotwash(self) -> tuple[HotwashItem, ...]:
        return tuple(self._hotwash)

    def clock_at(self, wall: datetime) -> float:
        """Exercise seconds at a wall time (never earlier than the last event's clock)."""
        # every event re-bases the clock: it records where the clock stood at its wall time
        if not self.running or self.last_wall is None:
            return self.last_clock
        elapsed = (wall - self.last_wall).total_seconds()
        if elapsed <= 0:
            return self.last_clock
        return self.last_clock + elapsed * self.speed

    def move_elapsed(self, wall: datetime) -> float:
        if self.move is None:
            return 0.0
        return self.clock_at(wall) - self.move_started_clock[self.move]

    def due_injects(self) -> list[str]:
        return list(self._due)

    def released_injects(self) -> list[str]:
        return list(self._released)

    def open_decisions(self) -> list[tuple[str, str]]:
        out = []
        scenario = self.scenario
        for inject_id in self._released:
            inject = self.inject_by_id[inject_id]
            if inject.decision is None or inject_id in self.msel.recalled:
                continue
            taken = self.decisions.get(inject_id, {})
            for cell in scenario.deciding_cells(inject):
                if cell not in taken:
                    out.append((inject_id, cell))
        return out

    def decision_clock(self, inject_id: str, clock: float) -> DecisionClock | None:
        """The decision on a released inject at exercise second `clock`: time used and
        time left before its time_limit (see clock.decision_clock); None before release."""
        released = self.released_clock.get(inject_id)
        decision = self.inject_by_id[inject_id].decision
        if (released is None or decision is None or self.status[inject_id] is not InjectStatus.RELEASED
                or inject_id in self.msel.recalled):
            return None
        return decision_clock(decision.time_limit, released, clock)

    def condition_holds(self, cond: Condition) -> bool:
        """A `when` against the decisions recorded so far (docs/scenario-format.md, "Conditions")."""
        if isinstance(cond, Leaf):
            taken = self.decisions.get(cond.decision)
            if not taken:
                return False
            if cond.cell is not None:
                record = taken.get(cond.cell)
                return record is not None and record.option in cond.chose
            return any(r.option in cond.chose for r in taken.values())
        if isinstance(cond, All):
            return all(self.condition_holds(c) for c in cond.all)
        if isinstance(cond, Any_):
            return any(self.condition_holds(c) for c in cond.any)
        if isinstance(cond, Not):
            return not self.condition_holds(cond.not_)
        raise TypeError(f"not a condition: {cond!r}")

    def next_move(self) -> str | None:
        """The first move after the current one (the first move before any started)."""
        ids = [m.id for m in self.scenario.moves]
        if not self.moves_done:
            return ids[0]
        last = self.moves_done[-1]
        index = ids.index(last) + 1
        return ids[index] if index < len(ids) else None

    def snapshot(self) -> tuple[Any, ...]:
        """Every field, as a comparable value: what a console shows and the report reads
        (replay == live). tests/engine check that no field is left out."""
        return (
            self.move, self.started, self.ended, self.auto, self.running, self.halt, self.speed,
            dict(self.status), dict(self.released_clock), dict(self.released_to), dict(self.released_manual),
            dict(self.move_started_clock), dict(self.move_ended_clock), list(self.moves_done),
            {k: dict(v) for k, v in self.decisions.items()}, list(self.decision_log),
            dict(self._shared), self.notes, self.hotwash, self.last_seq, self.last_wall, self.last_clock,
            self.started_wall, self.ended_wall, list(self._due), list(self._released),
            dict(self.released_wall), {k: list(v) for k, v in self.status_history.items()}, list(self.pauses),
            self.msel, self.traffic,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, State):
            return NotImplemented
        return self.scenario == other.scenario and self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"<State {self.scenario.id} seq={self.last_seq} move={self.move} "
                f"running={self.running} speed={self.speed} auto={self.auto} ended={self.ended}>")

    # ---- the fold ----------------------------------------------------------
    def apply(self, event: Event) -> None:
        handler = _HANDLERS.get(event.type)
        if handler is not None:
            handler(self, event)
        # every event re-bases the clock (see clock_at)
        self.last_seq = event.seq
        self.last_wall = event.wall
        self.last_clock = event.clock

    def _set(self, inject_id: str, status: InjectStatus, event: Event) -> None:
        if inject_id not in self.status:
            return  # an inject the scenario no longer has: ignore, never crash a replay
        old = self.status[inject_id]
        if old is InjectStatus.DUE and status is not InjectStatus.DUE:
            self._due.pop(inject_id, None)
        self.status[inject_id] = status
        if status is not InjectStatus.DUE:
            steps = self.status_history.setdefault(inject_id, [])
            if not steps or steps[-1] is not status:
                steps.append(status)

    def _started(self, e: Event) -> None:
        self.started = True
        # Exercise time begins with the first move, not when the console opened:
        # setting up the room is not play (see _move_started).
        self.running = False
        self.started_wall = e.wall
        if "auto" in e.data:
            self.auto = bool(e.data["auto"])
        if "speed" in e.data:
            self.speed = float(e.data["speed"])

    def _move_started(self, e: Event) -> None:
        move = e.data["move"]
        self.move = move
        self.move_started_clock[move] = e.clock
        self.moves_done.append(move)

    def _move_ended(self, e: Event) -> None:
        self.move_ended_clock[e.data["move"]] = e.clock
        if self.move == e.data["move"]:
            self.move = None

    def _released_(self, e: Event) -> None:
        inject = e.data["inject"]
        if inject not in self.status:
            return
        if self.status[inject] is not InjectStatus.RELEASED:
            self._released.append(inject)
        self._set(inject, InjectStatus.RELEASED, e)
        self.released_clock[inject] = e.clock
        self.released_to[inject] = tuple(e.data.get("to", ()))
        self.released_manual[inject] = bool(e.data.get("manual", False))
        self.released_wall[inject] = e.wall

    def _skipped(self, e: Event) -> None:
        self._set(e.data["inject"], InjectStatus.SKIPPED, e)

    def _not_triggered(self, e: Event) -> None:
        self._set(e.data["inject"], InjectStatus.NOT_TRIGGERED, e)

    def _held(self, e: Event) -> None:
        self._set(e.data["inject"], InjectStatus.HELD, e)

    def _due_(self, e: Event) -> None:
        inject = e.data["inject"]
        self._set(inject, InjectStatus.DUE, e)
        if inject in self.status:
            self._due[inject] = e.seq

    def _decision(self, e: Event) -> None:
        d = e.data
        record = DecisionRecord(d["inject"], d["cell"], d.get("option"), d.get("rationale") or "",
                                e.clock, e.wall, e.seq, d.get("statement") or "")
        self.decisions.setdefault(record.inject, {})[record.cell] = record
        self.decision_log.append(record)

    def _shared_(self, e: Event) -> None:
        key = (e.data["inject"], e.data["cell"])
        to = e.data.get("to")
        to = self.scenario.player_cells if to is None else to  # the first sessions' default
        self._shared[key] = self._shared.get(key, frozenset()).union(to)

    def _note(self, e: Event) -> None:
        d = e.data
        self._notes.append(Note(e.seq, e.clock, e.wall, d.get("text", ""), d.get("kind") or "observation",
                                d.get("objective"), d.get("rating"), d.get("cell")))

    def _hotwash_(self, e: Event) -> None:
        d = e.data
        self._hotwash.append(HotwashItem(e.seq, d.get("kind", "improvement"), d.get("text", ""),
                                         {k: d.get(k) for k in HOTWASH_FIELD_NAMES}, e.clock, e.wall))

    def _hotwash_withdrawn(self, e: Event) -> None:
        seq = e.data.get("item")
        self._hotwash = [h for h in self._hotwash if h.seq != seq]

    # live control of the MSEL (live.py): the overlay keeps the injects, the state their status
    def _written(self, e: Event) -> None:
        if self.msel.written(e) is not None:
            self.status[e.data["inject"]] = InjectStatus.PENDING

    def _retimed(self, e: Event) -> None:
        self.msel.retimed(e)
        if self.status.get(e.data["inject"]) in (InjectStatus.DUE, InjectStatus.HELD):
            self._set(e.data["inject"], InjectStatus.PENDING, e)  # it falls due again at its new time

    def _redirected(self, e: Event) -> None:
        self.msel.redirected(e)

    def _recalled(self, e: Event) -> None:
        self.msel.recalled_(e)

    def _traffic(self, e: Event) -> None:
        self.traffic.apply(e)

    def _paused(self, e: Event) -> None:
        self.running = False
        if not self.pauses or self.pauses[-1].resumed is not None:
            self.pauses.append(PauseRecord(e.clock, e.wall))

    def _resumed(self, e: Event) -> None:
        self.running = True
        self.halt = None
        if self.pauses and self.pauses[-1].resumed is None:
            self.pauses[-1] = dataclasses.replace(self.pauses[-1], resumed=e.wall)

    def _halted(self, e: Event) -> None:
        self.running = False
        self.halt = e.data.get("text") or "Real-world stop"
        if self.pauses and self.pauses[-1].resumed is None:  # a stop during a pause: the pause was one
            self.pauses[-1] = dataclasses.replace(self.pauses[-1], halt=self.halt)
        else:
            self.pauses.append(PauseRecord(e.clock, e.wall, halt=self.halt))

    def _speed(self, e: Event) -> None:
        self.speed = float(e.data["speed"])

    def _auto(self, e: Event) -> None:
        self.auto = bool(e.data["auto"])

    def _ended(self, e: Event) -> None:
        self.ended = True
        self.running = False
        self.move = None
        self.ended_wall = e.wall


_HANDLERS: dict[str, Callable[[State, Event], None]] = {
    ev.SESSION_STARTED: State._started,
    ev.MOVE_STARTED: State._move_started,
    ev.MOVE_ENDED: State._move_ended,
    ev.INJECT_RELEASED: State._released_,
    ev.INJECT_SKIPPED: State._skipped,
    ev.INJECT_NOT_TRIGGERED: State._not_triggered,
    ev.INJECT_HELD: State._held,
    ev.INJECT_DUE: State._due_,
    ev.DECISION_RECORDED: State._decision,
    ev.DECISION_SHARED: State._shared_,
    ev.NOTE_ADDED: State._note,
    ev.HOTWASH_ITEM: State._hotwash_,
    ev.HOTWASH_WITHDRAWN: State._hotwash_withdrawn,
    ev.CLOCK_PAUSED: State._paused,
    ev.CLOCK_RESUMED: State._resumed,
    ev.REAL_WORLD_STOP: State._halted,
    ev.CLOCK_SPEED_SET: State._speed,
    ev.AUTO_SET: State._auto,
    ev.SESSION_ENDED: State._ended,
    ev.INJECT_WRITTEN: State._written,
    ev.INJECT_RETIMED: State._retimed,
    ev.INJECT_REDIRECTED: State._redirected,
    ev.INJECT_RECALLED: State._recalled,
    **{t: State._traffic for t in TRAFFIC_TYPES},
}


def fold(scenario: Scenario, events: Iterable[Event]) -> State:
    """The state after `events` (pure: a new State each call)."""
    from ttx.engine.store import bulk

    state = State(scenario)
    apply = state.apply
    with bulk():
        for event in events:
            apply(event)
    return state
