"""Rehearsal: run a scenario headless at virtual time with scripted decisions.

The contract ("Rehearsal script"): each move starts at once and ends at the
later of its planned_minutes and its last `at`; injects fall due in `at`
order, file order on ties; a `when` is evaluated when its inject falls due; a
scripted decision is recorded as soon as its inject is released (`all` =
every deciding cell, a named cell beside it wins); contingency injects are
released only when listed under `release:`, at their `at`; a note
`at: <inject>` is recorded right after that inject's release. A script that
names an unknown inject, cell or option is rejected, with its line numbers,
before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ttx.engine.clock import VirtualTime, utcnow
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus
from ttx.engine.store import bulk
from ttx.scenario import times
from ttx.scenario.files import FileReadError, read_regular
from ttx.scenario.model import Inject, Scenario
from ttx.scenario.vocabulary import NOTE_KINDS, RATINGS
from ttx.scenario.yamlsrc import Document, Problem, YamlError, parse

SCRIPT_KEYS = ("ttx", "decisions", "release", "notes", "expect")
NOTE_KEYS = ("at", "text", "objective", "rating", "kind", "cell")
EXPECT_KEYS = ("released", "not_triggered")


class ScriptError(Exception):
    """A rehearsal script with mistakes; `.problems` print as path:line:col: message."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class ScriptNote:
    at: str | None
    text: str
    kind: str = "observation"
    objective: str | None = None
    rating: str | None = None
    cell: str | None = None
    line: int = 0


@dataclass
class Script:
    path: str = "<no script>"
    # inject -> cell -> (option, rationale); `all` already spread over the deciding cells
    decisions: dict[str, dict[str, tuple[str | None, str]]] = field(default_factory=dict)
    release: frozenset[str] = frozenset()
    notes: list[ScriptNote] = field(default_factory=list)
    expect_released: list[tuple[str, int]] = field(default_factory=list)
    expect_not_triggered: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.path).stem if self.path != "<no script>" else "(no script)"


# ---------------------------------------------------------------------------
# Reading a script


def load_script(path: Path, scenario: Scenario, display: str | None = None) -> Script:
    shown = display or str(path)
    try:
        raw = read_regular(Path(path))
    except FileReadError as exc:
        raise ScriptError([Problem(shown, 1, 1, f"rehearsal script: {exc}")]) from None
    return parse_script(raw, scenario, shown)


def parse_script(raw: bytes | str, scenario: Scenario, shown: str = "<script>") -> Script:
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    try:
        doc = parse(raw, shown)
    except YamlError as exc:
        raise ScriptError([exc.problem]) from None
    checker = _Checker(doc, scenario)
    script = checker.check()
    errors = [p for p in checker.problems if p.severity == "error"]
    if errors:
        raise ScriptError(sorted(checker.problems, key=lambda p: (p.line, p.col)))
    script.warnings = [p for p in checker.problems if p.severity == "warning"]
    return script


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (quote it to make it an id)"
    return repr(value)


