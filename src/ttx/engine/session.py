"""A running exercise: commands in, events out, state = fold(events).

Every command runs in one BEGIN IMMEDIATE transaction on the session file:
read the events other processes appended since our last one, fold them,
check the command against that fresh state, append its events with
seq = last + 1, COMMIT (synchronous=FULL in a live session) — and only then
return. So an acknowledged act is on disk, and two consoles can never both
release one inject or record conflicting moves.

Time comes from the injected `now()`; the exercise clock is a function of the
clock events (see state.py). Time while no console has the session open is
not exercise time: on open, a `session_opened` event re-bases the clock at
where it last stood (the last event or the last heartbeat, whichever is
later), so auto mode never fires a burst of injects after a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import ttx
from ttx.engine import events as ev
from ttx.engine.clock import MAX_SPEED, MIN_SPEED, Now, utcnow
from ttx.engine.errors import CommandError, SessionFileError
from ttx.engine.events import Event, wall_text
from ttx.engine.state import InjectStatus, State, fold
from ttx.engine.store import Store, encode
from ttx.scenario.model import Inject, Scenario, scenario_from_text, scenario_text
from ttx.scenario.vocabulary import HOTWASH_FIELD_NAMES, HOTWASH_KINDS, NOTE_KINDS, RATINGS

__all__ = ["Session", "CommandError", "SessionFileError", "session_filename", "format_clock"]

HEARTBEAT_EVERY_S = 5.0
REAL_WORLD_WORDS = "This is a real-world emergency. Exercise play is halted."
MAX_TICK_GAP_S = 30.0  # a ticking console silent this long was suspended, not running the exercise

Built = list[tuple[str, dict[str, Any]]]

try:  # POSIX advisory locks tell whether another console has the session open
    import fcntl
except ImportError:  # pragma: no cover - Windows: every open counts as a resume
    fcntl = None  # type: ignore[assignment]


def format_clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def session_filename(scenario_id: str, wall: datetime) -> str:
    return f"{scenario_id}-{wall.astimezone(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.ttx"


def scenario_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Presence:
    """A shared flock on `<session>-lock` held while a console has the session open.
    Whoever can take it exclusively is alone: nobody kept the clock running.

    The last console to leave removes the file: on close it takes the lock
    exclusively (without waiting) and unlinks it only if it got it. A console
    opening meanwhile may hold the old, unlinked file: once its lock is taken it
    checks that the path still names that file, and starts over if not, so two
    consoles never hold locks on two different files."""

    def __init__(self, path: Path) -> None:
        self.path = Path(str(path) + "-lock")
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Hold the shared lock; True if no other process held it (a resume)."""
        if fcntl is None:
            return True
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            except OSError:
                return True  # a read-only folder: treat as alone
            alone = True
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                alone = False
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False  # unlinked by a console that left
            if same:
                self.fd = fd
                return alone
            os.close(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # another console still has the session open: the file stays
        else:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        finally:
            os.close(fd)  # closing drops the flock

    @staticmethod
    def held_by_someone(path: Path) -> bool:
        """Is a console holding this session open right now?"""
        if fcntl is None:
            return False
        lock = Path(str(path) + "-lock")
        if not lock.exists():
            return False
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        except OSError:
            return True
        finally:
            os.close(fd)


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
        self._batch: list[Event] | None = None
        self._presence = _Presence(store.path)
        self._heartbeat_wall: datetime | None = None
        self._closed = False
        self._last_tick: datetime | None = None
        # Suspension detection only against the real clock: with an injected now(), tests
        # and rehearsals jump time on purpose. Set it to seconds (or None) to choose.
        self.max_tick_gap: float | None = MAX_TICK_GAP_S if now is utcnow else None
        self._deciders: dict[str, tuple[Inject, frozenset[str], frozenset[str | None]]] = {}
        self._recipients: dict[str, tuple[str, ...]] = {}

    # ---- opening and closing --------------------------------------------------
    @classmethod
    def create(cls, scenario: Scenario, path: Path | None = None, *, sessions_dir: Path | None = None,
               now: Now = utcnow, durable: bool = True, meta: dict[str, str] | None = None) -> "Session":
        """Start a new run in a new session file (`<scenario-id>-<UTC timestamp>.ttx`
        under sessions_dir, by default the workspace's sessions/)."""
        wall = _aware(now())
        if path is None:
            if sessions_dir is None:
                from ttx.workspace import Workspace

                sessions_dir = Workspace.find().sessions_dir
            path = _free_name(Path(sessions_dir), session_filename(scenario.id, wall))
        text = scenario_text(scenario)
        sha = scenario_sha256(text)
        meta = {
            "scenario_id": scenario.id,
            "scenario_text": text,
            "scenario_sha256": sha,
            "created": wall_text(wall),
            "ttx_version": getattr(ttx, "__version__", "0"),
            "kind": "live",
            **(meta or {}),
        }
        started = Event(1, ev.SESSION_STARTED, wall, 0.0, {
            "scenario": scenario.id, "scenario_sha256": sha, "auto": False, "speed": 1.0})
        store = Store.create(Path(path), meta, [started], durable=durable)
        session = cls(store, scenario, now=now)
        session._presence.acquire()
        session.state.apply(started)
        session.events.append(started)
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
            text = meta.get("scenario_text")
            if text is None:
                raise SessionFileError(f"{path}: the session file holds no scenario")
            if meta.get("scenario_sha256") not in (None, scenario_sha256(text)):
                raise SessionFileError(f"{path}: the stored scenario does not match its sha256: the file is damaged")
            try:
                scenario = scenario_from_text(text)
            except ValueError as exc:
                raise SessionFileError(f"{path}: the stored scenario cannot be read ({exc})") from None
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
        session._last_tick = session.now()
        return session

    def _join(self, alone: bool, heartbeat: str | None) -> None:
        if not alone:  # another console kept the clock running: carry on from now
            self._command(lambda s, w, c: [(ev.SESSION_OPENED, {"resumed": False})])
            return
        stood = self.state.last_clock
        if heartbeat:
            try:
                beat = json.loads(heartbeat)
                if beat.get("seq", 0) >= self.state.last_seq:
                    stood = max(stood, float(beat["clock"]))
            except (ValueError, KeyError, TypeError):
                pass
        self._command(lambda s, w, c: [(ev.SESSION_OPENED, {"resumed": True})], clock=stood)

    def close(self) -> None:
        if self._closed:
            return
        try:
            if self._batch is not None:
                self._flush_batch()
            if not self.readonly and self.state.started and not self.state.ended:
                with contextlib.suppress(SessionFileError):
                    self._command(lambda s, w, c: [(ev.SESSION_CLOSED, {})])
        finally:
            self._closed = True
            self._presence.release()
            self.store.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the write path ------------------------------------------------------------
    def _catch_up(self) -> list[Event]:
        new = self.store.read_since(self.state.last_seq)
        apply = self.state.apply
        for event in new:
            apply(event)
        self.events.extend(new)
        return new

    def refresh(self) -> list[Event]:
        """Fold the events other processes appended since our last one."""
        if self._batch is not None:
            return []
        return self._catch_up()

    def _command(self, build: Callable[[State, datetime, float], Built], *, clock: float | None = None) -> list[Event]:
        """Check a command against the latest state and append its events, durably."""
        batch = self._batch
        if batch is not None:  # the rehearsal's fast path: we hold the write lock already
            state = self.state
            wall = self.now()
            last = state.last_wall
            if last is not None and wall < last:
                wall = last
            if clock is None:
                clock = state.clock_at(wall)
            seq = state.last_seq
            new = []
            apply = state.apply
            for type_, data in build(state, wall, clock):
                seq += 1
                event = Event(seq, type_, wall, clock, data)
                new.append(event)
            for event in new:
                apply(event)
            self.events += new
            batch += new
            return new
        if self._closed:
            raise CommandError("the session is closed")
        if self.readonly:
            raise CommandError("the session is open read-only")
        if batch is None:
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
            built = build(state, wall, clock)
            seq = state.last_seq
            new = []
            for type_, data in built:
                seq += 1
                new.append(Event(seq, type_, wall, clock, data))
            self.store.insert(new)
            self.store.commit()
        except BaseException:
            if batch is None:
                self.store.rollback()
            raise
        apply = state.apply
        for event in new:
            apply(event)
        self.events.extend(new)
        if batch is not None:
            batch.extend(new)
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

    # ---- queries ---------------------------------------------------------------------
    def clock(self) -> float:
        """Exercise seconds now."""
        return self.state.clock_at(self.now())

    def move_elapsed(self) -> float:
        return self.state.move_elapsed(self.now())

    def cell_view(self, cell: str) -> "CellView":
        from ttx.engine.cellview import build_cell_view

        return build_cell_view(self.state, cell, self.clock())

    def room_view(self) -> "CellView":
        """What every player cell may see: the room's screen (see cellview.ROOM)."""
        from ttx.engine.cellview import build_room_view

        return build_room_view(self.state, self.clock())

    def _inject(self, inject_id: str) -> Inject:
        inject = self.scenario.inject_by_id.get(inject_id)
        if inject is None:
            raise CommandError(f"no inject {inject_id!r} in scenario {self.scenario.id}")
        return inject

    @staticmethod
    def _live(state: State) -> None:
        if not state.started:
            raise CommandError("the session has not started")
        if state.ended:
            raise CommandError("the session has ended")

    # ---- the clock -----------------------------------------------------------------
    def tick(self) -> list[Event]:
        """Injects whose `at` has passed fall due: auto mode releases them, manual mode
        marks them due; a false `when` records them as not triggered."""
        gap: list[Event] = []
        if self._batch is None and not self.readonly:
            self._catch_up()
            gap = self._suspended()
            self._heartbeat()
        if not self._falling_due(self.state, self.state.clock_at(self.now())):
            return gap  # nothing to do: no write lock taken
        return gap + self._command(lambda s, w, c: self._falling_due(s, c))

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
        stood = state.clock_at(last)
        gap = round((wall - last).total_seconds(), 3)
        return self._command(lambda s, w, c: [(ev.SESSION_OPENED, {"resumed": True, "gap": gap})]
                             if s.running and not s.ended else [], clock=stood)

    def _falling_due(self, state: State, clock: float) -> Built:
        if not state.started or state.ended or state.move is None or not state.running:
            return []
        move = state.move
        elapsed = clock - state.move_started_clock[move]
        out: Built = []
        status = state.status
        if state.auto:
            for inject_id in state.due_injects():
                out.append(self._release_event(inject_id, manual=False))
        for at, inject in self._schedule(move):
            if at > elapsed:
                break
            if status[inject.id] is not InjectStatus.PENDING or inject.contingency:
                continue
            if inject.when is not None and not state.condition_holds(inject.when):
                out.append((ev.INJECT_NOT_TRIGGERED, {"inject": inject.id}))
            elif state.auto:
                out.append(self._release_event(inject.id, manual=False))
            else:
                out.append((ev.INJECT_DUE, {"inject": inject.id}))
        return out

    def fall_due(self, inject_id: str, *, release: bool | None = None) -> Event:
        """One pending inject falls due now, whatever the clock says (rehearsals):
        a false `when` records it as not triggered; otherwise it is released
        (auto mode, or release=True) or marked due."""
        inject = self._inject(inject_id)

        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            status = s.status[inject_id]
            if status is not InjectStatus.PENDING:
                raise CommandError(f"{inject_id} cannot fall due: it is {status.value.replace('_', ' ')}")
            if inject.when is not None and not s.condition_holds(inject.when):
                return [(ev.INJECT_NOT_TRIGGERED, {"inject": inject_id})]
            if release or (release is None and s.auto):
                return [self._release_event(inject_id, manual=False)]
            return [(ev.INJECT_DUE, {"inject": inject_id})]
        return self._command(build)[0]

    def _schedule(self, move_id: str) -> list[tuple[float, Inject]]:
        """A move's injects in due order: by `at`, file order on ties."""
        cache = self.__dict__.setdefault("_schedules", {})
        schedule = cache.get(move_id)
        if schedule is None:
            schedule = cache[move_id] = [(i.at * 60.0, i) for i in self.scenario.move_by_id[move_id].schedule]
        return schedule

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

    def pause(self) -> Event:
        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            if not s.running:
                raise CommandError("the clock is already paused")
            return [(ev.CLOCK_PAUSED, {})]
        return self._command(build)[0]

    def halt(self, text: str = REAL_WORLD_WORDS) -> Event:
        """A real-world stop: play halts at once, every console says so; `resume` lifts it."""
        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            return [(ev.REAL_WORLD_STOP, {"text": text.strip() or REAL_WORLD_WORDS})]
        return self._command(build)[0]

    def resume(self) -> Event:
        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            if s.running:
                raise CommandError("the clock is already running")
            return [(ev.CLOCK_RESUMED, {})]
        return self._command(build)[0]

    def set_speed(self, speed: float) -> Event:
        try:
            speed = float(speed)
        except (TypeError, ValueError):
            raise CommandError(f"speed must be a number from {MIN_SPEED:g} to {MAX_SPEED:g}") from None
        if not MIN_SPEED <= speed <= MAX_SPEED:
            raise CommandError(f"speed {speed:g}x is out of range: {MIN_SPEED:g}x to {MAX_SPEED:g}x")

        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            return [(ev.CLOCK_SPEED_SET, {"speed": speed})]
        return self._command(build)[0]

    def set_auto(self, on: bool) -> Event:
        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            return [(ev.AUTO_SET, {"auto": bool(on)})]
        return self._command(build)[0]

    # ---- moves -------------------------------------------------------------------
    def _settle(self, s: State, move_id: str) -> Built:
        """What moving on records for a move's injects still waiting: not triggered when
        their condition is false, skipped otherwise (unreleased contingency injects leave
        no event)."""
        out: Built = []
        for _, inject in self._schedule(move_id):
            status = s.status[inject.id]
            if status is InjectStatus.PENDING:
                if inject.contingency:
                    continue
                if inject.when is not None and not s.condition_holds(inject.when):
                    out.append((ev.INJECT_NOT_TRIGGERED, {"inject": inject.id}))
                else:
                    out.append((ev.INJECT_SKIPPED, {"inject": inject.id}))
            elif status in (InjectStatus.DUE, InjectStatus.HELD):
                out.append((ev.INJECT_SKIPPED, {"inject": inject.id}))
        return out

    def _closing(self, s: State) -> Built:
        """Moving on: the current move's waiting injects are settled and the move ends."""
        if s.move is None:
            return []
        return self._settle(s, s.move) + [(ev.MOVE_ENDED, {"move": s.move})]

    def start_move(self, move_id: str | None = None) -> list[Event]:
        """Start a move (the next one by default), ending the current one.

        Jumping ahead passes over the moves between: their waiting injects are
        settled as if each had been moved on from (skipped, or not triggered),
        but they get no move_started/move_ended, since they were never run (nor
        briefed): the report shows them as not run, their injects as skipped.

        Starting a move is starting play: a stopped clock (before the first
        move, or paused between moves) resumes with it, as an explicit
        clock_resumed, unless a real-world stop is in force."""
        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            target = move_id
            if target is None:
                target = s.next_move()
                if target is None:
                    raise CommandError(f"{s.move or 'the last move'} is the last move: end the session instead")
            elif target not in self.scenario.move_by_id:
                known = ", ".join(m.id for m in self.scenario.moves)
                raise CommandError(f"no move {target!r} in scenario {self.scenario.id} (moves: {known})")
            if target in s.move_started_clock:
                raise CommandError(f"move {target} has already been run")
            out = self._closing(s)
            for move in self.scenario.moves:
                if move.id == target:
                    break
                if move.id not in s.move_started_clock:  # passed over
                    out += self._settle(s, move.id)
            out.append((ev.MOVE_STARTED, {"move": target}))
            if not s.running and s.halt is None:
                out.append((ev.CLOCK_RESUMED, {}))
            return out
        return self._command(build)

    def end(self) -> list[Event]:
        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            return self._closing(s) + [(ev.SESSION_ENDED, {})]
        return self._command(build)

    # ---- injects -------------------------------------------------------------------
    def _release_event(self, inject_id: str, *, manual: bool) -> tuple[str, dict[str, Any]]:
        to = self._recipients.get(inject_id)
        if to is None:
            to = self._recipients[inject_id] = self.scenario.recipients(self.scenario.inject_by_id[inject_id])
        return (ev.INJECT_RELEASED, {"inject": inject_id, "to": list(to), "manual": manual})

    def release(self, inject_id: str, *, force: bool = False) -> Event:
        """Release an inject by hand: early, when due, after a hold, or a contingency inject.
        A not-triggered or skipped inject, or one of another move, needs force=True."""
        inject = self._inject(inject_id)

        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            status = s.status[inject_id]
            if status is InjectStatus.RELEASED:
                raise CommandError(f"{inject_id} was already released (at {format_clock(s.released_clock[inject_id])})")
            if not force:
                if status is InjectStatus.NOT_TRIGGERED:
                    raise CommandError(f"{inject_id} was not triggered (its condition does not hold): "
                                       "release it anyway with force")
                if status is InjectStatus.SKIPPED:
                    raise CommandError(f"{inject_id} was skipped: release it anyway with force")
                move = self.scenario.move_of[inject_id]
                if s.move is None:
                    raise CommandError(f"no move is running: start {move} to release {inject_id}")
                if move != s.move:
                    raise CommandError(f"{inject_id} belongs to move {move}, not the current move {s.move}: "
                                       "release it anyway with force")
            return [self._release_event(inject.id, manual=True)]
        return self._command(build)[0]

    def hold(self, inject_id: str) -> Event:
        self._inject(inject_id)

        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            status = s.status[inject_id]
            if status not in (InjectStatus.PENDING, InjectStatus.DUE):
                raise CommandError(f"{inject_id} cannot be held: it is {status.value.replace('_', ' ')}")
            return [(ev.INJECT_HELD, {"inject": inject_id})]
        return self._command(build)[0]

    def skip(self, inject_id: str) -> Event:
        self._inject(inject_id)

        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            status = s.status[inject_id]
            if status not in (InjectStatus.PENDING, InjectStatus.DUE, InjectStatus.HELD):
                raise CommandError(f"{inject_id} cannot be skipped: it is {status.value.replace('_', ' ')}")
            return [(ev.INJECT_SKIPPED, {"inject": inject_id})]
        return self._command(build)[0]

    # ---- decisions -------------------------------------------------------------------
    def check_decision(self, inject_id: str, cell: str, option: str | None) -> Inject:
        """The static part of a decision's check (no state needed)."""
        cached = self._deciders.get(inject_id)
        if cached is not None and cell in cached[1] and option in cached[2]:
            return cached[0]  # the common case, checked once per inject
        inject = self._inject(inject_id)
        decision = inject.decision
        if decision is None:
            raise CommandError(f"{inject_id} asks for no decision")
        if cell not in self.scenario.cell_by_id:
            raise CommandError(f"no cell {cell!r} in scenario {self.scenario.id}")
        deciding = self.scenario.deciding_cells(inject)
        ids = [o.id for o in decision.options]
        self._deciders[inject_id] = (inject, frozenset(deciding), frozenset(ids) if ids else frozenset([None]))
        if cell not in deciding:
            raise CommandError(f"{cell} does not decide on {inject_id} (deciding cells: {', '.join(deciding)})")
        if ids:
            if option not in ids:
                raise CommandError(f"{inject_id} has no option {option!r} (options: {', '.join(ids)})")
        elif option is not None:
            raise CommandError(f"{inject_id} has no options: record the decision as text, without an option")
        return inject

    def record_decision(self, inject_id: str, cell: str, option: str | None, rationale: str = "") -> Event:
        self.check_decision(inject_id, cell, option)
        rationale = rationale or ""

        def build(s: State, w: datetime, c: float) -> Built:
            self._live(s)
            if s.status[inject_id] is not InjectStatus.RELEASED:
                raise CommandError(f"{inject_id} has not been released: no decision can be taken on it yet")
            return [(ev.DECISION_RECORDED, {"inject": inject_id, "cell": cell, "option": option,
                                            "rationale": rationale})]
        return self._command(build)[0]

    def share_decision(self, inject_id: str, cell: str, to: Iterable[str] | None = None) -> Event:
        """Share `cell`'s decision on an inject with the cells `to` (default: every player
        cell). They see its prompt, option and rationale, never the inject itself.
        Sharing again with more cells adds them; the event names only the new ones."""
        self._inject(inject_id)
        if to is None:
            wanted = list(self.scenario.player_cells)
        else:
            wanted = [to] if isinstance(to, str) else list(to)
            unknown = [c for c in wanted if c not in self.scenario.cell_by_id]
            if unknown:
                raise CommandError(f"no cell {unknown[0]!r} in scenario {self.scenario.id}")
        wanted = list(dict.fromkeys(c for c in wanted if c != cell))
        if not wanted:
            raise CommandError(f"no cell to share {cell}'s decision on {inject_id} with")

        def build(s: State, w: datetime, c: float) -> Built:
            if not s.started:
                raise CommandError("the session has not started")
            if cell not in s.decisions.get(inject_id, {}):
                raise CommandError(f"{cell} has recorded no decision on {inject_id}")
            already = s.shared_with(inject_id, cell)
            new = [c for c in wanted if c not in already]
            if not new:
                raise CommandError(f"{cell}'s decision on {inject_id} is already shared "
                                   f"with {', '.join(wanted)}")
            return [(ev.DECISION_SHARED, {"inject": inject_id, "cell": cell, "to": new})]
        return self._command(build)[0]

    # ---- notes and the hot wash ----------------------------------------------------------
    def _check_objective(self, objective: str | None) -> None:
        if objective is not None and objective not in self.scenario.objective_by_id:
            known = ", ".join(self.scenario.objective_by_id) or "none"
            raise CommandError(f"no objective {objective!r} in scenario {self.scenario.id} (objectives: {known})")

    def add_note(self, text: str, *, kind: str = "observation", objective: str | None = None,
                 rating: str | None = None, cell: str | None = None) -> Event:
        if not text or not text.strip():
            raise CommandError("a note needs text")
        if kind not in NOTE_KINDS:
            raise CommandError(f"note kind {kind!r} is not one of {', '.join(NOTE_KINDS)}")
        if rating is not None and rating not in RATINGS:
            raise CommandError(f"rating {rating!r} is not one of {', '.join(RATINGS)}")
        self._check_objective(objective)
        if cell is not None and cell not in self.scenario.cell_by_id:
            raise CommandError(f"no cell {cell!r} in scenario {self.scenario.id}")

        def build(s: State, w: datetime, c: float) -> Built:
            if not s.started:
                raise CommandError("the session has not started")
            return [(ev.NOTE_ADDED, {"text": text, "kind": kind, "objective": objective,
                                     "rating": rating, "cell": cell})]
        return self._command(build)[0]

    def add_hotwash(self, kind: str, text: str, **fields: str | None) -> Event:
        if kind not in HOTWASH_KINDS:
            raise CommandError(f"hot-wash item kind {kind!r} is not one of {', '.join(HOTWASH_KINDS)}")
        if not text or not text.strip():
            raise CommandError("a hot-wash item needs text")
        unknown = sorted(set(fields) - set(HOTWASH_FIELD_NAMES))
        if unknown:
            raise CommandError(f"unknown hot-wash field(s): {', '.join(unknown)} "
                               f"(known: {', '.join(HOTWASH_FIELD_NAMES)})")
        self._check_objective(fields.get("objective"))
        data = {"kind": kind, "text": text, **{k: fields.get(k) for k in HOTWASH_FIELD_NAMES}}

        def build(s: State, w: datetime, c: float) -> Built:
            if not s.started:
                raise CommandError("the session has not started")
            return [(ev.HOTWASH_ITEM, data)]
        return self._command(build)[0]

    def withdraw_hotwash(self, item: int) -> Event:
        """Strike a hot-wash item (by its seq): the log keeps both, the report shows neither."""
        def build(s: State, w: datetime, c: float) -> Built:
            if not any(h.seq == item for h in s.hotwash):
                raise CommandError(f"no hot-wash item {item} to withdraw")
            return [(ev.HOTWASH_WITHDRAWN, {"item": item})]
        return self._command(build)[0]


def _aware(wall: datetime) -> datetime:
    if not isinstance(wall, datetime) or wall.tzinfo is None:
        raise TypeError(f"now() must return a timezone-aware datetime, not {wall!r}")
    return wall


def _free_name(folder: Path, name: str) -> Path:
    path = folder / name
    n = 2
    while path.exists():
        path = folder / name.replace(".ttx", f"-{n}.ttx")
        n += 1
    return path


from ttx.engine.cellview import CellView  # noqa: E402  (for type hints and re-export)


def session_status(path: Path) -> dict[str, Any]:
    """What `ttx sessions` shows of one file (read-only, nothing decoded)."""
    store = Store.open(path, readonly=True)
    try:
        meta = store.meta()
        count, first, ended = store.summary()
    finally:
        store.close()
    if ended:
        status = "ended"
    elif _Presence.held_by_someone(path):
        status = "live"
    else:
        status = "stopped (resumable)"
    started = datetime.fromisoformat(first).strftime("%Y-%m-%d %H:%M:%S") if first else "-"
    return {"scenario": meta.get("scenario_id", "?"), "started": started, "kind": meta.get("kind", "live"),
            "status": status, "events": count}
