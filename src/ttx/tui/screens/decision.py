"""Record a cell's decision on an inject: which cell, which option, why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ttx.scenario.model import Inject, Scenario
from ttx.tui.dialog import FormScreen, OneLine
from ttx.tui.text import literal


class OptionButton(RadioButton):
    """A radio button whose long label wraps onto more lines: an option or a cell's
    name is read before it is chosen (Textual's draws one line and cuts the rest with "…")."""

    DEFAULT_CSS = "OptionButton { height: auto; text-wrap: wrap; }"

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.render().get_height(self.styles, width)  # type: ignore[arg-type]  # RenderStyles reads as a RulesMap


@dataclass(frozen=True)
class DecisionInput:
    cell: str
    option: str | None
    rationale: str


class DecisionScreen(FormScreen[DecisionInput | None]):
    TEXT_FIELD = "#rationale"

    def __init__(self, scenario: Scenario, inject: Inject, decided: Mapping[str, object], cell: str | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.inject = inject
        self.cells = list(scenario.deciding_cells(inject))
        self.decided = decided
        waiting = [c for c in self.cells if c not in decided]
        self.initial_cell = cell if cell in self.cells else (waiting[0] if waiting else self.cells[0])

    def compose(self) -> ComposeResult:
        decision = self.inject.decision
        assert decision is not None
        with Vertical(classes="dialog wide"):
            yield Static(f"Decision — {self.inject.id}  {self.inject.title}", classes="dialog-title", markup=False)
            with VerticalScroll(classes="form"):
                yield Static(decision.prompt, classes="prompt", markup=False)
                yield Label("Cell")
                with RadioSet(id="cell"):
                    for cell in self.cells:
                        record = self.decided.get(cell)
                        state = f"decided: {getattr(record, 'option', None) or 'yes'}" if record else "waiting"
                        name = self.scenario.cell_by_id[cell].label if cell in self.scenario.cell_by_id else cell
                        yield OptionButton(literal(f"{cell}  {name}  ({state})"), value=cell == self.initial_cell)
                current = self.decided.get(self.initial_cell)
                if decision.options:
                    yield Label("Option", id="option-label")
                    yield self._options(getattr(current, "option", None))
                yield Label("Rationale (optional)")
                yield OneLine(getattr(current, "rationale", ""), placeholder="why the cell chose this", id="rationale")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
            yield Static("tab moves · arrows and enter choose · enter in rationale saves", classes="dialog-hint")

    def _options(self, chosen: str | None) -> RadioSet:
        assert self.inject.decision is not None
        return RadioSet(*(OptionButton(literal(f"{o.id} — {o.text}"), value=o.id == chosen)
                          for o in self.inject.decision.options), id="option")

    async def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Choosing a cell shows its current choice, ready to change (the later one
        replaces it), or a clean choice for a cell still waiting."""
        if event.radio_set.id != "cell":
            return
        record = self.decided.get(self.cells[event.radio_set.pressed_index])
        if self.inject.decision and self.inject.decision.options:
            # A radio set cannot be cleared button by button: draw it afresh.
            await self.query_one("#option", RadioSet).remove()
            label = self.query_one("#option-label")
            assert isinstance(label.parent, Widget)
            await label.parent.mount(self._options(getattr(record, "option", None)), after="#option-label")
        self.query_one("#rationale", Input).value = getattr(record, "rationale", "")

    def on_mount(self) -> None:
        if self.inject.decision and self.inject.decision.options:
            self.query_one("#option", RadioSet).focus()
        else:
            self.query_one("#rationale", Input).focus()

    def action_save(self) -> None:
        cell_index = self.query_one("#cell", RadioSet).pressed_index
        if cell_index < 0:
            self.notify("Choose the cell whose decision this is.", severity="warning")
            return
        option = None
        options = self.inject.decision.options if self.inject.decision else ()
        if options:
            index = self.query_one("#option", RadioSet).pressed_index
            if index < 0:
                self.notify("Choose the option the cell took.", severity="warning")
                self.query_one("#option", RadioSet).focus()
                return
            option = options[index].id
        rationale = self.query_one("#rationale", Input).value.strip()
        self.dismiss(DecisionInput(self.cells[cell_index], option, rationale))
