"""Plain formatting helpers for the consoles (no Textual here: testable alone)."""

from __future__ import annotations

from datetime import datetime

from ttx.engine.session import format_clock


def clock(seconds: float | None) -> str:
    """Exercise seconds as H:MM:SS (or MM:SS under an hour), as `ttx log` shows them."""
    return "--:--" if seconds is None else format_clock(max(0.0, seconds))


def planned(minutes: int) -> str:
    """An inject's `at` (minutes after move start) as +H:MM."""
    hours, mins = divmod(minutes, 60)
    return f"+{hours}:{mins:02d}"


def situation(when: datetime | None) -> str:
    """In-world time, in its own zone, as the room reads it."""
    if when is None:
        return ""
    text = when.strftime("%a %d %b %Y %H:%M")
    offset = when.strftime("%z")
    if offset:
        text += f" (UTC{offset[:3]}:{offset[3:]})" if offset not in ("+0000", "-0000") else " UTC"
    return text


def speed(value: float) -> str:
    return f"×{value:g}"


def cells(ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(ids)


def markdown(source: str, empty: str = "(no text)"):
    """User text (inject bodies, briefings) as rich Markdown, links not followed;
    `empty`, dimmed, when there is none. rich.markdown is imported on first use."""
    from rich.text import Text

    if not source.strip():
        return Text(empty, style="dim")
    from rich.markdown import Markdown

    return Markdown(source, hyperlinks=False)
