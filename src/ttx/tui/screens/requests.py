"""Control's queue of requests for information: the cells' questions, the
oldest waiting first with its age, and the form to answer one (to the asking
cell, or released to more cells as well) or decline it.

The screen holds no state of its own: it asks `current()` for the requests
and the clock, and `answer(rfi, text, to)` / `decline(rfi, text)` do the act
through the console (durably) and say whether it was done. It stays open for
the next request; typed text is kept when an act is refused.
"""

from __future__ import annotations

from typing import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, OptionList, Static
from textual.widgets.option_list import Option

from ttx.engine.traffic import OPEN, Request
from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import TEXT_LIMIT
from ttx.tui import format as fmt
from ttx.tui.dialog import FormScreen, Paragraph
from ttx.tui.text import literal

Current = Callable[[], tuple[Sequence[Request], float]]


def queue_order(requests: Sequence[Request]) -> list[Request]:
    """Open requests first, the longest waiting first; then the replied ones, the latest first."""
    waiting = [r for r in requests if r.reply is None]
    replied = [r for r in requests if r.reply is not None]
    return waiting + sorted(replied, key=lambda r: -r.seq)


def request_row(request: Request, clock: float) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{request.id:<7}", style="bold")
    text.append(f"{request.cell:<5}")
    if request.reply is None:
        text.append(f"{'waiting ' + fmt.clock(request.waited(clock)):<16}", style="bold #e8a33d")
    else:
        text.append(f"{request.status:<16}", style="dim")
    text.append(" ".join(request.text.split()))
    return text


class RequestsScreen(FormScreen[None]):
    TEXT_FIELD = "#answer"
    SAVE_BUTTON = "answer-send"
    BINDINGS = [Binding("ctrl+d", "decline", "Decline", show=False, priority=True)]  # over the text field's own

    def __init__(self, scenario: Scenario, current: Current, answer: Callable[[str, str, list[str]], bool],
                 decline: Callable[[str, str], bool], title_of: Callable[[str], str]) -> None:
        super().__init__()
        self.scenario = scenario
        self.title_of = title_of  # an inject's title, as run (injects written in play too)
        self.current = current
        self.answer_with = answer
        self.decline_with = decline
        self._ids: list[str] = []
        self._drawn: list[Text] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="requests"):
            yield Static("Requests for information", classes="dialog-title", id="requests-title")
            yield OptionList(id="requests-list")
            yield Static("", id="request-text", markup=False)
            yield Label("Answer (or why it is declined)")
            yield Paragraph(id="answer", placeholder="what control tells the cell")
            with Horizontal(id="also", classes="inline"):
                yield Static("Release to as well:", classes="dialog-hint")
                for cell in self.scenario.player_cells:
                    yield Checkbox(cell, id=f"also-{cell}", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Answer (ctrl+s)", id="answer-send", variant="primary")
                yield Button("Decline (ctrl+d)", id="answer-decline")
                yield Button("Close (esc)", id="answer-close")

    def on_mount(self) -> None:
        self.refresh_queue()
        self.set_interval(1.0, self.refresh_queue)  # the ages go on
        self.query_one("#requests-list", OptionList).focus()

    # ---- the queue ----------------------------------------------------------------
    def refresh_queue(self) -> None:
        requests, clock = self.current()
        ordered = queue_order(requests)
        rows = [request_row(r, clock) for r in ordered]
        waiting = sum(r.reply is None for r in ordered)
        self.query_one("#requests-title", Static).update(
            literal(f"Requests for information — {waiting} waiting, {len(ordered) - waiting} replied"))
        if rows == self._drawn:
            return
        listed = self.query_one("#requests-list", OptionList)
        keep = self.selected_id()
        self._ids, self._drawn = [r.id for r in ordered], rows
        listed.set_options(Option(row, id=r.id) for row, r in zip(rows, ordered))
        if self._ids:
            listed.highlighted = self._ids.index(keep) if keep in self._ids else 0
        self._show()

    def selected_id(self) -> str | None:
        option = self.query_one("#requests-list", OptionList).highlighted_option
        return option.id if option is not None else None

    def _selected(self) -> Request | None:
        requests, _ = self.current()
        return next((r for r in requests if r.id == self.selected_id()), None)

    def _show(self) -> None:
        request = self._selected()
        shown = self.query_one("#request-text", Static)
        for cell in self.scenario.player_cells:  # the asking cell always gets the answer
            self.query_one(f"#also-{cell}", Checkbox).display = request is None or cell != request.cell
        if request is None:
            shown.update(literal("No request has come in yet."))
            return
        lines = [f"{request.id} from {request.cell} at {fmt.clock(request.clock)}: {request.text}"]
        if request.inject:
            lines.append(f"About {request.inject} {self.title_of(request.inject)}")
        if request.reply is not None:
            lines.append(f"{request.status.capitalize()} at {fmt.clock(request.reply.clock)}"
                         f" ({self.scenario.marking_of(request.reply.to)}): {request.reply.text or '—'}")
        shown.update(literal("\n".join(lines)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#answer", Paragraph).focus()

    # ---- answering ------------------------------------------------------------------
    def _open(self) -> Request | None:
        request = self._selected()
        if request is None:
            self.notify("No request to answer.", severity="warning")
            return None
        if request.status != OPEN:
            self.notify(f"{request.id} was already {request.status}.", severity="warning")
            return None
        return request

    def _text(self, needed: bool) -> str | None:
        text = self.query_one("#answer", Paragraph).text.strip()
        if needed and not text:
            self.notify("Write the answer first.", severity="warning")
            self.query_one("#answer", Paragraph).focus()
            return None
        if len(text) > TEXT_LIMIT:
            self.notify(f"The answer is {len(text):,} characters long: at most {TEXT_LIMIT:,}.", severity="warning")
            return None
        return text

    def _done(self) -> None:
        self.query_one("#answer", Paragraph).text = ""
        for box in self.query(Checkbox):
            box.value = False
        self._drawn = []
        self.refresh_queue()
        listed = self.query_one("#requests-list", OptionList)
        if self._ids:
            listed.highlighted = 0  # on to the longest waiting (open ones come first)
        self._show()
        listed.focus()

    def action_save(self) -> None:
        request = self._open()
        text = self._text(needed=True) if request is not None else None
        if request is None or text is None:
            return
        also = [c for c in self.scenario.player_cells
                if c != request.cell and self.query_one(f"#also-{c}", Checkbox).value]
        if self.answer_with(request.id, text, also):
            self._done()

    def action_decline(self) -> None:
        request = self._open()
        text = self._text(needed=False) if request is not None else None
        if request is None or text is None:
            return
        if self.decline_with(request.id, text):
            self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "answer-decline":
            event.prevent_default()  # not FormScreen's: any button but save would cancel
            self.action_decline()
