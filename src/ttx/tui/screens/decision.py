"""The decision dialog, one for every console: the facilitator records a cell's
decision (choosing the cell too), a cell records its own.

It behaves one way everywhere: moving the highlight in a list picks (the
cell, the option); enter in a list goes on to the next field; enter in the
rationale, or ctrl+s, records; esc cancels. It names its inject, and when the
chosen cell has decided already it says so: recording then is a revision,
which the console confirms before it writes it. It fits 80x24: the title
stays at the top, the buttons at the bottom, and the fields between scroll.

It takes plain data (`Ask`), never a scenario or a session: a cell's console
builds it from its need-to-know view.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from ttx.i18n import _
from ttx.tui import format as fmt
from ttx.scenario.vocabulary import TEXT_LIMIT
from ttx.tui.dialog import FormScreen, OneLine, Paragraph
from ttx.tui.screens.confirm import ConfirmScreen
from ttx.tui.text import literal


@dataclass(frozen=True)
class Ask:
    """What the dialog asks: the inject and its decision."""

    inject: str
    title: str
    prompt: str
    options: tuple[Any, ...]             # each with .id and .text
    time: str = ""                       # "04:10 left", "over by 02:00", or nothing
    statement: str | None = None         # the written statement it asks for, by its name; None: none


@dataclass(frozen=True)
class DecisionInput:
    cell: str
    option: str | None
    rationale: str
    revise: bool = False                 # the cell had decided: this replaces its decision
    statement: str = ""                  # the written statement, where the decision asks for one


class DecisionScreen(FormScreen[DecisionInput | None]):
    """`cells`: (id, label) of the cells that may decide here (one for a cell's own
    console); `decided`: their decisions so far, by cell (each with .option and
    .rationale); `cell`: the one to start on."""

    TEXT_FIELD = "#rationale"
    DEFAULT_CSS = """
    DecisionScreen { align: center middle; }
    DecisionScreen > #decision {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    DecisionScreen #decision-title { dock: top; text-style: bold; padding: 0 0 1 0; }
    DecisionScreen #decision-foot { dock: bottom; height: auto; }
    /* the fields scroll between the title and the buttons: the dialog never runs off
       the screen (title, buttons, hint and frame take 7 rows; at 80x24 that leaves 16) */
    DecisionScreen #decision-form { height: auto; max-height: 70vh; }
    DecisionScreen .label { text-style: bold; margin-top: 1; }
    DecisionScreen #prompt { text-style: italic; }
    DecisionScreen #taken { color: $text-warning; text-style: bold; margin-top: 1; }
    DecisionScreen OptionList { height: auto; max-height: 8; }
    DecisionScreen #statement { height: 4; }
    DecisionScreen #decision-buttons { height: auto; padding: 1 0 0 0; }
    DecisionScreen #decision-buttons Button { margin-right: 2; }
    DecisionScreen .hint { color: $text-muted; }
    """

    def __init__(self, ask: Ask, cells: Sequence[tuple[str, str]], decided: Mapping[str, Any],
                 cell: str | None = None) -> None:
        super().__init__()
        self.ask = ask
        self.cells = list(cells)
        self.decided = dict(decided)
        ids = [c for c, _ in self.cells]
        waiting = [c for c in ids if c not in self.decided]
        self.cell = cell if cell in ids else (waiting[0] if waiting else ids[0])

    def _cell_label(self, cell: str, label: str) -> Text:
        record = self.decided.get(cell)
        state = (_("decided: {option}").format(option=record.option or _("yes")) if record is not None
                 else _("waiting"))
        return Text.assemble(Text(f"{cell}  ", style="bold"), Text(label), Text(f"  ({state})", style="dim"))

    def compose(self) -> ComposeResult:
        ask = self.ask
        with Vertical(id="decision"):
            yield Static(literal(_("Decision — {inject}  {title}").format(inject=ask.inject, title=ask.title)),
                         id="decision-title")
            with VerticalScroll(id="decision-form", classes="form"):
                yield Static(literal(ask.prompt), id="prompt")
                if ask.time:
                    yield Static(literal(ask.time), classes="hint")
                if len(self.cells) > 1:
                    yield Static(_("Cell"), classes="label")
                    yield OptionList(*(Option(self._cell_label(c, label), id=c) for c, label in self.cells),
                                     id="cell")
                yield Static("", id="taken")
                if ask.options:
                    yield Static(_("Option"), classes="label")
                    yield OptionList(*(Option(Text.assemble(Text(f"{o.id} ", style="bold"), Text(o.text)), id=o.id)
                                       for o in ask.options), id="option")
                if ask.statement is not None:
                    yield Static(literal(_("{statement} (the cell's words, kept with the decision)").format(
                        statement=ask.statement)), classes="label")
                    yield Paragraph(id="statement", placeholder=_("a press line, a demarche …"))
                yield Static(_("Rationale"), classes="label")
                yield OneLine(placeholder=_("why the cell chose this (saved with the decision)"), id="rationale")
            with Vertical(id="decision-foot"):
                with Horizontal(id="decision-buttons"):
                    yield Button(_("Record (ctrl+s)"), id="save", variant="primary", compact=True)
                    yield Button(_("Cancel (esc)"), id="cancel", compact=True)
                yield Static(_("↑↓ picks · enter or tab: next field · enter in the rationale records"),
                             classes="hint", markup=False)

    def on_mount(self) -> None:
        if len(self.cells) > 1:
            cells = self.query_one("#cell", OptionList)
            cells.highlighted = [c for c, _ in self.cells].index(self.cell)
        self._show_cell()
        first = "#option" if self.ask.options else ("#statement" if self.ask.statement is not None else "#rationale")
        self.query_one(first).focus()

    def _show_cell(self) -> None:
        """The chosen cell's current decision, ready to revise, or a clean form."""
        record = self.decided.get(self.cell)
        taken = self.query_one("#taken", Static)
        taken.display = record is not None
        if record is not None:
            taken.update(literal(_("{cell} decided: {option}").format(cell=self.cell,
                                                                        option=record.option or _("(no option)"))
                                 + (f" — {record.rationale}" if record.rationale else "")
                                 + _(". Recording revises it (you confirm first).")))
        if self.ask.options:
            ids = [o.id for o in self.ask.options]
            chosen = record.option if record is not None and record.option in ids else ids[0]
            self.query_one("#option", OptionList).highlighted = ids.index(chosen)
        self.query_one("#rationale", OneLine).value = record.rationale if record is not None else ""
        if self.ask.statement is not None:
            self.query_one("#statement", Paragraph).text = getattr(record, "statement", "") if record else ""

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "cell" and event.option.id != self.cell:
            self.cell = event.option.id or self.cell
            self._show_cell()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.focus_next()  # enter in a list: on to the next field

    def action_save(self) -> None:
        option = None
        if self.ask.options:
            chosen = self.query_one("#option", OptionList).highlighted_option
            if chosen is None:
                self.notify(_("Pick the option the cell took."), severity="warning")
                return
            option = chosen.id
        rationale = self.query_one("#rationale", OneLine).value.strip()
        statement = ""
        if self.ask.statement is not None:
            statement = self.query_one("#statement", Paragraph).text.strip()
            if not statement:
                self.notify(_("Write the {statement} first.").format(statement=self.ask.statement.lower()),
                            severity="warning")
                self.query_one("#statement", Paragraph).focus()
                return
            if len(statement) > TEXT_LIMIT:
                self.notify(_("The {statement} is {length:,} characters long: at most {limit:,}.").format(
                    statement=self.ask.statement.lower(), length=len(statement), limit=TEXT_LIMIT), severity="warning")
                return
        self.dismiss(DecisionInput(self.cell, option, rationale, revise=self.cell in self.decided,
                                   statement=statement))


def time_text(left: float | None) -> str:
    """A decision's clock in words for the dialog: time left, or how far over."""
    if left is None:
        return ""
    return (_("{time} left").format(time=fmt.clock(left)) if left >= 0
            else _("over its time limit by {time}").format(time=fmt.clock(-left)))


def confirm_revision(app: Any, inject: str, result: DecisionInput, before: Any, followed: str,
                     then: Callable[[], None]) -> None:
    """The one question both consoles ask before a recorded decision is replaced
    (`before`, with .option); `followed`: what had already followed from it, in
    words (the facilitator's console knows; a cell's does not). `then()` writes it."""
    none = _("(no option)")
    change = f"{before.option or none} → {result.option or none}"
    message = _("{cell}'s decision on {inject}: {change}.").format(cell=result.cell, inject=inject, change=change)
    if followed:
        message += "\n\n" + _("After its consequences: {followed}.").format(followed=followed)
    message += "\n\n" + _("The facilitator sees the revision, and the after-action report shows it beside the "
                          "first decision.")
    app.push_screen(ConfirmScreen(_("Revise {cell}'s decision on {inject}?").format(cell=result.cell, inject=inject),
                                  message, yes=_("Revise"), danger=True), lambda yes: then() if yes else None)
