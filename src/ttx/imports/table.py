"""An MSEL table (a CSV or XLSX sheet, T3SF's rows) read into a draft.

Every column is read by a field or named in a warning and kept in each
inject's facilitator notes (controller-only), so nothing disappears. Every
reading the importer is unsure of (clock times, a missing subject, merged
rows, aliases) is said in a warning at the cell it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Callable

from ttx.imports import conditions, teams, times
from ttx.imports.columns import CHANNEL_WORDS, map_columns
from ttx.imports.draft import Draft, free, is_id, plain_to_markdown, slug, tidy
from ttx.scenario.model import marking
from ttx.scenario.times import MAX_MINUTES
from ttx.scenario.msel import SheetError
from ttx.scenario.yamlsrc import Problem

# (row's line, column index or -1, message, severity) -> a Problem located in the source
Locate = Callable[[int, int, str, str], Problem]
YES = ("yes", "y", "true", "x", "1")


@dataclass
class Table:
    kind: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells) of each row under the header
    locate: Locate
    markdown: bool = False  # bodies are Markdown already (a ttx export), not plain text
    row_label: Callable[[list[int]], str] = lambda rows: "lines " + ", ".join(map(str, rows))  # or [4], [5] in JSON


def read_table(table: Table, *, start: str | None = None) -> tuple[Draft, list[Problem]]:
    """The draft and its warnings, or SheetError with every mistake located."""
    return _Reader(table, start).read()


class _Reader:
    def __init__(self, table: Table, start: str | None) -> None:
        self.t = table
        self.start = start
        self.problems: list[Problem] = []
        self.draft = Draft(table.kind)
        self.cells = teams.Cells()
        self.first_world: dict[str, float] = {}  # move id -> its first in-world time of day
        self.epoch: datetime | None = None
        self.said_all = False

    def say(self, line: int, col: int, message: str, severity: str = "warning") -> None:
        self.problems.append(self.t.locate(line, col, message, severity))

    def read(self) -> tuple[Draft, list[Problem]]:
        t = self.t
        if not t.header or not any(h.strip() for h in t.header):
            raise SheetError([t.locate(t.header_line, 0, "the sheet is empty: the first row must name its "
                                                        "columns", "error")])
        rows = [(line, cells + [""] * (len(t.header) - len(cells))) for line, cells in t.rows
                if any(c.strip() for c in cells)]
        nonempty = {i for _, cells in rows for i, c in enumerate(cells) if c.strip()}
        self.c = c = map_columns(t.header, nonempty)
        self._check_header()
        for i in c.kept:
            self.say(t.header_line, i, f"column '{c.name(i)}' is read by no ttx field: kept in each inject's "
                                       f"facilitator notes as '{c.name(i)}: …' (controller-only)")
        if not rows:
            raise SheetError([t.locate(t.header_line, 0, "the sheet has a header row but no injects", "error")])
        rows = self._merge_repeats(rows)
        at = self._times(rows)
        seen: set[str] = set()
        for (line, row), minutes in zip(rows, at):
            self._inject(line, row, minutes, seen)
        self._finish()
        if any(p.severity == "error" for p in self.problems):
            raise SheetError(self.problems)
        return self.draft, self.problems

    # ------------------------------------------------------------------ columns

    def _check_header(self) -> None:
        c, t = self.c, self.t
        if "time" not in c.at and "scenario_time" in c.at:
            c.at["time"] = c.at["scenario_time"]
            self.say(t.header_line, c.at["time"], f"no release-time column: '{c.name(c.at['time'])}' is read "
                                                  "as both the release time and the in-world time")
        missing = []
        if "time" not in c.at:
            missing.append("Time (or Real Time, Delivery Time, T+)")
        if "title" not in c.at and "body" not in c.at:
            missing.append("Subject (or Title) or Message (or Script, Description)")
        if missing:
            raise SheetError([t.locate(t.header_line, 0, f"no column for {' and '.join(missing)}; the header "
                                                         f"row is: {', '.join(t.header)}", "error")])
        if "title" not in c.at:
            self.say(t.header_line, c.at["body"], f"no Subject column: each title is the first sentence of "
                                                  f"'{c.name(c.at['body'])}'")

    def get(self, row: list[str], key: str) -> str:
        i = self.c.at.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    def _merge_repeats(self, rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
        """One message sent to several teams as consecutive rows (T3SF writes one row per player)
        becomes one inject to all of them."""
        cells_col = self.c.at.get("cells")
        if cells_col is None:
            return rows
        skip = {cells_col, self.c.at.get("number")}
        out: list[tuple[int, list[str], list[int]]] = []
        for line, row in rows:
            same = [v for i, v in enumerate(row) if i not in skip]
            names = teams.names(row[cells_col]) or []
            if (out and [v for i, v in enumerate(out[-1][1]) if i not in skip] == same and names
                    and not set(names) & set(teams.names(out[-1][1][cells_col]) or [])):
                out[-1][1][cells_col] += "\n" + row[cells_col]
                out[-1][2].append(line)
            else:
                out.append((line, list(row), [line]))
        for line, row, lines in out:
            if len(lines) > 1:
                self.say(line, cells_col, f"{self.t.row_label(lines)} are one message to {len(lines)} recipients: imported as "
                                          "one inject to all of them")
        return [(line, row) for line, row, _ in out]

    # ------------------------------------------------------------------ times

    def _times(self, rows: list[tuple[int, list[str]]]) -> list[int | None]:
        """Each row's `at`: minutes after its move starts."""
        col = self.c.at["time"]
        name = self.c.name(col)
        readings = [times.read(self.get(row, "time"), self.c.unit) for _, row in rows]
        kind, why = times.column_kind(readings, name)
        moves = [self.get(row, "move") or "M1" for _, row in rows]
        out: list[int | None] = [None] * len(rows)
        if kind == "offset":
            for i, ((line, row), r) in enumerate(zip(rows, readings)):
                if r.kind in ("offset", "hm"):
                    out[i] = self._whole(line, col, r.minutes)
                else:
                    self.say(line, col, f"{self.get(row, 'time')!r} is not a time into the move: write minutes "
                                        "(90), +H:MM (+1:30) or a clock time (19:29)", "error")
            return out
        values = self._clock_values(rows, readings, kind)
        first_line = rows[0][0]
        base = self._start(kind, first_line, col)
        refs: dict[str, float] = {}
        for i, v in enumerate(values):
            if v is not None:
                refs[moves[i]] = min(refs.get(moves[i], v), v)
        if base is not None and moves:
            refs[moves[0]] = base
        described = "the --start time" if base is not None else "the first inject"
        for i, ((line, _), v) in enumerate(zip(rows, values)):
            if v is None:
                continue
            if v < refs[moves[i]]:
                self.say(line, col, f"{self.get(rows[i][1], 'time')} is before --start {self.start}", "error")
                continue
            out[i] = self._whole(line, col, v - refs[moves[i]])
        reference = min((v for v in values if v is not None), default=0)
        shown = self.start if base is not None else (self.get(rows[values.index(reference)][1], "time")
                                                     if reference in values else "")
        self.say(first_line, col, f"'{name}' holds {'dates and times' if kind == 'stamp' else 'clock times'}"
                                  f"{' (' + why + ')' if why else ''}: each inject's `at` is its minutes after "
                                  f"{described} of its move ({shown}); give --start to count from another time")
        return out

    def _clock_values(self, rows: list[tuple[int, list[str]]], readings: list[times.Reading],
                      kind: str) -> list[float | None]:
        """Minutes on one scale (a day's clock, with midnight passed; or since a stamp)."""
        col = self.c.at["time"]
        values: list[float | None] = []
        day, last, epoch = 0.0, None, None
        for (line, row), r in zip(rows, readings):
            if kind == "stamp":
                if r.kind != "stamp":
                    self.say(line, col, f"{self.get(row, 'time')!r} is not a date and time like the rest of "
                                        "the column (2027-09-14 07:12)", "error")
                    values.append(None)
                    continue
                assert r.stamp is not None  # a stamp reading has one
                epoch = epoch or r.stamp
                values.append(_minutes_between(epoch, r.stamp))
                continue
            if r.clock is not None and not r.explicit:
                r = times.Reading("hhmm", r.clock)
            if r.kind not in ("clock", "hm", "hhmm") or r.minutes >= times.DAY:
                self.say(line, col, f"{self.get(row, 'time')!r} is not a clock time like the rest of the column "
                                    "(19:29, 07:29 PM, 0930)", "error")
                values.append(None)
                continue
            if last is not None and r.minutes + day < last - times.DAY / 2:
                day += times.DAY
                self.say(line, col, f"{self.get(row, 'time')} is earlier than the row before: read as the next day")
            last = r.minutes + day
            values.append(last)
        self.epoch = epoch
        return values

    def _start(self, kind: str, line: int, col: int) -> float | None:
        if not self.start:
            return None
        r = times.read(self.start)
        if kind == "stamp" and r.kind == "stamp" and self.epoch and r.stamp:
            return _minutes_between(self.epoch, r.stamp)
        if kind == "clock" and r.kind in ("clock", "hm", "hhmm"):
            return r.minutes
        self.say(line, col, f"--start {self.start!r} is not a {'date and time' if kind == 'stamp' else 'clock time'}"
                            " like this column's", "error")
        return None

    def _whole(self, line: int, col: int, minutes: float) -> int | None:
        if minutes != int(minutes):
            self.say(line, col, f"{minutes:g} minutes rounded to {round(minutes)}")
        if round(minutes) > MAX_MINUTES:
            self.say(line, col, f"{round(minutes)} minutes into the move is more than a week", "error")
            return None
        return round(minutes)

    # ------------------------------------------------------------------ rows

    def _inject(self, line: int, row: list[str], at: int | None, seen: set[str]) -> None:
        c, get = self.c, (lambda key: self.get(row, key))
        event_type = get("event_type").lower()
        move = self.draft.move(get("move") or "M1")
        if "expected" in event_type and move.injects:  # Blueprint/HSEEP: an Expected Action row
            before = move.injects[-1]
            before.setdefault("expected_actions", []).append(get("body") or get("title"))
            self.say(line, c.at["event_type"], f"an '{get('event_type')}' row: added to the expected actions of "
                                               f"inject {before['id']} above it")
            return
        inject: dict[str, Any] = {"id": self._id(line, row, move.id, len(move.injects), seen), "at": at or 0}
        self._situation_time(line, row, move.id, inject)
        body = get("body") if self.t.markdown else plain_to_markdown(get("body"))
        title = get("title") if self.t.markdown else " ".join(get("title").split())
        if not title and not body.strip():
            self.say(line, c.at.get("title", c.at.get("body", 0)), "an inject needs a subject (its title)", "error")
        if not title:
            title = _title_from(body)
            if "title" in c.at:
                self.say(line, c.at["title"], f"no subject: the title is the body's first sentence ({title!r})")
        inject["title"] = title or "(untitled)"
        if get("from"):
            inject["from"] = get("from")
        self._recipients(line, row, inject)
        channel = get("channel")
        if channel:
            inject["channel"] = CHANNEL_WORDS.get(channel.lower(), "other")
            if channel.lower() not in CHANNEL_WORDS:
                self.say(line, c.at["channel"], f"method {channel!r} is not a ttx channel; imported as other")
        if c.persona is not None and row[c.persona].strip():
            body = f"**For:** {row[c.persona].strip()}\n\n{body}".strip()
        if body.strip():
            inject["body"] = body.strip("\n") + "\n"
        expected = _split_list(row[c.at["expected"]] if "expected" in c.at else "")  # unstripped: see _split_list
        if expected:
            inject["expected_actions"] = expected
        notes = [n.strip() for n in get("notes").splitlines() if n.strip()]
        if "contingency" in event_type or get("contingency").lower() in YES:
            inject["contingency"] = True
        elif event_type and event_type != "inject":  # a type ttx has no field for: a note
            notes.append(f"{c.name(c.at['event_type'])}: {get('event_type')}")
        if get("trigger"):
            inject["trigger"] = get("trigger")
        notes += [f"{c.name(i)}: {row[i].strip()}" for i in c.kept if row[i].strip()]
        if notes:
            inject["facilitator_notes"] = notes
        self._objectives(line, row, inject)
        self._decision(line, row, inject)
        if get("releasability") and not ("to" in inject and get("releasability") == marking(inject["to"])):
            inject["releasability"] = get("releasability")
        if get("when"):
            self._when(line, row, inject)
        move.injects.append(inject)

    def _id(self, line: int, row: list[str], move_id: str, index: int, seen: set[str]) -> str:
        given, number = self.get(row, "id"), self.get(row, "number")
        if given and (not is_id(given) or given in seen):
            self.say(line, self.c.at["id"], f"inject id {given!r} is " + (
                "used twice" if given in seen else "not an id (letters, digits, . _ -)"), "error")
        if not given and number.isdigit():
            given = free(f"{move_id}-{int(number):02d}", seen)
        elif not given and number and is_id(number) and number not in seen:
            given = number
        inject_id = given or free(f"{move_id}-{index + 1:02d}", seen)
        seen.add(inject_id)
        return inject_id

    def _situation_time(self, line: int, row: list[str], move_id: str, inject: dict[str, Any]) -> None:
        text = self.get(row, "scenario_time")
        if not text:
            return
        r = times.read(text)
        col = self.c.at["scenario_time"]
        if r.kind == "stamp":
            inject["situation_time"] = r.stamp
        elif r.kind == "offset" and r.explicit:
            inject["situation_time"] = _plus(r.minutes)
        elif r.kind in ("clock", "hm", "hhmm", "weekday"):
            if not self.first_world:
                self.say(line, col, f"'{self.c.name(col)}' gives in-world times without a date ({text}): each "
                                    "inject's situation_time is its offset from the move's first; set each "
                                    "move's situation_time to the date and time that first one is")
            first = self.first_world.setdefault(move_id, r.minutes)
            inject["situation_time"] = _plus(max(0.0, r.minutes - first))
            inject["_notes"] = [f"{self.c.name(col)}: {text}"]
        else:
            self.say(line, col, f"{text!r} is not an in-world date and time (2027-09-14 07:12 +0900, 09:30, "
                                "Monday 9:30 AM, +0:15)", "error")

    def _recipients(self, line: int, row: list[str], inject: dict[str, Any]) -> None:
        col = self.c.at.get("cells")
        if col is None:
            return
        found = teams.names(row[col])
        if found is None:
            if row[col].strip() and not self.said_all:
                self.said_all = True
                self.say(line, col, f"{row[col].strip()!r} read as every player cell (no `to:`)")
            return
        inject["to"] = self.cells.ids(found)

    def _objectives(self, line: int, row: list[str], inject: dict[str, Any]) -> None:
        text = self.get(row, "objectives")
        if not text:
            return
        parts = [p for p in (s.strip() for s in text.replace(";", ",").split(",")) if p]
        ids = [p for p in parts if is_id(p)]
        if len(ids) == len(parts):
            found = ids
        else:  # an objective written out (HSEEP's Exercise Objective): one objective per distinct text
            whole = " ".join(text.split())
            known = {v: k for k, v in self.draft.objectives.items()}
            found = [known.get(whole) or free(f"OBJ-{len(self.draft.objectives) + 1}", set(self.draft.objectives))]
            self.draft.objectives.setdefault(found[0], whole)
        for o in found:
            self.draft.objectives.setdefault(o, None)
        inject["objectives"] = list(dict.fromkeys(found))

    def _decision(self, line: int, row: list[str], inject: dict[str, Any]) -> None:
        prompt, options = self.get(row, "decision"), self.get(row, "options")
        if not prompt and not options:
            return
        decision: dict[str, Any] = {"prompt": prompt if self.t.markdown and prompt else
                                    " ".join((prompt or inject["title"]).split())}
        if options:
            decision["options"] = _options(options)
            if not prompt:
                self.say(line, self.c.at["options"], f"'{self.c.name(self.c.at['options'])}' read as a decision "
                                                     f"with {len(decision['options'])} options; its prompt is the "
                                                     "subject")
        deciding = teams.names(self.get(row, "deciding"))
        if deciding:
            decision["cells"] = self.cells.ids(deciding)
        if self.get(row, "time_limit"):
            r = times.read(self.get(row, "time_limit"))
            if r.kind not in ("offset", "hm"):
                self.say(line, self.c.at["time_limit"], f"{self.get(row, 'time_limit')!r} is not minutes", "error")
            else:
                decision["time_limit"] = round(r.minutes)
        if self.get(row, "discussion_only").lower() in YES:
            decision["discussion_only"] = True
        inject["decision"] = decision

    def _when(self, line: int, row: list[str], inject: dict[str, Any]) -> None:
        when = conditions.parse(self.get(row, "when"))
        if when is None:
            self.say(line, self.c.at["when"], f"{self.get(row, 'when')!r} is not a condition: write it as ttx msel "
                                              "does (M1-01 (JPN) chose hold) or as {decision: M1-01, chose: [hold]}",
                     "error")
            return
        inject["when"] = when
        inject["_when_at"] = (line, self.get(row, "when"))

    def _check_conditions(self) -> None:
        """A condition stays only if the sheet holds the decisions and options it tests
        (`ttx msel` writes no options): else it is kept as a note, and said."""
        options = {i["id"]: {o["id"] for o in i["decision"].get("options", [])}
                   for m in self.draft.moves for i in m.injects if "decision" in i}
        for inj in (i for m in self.draft.moves for i in m.injects if "when" in i):
            line, text = inj.pop("_when_at")
            missing = [f"{leaf['decision']}: {', '.join(leaf['chose'])}" for leaf in _leaves(inj["when"])
                       if not set(leaf["chose"]) <= options.get(leaf["decision"], set())]
            if missing:
                del inj["when"]
                inj.setdefault("facilitator_notes", []).append(f"{self.c.name(self.c.at['when'])}: {text}")
                self.say(line, self.c.at["when"], f"the condition tests options the sheet does not give "
                                                  f"({'; '.join(missing)}): kept as a facilitator note; add "
                                                  "an Options column (ttx export writes one) to keep it")

    def _discussion_only(self) -> None:
        """A decision no condition of the source tests changes nothing that follows (a T3SF poll):
        marked discussion_only, as the format asks, and said once."""
        tested = {leaf["decision"] for m in self.draft.moves for i in m.injects for leaf in _leaves(i.get("when"))}
        marked = [i["id"] for m in self.draft.moves for i in m.injects if "decision" in i and i["id"] not in tested]
        for inj in (i for m in self.draft.moves for i in m.injects if i["id"] in marked):
            inj["decision"]["discussion_only"] = True
        if marked:
            self.say(self.t.header_line, self.c.at.get("options", self.c.at.get("decision", 0)),
                     f"no condition tests the decisions of {', '.join(marked)}: marked discussion_only (add "
                     "`when:` branches to make them steer)")

    def _finish(self) -> None:
        self._check_conditions()
        if not self.t.markdown:
            self._discussion_only()
        rename = {} if self.t.markdown else self.cells.builtin_aliases()  # a ttx export's ids are ttx's
        for old, new in rename.items():
            self.say(self.t.header_line, self.c.at.get("cells", 0),
                     f"{self.cells.names[old]} read as {new}: the sheet's cells are the built-in USA, JPN, KOR")
        for move in self.draft.moves:
            for inj in move.injects:
                for target in (inj, inj.get("decision") or {}):
                    if "to" in target or "cells" in target:
                        key = "to" if "to" in target else "cells"
                        target[key] = list(dict.fromkeys(rename.get(x, x) for x in target[key]))
                notes = inj.pop("_notes", [])
                if notes:
                    inj["facilitator_notes"] = inj.get("facilitator_notes", []) + notes
        self.draft.cells = self.cells.entries(rename)
        if not self.draft.cells:
            self.draft.cells = {"PLAYERS": {"name": "Players", "kind": None}}
            self.say(self.t.header_line, 0, "no column names the recipients: every inject goes to one cell, "
                                            "PLAYERS; split it into the teams that play")


