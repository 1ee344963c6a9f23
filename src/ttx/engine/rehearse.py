"""Rehearsal: run a scenario headless at virtual time with scripted decisions.

The contract ("Rehearsal script"): each move starts at once and ends at the
later of its planned_minutes and its last `at`; injects fall due in `at`
order, file order on ties; a `when` is evaluated when its inject falls due; a
scripted decision is recorded as soon as its inject is released (`all` =
every deciding cell, a named cell beside it wins); contingency injects are
released only when listed under `release:`, at their `at`; a note
`at: <inject>` is recorded right after that inject's release. The script
is read and checked, before anything runs, by ttx.scenario.script.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from ttx.engine.clock import VirtualTime, utcnow
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus
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
    try:
        with session.batch(), bulk():
            session.set_auto(True)  # injects release as they fall due
            for move in scenario.moves:
                session.start_move(move.id)
                t0 = vt.wall
                for inject in move.schedule:
                    vt.set(t0 + timedelta(minutes=inject.at))
                    if inject.contingency:
                        if inject.id not in script.release:
                            continue
                        session.release(inject.id)
                    else:
                        session.fall_due(inject.id, release=True)
                    released = session.state.status[inject.id] is InjectStatus.RELEASED
                    scripted = script.decisions.get(inject.id, {})
                    if released:
                        for cell, (option, rationale) in scripted.items():
                            session.record_decision(inject.id, cell, option, rationale)
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
                for inject in move.injects:
                    if inject.contingency and inject.id not in script.release and inject.id in script.decisions:
                        skipped_notes.append(f"decisions on {inject.id} not recorded: a contingency inject "
                                             "not listed under release")
                vt.set(t0 + timedelta(minutes=move.run_minutes))
            for note in notes_at.get("", ()):
                session.add_note(note.text, kind=note.kind, objective=note.objective,
                                 rating=note.rating, cell=note.cell)
            session.end()
        state = session.state
        events = len(session.events)
    finally:
        session.close()
    released_ids = state.released_injects()
    status = state.status
    failures = []
    for inject_id, line in script.expect_released:
        if status[inject_id] is not InjectStatus.RELEASED:
            failures.append(f"{script.path}:{line}: {inject_id} was expected released, "
                            f"but it was {_status_text(status[inject_id], scenario.inject_by_id[inject_id])}")
    for inject_id, line in script.expect_not_triggered:
        if status[inject_id] is not InjectStatus.NOT_TRIGGERED:
            failures.append(f"{script.path}:{line}: {inject_id} was expected not triggered, "
                            f"but it was {_status_text(status[inject_id], scenario.inject_by_id[inject_id])}")
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


def _status_text(status: InjectStatus, inject: Inject) -> str:
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
