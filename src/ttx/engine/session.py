"""A running exercise: commands in, events out, state = fold(events).

Every command runs through one write path (`Session._write`): in one BEGIN
IMMEDIATE transaction on the session file, read the events other processes
appended since our last one, fold them, run the command's rule (rules.py)
against that fresh state, append its events with seq = last + 1, COMMIT
(synchronous=FULL in a live session), and only then return. So an
acknowledged act is on disk, and two consoles can never both release one
inject or record conflicting moves. A batch (rehearsals) holds the
transaction across many commands and commits once; the path is the same.

Time comes from the injected `now()`; the exercise clock is a function of the
clock events (see state.py). Time while no console has the session open is
not exercise time: on open, a `session_opened` event re-bases the clock at
where it last stood (the last event or the last heartbeat, whichever is
later), so auto mode never fires a burst of injects after a crash.
"""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ttx.engine import events as ev
from ttx.engine import live, rules, talk
from ttx.engine.cellview import CellView, build_cell_view, build_room_view
from ttx.engine.clock import Now, utcnow
from ttx.engine.errors import CommandError, SessionFileError
from ttx.engine.events import Event, wall_text
from ttx.engine.presence import Presence
from ttx.engine.sessionfile import free_path, new_meta, session_filename, stored_scenario
from ttx.engine.state import State, fold
from ttx.engine.store import Store, encode
from ttx.scenario.model import Scenario

__all__ = ["Session", "CommandError", "SessionFileError"]

HEARTBEAT_EVERY_S = 5.0
MAX_TICK_GAP_S = 30.0  # a ticking console silent this long was suspended, not running the exercise

# What the write path runs: the state and the exercise clock in, the events to append out.
Build = Callable[[State, float], rules.Built]


