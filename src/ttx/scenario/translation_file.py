"""Writing a sibling translation file for a translator to fill in (`ttx translate`).

Every text players see gets an entry with the original above it as a comment
and the original's `source_hash`; texts already translated keep their text,
hash and `checked` as they are, so a stale translation stays stale until a
person updates it (and then its hash, which `ttx validate --strict` prints).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

from ttx.scenario.translation import Key, Translated, Translation, lookup, originals, source_hash

if TYPE_CHECKING:
    from ttx.scenario.model import Scenario


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Paragraphs read best as a literal block; PyYAML quotes instead where one cannot hold the text.
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def _scalar(value: str, indent: str) -> str:
    """`value` as a YAML scalar written after `key: ` at `indent`."""
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=1 << 20)
    text = text.removesuffix("...\n").rstrip("\n")
    first, *rest = text.split("\n")
    return "\n".join([first, *(indent + line if line else line for line in rest)])


def skeleton(scenario: Scenario, lang: str, existing: Translation | None = None) -> str:
    """The sibling file `<id>.<lang>.yaml`: what `existing` translates kept, every other text blank."""
    existing = existing or Translation()
    lines = [
        "# yaml-language-server: $schema=../schema/translation.schema.json",
        f"# {lang} translation of {scenario.id}: fill in each `text:` below the original (quoted as a comment).",
        "# When you update a translation after its original changed, set its source_hash to the one",
        "# `ttx validate --strict` prints. Ids, markings, the banner and times are never translated.",
        "ttx: 1",
        f"lang: {lang}",
        f"scenario: {scenario.id}",
        f"checked: {'true' if existing.checked else 'false'}  # true once a person has checked every text",
        f"translator: {_scalar(existing.translator or '', '')}  # who translated it, who checked it",
    ]
    opened: list[Key] = []
    for key, _, original in originals(scenario):
        if not original.strip():
            continue
        # Open the mappings this key sits in (title:, moves: / M1: / questions: …) once each.
        for depth in range(len(key) - 1):
            prefix = key[: depth + 1]
            if prefix not in opened:
                opened.append(prefix)
                lines.append("  " * depth + f"{_key(key[depth])}:")
        indent = "  " * len(key)
        lines.append("  " * (len(key) - 1) + f"{_key(key[-1])}:")
        lines += [f"{indent}# {line}".rstrip() for line in original.rstrip("\n").split("\n")]
        text = lookup(existing, key)
        lines += _entry(text, source_hash(original), indent)
    return "\n".join(lines) + "\n"


def _entry(text: Translated | None, now: str, indent: str) -> list[str]:
    if text is None:
        return [f'{indent}text: ""', f'{indent}source_hash: "{now}"']  # quoted: all digits would read as a number
    out = [f"{indent}text: {_scalar(text.text, indent)}"]
    if text.source_hash is not None:
        out.append(f'{indent}source_hash: "{text.source_hash}"')
    if text.checked is not None:
        out.append(f"{indent}checked: {'true' if text.checked else 'false'}")
    return out


def _key(name: Any) -> str:
    """A mapping key as YAML reads it back: ids such as `yes` or `on` quoted."""
    return _scalar(str(name), "") if yaml.safe_load(str(name)) != str(name) else str(name)