class _Checker:
    def __init__(self, doc: Document, scenario: Scenario) -> None:
        self.doc = doc
        self.scenario = scenario
        self.problems: list[Problem] = list(doc.problems)

    def error(self, loc: tuple[Any, ...], message: str, *, key: bool = False, severity: str = "error") -> None:
        node, _ = self.doc.node_at(loc, key=key)
        self.problems.append(self.doc.at(node, message, severity))

    def line(self, loc: tuple[Any, ...]) -> int:
        node, _ = self.doc.node_at(loc)
        return node.start_mark.line + 1

    def mapping(self, value: Any, loc: tuple[Any, ...], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.error(loc, f"{what} must be a mapping")
            return None
        return value

    def id_list(self, value: Any, loc: tuple[Any, ...], what: str) -> list[tuple[str, int, tuple[Any, ...]]]:
        if isinstance(value, str):
            value = [value]
            items = [(value[0], loc)]
        elif isinstance(value, list):
            items = [(v, loc + (i,)) for i, v in enumerate(value)]
        else:
            self.error(loc, f"{what} must be a list of inject ids")
            return []
        out = []
        for item, where in items:
            if self.inject(item, where) is not None:
                out.append((item, self.line(where), where))
        return out

    def inject(self, value: Any, loc: tuple[Any, ...], *, key: bool = False) -> Inject | None:
        if not isinstance(value, str):
            self.error(loc, f"an inject id must be text, not {_describe(value)}", key=key)
            return None
        inject = self.scenario.inject_by_id.get(value)
        if inject is None:
            self.error(loc, f"no inject '{value}' in scenario {self.scenario.id}{self._hint(value)}", key=key)
        return inject

    def _hint(self, value: str) -> str:
        import difflib

        close = difflib.get_close_matches(value, list(self.scenario.inject_by_id), n=1)
        return f" (did you mean '{close[0]}'?)" if close else ""

    def check(self) -> Script:
        data = self.doc.data
        script = Script(path=self.doc.path)
        if not isinstance(data, dict):
            self.error((), "a rehearsal script is a mapping with decisions, release, notes and expect")
            return script
        for key in data:
            if key not in SCRIPT_KEYS:
                self.error((key,), f"unknown key '{key}' (a script has: {', '.join(SCRIPT_KEYS)})", key=True)
        if "ttx" in data and data["ttx"] != 1:
            self.error(("ttx",), f"ttx: {data['ttx']!r}: this ttx reads rehearsal scripts of version 1")
        if data.get("decisions") is not None:
            self.decisions(data["decisions"], script)
        if data.get("release") is not None:
            released = []
            for inject_id, _, where in self.id_list(data["release"], ("release",), "release"):
                if not self.scenario.inject_by_id[inject_id].contingency:
                    self.error(where, f"{inject_id} is not a contingency inject: it falls due on its own, "
                                      "so listing it under release changes nothing", severity="warning")
                released.append(inject_id)
            script.release = frozenset(released)
        if data.get("notes") is not None:
            self.notes(data["notes"], script)
        if data.get("expect") is not None:
            expect = self.mapping(data["expect"], ("expect",), "expect")
            if expect is not None:
                for key in expect:
                    if key not in EXPECT_KEYS:
                        self.error(("expect", key), f"unknown key '{key}' under expect "
                                                    f"(known: {', '.join(EXPECT_KEYS)})", key=True)
                if expect.get("released") is not None:
                    script.expect_released = [(i, n) for i, n, _ in
                                              self.id_list(expect["released"], ("expect", "released"), "released")]
                if expect.get("not_triggered") is not None:
                    script.expect_not_triggered = [
                        (i, n) for i, n, _ in
                        self.id_list(expect["not_triggered"], ("expect", "not_triggered"), "not_triggered")]
                both = {i for i, _ in script.expect_released} & {i for i, _ in script.expect_not_triggered}
                for inject_id in sorted(both):
                    self.error(("expect", "not_triggered"),
                               f"{inject_id} is expected both released and not triggered")
        return script

    def decisions(self, value: Any, script: Script) -> None:
        decisions = self.mapping(value, ("decisions",), "decisions")
        if decisions is None:
            return
        for inject_id, by_cell in decisions.items():
            loc = ("decisions", inject_id)
            inject = self.inject(inject_id, loc, key=True)
            if inject is None:
                continue
            if inject.decision is None:
                self.error(loc, f"{inject_id} asks for no decision", key=True)
                continue
            by_cell = self.mapping(by_cell, loc, f"the decisions on {inject_id} (cell: option)")
            if by_cell is None:
                continue
            deciding = self.scenario.deciding_cells(inject)
            chosen: dict[str, tuple[str | None, str]] = {}
            everyone: tuple[str | None, str] | None = None
            for cell, choice in by_cell.items():
                where = loc + (cell,)
                if cell != "all":
                    if not isinstance(cell, str) or cell not in self.scenario.cell_by_id:
                        self.error(where, f"no cell {_describe(cell)} in scenario {self.scenario.id} "
                                          f"(cells: {', '.join(self.scenario.cell_by_id)}, or all)", key=True)
                        continue
                    if cell not in deciding:
                        self.error(where, f"{cell} does not decide on {inject_id} "
                                          f"(deciding cells: {', '.join(deciding)})", key=True)
                        continue
                picked = self.choice(inject, choice, where)
                if picked is None:
                    continue
                if cell == "all":
                    everyone = picked
                else:
                    chosen[cell] = picked
            resolved = {c: everyone for c in deciding} if everyone is not None else {}
            resolved.update(chosen)  # a named cell beside `all` wins
            # in deciding-cell order, so the log reads the same every run
            script.decisions[inject_id] = {c: resolved[c] for c in deciding if c in resolved}

    def choice(self, inject: Inject, choice: Any, where: tuple[Any, ...]) -> tuple[str | None, str] | None:
        assert inject.decision is not None
        options = [o.id for o in inject.decision.options]
        rationale = ""
        if isinstance(choice, dict):
            for key in choice:
                if key not in ("option", "rationale"):
                    self.error(where + (key,), f"unknown key '{key}' (a choice has: option, rationale)", key=True)
                    return None
            rationale = choice.get("rationale") or ""
            if not isinstance(rationale, str):
                self.error(where + ("rationale",), "a rationale must be text")
                return None
            option = choice.get("option")
            option_loc = where + ("option",) if "option" in choice else where
        else:
            option = choice
            option_loc = where
        if not options:
            if option is not None:
                self.error(option_loc, f"{inject.id} offers no options: give only a rationale")
                return None
            return (None, rationale)
        if not isinstance(option, str):
            self.error(option_loc, f"an option id must be text, not {_describe(option)} "
                                   f"(options of {inject.id}: {', '.join(options)})")
            return None
        if option not in options:
            self.error(option_loc, f"{inject.id} has no option '{option}' (options: {', '.join(options)})")
            return None
        return (option, rationale)

    def notes(self, value: Any, script: Script) -> None:
        if not isinstance(value, list):
            self.error(("notes",), "notes must be a list")
            return
        for n, note in enumerate(value):
            loc = ("notes", n)
            if not isinstance(note, dict):
                self.error(loc, "a note is a mapping with at, text, objective, rating, kind")
                continue
            ok = True
            for key in note:
                if key not in NOTE_KEYS:
                    self.error(loc + (key,), f"unknown key '{key}' in a note (known: {', '.join(NOTE_KEYS)})",
                               key=True)
                    ok = False
            at = note.get("at")
            if at is not None and self.inject(at, loc + ("at",)) is None:
                ok = False
            text = note.get("text")
            if not isinstance(text, str) or not text.strip():
                self.error(loc + ("text",) if "text" in note else loc, "a note needs text")
                ok = False
            kind = note.get("kind", "observation")
            if kind not in NOTE_KINDS:
                self.error(loc + ("kind",), f"note kind {_describe(kind)} is not one of {', '.join(NOTE_KINDS)}")
                ok = False
            rating = note.get("rating")
            if rating is not None and rating not in RATINGS:
                self.error(loc + ("rating",), f"rating {_describe(rating)} is not one of {', '.join(RATINGS)}")
                ok = False
            objective = note.get("objective")
            if objective is not None and objective not in self.scenario.objective_by_id:
                self.error(loc + ("objective",), f"no objective {_describe(objective)} in scenario "
                                                 f"{self.scenario.id}")
                ok = False
            cell = note.get("cell")
            if cell is not None and cell not in self.scenario.cell_by_id:
                self.error(loc + ("cell",), f"no cell {_describe(cell)} in scenario {self.scenario.id}")
                ok = False
            if ok:
                script.notes.append(ScriptNote(at, str(text), kind, objective, rating, cell, self.line(loc)))


# ---------------------------------------------------------------------------
# Running it


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
