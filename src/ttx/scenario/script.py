"""The rehearsal script format: what `ttx rehearse --script` reads.

A script gives the cells' decisions (`decisions: {inject: {cell | all: option |
{option, rationale}}}`), the contingency injects to release (`release:`), the
evaluator notes to record (`notes:`) and the branch it expects (`expect:
{released, not_triggered}`). Its shape is the pydantic model below, checked
through the scenario loader's error mapping, so every mistake prints as
`file:line:col`; what it names (injects, cells, options, objectives) is then
checked against the scenario, on the data as written, so one run reports every
mistake of the file before anything runs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from ttx.scenario import script_talk
from ttx.scenario.files import FileReadError, read_regular
from ttx.scenario.load import problems_from
from ttx.scenario.model import Inject, Scenario
from ttx.scenario.vocabulary import NOTE_KINDS, RATINGS
from ttx.scenario.yamlsrc import Document, Problem, YamlError, parse


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
    # inject -> cell -> (option, rationale, statement); `all` already spread over the deciding cells
    decisions: dict[str, dict[str, tuple[str | None, str, str]]] = field(default_factory=dict)
    release: frozenset[str] = frozenset()
    notes: list[ScriptNote] = field(default_factory=list)
    expect_released: list[tuple[str, int]] = field(default_factory=list)
    expect_not_triggered: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    talk: script_talk.Talk = field(default_factory=script_talk.Talk)  # requests, messages, log, msel

    @property
    def name(self) -> str:
        return Path(self.path).stem if self.path != "<no script>" else "(no script)"


# ---------------------------------------------------------------- the shape


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()} (quote it to make it an id)"
    return repr(value)


def _one_of(choices: Any) -> Any:
    def check(value: str) -> str:
        if value not in choices:
            raise ValueError(f"{_describe(value)} is not one of {', '.join(choices)}")
        return value
    return AfterValidator(check)


def _needs_text(value: str) -> str:
    if not value.strip():
        raise ValueError("a note needs text")
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _choice(value: Any) -> Any:
    return value if isinstance(value, dict) else {"option": value}  # `USA: share` is `USA: {option: share}`


Text = Annotated[str, Field(strict=True)]
Ids = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Choice(_Shape):
    option: Text | None = None
    rationale: Text | None = None
    statement: Text | None = None  # the written statement a decision asks for (response: text or both)


class Note(_Shape):
    at: Text | None = None
    text: Annotated[Text, AfterValidator(_needs_text)]
    kind: Annotated[Text, _one_of(NOTE_KINDS)] = "observation"
    objective: Text | None = None
    rating: Annotated[Text, _one_of(RATINGS)] | None = None
    cell: Text | None = None


class Expect(_Shape):
    released: Ids = ()
    not_triggered: Ids = ()


class ScriptFile(_Shape):
    ttx: Literal[1] = 1
    decisions: dict[Text, dict[Text, Annotated[Choice, BeforeValidator(_choice)]]] | None = None
    release: Ids | None = None
    notes: tuple[Note, ...] | None = None
    expect: Expect | None = None
    # the room talks back (script_talk.py)
    requests: tuple[script_talk.Request, ...] | None = None
    messages: tuple[script_talk.Message, ...] | None = None
    log: tuple[script_talk.LogLine, ...] | None = None
    msel: tuple[script_talk.Change, ...] | None = None


# What each part of a script may hold, for "unknown key" messages.
_PARTS: dict[str, type[BaseModel]] = {"script": ScriptFile, "expect": Expect, "note": Note, "choice": Choice}


def _unknown_key(loc: tuple[Any, ...], name: str) -> str:
    ours = script_talk.part_of(loc)
    if ours is not None:
        return f"unknown key '{name}' in {ours[0]} (known: {', '.join(ours[1].model_fields)})"
    part = "script" if len(loc) == 1 else {"expect": "expect", "notes": "note"}.get(loc[0], "choice")
    known = ", ".join(_PARTS[part].model_fields)
    return f"unknown key '{name}' ({'under expect, known' if part == 'expect' else f'a {part} has'}: {known})"


# ---------------------------------------------------------------- reading


def load_script(path: Path, scenario: Scenario, display: str | None = None) -> Script:
    shown = display or str(path)
    try:
        raw = read_regular(Path(path))
    except FileReadError as exc:
        raise ScriptError([Problem(shown, 1, 1, f"rehearsal script: {exc}")]) from None
    return parse_script(raw, scenario, shown)


def parse_script(raw: bytes | str, scenario: Scenario, shown: str = "<script>") -> Script:
    """The script, or ScriptError with every mistake in it (warnings beside them)."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    try:
        doc = parse(raw, shown)
    except YamlError as exc:
        raise ScriptError([exc.problem]) from None
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        problems.append(doc.at(doc.root, "a rehearsal script is a mapping with decisions, release, notes and expect"))
        raise ScriptError(problems)

    def locate(loc: tuple[Any, ...], key: bool) -> tuple[str, int, int, str]:
        node, _ = doc.node_at(loc, key=key)
        return doc.path, node.start_mark.line + 1, node.start_mark.column + 1, ""

    model = None
    try:
        model = ScriptFile.model_validate(doc.data)
    except ValidationError as exc:
        problems += problems_from(exc, locate, unknown_key=_unknown_key)
    refs = _References(doc, scenario)
    refs.check()
    problems += refs.problems
    if model is None or any(p.severity == "error" for p in problems):
        raise ScriptError(sorted(problems, key=lambda p: (p.line, p.col)))
    script = _script(doc, scenario, model)
    script.warnings = [p for p in problems if p.severity == "warning"]
    return script


