"""Which column of a sheet is which inject field, by the names other tools give
them: `ttx export`'s own, common MEL sheets (Conducttr's Number, Time, From,
Faction, To, Team, Method, Subject, Message, Expected Action), T3SF (`#, Real
Time, Date, Subject, From, Player, Script, Photo, Picture Name, Profile,
Poll`) and CMU SEI Blueprint's Standard, MITRE and HSEEP templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ttx.scenario.vocabulary import CHANNELS

# field -> the names it goes by (lower case); the first found in the header row is read.
HEADERS: dict[str, tuple[str, ...]] = {
    "move": ("move", "module", "phase", "stage", "move number"),
    "time": ("time", "planned time", "real time", "delivery time", "local time", "release time", "at",
             "t+", "offset", "delay", "exercise time", "scheduled time", "minute", "minutes"),
    "scenario_time": ("scenario time", "situation time", "in-world time", "simulated time",
                      "designated scenario time", "date", "scenario date", "game time"),
    "from": ("from", "sender", "originator", "from org", "source"),
    "cells": ("team", "cells", "to", "recipients", "recipient", "player", "players", "to org", "target",
              "audience", "faction"),
    "channel": ("method", "channel", "delivery method", "delivery", "inject mode", "mode", "medium"),
    "title": ("subject", "title", "event", "event synopsis", "synopsis", "inject title", "headline"),
    "body": ("message", "body", "inject text", "text", "script", "details", "description", "content",
             "inject"),
    "expected": ("expected action", "expected actions", "expected player action", "expected participant response",
                 "expected response", "expected outcome"),
    "objectives": ("objectives", "objective", "exercise objective"),
    "decision": ("decision prompt", "decision", "question"),
    "options": ("options", "poll", "choices", "decision options"),
    "deciding": ("deciding cells",),
    "time_limit": ("time limit",),
    "discussion_only": ("discussion only",),
    "when": ("condition", "when"),
    "releasability": ("releasability", "marking"),
    "id": ("inject id", "id"),
    "number": ("number", "#", "no", "no.", "control number", "event number", "inject#", "inject #",
               "inject number", "serial", "seq"),
    "contingency": ("contingency",),
    "trigger": ("trigger", "when to use"),
    "notes": ("facilitator notes", "controller notes", "notes", "controller note", "evaluation notes/hints",
              "evaluation notes", "hints"),
    "event_type": ("event type", "type"),
}
# A sheet's "method": a ttx channel, or a word spreadsheets use for one.
CHANNEL_WORDS = {c: c for c in CHANNELS} | {
    "press": "news", "tv": "news", "radio": "news", "media": "news", "newspaper": "news",
    "intelligence": "intel", "memo": "cable", "letter": "cable",
    "phone": "call", "telephone": "call", "phone call": "call", "voice": "call",
    "e-mail": "email", "mail": "email", "social media": "social", "twitter": "social", "x": "social",
    "radar": "sensor", "briefing": "brief", "in person": "brief", "verbal": "brief",
}
# Units a time column's header may give: `Delay (s)`, `T+ (min)`, `Offset [seconds]`
_UNIT = re.compile(r"\s*[\(\[]\s*(s|sec|secs|seconds|m|min|mins|minutes|h|hrs|hours)\s*[\)\]]\s*$")
_UNIT_MINUTES = {"s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "seconds": 1 / 60, "h": 60, "hrs": 60, "hours": 60}


@dataclass
class Columns:
    header: list[str]
    at: dict[str, int] = field(default_factory=dict)  # field -> column index
    unit: float = 1.0  # minutes per plain number in the time column
    persona: int | None = None  # a `To` beside `Team`: the person addressed, shown in the body
    kept: list[int] = field(default_factory=list)  # columns no field reads: kept as notes

    def name(self, col: int) -> str:
        return self.header[col].strip() or f"column {_letters(col)}"


def map_columns(header: list[str], nonempty: set[int]) -> Columns:
    """The fields of a header row; `nonempty`: the columns with any value below the header."""
    names = [_norm(h) for h in header]
    cols = Columns(header)
    for key, aliases in HEADERS.items():
        for alias in aliases:
            hit = next((i for i, n in enumerate(names) if n[0] == alias and i not in cols.at.values()), None)
            if hit is not None:
                cols.at[key] = hit
                if key == "time":
                    cols.unit = names[hit][1]
                break
    if "to" in [n[0] for n in names] and cols.at.get("cells") != [n[0] for n in names].index("to"):
        cols.persona = [n[0] for n in names].index("to")
    used = set(cols.at.values()) | ({cols.persona} if cols.persona is not None else set())
    cols.kept = [i for i in range(len(header)) if i not in used and (header[i].strip() or i in nonempty)]
    return cols


def _norm(header: str) -> tuple[str, float]:
    text = " ".join(header.strip().lower().rstrip(":").split())
    unit = _UNIT.search(text)
    if unit:
        return text[:unit.start()].strip(), _UNIT_MINUTES.get(unit.group(1), 1.0)
    if text in ("t+min", "t+ min", "t + min", "t+minutes", "t+(min)"):
        return "t+", 1.0
    return text, 1.0


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
