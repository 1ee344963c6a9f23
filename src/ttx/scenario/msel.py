"""The Master Scenario Events List as a spreadsheet, both ways: the planned
MSEL of a scenario as a controller's sheet, and a sheet (CSV) turned into a
first draft of a scenario for an author to finish in YAML."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator

import yaml

from ttx.scenario.model import (FORMAT_VERSION, MAX_MINUTES, All, Any_, Condition, Leaf, Scenario, marking,
                                marking_order)
from ttx.scenario.plaintext import one_line, printable, spreadsheet_cell, spreadsheet_value
from ttx.scenario.vocabulary import CELL_ID_PATTERN, CHANNELS, ID_PATTERN
from ttx.scenario.yamlsrc import Problem

# Header names follow the spreadsheet MEL imports (Number, Time, From, To,
# Method, Subject, Message, Expected Action), with ttx's own columns beside them.
COLUMNS = ("Number", "Move", "Time", "Scenario Time", "From", "To", "Method", "Subject", "Message",
           "Expected Action", "Objectives", "Decision Prompt", "Releasability", "Inject ID", "Contingency",
           "Condition", "Trigger", "Facilitator Notes")


def minutes_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def rows(scenario: Scenario) -> Iterator[tuple[str, ...]]:
    """The sheet's rows, as text fit to print (no escape sequences or control characters)."""
    number = 0
    for move in scenario.moves:
        for inj in move.schedule:
            number += 1
            st = scenario.situation_time(move, inj)
            yield tuple(map(printable, (
                str(number), move.id, "+" + minutes_text(inj.at),
                st.strftime("%Y-%m-%d %H:%M %z") if st else "",
                inj.from_ or "", ", ".join(scenario.recipients(inj)), inj.channel, inj.title, inj.body.strip(),
                "; ".join(inj.expected_actions), ", ".join(inj.objectives),
                inj.decision.prompt if inj.decision else "", scenario.releasability(inj), inj.id,
                "yes" if inj.contingency else "",
                condition_text(inj.when) if inj.when is not None else "", inj.trigger or "",
                "\n".join(inj.facilitator_notes),
            )))


def condition_text(cond: Condition) -> str:
    """A `when` in one line, as a controller reads it: `M2-06 (KOR) chose national and not …`."""
    if isinstance(cond, Leaf):
        who = f" ({cond.cell})" if cond.cell else ""
        return f"{cond.decision}{who} chose {' or '.join(cond.chose)}"
    if isinstance(cond, (All, Any_)):
        parts, word = (cond.all, " and ") if isinstance(cond, All) else (cond.any, " or ")
        return "(" + word.join(condition_text(c) for c in parts) + ")"
    return f"not {condition_text(cond.not_)}"


def to_csv(scenario: Scenario) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(tuple(map(spreadsheet_cell, row)) for row in rows(scenario))
    return out.getvalue()