def _script(doc: Document, scenario: Scenario, model: ScriptFile) -> Script:
    """The script as the rehearsal runs it, from a file without mistakes."""
    def line(loc: tuple[Any, ...]) -> int:
        return doc.node_at(loc)[0].start_mark.line + 1

    def with_lines(ids: tuple[str, ...], loc: tuple[Any, ...]) -> list[tuple[str, int]]:
        spelled_out = isinstance(doc.node_at(loc)[0].value, list)  # `released: [A, B]`, not `released: A`
        return [(i, line(loc + (n,)) if spelled_out else line(loc)) for n, i in enumerate(ids)]

    script = Script(path=doc.path, release=frozenset(model.release or ()), talk=script_talk.talk_of(model, line))
    injects = {**scenario.inject_by_id, **script_talk.written(doc.data)}
    for inject_id, by_cell in (model.decisions or {}).items():
        deciding = scenario.deciding_cells(injects[inject_id])
        chosen = {cell: (c.option, c.rationale or "", c.statement or "") for cell, c in by_cell.items()}
        everyone = chosen.pop("all", None)
        resolved = {c: everyone for c in deciding} if everyone is not None else {}
        resolved.update(chosen)  # a named cell beside `all` wins
        # in deciding-cell order, so the log reads the same every run
        script.decisions[inject_id] = {c: resolved[c] for c in deciding if c in resolved}
    for n, note in enumerate(model.notes or ()):
        script.notes.append(ScriptNote(note.at, note.text, note.kind, note.objective, note.rating, note.cell,
                                       line(("notes", n))))
    if model.expect is not None:
        script.expect_released = with_lines(model.expect.released, ("expect", "released"))
        script.expect_not_triggered = with_lines(model.expect.not_triggered, ("expect", "not_triggered"))
    return script


