"""How values read in a report or form: the filters every template (and the DOCX) uses.

Exercise-clock times, durations, delays, datetimes and inject statuses as
words; user text made safe for Markdown (`md_text`, `md_cell`) and CSS
(`css_string`). Scenario Markdown goes through `ttx.report.markdown`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from markupsafe import Markup

from ttx.report.markdown import escape_markdown

def fmt_clock(seconds: float | None) -> str:
    """Exercise clock: H:MM:SS."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def fmt_dur(seconds: float | None) -> str:
    """A duration: 45s, 4m 10s, 1h 02m."""
    if seconds is None:
        return "—"
    s = int(round(abs(seconds)))
    sign = "-" if seconds < 0 else ""
    if s < 60:
        return f"{sign}{s}s"
    if s < 3600:
        return f"{sign}{s // 60}m {s % 60:02d}s"
    return f"{sign}{s // 3600}h {s % 3600 // 60:02d}m"


def fmt_delay(seconds: float | None) -> str:
    """Actual minus planned: on time, +2m 00s late, -30s early."""
    if seconds is None:
        return "—"
    if abs(seconds) < 1:
        return "on time"
    return ("+" if seconds > 0 else "") + fmt_dur(seconds)


def fmt_dt(value: datetime | None, with_date: bool = True) -> str:
    if value is None:
        return "—"
    if value.tzinfo is not None and value.utcoffset() == timezone.utc.utcoffset(None):
        return value.strftime("%Y-%m-%d %H:%M UTC" if with_date else "%H:%M:%S UTC")
    return value.strftime("%Y-%m-%d %H:%M %z" if with_date else "%H:%M %z").strip()


STATUS_TEXT = {
    "released": "Released",
    "held": "Held",
    "skipped": "Skipped",
    "not_triggered": "Not triggered",
    "not_released": "Not released",
}


def fmt_status(value: str) -> str:
    return STATUS_TEXT.get(value, value)


def md_text(text: Any) -> str:
    """A user string (a title, rationale, note) for Markdown output: on one line (a
    newline in it never starts a heading or list of its own) and every character
    Markdown would read as markup escaped, so it shows as typed and nothing in it
    links, fetches or formats."""
    return "" if text is None else escape_markdown(" ".join(str(text).split()))


def md_cell(text: Any) -> str:
    """A user string inside a Markdown table cell (`md_text`; pipes are escaped too)."""
    return md_text(text) or " "


def css_string(text: Any) -> Markup:
    """A user string as a quoted CSS string (for @page margin boxes): every
    character but letters, digits and spaces becomes a CSS hex escape, so
    nothing in it can close the string, the rule or the <style> element."""
    out = "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{out}"')


def join_ids(values: Iterable[Any] | None, sep: str = ", ") -> str:
    return sep.join(str(v) for v in values or ())