def _minutes_between(a: datetime, b: datetime) -> float:
    try:
        return (b - a) / timedelta(minutes=1)
    except TypeError:  # one with a time zone, one without: count them as the same zone
        return (b.replace(tzinfo=None) - a.replace(tzinfo=None)) / timedelta(minutes=1)


def _leaves(cond: Any) -> list[dict[str, Any]]:
    if not isinstance(cond, dict):
        return []
    if "decision" in cond:
        return [cond] if isinstance(cond.get("chose"), list) else [{**cond, "chose": [str(cond.get("chose"))]}]
    parts = cond.get("all") or cond.get("any") or [cond.get("not")]
    return [leaf for part in (parts if isinstance(parts, list) else [parts]) for leaf in _leaves(part)]


def _plus(minutes: float) -> str:
    """An in-world offset as the format writes it: +H:MM."""
    m = round(minutes)
    return f"+{m // 60}:{m % 60:02d}"


def _split_list(text: str) -> list[str]:
    """Items one a line; a cell without line breaks may separate them with semicolons
    (`ttx export` ends a lone item that holds one with a line break)."""
    return [a.strip() for a in text.split("\n" if "\n" in text else ";") if a.strip()]


def _options(text: str) -> list[dict[str, str]]:
    """`Pay the ransom | Don't pay it`, or one a line, optionally `id: text` (as `ttx export` writes)."""
    def labelled(part: str) -> bool:
        head, sep, rest = part.strip().partition(": ")
        return bool(sep and is_id(head) and rest.strip())

    bars = text.split("|")
    if "\n" in text or (labelled(text) and not all(map(labelled, bars))):
        bars = text.split("\n")  # one a line, or a single `id: text` whose text holds a bar
    parts = [p.strip() for p in bars if p.strip()]
    out: list[dict[str, str]] = []
    for part in parts:
        head, sep, rest = part.partition(": ")
        option_id, words = (head, rest.strip()) if sep and is_id(head) and rest.strip() else (slug(part, upper=False).lower()[:40] or "option", part)
        out.append({"id": free(option_id, {o["id"] for o in out}), "text": words})
    return out


def _title_from(body: str) -> str:
    """A title from a body: its first sentence, at most 72 characters (cut at a word)."""
    text = " ".join(tidy(body).replace("\\\n", " ").split()).lstrip("#*> ")
    for end in (". ", "! ", "? "):
        if end in text[:90]:
            text = text[: text.index(end) + 1]
            break
    return text if len(text) <= 72 else text[:72].rsplit(" ", 1)[0] + " …"
