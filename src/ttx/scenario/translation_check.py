"""Reading sibling translation files and checking translations against their scenario.

Errors: a translation of an unknown field (the models forbid extra keys), or
of a cell, move, question, inject, decision or option the scenario does not
have, at the line where it is written. Gaps (warnings that `ttx validate
--strict` lists one by one): a text with no translation (it shows in the
original) and a stale one (the original changed since it was translated).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from pydantic import ValidationError

from ttx.scenario.translation import (
    HEADER_KEYS,
    LANG_PATTERN,
    Translation,
    label,
    lookup,
    originals,
    present,
    source_hash,
)
from ttx.scenario.yamlsrc import Document, Problem, YamlError, read

if TYPE_CHECKING:
    from ttx.scenario.model import Scenario

Locate = Callable[..., tuple[str, int, int, str]]
_LANG = re.compile(LANG_PATTERN)


def sibling_lang(path: Path) -> str | None:
    """`ja` for `scenarios/<id>.ja.yaml` when `scenarios/<id>.yaml` (or .yml) is beside it."""
    if path.suffix not in (".yaml", ".yml"):
        return None
    base, _, lang = path.stem.rpartition(".")
    if not base or not _LANG.match(lang):
        return None
    if any((path.parent / f"{base}{ext}").is_file() for ext in (".yaml", ".yml")):
        return lang
    return None


def scenario_of(path: Path) -> Path:
    """The scenario a sibling translation file translates (the path itself if it is none)."""
    if sibling_lang(path) is None:
        return path
    base = path.stem.rpartition(".")[0]
    return next(p for p in (path.parent / f"{base}.yaml", path.parent / f"{base}.yml") if p.is_file())


def read_siblings(path: Path, shown: Callable[[Path], str]) -> tuple[dict[str, Document], list[Problem]]:
    """The sibling translation files of the scenario at `path`, by language."""
    docs: dict[str, Document] = {}
    problems: list[Problem] = []
    try:
        names = sorted(p for p in path.parent.iterdir() if p.name.startswith(path.stem + ".") and p != path)
    except OSError:
        return docs, problems
    for sibling in names:
        if sibling_lang(sibling) is None or sibling.stem.rpartition(".")[0] != path.stem:
            continue
        try:
            doc = read(sibling, shown(sibling))
        except YamlError as exc:
            problems.append(exc.problem)
            continue
        problems.extend(doc.problems)
        docs[sibling.stem.rpartition(".")[2]] = doc
    return docs, problems


def merge_siblings(data: dict[str, Any], docs: dict[str, Document], scenario_doc: Document) -> list[Problem]:
    """Put each sibling's texts under `translations:` of the scenario's data, checking its header."""
    problems: list[Problem] = []
    inline = data.get("translations")
    merged = dict(inline) if isinstance(inline, dict) else {}
    for lang, doc in docs.items():
        body = doc.data
        if not isinstance(body, dict):
            problems.append(doc.at(doc.root, "a translation file must be a mapping with `ttx: 1` and the texts"))
            continue
        if "ttx" not in body:
            problems.append(doc.at(doc.root, "missing required key 'ttx'"))
        elif body["ttx"] != 1:
            problems.append(doc.at(doc.node_at(("ttx",))[0], f"unsupported format version {body['ttx']!r}: "
                                                             "this ttx reads `ttx: 1`"))
        if "lang" in body and body["lang"] != lang:
            problems.append(doc.at(doc.node_at(("lang",))[0], f"lang {body['lang']!r} disagrees with the file "
                                                              f"name, which says '{lang}'"))
        if "scenario" in body and body["scenario"] != data.get("id"):
            problems.append(doc.at(doc.node_at(("scenario",))[0], f"this file translates {body['scenario']!r}, "
                                                                  f"but the scenario beside it is {data.get('id')!r}"))
        if lang in merged:
            node = scenario_doc.node_at(("translations", lang), key=True)[0]
            problems.append(doc.at(doc.root, f"'{lang}' is translated twice: here and in {scenario_doc.path}:"
                                             f"{node.start_mark.line + 1}"))
            continue
        merged[lang] = {k: v for k, v in body.items() if k not in HEADER_KEYS}
    if docs and (inline is None or isinstance(inline, dict)):
        data["translations"] = merged
    return problems


# ---------------------------------------------------------------------------
# Checks against the scenario


def validate(raw: Any, locate: Locate, problems_from: Callable[..., list[Problem]]
             ) -> tuple[dict[str, Translation], list[Problem]]:
    """Each language's translation as a model, apart from the scenario's own fields,
    so a mistake in one is reported beside the scenario's own mistakes."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        path, line, col, suffix = locate(("translations",), False)
        return {}, [Problem(path, line, col, "translations: must be a mapping of languages (ja:, ko: …) "
                                             "to their texts" + suffix)]
    out: dict[str, Translation] = {}
    problems: list[Problem] = []
    for lang, body in raw.items():
        where = ("translations", lang)
        if not isinstance(lang, str) or not _LANG.match(lang):
            path, line, col, suffix = locate(where, True)
            problems.append(Problem(path, line, col, f"{lang!r} is not a language tag: write one as BCP 47 "
                                                     "does (ja, ko, en-GB)" + suffix))
            continue
        try:
            out[lang] = Translation.model_validate(body)
        except ValidationError as exc:
            problems += problems_from(exc, lambda loc, key=False: locate(where + tuple(loc), key))
    return out, problems


