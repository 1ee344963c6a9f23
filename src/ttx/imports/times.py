"""Reading the times in other tools' MSELs.

A cell is an *offset* (minutes into the move: `90`, `+1:30`, `T+5`, `720 s`),
a *clock* time (`19:29`, `07:29 PM`, `0900`), a *stamp* (a date and time), or
an in-world *weekday* and time (`Monday 9:30 AM`). A bare `1:30` could be
either an offset or a clock time: `column_kind` decides for the whole column
and says why, so no reading is a silent guess."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

_UNITS = {"s": 1 / 60, "sec": 1 / 60, "secs": 1 / 60, "second": 1 / 60, "seconds": 1 / 60,
          "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
          "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60}
_NUMBER = re.compile(r"^(?:t\s*)?\+?\s*(\d+(?:\.\d+)?)\s*([a-z]*)$")
_HMS = re.compile(r"^(t\s*)?(\+)?(\d{1,3}):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?$")
_AMPM = re.compile(r"^(\d{1,2})(?::([0-5]\d))?(?::([0-5]\d))?\s*([ap])\.?\s*m\.?$")
_HHMM = re.compile(r"^([01]\d|2[0-3])([0-5]\d)$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY = 24 * 60


@dataclass(frozen=True)
class Reading:
    kind: str  # offset | hm | clock | hhmm | stamp | weekday | bad
    minutes: float = 0.0  # offset, hm (as an offset), clock / hhmm (of the day), weekday (of the week)
    stamp: datetime | None = None
    explicit: bool = False  # an offset written as one: `+0:05`, `T+5`
    clock: float | None = None  # a number that is also a time of day (1330): read as one in a column of them


def read(text: str, unit: float = 1) -> Reading:
    """One cell. `unit`: minutes per plain number (1/60 in a column of seconds)."""
    t = text.strip().lower()
    if not t:
        return Reading("bad")
    stamp = _stamp(text.strip())
    if stamp is not None:
        return Reading("stamp", stamp=stamp)
    if _HHMM.match(t) and t.startswith("0"):
        return Reading("hhmm", int(t[:2]) * 60 + int(t[2:]))  # 0930: a minute count has no leading zero
    m = _NUMBER.match(t)
    if m and (m.group(2) in _UNITS or not m.group(2)):
        factor = _UNITS.get(m.group(2), unit) if m.group(2) else unit
        explicit = t.startswith(("t", "+")) or bool(m.group(2))
        clock = int(t[:2]) * 60 + int(t[2:]) if _HHMM.match(t) else None
        return Reading("offset", float(m.group(1)) * factor, explicit=explicit, clock=clock)
    m = _HMS.match(t)
    if m:
        minutes = int(m.group(3)) * 60 + int(m.group(4)) + int(m.group(5) or 0) / 60
        explicit = bool(m.group(1) or m.group(2))
        return Reading("offset" if explicit else "hm", minutes, explicit=explicit)
    m = _AMPM.match(t)
    if m and 1 <= int(m.group(1)) <= 12:
        hour = int(m.group(1)) % 12 + (12 if m.group(4) == "p" else 0)
        return Reading("clock", hour * 60 + int(m.group(2) or 0) + int(m.group(3) or 0) / 60)
    day, _, rest = t.partition(" ")
    if day.rstrip(",") in _WEEKDAYS:
        time = read(rest)
        if time.kind in ("clock", "hm", "hhmm") and time.minutes < DAY:
            return Reading("weekday", _WEEKDAYS.index(day.rstrip(",")) * DAY + time.minutes)
    return Reading("bad")


def _stamp(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(re.sub(r"\s+([+-]\d)", r"\1", text.replace("Z", "+00:00")))
    except ValueError:
        return None


def column_kind(readings: list[Reading], header: str) -> tuple[str, str]:
    """How to read a column's times: "offset", "clock" or "stamp", and the reason when
    that was not certain from the cells alone ("" when it was)."""
    kinds = {r.kind for r in readings} - {"bad"}
    if "stamp" in kinds:
        return "stamp", ""
    if kinds & {"clock", "hhmm", "weekday"}:
        return "clock", ""
    h = header.lower()
    if any(w in h for w in ("real time", "delivery", "local", "clock", "time of day", "wall", "actual")):
        return ("clock", "the header names a time of day") if "hm" in kinds else ("offset", "")
    if "hm" not in kinds or any(w in h for w in ("t+", "offset", "elapsed", "after", "into")):
        return "offset", ""
    hours = [r.minutes // 60 for r in readings if r.kind == "hm"]
    if hours[0] == 0 or max(hours) >= 24:
        return "offset", ""
    return "clock", "the first is not 0:MM and none passes 24:00 (write +H:MM for minutes into the move)"


def clock_text(minutes: float) -> str:
    minutes = round(minutes) % DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
