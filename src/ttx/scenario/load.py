"""Load a scenario: YAML -> library resolution -> models -> reference checks.

Every problem is a `Problem` with the file, line and column where it was
written; a file's problems are all reported in one run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from pydantic import ValidationError

from ttx.scenario import lint, translation_check
from ttx.scenario.model import INJECT_FIELDS, Inject, Library, Scenario
from ttx.scenario.vocabulary import ID_HINTS
from ttx.scenario.yamlsrc import Document, Problem, YamlError, read

_TAGS = {"leaf", "all", "any", "not"}


class ScenarioError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class Result:
    scenario: Scenario | None
    problems: list[Problem] = field(default_factory=list)
    gaps: list[translation_check.Gap] = field(default_factory=list)
    """Texts a translation leaves in the original or has let go stale (ttx validate --strict lists them)."""
    gap_summary: list[Problem] = field(default_factory=list)
    """One warning per language with gaps: what ttx validate says without --strict."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_scenario(path: Path, injects_dir: Path | None = None) -> Scenario:
    """The scenario, or ScenarioError with all its problems."""
    result = check_scenario(path, injects_dir)
    if result.scenario is None:
        raise ScenarioError(result.errors)
    return result.scenario


# ---------------------------------------------------------------------------
# The inject library


@dataclass
class LibraryInject:
    doc: Document
    index: int  # position in the file's `injects:` list
    data: dict[str, Any]

    @property
    def loc(self) -> tuple[Any, ...]:
        return ("injects", self.index)


@dataclass
class InjectLibrary:
    injects: dict[str, LibraryInject] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def load_library(injects_dir: Path | None, *, display_root: Path | None = None) -> InjectLibrary:
    """Every library file under injects_dir (recursively), indexed by inject id."""
    lib = InjectLibrary()
    if injects_dir is None or not injects_dir.is_dir():
        return lib
    for path in sorted(injects_dir.rglob("*.y*ml")):
        if path.suffix not in (".yaml", ".yml") or path.is_dir():  # a folder's files are in the walk
            continue
        lib.files.append(path)
        try:
            doc = read(path, display_path(path, display_root))
        except YamlError as exc:
            lib.problems.append(exc.problem)
            continue
        lib.problems.extend(doc.problems)
        if not isinstance(doc.data, dict):
            lib.problems.append(doc.at(doc.root, "a library file must be a mapping with `ttx: 1` and `injects:`"))
            continue
        try:
            Library.model_validate(doc.data)
        except ValidationError as exc:
            lib.problems.extend(problems_from(exc, lambda loc, key: _in_doc(doc, loc, key)))
            continue
        for i, item in enumerate(doc.data.get("injects") or ()):
            iid = item.get("id")
            where = doc.node_at(("injects", i))[0]
            if not isinstance(iid, str):
                lib.problems.append(doc.at(where, "a library inject needs an `id` (a quoted string)"))
                continue
            unknown = [k for k in item if k not in INJECT_FIELDS]
            for key in unknown:
                lib.problems.append(doc.at(doc.node_at(("injects", i, key), key=True)[0], _unknown_key(key)))
            if iid in lib.injects:
                first = lib.injects[iid]
                fnode = first.doc.node_at(first.loc)[0]
                lib.problems.append(doc.at(where, f"library inject id '{iid}' is already used at "
                                                  f"{first.doc.path}:{fnode.start_mark.line + 1}"))
                continue
            lib.injects[iid] = LibraryInject(doc, i, item)
    return lib


def check_library(lib: InjectLibrary) -> list[Problem]:
    """Problems of a loaded library on its own: every inject must be complete but for `at`."""
    problems = list(lib.problems)
    for entry in lib.injects.values():
        data = {"at": 0, **entry.data}
        # `when` and `objectives` point into a scenario; they are checked where used.
        data.pop("when", None)
        try:
            Inject.model_validate(data)
        except ValidationError as exc:
            problems.extend(problems_from(exc, lambda loc, key: _in_doc(entry.doc, entry.loc + loc, key)))
    return sorted(set(problems))