def check(scenario: Scenario, raw: Any, locate: Locate) -> list[Problem]:
    """Errors for translations of what the scenario does not have (read from the file's data,
    so they are found even beside other mistakes); warnings for texts the original leaves empty."""
    out: list[Problem] = []

    def say(loc: tuple[Any, ...], message: str, severity: str = "error") -> None:
        path, line, col, suffix = locate(loc, True)
        out.append(Problem(path, line, col, message + suffix, severity))

    moves = scenario.move_by_id
    for lang, tr in (raw.items() if isinstance(raw, dict) else ()):
        if not isinstance(tr, dict):
            continue
        base: tuple[Any, ...] = ("translations", lang)
        _unknown(say, base + ("cells",), tr.get("cells"), scenario.cell_by_id, "the scenario has no cell")
        _unknown(say, base + ("moves",), tr.get("moves"), moves, "the scenario has no move")
        for mid, mt in _mapping(tr.get("moves")):
            if mid in moves and isinstance(mt, dict):
                _unknown(say, base + ("moves", mid, "questions"), mt.get("questions"),
                         {q.id: q for q in moves[mid].questions}, f"move {mid} has no question")
        _unknown(say, base + ("injects",), tr.get("injects"), scenario.inject_by_id, "the scenario has no inject")
        for iid, it in _mapping(tr.get("injects")):
            inject = scenario.inject_by_id.get(iid)
            if inject is None or not isinstance(it, dict) or "decision" not in it:
                continue
            here = base + ("injects", iid, "decision")
            if inject.decision is None:
                say(here, f"inject '{iid}' has no decision to translate")
            elif isinstance(it["decision"], dict):
                _unknown(say, here + ("options",), it["decision"].get("options"),
                         {o.id: o for o in inject.decision.options}, f"the decision on {iid} has no option")
    known = {key: text for key, _, text in originals(scenario)}
    for lang, tr in scenario.translations.items():
        for key, _ in present(tr):
            if key in known and not known[key].strip():
                say(("translations", lang) + key, f"translates {label(key)}, which the original leaves empty",
                    "warning")
    return out


def _mapping(value: Any) -> Iterable[tuple[Any, Any]]:
    return value.items() if isinstance(value, dict) else ()


def _unknown(say: Callable[..., None], loc: tuple[Any, ...], given: Any, have: dict[str, Any], what: str) -> None:
    for name, _ in _mapping(given):
        if name not in have:
            close = difflib.get_close_matches(str(name), list(have), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            say(loc + (name,), f"{what} '{name}' to translate{hint}")


@dataclass(frozen=True, order=True)
class Gap:
    """A text a cell reads in the original although its scenario is translated into `lang`."""

    problem: Problem
    lang: str
    stale: bool  # translated once, but the original changed since


def gaps(scenario: Scenario, locate: Locate) -> list[Gap]:
    """Per language: each text with no translation (at the original) and each stale one
    (at its `source_hash`). Warnings: the scenario plays, in the original where one is missing."""
    out: list[Gap] = []
    for lang, tr in scenario.translations.items():
        for key, loc, original in originals(scenario):
            if not original.strip():
                continue
            now = source_hash(original)
            text = lookup(tr, key)
            if text is None:
                path, line, col, suffix = locate(loc, False)
                message = f"no '{lang}' translation of {label(key)}: it shows in the original (source_hash: {now})"
                out.append(Gap(Problem(path, line, col, message + suffix, "warning"), lang, False))
            elif text.source_hash is not None and text.source_hash != now:
                path, line, col, suffix = locate(("translations", lang) + key + ("source_hash",), False)
                message = (f"the '{lang}' translation of {label(key)} is stale: the original changed since "
                           f"(source_hash {text.source_hash}, the original's is now {now})")
                out.append(Gap(Problem(path, line, col, message + suffix, "warning"), lang, True))
    return sorted(out)


def summary(scenario: Scenario, found: list[Gap], locate: Locate) -> list[Problem]:
    """One warning per language with gaps, for a validate without --strict."""
    out = []
    for lang in scenario.translations:
        mine = [g for g in found if g.lang == lang]
        if mine:
            stale = sum(g.stale for g in mine)
            path, line, col, _ = locate(("translations", lang), True)
            out.append(Problem(path, line, col, f"'{lang}' translation: {len(mine) - stale} text(s) not translated, "
                                                f"{stale} stale (ttx validate --strict lists them)", "warning"))
    return out
