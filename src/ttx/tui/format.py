"""Plain formatting helpers for the consoles (no Textual here: testable alone)."""

from __future__ import annotations

from ttx.scenario import times
from ttx.scenario.times import offset as planned  # noqa: F401  (an inject's `at`: +H:MM)
from ttx.scenario.times import situation  # noqa: F401  (in-world time, as the room reads it)


def clock(seconds: float | None) -> str:
    """A clock reading as `ttx log` shows it (MM:SS, H:MM:SS from an hour on); --:-- for none."""
    return times.clock(seconds, none="--:--")


def speed(value: float) -> str:
    return f"×{value:g}"


def cells(ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(ids)


# Characters of one text (an inject body, a briefing) drawn on screen. Textual
# measures and wraps the whole of a widget's content on every layout, so a
# 1.9 MB body took half a minute to draw a first frame; this is about ten
# printed pages, far more than anyone reads at the table.
DRAWN_LIMIT = 20_000


def drawn(source: str) -> tuple[str, int]:
    """The part of `source` drawn on screen, and how many characters are left out
    (cut at a line break if there is one in the last half of the limit)."""
    if len(source) <= DRAWN_LIMIT:
        return source, 0
    cut = source.rfind("\n", DRAWN_LIMIT // 2, DRAWN_LIMIT)
    if cut < 0:
        cut = DRAWN_LIMIT
    return source[:cut], len(source) - cut


def _left_out(count: int):
    from rich.text import Text

    return Text(f"… {count:,} more characters are not shown: the screen draws the first "
                f"{DRAWN_LIMIT:,} of a text.", style="bold")


def plain(source: str, empty: str = "(no text)"):
    """User text as written (no Markdown), bounded like `markdown`."""
    from rich.text import Text

    if not source.strip():
        return Text(empty, style="dim")
    shown, rest = drawn(source)
    text = Text(shown)
    if rest:
        text.append("\n\n")
        text.append_text(_left_out(rest))
    return text


def markdown(source: str, empty: str = "(no text)"):
    """User text (inject bodies, briefings) as rich Markdown, links not followed,
    at most DRAWN_LIMIT characters of it; `empty`, dimmed, when there is none.
    rich.markdown is imported on first use."""
    from rich.text import Text

    if not source.strip():
        return Text(empty, style="dim")
    from rich.markdown import Markdown

    shown, rest = drawn(source)
    if not rest:
        return Markdown(shown, hyperlinks=False)
    from rich.console import Group

    return Group(Markdown(shown, hyperlinks=False), Text(""), _left_out(rest))