# ---------------------------------------------------------------------------
# Scenarios


def check_scenario(path: Path, injects_dir: Path | None = None, *, display_root: Path | None = None,
                   library: InjectLibrary | None = None) -> Result:
    shown = display_path(path, display_root)
    try:
        doc = read(path, shown)
    except YamlError as exc:
        return Result(None, [exc.problem])
    problems = list(doc.problems)
    if not isinstance(doc.data, dict):
        what = type(doc.data).__name__.replace("list", "a list").replace("str", "text")
        problems.append(doc.at(doc.root, f"a scenario must be a mapping of keys (ttx:, id:, title: …), not {what}"))
        return Result(None, problems)
    if library is None:
        library = load_library(injects_dir, display_root=display_root)
    siblings, found = translation_check.read_siblings(path, lambda p: display_path(p, display_root))
    problems += found
    resolver = _Resolver(doc, library, siblings)
    data = resolver.resolve()
    problems += resolver.problems + translation_check.merge_siblings(data, siblings, doc)
    raw_translations = data.pop("translations", None)
    translations, found = translation_check.validate(raw_translations, resolver.locate, problems_from)
    problems += found

    try:
        scenario = Scenario.model_validate({**data, "translations": translations})
    except ValidationError as exc:
        scenario = None
        problems += problems_from(exc, resolver.locate)
    if doc.data.get("ttx") == 1:  # checking references of another version's file would only add noise
        problems += References(data, resolver.locate).check()
        if scenario is not None:
            problems += translation_check.check(scenario, raw_translations, resolver.locate)
    if any(p.severity == "error" for p in problems) or scenario is None:
        return Result(None, sorted(set(problems)))
    problems += lint.warnings(scenario, resolver.locate)
    gaps = translation_check.gaps(scenario, resolver.locate)
    return Result(scenario, sorted(set(problems)), gaps, translation_check.summary(scenario, gaps, resolver.locate))


Locate = Any  # (loc: tuple, key: bool) -> (path, line, col, suffix)


class _Resolver:
    """Merges `use:` entries with the library and maps any data path back to
    the file and line it came from."""

    def __init__(self, doc: Document, library: InjectLibrary, siblings: dict[str, Document] | None = None):
        self.doc = doc
        self.library = library
        self.siblings = siblings or {}  # language -> its sibling translation file
        self.problems: list[Problem] = list(library.problems)
        self.used: dict[tuple[int, int], LibraryInject] = {}

    def resolve(self) -> dict[str, Any]:
        data = dict(self.doc.data)
        moves = data.get("moves")
        if not isinstance(moves, list):
            return data
        data["moves"] = [self._move(mi, m) for mi, m in enumerate(moves)]
        return data

    def _move(self, mi: int, move: Any) -> Any:
        if not isinstance(move, dict) or not isinstance(move.get("injects"), list):
            return move
        move = dict(move)
        move["injects"] = [self._inject(mi, ii, item) for ii, item in enumerate(move["injects"])]
        return move

    def _inject(self, mi: int, ii: int, item: Any) -> Any:
        if not isinstance(item, dict) or "use" not in item:
            return item
        ref = item["use"]
        loc = ("moves", mi, "injects", ii, "use")
        overrides = {k: v for k, v in item.items() if k != "use"}
        entry = self.library.injects.get(ref) if isinstance(ref, str) else None
        if entry is None:
            node = self.doc.node_at(loc)[0]
            if not isinstance(ref, str):
                self.problems.append(self.doc.at(node, "`use:` takes a library inject id (quoted text)"))
            else:
                hint = _suggest(ref, self.library.injects)
                where = "the library is empty" if not self.library.injects else f"no library inject '{ref}'{hint}"
                self.problems.append(self.doc.at(node, f"use: {where}"))
            # Stand in for the missing inject so the rest of the file is still checked.
            return {"id": ref if isinstance(ref, str) else "?", "at": 0, "title": "?", **overrides}
        self.used[(mi, ii)] = entry
        return {**entry.data, **overrides}

    def locate(self, loc: tuple[Any, ...], key: bool = False) -> tuple[str, int, int, str]:
        if len(loc) >= 2 and loc[0] == "translations" and loc[1] in self.siblings:
            return _in_doc(self.siblings[loc[1]], tuple(loc[2:]), key)
        if len(loc) >= 5 and loc[0] == "moves" and loc[2] == "injects":
            entry = self.used.get((loc[1], loc[3]))
            if entry is not None:
                use_node = self.doc.node_at(loc[:4])[0]
                if loc[4] not in _keys(use_node):
                    node, _ = entry.doc.node_at(entry.loc + tuple(loc[4:]), key=key)
                    at = f" (library inject used at {self.doc.path}:{use_node.start_mark.line + 1})"
                    return entry.doc.path, node.start_mark.line + 1, node.start_mark.column + 1, at
        node, _ = self.doc.node_at(loc, key=key)
        return self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1, ""

    def problem(self, loc: tuple[Any, ...], message: str, *, key: bool = False, severity: str = "error") -> Problem:
        path, line, col, suffix = self.locate(loc, key)
        return Problem(path, line, col, message + suffix, severity)


