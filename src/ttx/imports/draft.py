"""What every importer builds: a first draft of a scenario, written as YAML
the way an author writes it by hand (literal blocks, ids on one line).

An importer fills a Draft; `to_yaml` writes it. What the source did not say
(the summary, an objective's text, a move's situation) is written as a TODO,
which `ttx validate --strict` names until the author has written it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from ttx.scenario.model import FORMAT_VERSION, marking_order
from ttx.scenario.vocabulary import ID_PATTERN

TODO_SUMMARY = "TODO: what happens, for controllers.\n"
TODO_SITUATION = "TODO: the situation update read to all players.\n"
_ID = re.compile(ID_PATTERN)


@dataclass
class DraftMove:
    id: str
    title: str | None = None
    situation: str | None = None
    situation_time: datetime | None = None
    injects: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Draft:
    """A scenario as far as the source tells it; None where it says nothing."""

    kind: str  # what was read: "CSV sheet", "T3SF MSEL" …
    title: str | None = None
    summary: str | None = None
    objectives: dict[str, str | None] = field(default_factory=dict)  # id -> text
    cells: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> {name, kind}
    moves: list[DraftMove] = field(default_factory=list)

    def move(self, name: str) -> DraftMove:
        """The move a source calls `name`, made on first use (ids from names: "Move 3" -> Move-3)."""
        for m in self.moves:
            if name in (m.id, m.title):
                return m
        move_id = free(slug(name, upper=False) or "M1", {m.id for m in self.moves})
        self.moves.append(DraftMove(move_id, None if move_id == name else name))
        return self.moves[-1]

    @property
    def inject_count(self) -> int:
        return sum(len(m.injects) for m in self.moves)

    def to_yaml(self, scenario_id: str, title: str | None, source: str) -> str:
        data: dict[str, Any] = {
            "ttx": FORMAT_VERSION,
            "id": scenario_id,
            "title": title or self.title or scenario_id,
            "summary": self.summary or TODO_SUMMARY,
        }
        if self.objectives:
            data["objectives"] = [{"id": o, "text": text or f"TODO: write objective {o}"}
                                  for o, text in self.objectives.items()]
        data["cells"] = [{"id": c, **{k: v for k, v in self.cells[c].items() if v}}
                         for c in sorted(self.cells, key=marking_order)]
        data["moves"] = []
        for move in self.moves:
            entry: dict[str, Any] = {"id": move.id}
            if move.title:
                entry["title"] = move.title
            if move.situation_time:
                entry["situation_time"] = move.situation_time
            entry["situation"] = move.situation or TODO_SITUATION
            entry["injects"] = move.injects
            data["moves"].append(entry)
        head = (f"# Imported from {source} ({self.kind}) by `ttx import`. A first draft: write the TODOs\n"
                "# (summary, objectives, each move's situation), then add what the source could not say:\n"
                "# discussion questions, `when:` branches. Then run `ttx validate --strict`.\n")
        return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def slug(text: str, *, upper: bool) -> str:
    """An id from words: "Information Security" -> INFORMATION-SECURITY (upper) or
    "Don't pay it" -> dont-pay-it; "" when no letter or digit is left."""
    text = re.sub(r"['’`]", "", text.strip())
    text = re.sub(r"[^A-Za-z0-9_.]+" if not upper else r"[^A-Za-z0-9]+", "-", text).strip("-_.")
    return text.upper() if upper else text


def free(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` … whichever is not taken yet."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def is_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


def tidy(text: str) -> str:
    """Text for a YAML block: no trailing spaces on a line (PyYAML would quote the whole
    body on one line for them); two or more, Markdown's hard break, become `\\`."""
    lines = [re.sub(r"[ \t]{2,}$", "\\\\", ln).rstrip(" \t") if ln.strip() else ""
             for ln in text.replace("\r\n", "\n").split("\n")]
    # a break before a blank line or at the end would show as a backslash: a paragraph ends there anyway
    for i, ln in enumerate(lines):
        if ln.endswith("\\") and not ln.endswith("\\\\") and (i + 1 == len(lines) or not lines[i + 1]):
            lines[i] = ln[:-1].rstrip(" \t")
    return "\n".join(lines).strip("\n")


def plain_to_markdown(text: str) -> str:
    """Plain text (a spreadsheet cell, a T3SF script) as Markdown that shows it as typed:
    a single line break stays a line break (Markdown would join the lines), except
    before a line that starts a list, quote or heading, which breaks anyway."""
    lines = tidy(text).split("\n")
    out = []
    for i, ln in enumerate(lines):
        follows = lines[i + 1] if i + 1 < len(lines) else ""
        joined = ln.strip() and follows.strip() and not _BLOCK.match(follows) and not ln.endswith("\\")
        out.append(ln + "\\" if joined else ln)
    return "\n".join(out)


_BLOCK = re.compile(r"^\s{0,3}([-*+]\s|\d{1,9}[.)]\s|#{1,6}\s|>|\|)")


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks, as authors write it by hand."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # YAML folds its other line breaks (CR, NEL, LS, PS) in plain and block text: quote those, escaped
    if _ODD_BREAKS.search(value) or not value.replace("\n", "").isprintable():
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


def _list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    # ids on one line (`to: [USA, JPN]`), anything longer one item a line
    short = all(isinstance(v, str) and _ID.fullmatch(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