class Session:
    """One exercise run, backed by its session file. Not thread-safe: one per console."""

    def __init__(self, store: Store, scenario: Scenario, *, now: Now = utcnow, readonly: bool = False) -> None:
        self.store = store
        self.path = store.path
        self.scenario = scenario
        self.now = now
        self.readonly = readonly
        self.state = State(scenario)
        self.events: list[Event] = []
        self._unseen: list[Event] = []      # folded, not yet handed out (see refresh)
        self._batch: list[Event] | None = None
        self._presence = Presence(store.path)
        self._heartbeat_wall: datetime | None = None
        self._closed = False
        self._last_tick: datetime | None = None
        # Suspension detection only against the real clock: with an injected now(), tests
        # and rehearsals jump time on purpose. Set it to seconds (or None) to choose.
        self.max_tick_gap: float | None = MAX_TICK_GAP_S if now is utcnow else None

    # ---- opening and closing --------------------------------------------------
    @classmethod
    def create(cls, scenario: Scenario, path: Path | None = None, *, sessions_dir: Path | None = None,
               now: Now = utcnow, durable: bool = True, meta: dict[str, str] | None = None) -> "Session":
        """Start a new run in a new session file: `path`, or `<scenario-id>-<UTC timestamp>.ttx`
        under sessions_dir."""
        wall = _aware(now())
        if path is None:
            if sessions_dir is None:
                raise ValueError("Session.create needs a path or a sessions_dir")
            path = free_path(Path(sessions_dir), session_filename(scenario.id, wall))
        stored = new_meta(scenario, wall, meta)
        started = Event(1, ev.SESSION_STARTED, wall, 0.0, {
            "scenario": scenario.id, "scenario_sha256": stored["scenario_sha256"], "auto": False, "speed": 1.0})
        store = Store.create(Path(path), stored, [started], durable=durable)
        session = cls(store, scenario, now=now)
        session._presence.acquire()
        session._fold([started])
        session._last_tick = wall
        return session

    @classmethod
    def open(cls, path: Path, *, now: Now = utcnow, readonly: bool = False, durable: bool = True) -> "Session":
        """Resume a session: read its stored scenario, replay its events.

        Unless `readonly`, this console joins the session: a `session_opened`
        event re-bases the clock (downtime, if nobody had it open, is not counted).
        """
        store = Store.open(Path(path), readonly=readonly, durable=durable)
        try:
            meta = store.meta()
            scenario = stored_scenario(Path(path), meta)
            session = cls(store, scenario, now=now, readonly=readonly)
            session.events = store.read_since(0)
            try:
                session.state = fold(scenario, session.events)
            except (KeyError, TypeError, ValueError) as exc:
                raise SessionFileError(f"{path}: an event cannot be replayed ({exc!r})") from None
        except BaseException:
            store.close()
            raise
        if not readonly:
            try:
                alone = session._presence.acquire()
                if session.state.started and not session.state.ended:
                    session._join(alone, meta.get("heartbeat"))
            except BaseException:
                session._presence.release()
                store.close()
                raise
        session._unseen = []  # a console draws the state as opened
        session._last_tick = session.now()
        return session

    def _join(self, alone: bool, heartbeat: str | None) -> None:
        if not alone:  # another console kept the clock running: carry on from now
            self._write(lambda s, c: rules.opened(s, resumed=False))
            return
        stood = self.state.last_clock
        if heartbeat:
            try:
                beat = json.loads(heartbeat)
                if beat.get("seq", 0) >= self.state.last_seq:
                    stood = max(stood, float(beat["clock"]))
            except (ValueError, KeyError, TypeError):
                pass
        self._write(lambda s, c: rules.opened(s, resumed=True), clock=stood)

    def close(self) -> None:
        if self._closed:
            return
        try:
            if self._batch is not None:
                self._flush_batch()
            if not self.readonly and self.state.started and not self.state.ended:
                with contextlib.suppress(SessionFileError):
                    self._write(lambda s, c: rules.closed(s))
        finally:
            self._closed = True
            self._presence.release()
            self.store.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the write path ------------------------------------------------------------
    def _fold(self, new: list[Event]) -> None:
        apply = self.state.apply
        for event in new:
            apply(event)
        self.events += new

    def _catch_up(self) -> None:
        new = self.store.read_since(self.state.last_seq)
        self._fold(new)
        self._unseen += new

    def _write(self, build: Build, *, clock: float | None = None) -> list[Event]:
        """THE write path of every command, alone or in a batch: check it against the
        latest state and append its events (durably, unless in a batch: then at its end)."""
        batch = self._batch
        if batch is None:
            if self._closed:
                raise CommandError("the session is closed")
            if self.readonly:
                raise CommandError("the session is open read-only")
            self.store.begin()
        try:
            if batch is None:
                self._catch_up()
            state = self.state
            wall = _aware(self.now())
            if state.last_wall is not None and wall < state.last_wall:
                wall = state.last_wall  # several processes: keep walls in seq order
            if clock is None:
                clock = state.clock_at(wall)
            elif clock < state.last_clock:
                clock = state.last_clock  # exercise time never runs backwards
            seq = state.last_seq
            new = []
            for type_, data in build(state, clock):
                seq += 1
                new.append(Event(seq, type_, wall, clock, data))
            if batch is None:
                self.store.insert(new)
                self.store.commit()
        except BaseException:
            if batch is None:
                self.store.rollback()
            raise
        self._fold(new)
        if batch is not None:
            batch += new
        return new

    @contextlib.contextmanager
    def batch(self) -> Iterator["Session"]:
        """Hold the write lock across many commands and commit once at the end
        (rehearsals: they can simply be rerun). Events are applied as they are made."""
        if self._batch is not None:
            yield self
            return
        if self._closed or self.readonly:
            raise CommandError("the session is closed" if self._closed else "the session is open read-only")
        self.store.begin()
        try:
            self._catch_up()
        except BaseException:
            self.store.rollback()
            raise
        self._batch = []
        try:
            yield self
        except BaseException:
            self._batch = None
            self.store.rollback()
            self._reload()
            raise
        self._flush_batch()

    def _flush_batch(self) -> None:
        pending, self._batch = self._batch or [], None
        try:
            self.store.insert_rows([encode(e) for e in pending])
            self.store.commit()
        except BaseException:
            self.store.rollback()
            self._reload()
            raise

    def _reload(self) -> None:
        self.events = self.store.read_since(0)
        self.state = fold(self.scenario, self.events)
        self._unseen = []

    def refresh(self) -> list[Event]:
        """Fold what other processes appended; return the events of theirs not handed out
        yet (folded now, or while a command of ours caught up before checking itself).
        Every event reaches the caller once: from refresh()/tick() or as a command's return."""
        if self._batch is None:
            self._catch_up()
        new, self._unseen = self._unseen, []
        return new

    # ---- queries ---------------------------------------------------------------------
    def clock(self) -> float:
        """Exercise seconds now."""
        return self.state.clock_at(self.now())

    def move_elapsed(self) -> float:
        return self.state.move_elapsed(self.now())

    def cell_view(self, cell: str, lang: str | None = None) -> CellView:
        """What `cell` may see; its texts in `lang` where the scenario is translated into it."""
        return build_cell_view(self.state, cell, self.clock(), lang)

    def room_view(self, lang: str | None = None) -> CellView:
        """What every player cell may see: the room's screen (see need_to_know.py)."""
        return build_room_view(self.state, self.clock(), lang)

    # ---- the clock -----------------------------------------------------------------
    def tick(self) -> list[Event]:
        """Injects whose `at` has passed fall due (rules.falling_due). Returns what
        refresh() would, and the events the tick itself wrote, in seq order."""
        if self._batch is None and not self.readonly:
            self._catch_up()
            self._unseen += self._suspended()
            self._heartbeat()
        if rules.falling_due(self.state, self.state.clock_at(self.now())):  # else no write lock taken
            self._unseen += self._write(rules.falling_due)
        new, self._unseen = self._unseen, []
        return new

    def _suspended(self) -> list[Event]:
        """A console that stops ticking for longer than max_tick_gap (a laptop lid closed
        with the console open, a process stopped) was not running the exercise: the clock
        goes on from where it stood at the last tick."""
        wall = self.now()
        last, self._last_tick = self._last_tick, wall
        limit = self.max_tick_gap
        state = self.state
        if (limit is None or last is None or not state.started or state.ended or not state.running
                or (wall - last).total_seconds() <= limit):
            return []
        gap = round((wall - last).total_seconds(), 3)
        return self._write(lambda s, c: rules.opened(s, resumed=True, gap=gap), clock=state.clock_at(last))

    def _heartbeat(self) -> None:
        """Note where the clock stands (outside the event log) every few seconds,
        so a resume after a crash goes on from there rather than from the last event."""
        wall = self.now()
        if self._heartbeat_wall is not None and (wall - self._heartbeat_wall).total_seconds() < HEARTBEAT_EVERY_S:
            return
        self._heartbeat_wall = wall
        state = self.state
        if not state.started or state.ended or not state.running:
            return
        beat = {"seq": state.last_seq, "clock": state.clock_at(wall), "wall": wall_text(wall)}
        with contextlib.suppress(SessionFileError):
            self.store.set_meta("heartbeat", json.dumps(beat))

    # ---- commands: each one rule (rules.py) through the write path ------------------------
    def _one(self, rule: Callable[..., rules.Built], *args: Any) -> Event:
        return self._write(lambda s, c: rule(s, *args))[0]

    def pause(self) -> Event:
        return self._one(rules.pause)

    def resume(self) -> Event:
        return self._one(rules.resume)

    def halt(self, text: str = rules.REAL_WORLD_WORDS) -> Event:
        return self._one(rules.halt, text)

    def set_speed(self, speed: float) -> Event:
        return self._one(rules.set_speed, speed)

    def set_auto(self, on: bool) -> Event:
        return self._one(rules.set_auto, on)

    def start_move(self, move_id: str | None = None) -> list[Event]:
        return self._write(lambda s, c: rules.start_move(s, move_id))

    def end(self) -> list[Event]:
        return self._write(lambda s, c: rules.end(s))

    def fall_due(self, inject_id: str, *, release: bool | None = None) -> Event:
        return self._one(rules.fall_due, inject_id, release)

    def release(self, inject_id: str, *, force: bool = False) -> Event:
        return self._one(rules.release, inject_id, force)

    def hold(self, inject_id: str) -> Event:
        return self._one(rules.hold, inject_id)

    def skip(self, inject_id: str) -> Event:
        return self._one(rules.skip, inject_id)

    def record_decision(self, inject_id: str, cell: str, option: str | None, rationale: str = "",
                        *, revise: bool = False, statement: str = "") -> Event:
        return self._one(rules.record_decision, inject_id, cell, option, rationale, revise, statement)

    def share_decision(self, inject_id: str, cell: str, to: Iterable[str] | None = None) -> Event:
        return self._one(rules.share_decision, inject_id, cell, to)

    def add_note(self, text: str, *, kind: str = "observation", objective: str | None = None,
                 rating: str | None = None, cell: str | None = None) -> Event:
        return self._one(rules.add_note, text, kind, objective, rating, cell)

    def add_hotwash(self, kind: str, text: str, **fields: str | None) -> Event:
        return self._one(rules.add_hotwash, kind, text, fields)

    def withdraw_hotwash(self, item: int) -> Event:
        return self._one(rules.withdraw_hotwash, item)

    # ---- the room talks back (talk.py) ------------------------------------------------------
    def send_request(self, cell: str, text: str, *, inject: str | None = None) -> Event:
        return self._one(talk.send_request, cell, text, inject)

    def answer_request(self, rfi: str, text: str, *, to: Iterable[str] | None = None) -> Event:
        return self._one(talk.answer_request, rfi, text, to)

    def decline_request(self, rfi: str, text: str = "") -> Event:
        return self._one(talk.decline_request, rfi, text)

    def send_message(self, sender: str, to: Iterable[str] | str, text: str, *, inject: str | None = None) -> Event:
        return self._one(talk.send_message, sender, to, text, inject)

    def add_log(self, text: str, *, speaker: str | None = None, cell: str | None = None) -> Event:
        return self._one(talk.add_log, text, speaker, cell)

    # ---- live control of the MSEL (live.py) -----------------------------------------------------
    def write_inject(self, title: str, **fields: Any) -> list[Event]:
        """A new inject (live.write: body, to, channel, from_, at, move, decision, inject_id, release)."""
        return self._write(lambda s, c: live.write(s, c, title=title, **fields))

    def retime(self, inject_id: str, at: int | str) -> Event:
        return self._one(live.retime, inject_id, at)

    def redirect(self, inject_id: str, to: Iterable[str] | str) -> Event:
        return self._one(live.redirect, inject_id, to)

    def correct(self, inject_id: str, body: str, *, title: str | None = None) -> list[Event]:
        return self._write(lambda s, c: live.correct(s, c, inject_id, body, title))

    def recall(self, inject_id: str, text: str = "") -> Event:
        return self._one(live.recall, inject_id, text)


def _aware(wall: datetime) -> datetime:
    if not isinstance(wall, datetime) or wall.tzinfo is None:
        raise TypeError(f"now() must return a timezone-aware datetime, not {wall!r}")
    return wall
