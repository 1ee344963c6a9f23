"""A move's situation briefing and discussion questions, read to the room at its start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ttx.scenario.model import Move, Scenario
from ttx.tui import format as fmt
from ttx.tui.text import literal


def questions_text(scenario: Scenario, move: Move) -> Text:
    text = Text()
    if not move.questions:
        return Text("No discussion questions for this move.", style="dim")
    for q in move.questions:
        text.append(f"{q.id}  ", style="bold")
        text.append(q.text)
        text.append(f"  ({', '.join(scenario.question_cells(q))})\n", style="italic")
    text.rstrip()
    return text


class BriefingScreen(ModalScreen[bool]):
    """`start=True`: the facilitator confirms starting the move; else just read it again."""

    DEFAULT_CSS = """
    BriefingScreen .controller {
        border: round $warning; border-title-color: $warning; border-title-style: bold;
        padding: 0 1; margin-top: 1; height: auto;
    }
    """
    BINDINGS = [
        Binding("escape", "answer(False)", "Close", show=False),
        Binding("ctrl+s,enter", "answer(True)", "Start", show=False),
    ]

    def __init__(self, scenario: Scenario, move: Move, *, start: bool, resumes: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.move = move
        self.start = start
        self.resumes = resumes  # starting it runs the paused clock again

    def compose(self) -> ComposeResult:
        move = self.move
        heading = f"{'Start ' if self.start else ''}{move.label}"
        with Vertical(classes="dialog wide tall"):
            yield Static(heading, classes="dialog-title", markup=False)
            meta = []
            if move.situation_time is not None:
                meta.append(f"In-world: {fmt.situation(move.situation_time)}")
            if move.planned_minutes:
                meta.append(f"Planned: {move.planned_minutes} min")
            meta.append(f"{len(move.injects)} injects")
            yield Static("   ".join(meta), classes="dialog-hint", markup=False)
            if self.start and self.resumes:
                yield Static(f"The clock is paused: starting {move.id} runs it again.", classes="dialog-warning",
                             markup=False)
            with VerticalScroll(id="briefing"):
                yield Static(Text("Situation", style="bold underline"))
                yield Static(fmt.markdown(move.situation, empty="No situation briefing."))
                yield Static(Text("Discussion questions", style="bold underline"), classes="section")
                yield Static(questions_text(self.scenario, move))
                if move.facilitator_notes:
                    notes = Static(Text("\n".join(f"• {n}" for n in move.facilitator_notes)), classes="controller")
                    notes.border_title = "CONTROLLER ONLY — facilitator notes, not for the room"
                    yield notes
            with Horizontal(classes="buttons"):
                if self.start:
                    yield Button(literal(f"Start {move.id} (enter)"), id="yes", variant="primary")
                    yield Button("Not yet (esc)", id="no")
                else:
                    yield Button("Close (esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer and self.start)