class _References:
    """What a script names, checked against the scenario on the data as written
    (so they are checked even where the shape has mistakes; those the model reports)."""

    def __init__(self, doc: Document, scenario: Scenario) -> None:
        self.doc = doc
        self.scenario = scenario
        self.problems: list[Problem] = []
        # what the script may name: the scenario's injects, and those its msel: writes
        self.injects = {**scenario.inject_by_id, **script_talk.written(doc.data)}

    def error(self, loc: tuple[Any, ...], message: str, *, key: bool = False, severity: str = "error") -> None:
        self.problems.append(self.doc.at(self.doc.node_at(loc, key=key)[0], message, severity))

    def inject(self, value: Any, loc: tuple[Any, ...], *, key: bool = False) -> Inject | None:
        if not isinstance(value, str):
            return None
        inject = self.injects.get(value)
        if inject is None:
            close = difflib.get_close_matches(value, list(self.injects), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.error(loc, f"no inject '{value}' in scenario {self.scenario.id}{hint}", key=key)
        return inject

    def ids(self, value: Any, loc: tuple[Any, ...]) -> list[tuple[Inject, tuple[Any, ...]]]:
        items = [(value, loc)] if isinstance(value, str) else (
            [(v, loc + (i,)) for i, v in enumerate(value)] if isinstance(value, list) else [])
        return [(inject, where) for item, where in items if (inject := self.inject(item, where)) is not None]

    def check(self) -> None:
        data = self.doc.data
        if isinstance(data.get("decisions"), dict):
            for inject_id, by_cell in data["decisions"].items():
                self.decisions(inject_id, by_cell)
        for inject, where in self.ids(data.get("release"), ("release",)):
            if not inject.contingency:
                self.error(where, f"{inject.id} is not a contingency inject: it falls due on its own, "
                                  "so listing it under release changes nothing", severity="warning")
        for n, note in enumerate(data.get("notes") if isinstance(data.get("notes"), list) else ()):
            if isinstance(note, dict):
                self.note(note, ("notes", n))
        expect = data.get("expect")
        if isinstance(expect, dict):
            released = {i.id for i, _ in self.ids(expect.get("released"), ("expect", "released"))}
            not_triggered = {i.id for i, _ in self.ids(expect.get("not_triggered"), ("expect", "not_triggered"))}
            for inject_id in sorted(released & not_triggered):
                self.error(("expect", "not_triggered"), f"{inject_id} is expected both released and not triggered")
        script_talk.check(self)

    def decisions(self, inject_id: Any, by_cell: Any) -> None:
        loc = ("decisions", inject_id)
        inject = self.inject(inject_id, loc, key=True)
        if inject is None:
            return
        if inject.decision is None:
            self.error(loc, f"{inject.id} asks for no decision", key=True)
            return
        s = self.scenario
        deciding = s.deciding_cells(inject)
        for cell, choice in (by_cell.items() if isinstance(by_cell, dict) else ()):
            where = loc + (cell,)
            if not isinstance(cell, str):
                continue  # the model says it must be text
            if cell != "all" and cell not in s.cell_by_id:
                self.error(where, f"no cell '{cell}' in scenario {s.id} (cells: {', '.join(s.cell_by_id)}, or all)",
                           key=True)
            elif cell != "all" and cell not in deciding:
                self.error(where, f"{cell} does not decide on {inject.id} (deciding cells: {', '.join(deciding)})",
                           key=True)
            else:
                self.choice(inject, choice, where)

    def choice(self, inject: Inject, choice: Any, where: tuple[Any, ...]) -> None:
        assert inject.decision is not None
        options = [o.id for o in inject.decision.options]
        decision = inject.decision
        statement = choice.get("statement") if isinstance(choice, dict) else None
        if decision.asks_statement and not (isinstance(statement, str) and statement.strip()):
            self.error(where, f"{inject.id} asks for a written statement ({decision.statement_label}): "
                              "give it as statement:")
        elif statement is not None and not decision.asks_statement:
            self.error(where + ("statement",), f"{inject.id} asks for no written statement")
        if isinstance(choice, dict):
            option, where = choice.get("option"), where + ("option",) if "option" in choice else where
        else:
            option = choice
        if not isinstance(option, str) and option is not None:
            return  # the model says it must be text
        if not options:
            if option is not None:
                self.error(where, f"{inject.id} offers no options: give only a rationale")
        elif option is None:
            self.error(where, f"{inject.id} asks for one of its options ({', '.join(options)})")
        elif option not in options:
            self.error(where, f"{inject.id} has no option '{option}' (options: {', '.join(options)})")

    def note(self, note: dict[str, Any], loc: tuple[Any, ...]) -> None:
        self.inject(note.get("at"), loc + ("at",))
        s = self.scenario
        objective, cell = note.get("objective"), note.get("cell")
        if isinstance(objective, str) and objective not in s.objective_by_id:
            self.error(loc + ("objective",), f"no objective '{objective}' in scenario {s.id}")
        if isinstance(cell, str) and cell not in s.cell_by_id:
            self.error(loc + ("cell",), f"no cell '{cell}' in scenario {s.id}")