def to_markdown(scenario: Scenario) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " / ")  # a multi-line cell (notes) on one row

    # the messages themselves are too long for a table row: the CSV carries them
    keep = [i for i, name in enumerate(COLUMNS) if name != "Message"]
    lines = [f"**{scenario.classification}**", "", f"# MSEL — {one_line(scenario.title)}", "",
             "| " + " | ".join(COLUMNS[i] for i in keep) + " |", "|" + "---|" * len(keep)]
    lines += ["| " + " | ".join(cell(row[i]) for i in keep) + " |" for row in rows(scenario)]
    if scenario.agenda:
        lines += ["", f"## Timing plan — {minutes_text(scenario.event_minutes)} in all", "",
                  "| Block | Minutes |", "|---|---|"]
        for item in scenario.agenda:
            block = scenario.move_by_id[item.move].label if item.move else item.title or ""
            lines.append(f"| {cell(printable(block))} | {scenario.agenda_minutes(item)} |")
    notes = [(m, note) for m in scenario.moves for note in m.facilitator_notes]
    if notes:
        lines += ["", "## Facilitator notes by move", ""]
        lines += [f"- **{m.id}**: {cell(printable(note))}" for m, note in notes]
    lines += ["", f"**{scenario.classification}**", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ import

# What each field is called in the sheets people bring (lower case); the
# first of a field's names found in the header row is the column read.
HEADERS: dict[str, tuple[str, ...]] = {
    "move": ("move", "module", "phase"),
    "time": ("time", "planned time", "real time", "at"),
    "scenario_time": ("scenario time", "situation time", "in-world time"),
    "from": ("from", "sender", "originator"),
    "cells": ("team", "cells", "to", "recipients", "faction"),
    "channel": ("method", "channel", "delivery method", "delivery"),
    "title": ("subject", "title", "event", "event synopsis", "synopsis"),
    "body": ("message", "body", "inject text", "text", "description"),
    "expected": ("expected action", "expected actions", "expected player action"),
    "objectives": ("objectives", "objective"),
    "decision": ("decision prompt", "decision"),
    "releasability": ("releasability", "marking"),
    "id": ("inject id", "id"),
    "contingency": ("contingency",),
    "trigger": ("trigger", "when to use"),
    "notes": ("facilitator notes", "controller notes"),
}
# A sheet's "method": a ttx channel, or a word spreadsheets use for one.
CHANNEL_WORDS = {c: c for c in CHANNELS} | {
    "press": "news", "tv": "news", "radio": "news", "media": "news",
    "intelligence": "intel", "memo": "cable", "phone": "call", "telephone": "call",
    "e-mail": "email", "mail": "email", "social media": "social", "twitter": "social", "x": "social",
    "radar": "sensor", "briefing": "brief",
}
ALL_CELLS = ("", "all", "all cells", "all players", "everyone")
CONTROL_CELLS = ("WHITE", "CONTROL", "EXCON", "SIMCELL")  # the usual names of a control cell
_CELL = re.compile(CELL_ID_PATTERN)
_ID = re.compile(ID_PATTERN)
_TIME = re.compile(r"^\+?(\d+)(?::([0-5]\d))?(?::([0-5]\d))?$")


class SheetError(Exception):
    """A CSV sheet (an MSEL, returned feedback forms) has mistakes: its problems, path:line:col."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class _Move:
    id: str
    title: str | None
    injects: list[dict[str, Any]] = field(default_factory=list)


def from_csv(text: str, *, path: str, scenario_id: str, title: str) -> tuple[str, list[Problem]]:
    """A draft scenario (YAML text) from an MSEL sheet, and the sheet's warnings.
    Branching (`when:`), decision options, briefings and questions are not in a
    sheet: the author writes them next. Raises SheetError with path:line:col
    problems (nothing is returned then)."""
    return _read(sheet_rows(text, path), path=path, scenario_id=scenario_id, title=title)


def sheet_rows(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each row of a CSV sheet, the header first (a quoted cell may
    span lines); what the csv module cannot read (an over-long field) is a SheetError
    at its line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            yield start, [spreadsheet_value(c) for c in row]  # as `ttx msel` wrote them
    except csv.Error as exc:
        raise SheetError([Problem(path, max(reader.line_num, 1), 1, f"not a readable CSV sheet: {exc}")]) from None


def _read(rows: Iterator[tuple[int, list[str]]], *, path: str, scenario_id: str,
          title: str) -> tuple[str, list[Problem]]:
    header = next(rows, (1, None))[1]
    if not header or not any(h.strip() for h in header):
        raise SheetError([Problem(path, 1, 1, "the sheet is empty: the first row must name its columns")])
    names = [h.strip().lower() for h in header]
    column: dict[str, int] = {}
    for key, aliases in HEADERS.items():
        found = next((names.index(a) for a in aliases if a in names), None)
        if found is not None and found not in column.values():
            column[key] = found
    missing = [k for k in ("time", "title") if k not in column]
    if missing:
        wanted = " and ".join(f"{HEADERS[k][0].title()} (or {', '.join(HEADERS[k][1:3])})" for k in missing)
        raise SheetError([Problem(path, 1, 1, f"no column for {wanted}; the header row is: {', '.join(header)}")])
    persona = names.index("to") if "to" in names and column.get("cells") != names.index("to") else None

    problems: list[Problem] = []
    moves: dict[str, _Move] = {}
    cells: list[str] = []
    objectives: list[str] = []
    seen_ids: set[str] = set()
    for start, row in rows:
        if not any(c.strip() for c in row):
            continue

        def get(key: str) -> str:
            i = column.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        def bad(key: str, message: str) -> None:
            problems.append(Problem(path, start, column.get(key, 0) + 1, message))

        move_name = get("move") or "M1"
        move = moves.get(move_name)
        if move is None:
            move_id = _free(_slug(move_name), {m.id for m in moves.values()})
            move = moves[move_name] = _Move(move_id, None if move_id == move_name else move_name)
        inject: dict[str, Any] = {}
        inject_id = get("id") or _free(f"{move.id}-{len(move.injects) + 1:02d}", seen_ids)
        if not _ID.match(inject_id) or inject_id in seen_ids:
            bad("id", f"inject id {inject_id!r} is " + ("used twice" if inject_id in seen_ids else
                                                         "not an id (letters, digits, . _ -)"))
        seen_ids.add(inject_id)
        inject["id"] = inject_id
        minutes = _minutes(get("time"))
        if minutes is None or minutes > MAX_MINUTES:
            bad("time", f"{get('time')!r} is not a time into the move: write minutes (90) or H:MM (+1:30), "
                        "at most a week")
        inject["at"] = minutes or 0
        when = get("scenario_time")
        if when:
            try:
                inject["situation_time"] = datetime.fromisoformat(when.replace(" +", "+").replace(" -", "-"))
            except ValueError:
                bad("scenario_time", f"{when!r} is not a date and time (2027-09-14 07:12 +0900)")
        inject["title"] = get("title") or "(untitled)"
        if not get("title"):
            bad("title", "an inject needs a subject (its title)")
        if get("from"):
            inject["from"] = get("from")
        to = list(dict.fromkeys(c for c in re.split(r"[,;/\s]+", get("cells")) if c))  # once each, in order
        if get("cells").lower() not in ALL_CELLS:
            wrong = [c for c in to if not _CELL.match(c)]
            if wrong:
                bad("cells", f"{', '.join(wrong)}: not a cell id (upper-case trigraphs such as USA, JPN, KOR)")
            inject["to"] = to
            cells += [c for c in to if c not in cells]
        channel = get("channel").lower()
        if channel:
            inject["channel"] = CHANNEL_WORDS.get(channel, "other")
            if channel not in CHANNEL_WORDS:
                problems.append(Problem(path, start, column["channel"] + 1,
                                        f"method {get('channel')!r} is not a ttx channel; imported as other",
                                        "warning"))
        body = get("body")
        if persona is not None and persona < len(row) and row[persona].strip():
            body = f"**For:** {row[persona].strip()}\n\n{body}".strip()
        if body:
            inject["body"] = body + "\n"
        expected = [a.strip() for a in re.split(r"[;\n]", get("expected")) if a.strip()]
        if expected:
            inject["expected_actions"] = expected
        objs = list(dict.fromkeys(o for o in re.split(r"[,;\s]+", get("objectives")) if o))
        if any(not _ID.match(o) for o in objs):
            bad("objectives", f"{', '.join(o for o in objs if not _ID.match(o))}: not an objective id (OBJ-1)")
        if objs:
            inject["objectives"] = objs
            objectives += [o for o in objs if o not in objectives]
        if get("decision"):
            inject["decision"] = {"prompt": get("decision")}
        # the sheet's marking only when it is not the one `to` gives anyway
        if get("releasability") and not (to and get("releasability") == marking(to)):
            inject["releasability"] = get("releasability")
        if get("contingency").lower() in ("yes", "y", "true", "x", "1"):
            inject["contingency"] = True
        if get("trigger"):
            inject["trigger"] = get("trigger")
        notes = [n.strip() for n in get("notes").splitlines() if n.strip()]
        if notes:
            inject["facilitator_notes"] = notes
        move.injects.append(inject)
    if not moves and not problems:
        problems.append(Problem(path, 1, 1, "the sheet has a header row but no injects"))
    if any(p.severity == "error" for p in problems):
        raise SheetError(problems)
    return _yaml(scenario_id, title, path, cells, objectives, list(moves.values())), problems


def _slug(name: str) -> str:
    """An id for a move named in words ("Move 3" -> "Move-3")."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-_.")
    return slug if slug[:1].isalnum() else f"M{slug}"


