"""Control's running log, beside the notes: who said what in the plenary.
Controller material, never shown to a cell. The form shows the last lines and
stays open for the next one; `add(speaker, cell, text)` writes one (durably,
through the console) and says whether it was done."""

from __future__ import annotations

from typing import Callable, Sequence

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Select, Static

from ttx.engine.traffic import LogEntry
from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import TEXT_LIMIT
from ttx.tui import format as fmt
from ttx.tui.dialog import FormScreen, OneLine, Paragraph
from ttx.tui.text import literal

SHOWN = 6  # the last lines shown above the form


def log_lines(entries: Sequence[LogEntry]) -> Group | Text:
    if not entries:
        return Text("Nothing logged yet.", style="dim")
    lines = []
    for e in entries[-SHOWN:]:
        line = Text(f"{fmt.clock(e.clock)}  ", style="dim")
        who = e.speaker or e.cell
        if who:
            line.append(f"{who}: ", style="bold")
        line.append(e.text)
        lines.append(line)
    return Group(*lines)


class LogScreen(FormScreen[None]):
    TEXT_FIELD = "#log-text"
    SAVE_BUTTON = "log-save"

    def __init__(self, scenario: Scenario, entries: Callable[[], Sequence[LogEntry]],
                 add: Callable[[str | None, str | None, str], bool]) -> None:
        super().__init__()
        self.scenario = scenario
        self.entries = entries
        self.add = add

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Control's log (controller material: never shown to cells)", classes="dialog-title",
                         markup=False)
            yield Static(log_lines(self.entries()), id="log-lines")
            with VerticalScroll(classes="form"):
                with Horizontal(classes="inline"):
                    yield Select([(literal(f"{c.id} — {c.label}"), c.id) for c in self.scenario.cells],
                                 prompt="(cell)", id="log-cell", compact=True)
                    yield OneLine(placeholder="speaker (e.g. JPN head of delegation)", id="log-speaker")
                yield Label("What was said (enter starts a new line)")
                yield Paragraph(id="log-text", placeholder="who said what in the plenary")
            with Horizontal(classes="buttons"):
                yield Button("Log it (ctrl+s)", id="log-save", variant="primary")
                yield Button("Close (esc)", id="log-close")

    def on_mount(self) -> None:
        self.query_one("#log-text", Paragraph).focus()

    def on_input_submitted(self, event: OneLine.Submitted) -> None:
        event.prevent_default()  # not FormScreen's save: enter in the speaker field goes on to the text
        self.query_one("#log-text", Paragraph).focus()

    def action_save(self) -> None:
        text = self.query_one("#log-text", Paragraph).text.strip()
        if not text:
            self.notify("Write what was said first.", severity="warning")
            return
        if len(text) > TEXT_LIMIT:
            self.notify(f"That is {len(text):,} characters long: at most {TEXT_LIMIT:,}.", severity="warning")
            return
        value = self.query_one("#log-cell", Select).value
        cell = None if value is Select.NULL or value is None else str(value)
        speaker = self.query_one("#log-speaker", OneLine).value.strip() or None
        if self.add(speaker, cell, text):
            self.query_one("#log-text", Paragraph).text = ""
            self.query_one("#log-lines", Static).update(log_lines(self.entries()))
            self.query_one("#log-text", Paragraph).focus()
