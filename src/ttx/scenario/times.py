"""Time in ttx: one parser of durations, one formatter per kind of time.

Kinds of time, and how each is written everywhere (consoles, `ttx log`,
`ttx rehearse`, the report in every format, the MSEL sheet):

- a duration typed by an author: minutes (90) or H:MM ("1:30"), `parse_minutes`;
- an offset in a move (an inject's `at`): +H:MM, `offset`;
- the exercise clock, the move clock, time left on a decision: MM:SS, or
  H:MM:SS from an hour on (`hours=True`: always, for tables), `clock`;
- a length of time in prose: 45s, 4m 10s, 1h 02m, `duration`; a lateness, `delay`;
- a wall time (UTC) or an in-world time in a document, `wall`; on a screen
  that the room reads, `situation`; in a log line, to the second, `timestamp`;
  in an MSEL sheet's cell, `sheet_time`.

One rounding rule for all of them: whole seconds, cut toward zero. A clock
never shows a second that has not yet passed: 3599.7 s is 59:59, not 1:00:00.

It sits in ttx.scenario, the lowest layer, so that every layer may use it.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

# A week of play is far beyond any exercise; larger numbers are typos.
MAX_MINUTES = 7 * 24 * 60

# The pieces of a duration: an optional "+", then minutes, or hours and minutes,
# and (on a spreadsheet only) seconds. The JSON Schema's pattern is built from them.
_PLUS, _NUMBER, _MINUTES, _SECONDS = r"\+?", r"\d+", r":[0-5]?\d", r":[0-5]\d"
DURATION_PATTERN = rf"^{_PLUS}{_NUMBER}({_MINUTES})?$"
_DURATION = re.compile(DURATION_PATTERN)
_SHEET_DURATION = re.compile(rf"^{_PLUS}{_NUMBER}({_MINUTES}({_SECONDS})?)?$")
DURATION_HINT = 'write minutes (90) or "H:MM" ("1:30")'


def parse_minutes(text: str, *, seconds: bool = False) -> int | None:
    """The minutes `text` says: "90", "+90", "1:30", "+1:30"; with `seconds`
    (a spreadsheet's cells) also "1:30:00", to the nearest minute. None if it
    is none of these."""
    text = text.strip()
    if not (_SHEET_DURATION if seconds else _DURATION).match(text):
        return None
    parts = [int(p) for p in text.removeprefix("+").split(":")]
    if len(parts) == 1:
        return parts[0]
    return parts[0] * 60 + parts[1] + (1 if len(parts) == 3 and parts[2] >= 30 else 0)


def _whole(seconds: float) -> int:
    return int(seconds)  # toward zero: the one rounding rule


def hmm(minutes: int) -> str:
    """Minutes as H:MM (a length planned in minutes)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def offset(minutes: int) -> str:
    """An inject's `at`, minutes into its move: +H:MM."""
    return "+" + hmm(minutes)


def clock(seconds: float | None, *, hours: bool = False, none: str = "—") -> str:
    """A clock reading (exercise, move, time left): MM:SS under an hour, else
    H:MM:SS; `hours`: always H:MM:SS. Never negative."""
    if seconds is None:
        return none
    s = max(0, _whole(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h or hours else f"{m:02d}:{sec:02d}"


def duration(seconds: float | None, *, none: str = "—") -> str:
    """A length of time in prose: 45s, 4m 10s, 1h 02m (negative: -30s)."""
    if seconds is None:
        return none
    s = abs(_whole(seconds))
    sign = "-" if s and seconds < 0 else ""
    if s < 60:
        return f"{sign}{s}s"
    if s < 3600:
        return f"{sign}{s // 60}m {s % 60:02d}s"
    return f"{sign}{s // 3600}h {s % 3600 // 60:02d}m"


def delay(seconds: float | None, *, none: str = "—") -> str:
    """Actual minus planned: on time, +2m 00s (late), -30s (early)."""
    if seconds is None:
        return none
    if abs(seconds) < 1:
        return "on time"
    return ("+" if seconds > 0 else "") + duration(seconds)


def wall(value: datetime | None, with_date: bool = True, *, none: str = "—") -> str:
    """A wall or in-world time in a document: 2027-01-01 09:00 UTC, or with its
    own offset (2027-01-01 18:00 +0900); without the date, to the second."""
    if value is None:
        return none
    if value.tzinfo is not None and value.utcoffset() == timedelta(0):
        return value.strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M:%S UTC")
    return value.strftime("%Y-%m-%d %H:%M %z" if with_date else "%H:%M %z").strip()


def situation(value: datetime | None) -> str:
    """In-world time on a screen, in its own zone, as the room reads it:
    Sat 20 Nov 2027 14:05 (UTC+09:00)."""
    if value is None:
        return ""
    text = value.strftime("%a %d %b %Y %H:%M")
    zone = value.strftime("%z")
    if zone:
        text += f" (UTC{zone[:3]}:{zone[3:]})" if zone not in ("+0000", "-0000") else " UTC"
    return text


def sheet_time(value: datetime) -> str:
    """An in-world time in an MSEL sheet's cell, as `ttx import` reads it back:
    2027-09-14 07:12 +0900."""
    return value.strftime("%Y-%m-%d %H:%M %z")


def timestamp(value: datetime) -> str:
    """A wall time in a log line or listing, to the second: 2027-01-01 09:00:05."""
    return value.strftime("%Y-%m-%d %H:%M:%S")