def _free(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` … whichever is not taken yet."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def _minutes(text: str) -> int | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    a, b, c = match.groups()
    if b is None:
        return int(a)  # plain minutes
    if c is None:
        return int(a) * 60 + int(b)  # H:MM
    return int(a) * 60 + int(b) + (1 if int(c) >= 30 else 0)  # H:MM:SS, to the nearest minute


def _yaml(scenario_id: str, title: str, source: str, cells: list[str], objectives: list[str],
          moves: list[_Move]) -> str:
    ordered = sorted(cells, key=marking_order)
    data: dict[str, Any] = {
        "ttx": FORMAT_VERSION,
        "id": scenario_id,
        "title": title,
        "summary": "TODO: what happens, for controllers.\n",
        "objectives": [{"id": o, "text": f"TODO: write objective {o}"} for o in sorted(objectives)],
        "cells": [{"id": c, **({"kind": "control"} if c in CONTROL_CELLS else {})} for c in ordered]
        or [{"id": "USA"}, {"id": "JPN"}, {"id": "KOR"}],
        "moves": [],
    }
    if not objectives:
        del data["objectives"]
    for move in moves:
        entry: dict[str, Any] = {"id": move.id}
        if move.title:
            entry["title"] = move.title
        entry["situation"] = "TODO: the situation update read to all players.\n"
        entry["injects"] = move.injects
        data["moves"].append(entry)
    head = (f"# Imported from {source} by `ttx import-msel`. A first draft: write the TODOs (summary,\n"
            "# objectives, each move's situation), then add what a sheet cannot hold: discussion\n"
            "# questions, decision options, `when:` branches. Then run `ttx validate --strict`.\n")
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


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
    short = all(isinstance(v, str) and _ID.match(v) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