def _keys(node: Any) -> set[str]:
    return {k.value for k, _ in getattr(node, "value", ()) if hasattr(k, "value") and isinstance(k.value, str)}


def _in_doc(doc: Document, loc: tuple[Any, ...], key: bool) -> tuple[str, int, int, str]:
    node, _ = doc.node_at(loc, key=key)
    return doc.path, node.start_mark.line + 1, node.start_mark.column + 1, ""


# ---------------------------------------------------------------------------
# pydantic errors -> problems


def problems_from(exc: ValidationError, locate: Locate,
                  unknown_key: Callable[[tuple[Any, ...], str], str] | None = None) -> list[Problem]:
    """A model's validation errors as problems at the file positions `locate` gives;
    `unknown_key(loc, name)` words an unknown key (default: with a scenario key it resembles)."""
    out = []
    errors = exc.errors(include_url=False)
    # A list whose items failed also reports itself as too short: noise beside the real error.
    failing = {tuple(e["loc"][:n]) for e in errors for n in range(len(e["loc"]))}
    for err in errors:
        if err["type"] == "too_short" and tuple(err["loc"]) in failing:
            continue
        loc = _strip_tags(err["loc"])
        etype = err["type"]
        name = loc[-1] if loc else ""
        if name == "[key]":  # a mapping's key is wrong (not text): point at the key
            loc = loc[:-1]
            path, line, col, suffix = locate(loc, True)
            out.append(Problem(path, line, col, f"{_field(loc)}: {_message(err)}" + suffix))
            continue
        if etype == "extra_forbidden":
            path, line, col, suffix = locate(loc, True)
            words = unknown_key(loc, str(name)) if unknown_key else _unknown_key(str(name))
            out.append(Problem(path, line, col, words + suffix))
            continue
        if etype == "missing":
            path, line, col, suffix = locate(loc[:-1], False)
            out.append(Problem(path, line, col, f"missing required key '{name}'" + suffix))
            continue
        path, line, col, suffix = locate(loc, False)
        out.append(Problem(path, line, col, f"{_field(loc)}: {_message(err)}" + suffix))
    return out


