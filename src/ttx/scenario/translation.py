"""Scenario content in parallel languages (format extension, docs/scenario-format.md).

A translation mirrors the texts players see, by id: the scenario's title,
summary and background, cell names, each move's title, situation and
questions, each inject's title, sender, body and decision (prompt, options).
It is written beside the original (`translations: {ja: …}` in the scenario)
or in a sibling file (`scenarios/<id>.ja.yaml`). A text may carry the short
hash of the original it was made from, so a translation left behind by a
change of the original is found (`ttx validate --strict`), and whether a
person checked it. What is not translated falls back to the original.

Ids, markings, the classification banner and times have no place here:
they are never translated.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Annotated, Any, Iterator, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ttx.scenario.vocabulary import SCENARIO_ID_PATTERN

if TYPE_CHECKING:
    from ttx.scenario.model import Scenario

# BCP 47 as authors write it: a language (ja, ko, en), optionally a script or region (zh-Hant, en-GB).
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
HASH_PATTERN = r"^[0-9a-f]{8}$"

Lang = Annotated[str, Field(strict=True), StringConstraints(pattern=LANG_PATTERN)]
_Str = Annotated[str, Field(strict=True)]


def source_hash(text: str) -> str:
    """The short hash of an original text that a translation records (8 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _hash(value: str) -> str:
    if not re.match(HASH_PATTERN, value):
        raise ValueError(f"{value[:20]!r} is not a source_hash: 8 hex digits, as ttx translate writes them "
                         "and ttx validate --strict prints them")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True)


class Translated(_Model):
    """One translated text, with what is known of how it was made."""

    text: _Str
    source_hash: Annotated[str, Field(strict=True, json_schema_extra={"pattern": HASH_PATTERN}),
                           AfterValidator(_hash)] | None = None
    """The original's hash when this was translated (ttx translate writes it): a different hash
    now means the original changed since, and ttx validate --strict lists the text as stale."""
    checked: bool | None = None
    """A person checked this text; default: the translation's `checked`."""


def _text(value: Any) -> Any:
    """A translated text is plain text, or a mapping with `text:` and what is known of it."""
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, (dict, Translated)):
        return value
    raise ValueError("must be the translated text, or a mapping with `text:` (and `source_hash:`, `checked:`)")


TText = Annotated[Translated, BeforeValidator(_text, json_schema_input_type=str | Translated)]


class DecisionTranslation(_Model):
    prompt: TText | None = None
    options: dict[str, TText] = {}
    """Option id -> the option's text."""


class InjectTranslation(_Model):
    title: TText | None = None
    from_: TText | None = Field(default=None, alias="from")
    body: TText | None = None
    decision: DecisionTranslation | None = None


class MoveTranslation(_Model):
    title: TText | None = None
    situation: TText | None = None
    questions: dict[str, TText] = {}
    """Question id -> the question's text."""


class Translation(_Model):
    """The scenario's player-facing texts in one language, by id."""

    checked: bool = False
    """A person checked this translation (a text's own `checked` overrides it)."""
    translator: _Str | None = None
    """Who (or what tool) translated it, and who checked it: free text."""
    title: TText | None = None
    summary: TText | None = None
    background: TText | None = None
    cells: dict[str, TText] = {}
    """Cell id -> the cell's name."""
    moves: dict[str, MoveTranslation] = {}
    """Move id -> its title, situation and questions."""
    injects: dict[str, InjectTranslation] = {}
    """Inject id -> its title, sender, body and decision."""


class TranslationFile(Translation):
    """A sibling translation file, `scenarios/<id>.<lang>.yaml`."""

    ttx: Literal[1]
    lang: Lang | None = None
    """The language; it must agree with the file name's."""
    scenario: Annotated[str, Field(strict=True), StringConstraints(pattern=SCENARIO_ID_PATTERN)] | None = None
    """The id of the scenario translated; it must agree with the scenario beside it."""


HEADER_KEYS = ("ttx", "lang", "scenario")


# ---------------------------------------------------------------------------
# The translatable texts, one walk for applying, checking and writing them

Key = tuple[str, ...]  # path in a translation: ("injects", "M1-01", "decision", "options", "share")
Loc = tuple[Any, ...]  # path in the scenario's data: ("moves", 0, "injects", 3, "body")


