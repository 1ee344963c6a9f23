"""Add an evaluator note: text (paragraphs), kind, and optionally objective, cell, P/S/M/U."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, RadioButton, RadioSet, Select, Static

from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import NOTE_KINDS, RATINGS
from ttx.tui.dialog import FormScreen, Paragraph
from ttx.tui.text import literal


@dataclass(frozen=True)
class NoteInput:
    text: str
    kind: str
    objective: str | None
    rating: str | None
    cell: str | None


class NoteScreen(FormScreen[NoteInput | None]):
    TEXT_FIELD = "#text"

    def __init__(self, scenario: Scenario, *, objective: str | None = None, cell: str | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.objective = objective
        self.cell = cell

    def compose(self) -> ComposeResult:
        s = self.scenario
        with Vertical(classes="dialog wide"):
            yield Static("Note (controller material: never shown to cells)", classes="dialog-title")
            with VerticalScroll(classes="form"):
                yield Label("Note (enter starts a new line)")
                yield Paragraph(id="text", placeholder="what you saw")
                yield Label("Kind")
                with RadioSet(id="kind", classes="inline"):
                    for kind in NOTE_KINDS:
                        yield RadioButton(kind, value=kind == "observation")
                yield Label("Objective")
                yield Select(
                    [(literal(f"{o.id} — {o.text}"), o.id) for o in s.objectives],
                    prompt="(none)", id="objective", compact=True,
                    value=self.objective if self.objective in s.objective_by_id else Select.NULL,
                )
                yield Static(self._tasks(self.objective), id="tasks", classes="dialog-hint")
                yield Label("Cell")
                yield Select(
                    [(literal(f"{c.id} — {c.label}"), c.id) for c in s.cells],
                    prompt="(none)", id="cell", compact=True,
                    value=self.cell if self.cell in s.cell_by_id else Select.NULL,
                )
                yield Label("Rating")
                yield Select([(f"{code} — {text}", code) for code, text in RATINGS.items()], prompt="(none)",
                             id="rating", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
            yield Static("tab moves · ctrl+s saves · esc cancels", classes="dialog-hint")

    def _tasks(self, objective: str | None) -> Content:
        """The objective's critical tasks (its Exercise Evaluation Guide), to rate against."""
        found = self.scenario.objective_by_id.get(objective) if objective else None
        if found is None or not found.critical_tasks():
            return literal("")
        return literal("\n".join(["Critical tasks (the EEG in the handbook):"]
                                  + [f"{n}  {task}" for n, task in found.critical_tasks()]))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "objective":
            self.query_one("#tasks", Static).update(self._tasks(self._value("#objective")))

    def on_mount(self) -> None:
        self.query_one("#text", Paragraph).focus()

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL or value is None else str(value)

    def action_save(self) -> None:
        text = self.query_one("#text", Paragraph).text.strip()
        if not text:
            self.notify("Write the note first.", severity="warning")
            self.query_one("#text", Paragraph).focus()
            return
        kind_index = self.query_one("#kind", RadioSet).pressed_index
        self.dismiss(NoteInput(
            text=text,
            kind=NOTE_KINDS[kind_index] if kind_index >= 0 else "observation",
            objective=self._value("#objective"),
            rating=self._value("#rating"),
            cell=self._value("#cell"),
        ))