def _strip_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the union tags pydantic inserts into condition paths (`when.leaf.chose`)."""
    out: list[Any] = []
    expect_tag = False
    for part in loc:
        if expect_tag and part in _TAGS:
            expect_tag = False
            continue
        out.append(part)
        expect_tag = part in ("when", "not") or (
            isinstance(part, int) and len(out) >= 2 and out[-2] in ("all", "any"))
    return tuple(out)


def _field(loc: tuple[Any, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else "value"


def _message(err: Mapping[str, Any]) -> str:
    value = err.get("input")
    etype = err["type"]
    if etype == "literal_error" and err["loc"] == ("ttx",):
        return f"unsupported format version {value!r}: this ttx reads `ttx: 1`"
    if isinstance(value, bool) and etype == "int_type":
        return "must be a number of minutes, not a boolean"
    if isinstance(value, bool) and etype in ("string_type", "tuple_type", "list_type"):
        word = "true/yes/on" if value else "false/no/off"
        return f"{word} unquoted is a boolean in YAML 1.1; quote it if you mean text (e.g. \"no\")"
    if etype == "string_type" and isinstance(value, dict):
        return "must be text, but YAML read a mapping: an unquoted ': ' inside text starts one; quote the text"
    if etype == "string_type" and isinstance(value, list):
        return "must be text, not a list"
    if etype == "string_type":
        return f"must be text, not {type(value).__name__}: quote it (\"{_short(value)}\")"
    if etype in ("dict_type", "model_type"):
        return "must be a mapping"
    if etype in ("list_type", "tuple_type"):
        return "must be a list"
    if etype == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        hint = ID_HINTS.get(pattern, f"pattern {pattern}")
        return f"{_short(value)!r} is not a valid id: use {hint}"
    msg = err["msg"]
    return msg.removeprefix("Value error, ")


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _unknown_key(key: str) -> str:
    hint = _suggest(key, _ALL_KEYS)
    return f"unknown key '{_short(key)}'{hint}"


def _suggest(word: str, choices: Any) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _model_keys() -> set[str]:
    from pydantic import BaseModel

    from ttx.scenario import model, translation

    keys: set[str] = set()
    for obj in [*vars(model).values(), *vars(translation).values()]:
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            keys |= {f.alias or n for n, f in obj.model_fields.items()}
    return keys | {"use"}


_ALL_KEYS = _model_keys()


# ---------------------------------------------------------------------------
# Reference checks, on the merged data (so they run even where the models did not validate)


def _items(value: Any) -> list[Any]:
    if isinstance(value, str):
        return [value]
    return value if isinstance(value, list) else []


def _ids(value: Any) -> set[str]:
    return {x for x in _items(value) if isinstance(x, str)}


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, item in enumerate(value if isinstance(value, list) else ()):
        if isinstance(item, dict):
            yield i, item


class References:
    def __init__(self, data: dict[str, Any], locate: Locate):
        self.data = data
        self.locate = locate
        self.problems: list[Problem] = []

    def err(self, loc: tuple[Any, ...], message: str) -> None:
        path, line, col, suffix = self.locate(loc, False)
        self.problems.append(Problem(path, line, col, message + suffix))

    def unique(self, loc: tuple[Any, ...], items: Any, what: str, ids: dict[str, tuple[Any, ...]]) -> None:
        for i, item in _dicts(items):
            iid = item.get("id")
            if not isinstance(iid, str):
                continue
            here = loc + (i, "id")
            if iid in ids:
                path, line, _, _ = self.locate(ids[iid], False)
                self.err(here, f"duplicate {what} id '{iid}' (first at line {line})")
            else:
                ids[iid] = here

    def check(self) -> list[Problem]:
        d = self.data
        cells: dict[str, tuple] = {}
        self.unique(("cells",), d.get("cells"), "cell", cells)
        players = {c["id"] for _, c in _dicts(d.get("cells")) if c.get("kind", "player") == "player"
                   and isinstance(c.get("id"), str)}
        objectives: dict[str, tuple] = {}
        self.unique(("objectives",), d.get("objectives"), "objective", objectives)
        moves: dict[str, tuple] = {}
        self.unique(("moves",), d.get("moves"), "move", moves)
        for ai, item in _dicts(d.get("agenda")):
            ref = item.get("move")
            if isinstance(ref, str) and ref not in moves:
                self.err(("agenda", ai, "move"), f"unknown move '{ref}'{_suggest(ref, moves)}")

        injects: dict[str, tuple] = {}
        decisions: dict[str, tuple[set[str], set[str]]] = {}  # inject -> (deciding cells, option ids)
        for mi, move in _dicts(d.get("moves")):
            self.unique(("moves", mi, "questions"), move.get("questions"), "question", {})
            for qi, q in _dicts(move.get("questions")):
                self.cell_refs(("moves", mi, "questions", qi, "cells"), q.get("cells"), cells)
            self.unique(("moves", mi, "injects"), move.get("injects"), "inject", injects)
            for ii, inj in _dicts(move.get("injects")):
                base = ("moves", mi, "injects", ii)
                self.cell_refs(base + ("to",), inj.get("to"), cells)
                for oi, oid in enumerate(_items(inj.get("objectives"))):
                    if isinstance(oid, str) and oid not in objectives:
                        self.err(base + ("objectives", oi), f"unknown objective '{oid}'{_suggest(oid, objectives)}")
                to = _ids(inj["to"]) if "to" in inj else players
                dec = inj.get("decision")
                if isinstance(dec, dict):
                    self.cell_refs(base + ("decision", "cells"), dec.get("cells"), cells)
                    deciding = _ids(dec["cells"]) if "cells" in dec else to
                    for ci, cid in enumerate(_items(dec.get("cells"))):
                        if isinstance(cid, str) and cid in cells and cid not in to:
                            self.err(base + ("decision", "cells", ci),
                                     f"cell '{cid}' decides but does not receive the inject "
                                     f"(to: {', '.join(sorted(to)) or 'nobody'})")
                    options: dict[str, tuple] = {}
                    self.unique(base + ("decision", "options"), dec.get("options"), "option", options)
                    if isinstance(inj.get("id"), str):
                        decisions[inj["id"]] = (deciding, set(options))
        for mi, move in _dicts(d.get("moves")):
            for ii, inj in _dicts(move.get("injects")):
                if "when" in inj:
                    self.condition(("moves", mi, "injects", ii, "when"), inj["when"], injects, decisions)
        return self.problems

    def cell_refs(self, loc: tuple[Any, ...], value: Any, cells: dict[str, tuple]) -> None:
        for i, cid in enumerate(_items(value)):
            if isinstance(cid, str) and cid not in cells:
                where = loc + (i,) if isinstance(value, list) else loc
                self.err(where, f"unknown cell '{cid}'{_suggest(cid, cells)}")

    def condition(self, loc: tuple[Any, ...], cond: Any, injects: dict, decisions: dict) -> None:
        if not isinstance(cond, dict):
            return
        for key in ("all", "any"):
            if key in cond:
                for i, sub in enumerate(_items(cond[key])):
                    self.condition(loc + (key, i), sub, injects, decisions)
                return
        if "not" in cond:
            self.condition(loc + ("not",), cond["not"], injects, decisions)
            return
        ref = cond.get("decision")
        if not isinstance(ref, str):
            return
        if ref not in injects:
            self.err(loc + ("decision",), f"unknown inject '{ref}'{_suggest(ref, injects)}")
            return
        if ref not in decisions:
            self.err(loc + ("decision",), f"inject '{ref}' has no decision to test")
            return
        deciding, options = decisions[ref]
        cell = cond.get("cell")
        if isinstance(cell, str) and cell not in deciding:
            self.err(loc + ("cell",), f"cell '{cell}' does not decide '{ref}' "
                                      f"(deciding: {', '.join(sorted(deciding))})")
        for i, opt in enumerate(_items(cond.get("chose"))):
            if isinstance(opt, str) and opt not in options:
                where = loc + ("chose", i) if isinstance(cond.get("chose"), list) else loc + ("chose",)
                self.err(where, f"'{ref}' has no option '{opt}'{_suggest(opt, options)}"
                                f" (options: {', '.join(sorted(options)) or 'none'})")


def display_path(path: Path, root: Path | None = None) -> str:
    """Paths are shown relative to the current folder where possible, as editors expect."""
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)
