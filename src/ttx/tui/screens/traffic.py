"""Control's view of what the cells said: every request with its reply and every
message between cells, with their markings (facilitator and evaluators; never
a cell). Read-only, redrawn every second from `current()`."""

from __future__ import annotations

from typing import Callable

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class TrafficScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,g", "close", "Close", show=False)]

    def __init__(self, current: Callable[[], RenderableType]) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Static("Messages and requests (control only)", classes="dialog-title", markup=False)
            with VerticalScroll(id="traffic-scroll"):
                yield Static(self.current(), id="traffic")
            yield Static("arrows scroll · esc closes", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#traffic-scroll").focus()
        self.set_interval(1.0, self.redraw)

    def redraw(self) -> None:
        self.query_one("#traffic", Static).update(self.current())

    def action_close(self) -> None:
        self.dismiss(None)
