"""The console header: scenario title, current move, exercise clock, in-world time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.widgets import Static

from ttx.tui import format as fmt

OVERRUN_STYLE = "bold #ffffff on #b3261e"  # a move past its planned length


@dataclass(frozen=True)
class ClockView:
    """What the header shows; equal views are not redrawn."""

    title: str
    move: str                      # "Move 1 — Launch" or "Not started"
    clock: float | None            # exercise seconds
    move_clock: float | None       # seconds into the current move
    running: bool
    speed: float
    auto: bool
    ended: bool
    situation: datetime | None
    halted: bool = False           # a real-world stop is in force
    move_planned: float | None = None  # the move's planned length, seconds


class ClockHeader(Static):
    DEFAULT_CSS = """
    ClockHeader {
        height: 2;
        padding: 0 1;
        /* a long title must not wrap and push the clock line out of its two rows */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._view: ClockView | None = None

    def show(self, view: ClockView) -> None:
        if view == self._view:
            return
        self._view = view
        self.update(self.render_view(view))

    @staticmethod
    def render_view(view: ClockView) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(view.title, style="bold")
        text.append("  ·  ")
        text.append(view.move, style="bold")
        text.append("\n")
        if view.ended:
            state, style = "ENDED", "bold reverse"
        elif view.halted:
            state, style = "HALTED", "bold white on #b00020"
        elif view.move.startswith("Not started"):  # the clock starts with the first move
            state, style = "NOT STARTED", "bold"
        elif view.running:
            state, style = "RUNNING", "bold green"
        else:
            state, style = "PAUSED", "bold black on #e0a030"
        # What matters most first: a narrow terminal cuts the line's end.
        text.append(f" {state} ", style=style)
        text.append("  Exercise clock ")
        text.append(fmt.clock(view.clock), style="bold")
        if view.move_clock is not None:
            text.append("  ·  Move ")
            text.append(fmt.clock(view.move_clock), style="bold")
            if view.move_planned:
                text.append(f" of {fmt.clock(view.move_planned)}")
                over = view.move_clock - view.move_planned
                if over > 0:
                    text.append(f" OVER by {fmt.clock(over)} ", style=OVERRUN_STYLE)
                else:
                    text.append(f", {fmt.clock(-over)} left")
        text.append(f"  ·  {fmt.speed(view.speed)}")
        text.append("  auto on" if view.auto else "  auto off", style="bold" if view.auto else "dim")
        if view.situation is not None:
            text.append("   In-world: ")
            text.append(fmt.situation(view.situation), style="bold")
        return text
