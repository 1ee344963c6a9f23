"""Rehearsal: run a scenario headless at virtual time with scripted decisions.

The contract ("Rehearsal script"): each move starts at once and ends at the
later of its planned_minutes and its last `at`; injects fall due in `at`
order, file order on ties; a `when` is evaluated when its inject falls due; a
scripted decision is recorded as soon as its inject is released (`all` =
every deciding cell, a named cell beside it wins); contingency injects are
released only when listed under `release:`, at their `at`; a note
`at: <inject>` is recorded right after that inject's release; requests,
messages, control's log and live changes to the MSEL come at their points too
(script_talk.py), and an inject written by a script falls due like any other.
The script is read and checked, before anything runs, by ttx.scenario.script.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

from ttx.engine import script_talk
from ttx.engine.clock import VirtualTime, utcnow
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus, State
from ttx.engine.store import bulk
from ttx.scenario import times
from ttx.scenario.model import Inject, Scenario
from ttx.scenario.script import Script, ScriptNote


@dataclass
class Rehearsal:
    scenario: Scenario
    script: Script
    path: Path
    released: list[str]
    not_triggered: list[str]
    decisions: int
    open_decisions: list[tuple[str, str]]
    branches: list[tuple[str, str]]          # (inject with a `when`, released | not_triggered | ...)
    failures: list[str]                      # expectations that did not hold
    skipped_notes: list[str]
    events: int
    clock: float

    @property
    def ok(self) -> bool:
        return not self.failures


def rehearse(scenario: Scenario, script: Script | None = None, *, path: Path | None = None,
             sessions_dir: Path | None = None, start: datetime | None = None) -> Rehearsal:
    """Run the whole scenario at virtual time and write a real session file."""
    script = script or Script()
    vt = VirtualTime(start or utcnow().replace(microsecond=0))
    session = Session.create(scenario, path, sessions_dir=sessions_dir, now=vt, durable=False,
                             meta={"kind": "rehearsal", "script": script.path})
    notes_at: dict[str, list[ScriptNote]] = {}
    for note in script.notes:
        notes_at.setdefault(note.at or "", []).append(note)
    skipped_notes: list[str] = []
    hooks = script_talk.Hooks(script.talk, skipped_notes)
    try:
        with session.batch(), bulk():
            session.set_auto(True)  # injects release as they fall due
            for move in scenario.moves:
                session.start_move(move.id)
                t0 = vt.wall
                for inject in _falling_due(session, move.id):
                    vt.set(max(vt.wall, t0 + timedelta(minutes=inject.at)))  # a retime may look back
                    if session.state.status[inject.id] is InjectStatus.RELEASED:
                        pass  # a correction: released as it was written
                    elif inject.contingency:
                        if inject.id not in script.release:
                            continue
                        session.release(inject.id)
                    else:
                        session.fall_due(inject.id, release=True)
                    released = session.state.status[inject.id] is InjectStatus.RELEASED
                    scripted = script.decisions.get(inject.id, {})
                    if released:
                        for cell, (option, rationale, statement) in scripted.items():
                            session.record_decision(inject.id, cell, option, rationale, statement=statement)
                    elif scripted:
                        skipped_notes.append(f"decisions on {inject.id} not recorded: {inject.id} was "
                                             f"{session.state.status[inject.id].value.replace('_', ' ')}")
                    for note in notes_at.get(inject.id, ()):
                        if released:
                            session.add_note(note.text, kind=note.kind, objective=note.objective,
                                             rating=note.rating, cell=note.cell)
                        else:
                            skipped_notes.append(f"note at {inject.id} (line {note.line}) not recorded: "
                                                 f"{inject.id} was {session.state.status[inject.id].value}")
                    if released:
                        hooks.run(session, inject.id)
                    else:
                        hooks.not_reached(inject.id, session.state.status[inject.id].value.replace("_", " "))
                for inject in move.injects:
                    if inject.contingency and inject.id not in script.release and inject.id in script.decisions:
                        skipped_notes.append(f"decisions on {inject.id} not recorded: a contingency inject "
                                             "not listed under release")
                vt.set(max(vt.wall, t0 + timedelta(minutes=move.run_minutes)))
            for note in notes_at.get("", ()):
                session.add_note(note.text, kind=note.kind, objective=note.objective,
                                 rating=note.rating, cell=note.cell)
            hooks.run(session, None)
            session.end()
        state = session.state
        events = len(session.events)
    finally:
        session.close()
    released_ids = state.released_injects()
    status = state.status
    failures = []
    for inject_id, line in script.expect_released:
        if status.get(inject_id) is not InjectStatus.RELEASED:
            failures.append(f"{script.path}:{line}: {inject_id} was expected released, "
                            f"but it was {_status_text(state, inject_id)}")
    for inject_id, line in script.expect_not_triggered:
        if status.get(inject_id) is not InjectStatus.NOT_TRIGGERED:
            failures.append(f"{script.path}:{line}: {inject_id} was expected not triggered, "
                            f"but it was {_status_text(state, inject_id)}")
    branches = [(i.id, status[i.id].value) for m in scenario.moves for i in m.injects if i.when is not None]
    return Rehearsal(
        scenario=scenario, script=script, path=session.path,
        released=released_ids,
        not_triggered=[i for i, s in status.items() if s is InjectStatus.NOT_TRIGGERED],
        decisions=sum(len(v) for v in state.decisions.values()),
        open_decisions=state.open_decisions(),
        branches=branches, failures=failures, skipped_notes=skipped_notes,
        events=events, clock=state.last_clock,
    )


def _falling_due(session: Session, move_id: str) -> Iterator[Inject]:
    """The move's injects in the order they fall due, each once, as the schedule stands when
    the last one was done (live changes may have written, retimed or corrected some)."""
    done: set[str] = set()
    schedule, at = session.state.schedule(move_id), 0
    while True:
        now = session.state.schedule(move_id)
        if now is not schedule:  # changed: look again from the start (done ones are passed over)
            schedule, at = now, 0
        while at < len(schedule) and schedule[at].id in done:
            at += 1
        if at == len(schedule):
            return
        done.add(schedule[at].id)
        yield schedule[at]


def _status_text(state: State, inject_id: str) -> str:
    status, inject = state.status.get(inject_id), state.inject_by_id.get(inject_id)
    if status is None or inject is None:
        return "never written (the script's change was not made)"
    if status is InjectStatus.PENDING and inject.contingency:
        return "not released (a contingency inject not listed under release)"
    return status.value.replace("_", " ")


def summary(result: Rehearsal) -> str:
    """The text `ttx rehearse` prints."""
    s = result.scenario
    lines = [f"rehearsal {result.script.name} of {s.id}: {'ok' if result.ok else 'FAILED'}",
             f"  session:       {result.path}",
             f"  events:        {result.events}; exercise time {times.clock(result.clock)}",
             f"  released:      {len(result.released)}: {', '.join(result.released) or '-'}",
             f"  not triggered: {len(result.not_triggered)}: {', '.join(result.not_triggered) or '-'}",
             f"  decisions:     {result.decisions} recorded, {len(result.open_decisions)} left open"
             + (": " + ", ".join(f"{i}/{c}" for i, c in result.open_decisions) if result.open_decisions else "")]
    if result.branches:
        taken = [f"{i} {st.replace('_', ' ')}" for i, st in result.branches]
        lines.append(f"  branch taken:  {'; '.join(taken)}")
    for note in result.skipped_notes:
        lines.append(f"  warning: {note}")
    checks = len(result.script.expect_released) + len(result.script.expect_not_triggered)
    if checks:
        lines.append(f"  expect:        {checks - len(result.failures)}/{checks} held")
    for failure in result.failures:
        lines.append(f"  {failure}")
    return "\n".join(lines)
