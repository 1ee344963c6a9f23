"""How values read in a report or form: the filters every template (and the DOCX) uses.

Exercise-clock times, durations, delays, datetimes and inject statuses as
words; user text made safe for Markdown (`md_text`, `md_cell`) and CSS
(`css_string`). Scenario Markdown goes through `ttx.report.markdown`.
"""

from __future__ import annotations

from typing import Any, Iterable

from markupsafe import Markup, escape

from ttx.report.markdown import escape_markdown
from ttx.scenario import times
from ttx.scenario.plaintext import script_language


# Times as ttx.scenario.times writes them everywhere; the report's tables always show the hours.
def fmt_clock(seconds: float | None) -> str:
    """Exercise clock: H:MM:SS."""
    return times.clock(seconds, hours=True)


fmt_dur, fmt_delay, fmt_dt = times.duration, times.delay, times.wall


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


def typed(text: Any) -> Markup:
    """What a person typed (a rationale, a note), escaped, and marked with its language where
    its script tells it (`<span lang="ja">`), so a reader's browser draws it with that
    language's fonts and a screen reader speaks it in that language."""
    value = "" if text is None else str(text)
    lang = script_language(value)
    if lang is None:
        return escape(value)
    return Markup('<span lang="{}">{}</span>').format(lang, value)
