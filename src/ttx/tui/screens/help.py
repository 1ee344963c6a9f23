"""Every key and what it does: generated from a console's one table of acts
(the facilitator's, an evaluator's or a cell's)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ttx.i18n import _
from ttx.tui.bindings import ACTS, NAVIGATION, Act


def help_table(acts: tuple[Act, ...] = ACTS) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column()
    group = None
    for act in (a.in_language() for a in acts):
        if act.group != group:
            group = act.group
            table.add_row("", Text(group, style="bold underline"))
        table.add_row(act.key_label, Text(act.name, style="bold") + Text(f" — {act.tooltip}"))
    table.add_row("^p", Text(_("Command palette"), style="bold") + Text(" — " + _("every act above, by name.")))
    table.add_row("", Text(_("Moving around"), style="bold underline"))
    for keys, what in NAVIGATION:
        table.add_row(keys, Text(_(what)))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,question_mark,q", "close", "Close", show=False)]

    def __init__(self, acts: tuple[Act, ...] = ACTS, console: str = "facilitator console",
                 hint: str = "Every act is saved before the screen shows it. esc closes.") -> None:
        super().__init__()
        self.acts = acts
        self.console = console
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(_("Keys — {console}").format(console=self.console), classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(help_table(self.acts))
            yield Static(self.hint, classes="dialog-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