def originals(scenario: Scenario) -> Iterator[tuple[Key, Loc, str]]:
    """(key in a translation, place in the scenario, original text) of every text players see."""
    yield ("title",), ("title",), scenario.title
    yield ("summary",), ("summary",), scenario.summary
    yield ("background",), ("background",), scenario.background
    for ci, cell in enumerate(scenario.cells):
        yield ("cells", cell.id), ("cells", ci, "name"), cell.name or ""
    for mi, move in enumerate(scenario.moves):
        m = ("moves", move.id)
        yield m + ("title",), ("moves", mi, "title"), move.title or ""
        yield m + ("situation",), ("moves", mi, "situation"), move.situation
        for qi, q in enumerate(move.questions):
            yield m + ("questions", q.id), ("moves", mi, "questions", qi, "text"), q.text
    for mi, move in enumerate(scenario.moves):
        for ii, inj in enumerate(move.injects):
            k, loc = ("injects", inj.id), ("moves", mi, "injects", ii)
            yield k + ("title",), loc + ("title",), inj.title
            yield k + ("from",), loc + ("from",), inj.from_ or ""
            yield k + ("body",), loc + ("body",), inj.body
            if inj.decision is not None:
                yield k + ("decision", "prompt"), loc + ("decision", "prompt"), inj.decision.prompt
                for oi, opt in enumerate(inj.decision.options):
                    yield (k + ("decision", "options", opt.id), loc + ("decision", "options", oi, "text"),
                           opt.text)


def lookup(translation: Translation, key: Key) -> Translated | None:
    """The translation of the text at `key`; None where it gives none (or only a blank one)."""
    node: Any = translation
    for part in key:
        if node is None:
            return None
        node = node.get(part) if isinstance(node, dict) else getattr(node, "from_" if part == "from" else part)
    return node if node is not None and node.text.strip() else None


def present(translation: Translation) -> Iterator[tuple[Key, Translated]]:
    """Every text the translation gives, with its key."""
    def walk(node: Any, key: Key) -> Iterator[tuple[Key, Translated]]:
        if isinstance(node, Translated):
            yield key, node
        elif isinstance(node, dict):
            for name, value in node.items():
                yield from walk(value, key + (name,))
        elif isinstance(node, BaseModel):
            for name, field in type(node).model_fields.items():
                if name not in ("checked", "translator", *HEADER_KEYS):
                    yield from walk(getattr(node, name), key + (field.alias or name,))
    yield from walk(translation, ())


def is_checked(translation: Translation, text: Translated) -> bool:
    return translation.checked if text.checked is None else text.checked


def label(key: Key) -> str:
    """How a message names a translated text: `M1-01 body`, `M1-01 option share`, `cell JPN`."""
    if key[0] == "injects":
        rest = key[2:]
        if rest[:2] == ("decision", "options"):
            return f"{key[1]} option {rest[2]}"
        return f"{key[1]} " + " ".join(rest)
    if key[0] == "moves":
        if key[2] == "questions":
            return f"{key[1]} question {key[3]}"
        return f"{key[1]} {key[2]}"
    if key[0] == "cells":
        return f"cell {key[1]} name"
    return "scenario " + key[0]


# ---------------------------------------------------------------------------
# The scenario as a cell reads it in its language


def languages(scenario: Scenario) -> tuple[str, ...]:
    """The languages the scenario can be read in: its own first, then its translations'."""
    return (scenario.lang, *(lang for lang in scenario.translations if lang != scenario.lang))


# A console asks for its view every second: the localized scenario is made once per language.
_made: dict[tuple[int, str], tuple[Scenario, Scenario]] = {}


def localized(scenario: Scenario, lang: str | None) -> Scenario:
    """The scenario with every text that has a translation into `lang` replaced by it;
    a text without one stays as written. Ids, markings, banner and times are untouched."""
    translation = scenario.translations.get(lang or "")
    if translation is None or lang == scenario.lang:
        return scenario
    key = (id(scenario), lang or "")
    if key in _made and _made[key][0] is scenario:
        return _made[key][1]
    if len(_made) >= 8:
        _made.clear()
    _made[key] = (scenario, _localize(scenario, translation, lang or ""))
    return _made[key][1]


def _localize(scenario: Scenario, translation: Translation, lang: str) -> Scenario:
    data = scenario.model_dump(by_alias=True, exclude_defaults=True)
    data["translations"] = {}
    data["lang"] = lang
    for key, loc, _ in originals(scenario):
        text = lookup(translation, key)
        if text is not None:
            _put(data, loc, text.text)
    return type(scenario).model_validate(data)


def _put(data: Any, loc: Loc, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value
