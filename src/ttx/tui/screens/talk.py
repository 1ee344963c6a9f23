"""A cell's forms for talking back: a request for information to control, and a
message to other player cells. Each may carry the inject selected in the
inbox (what the request is about; the product passed on).

`submit(...)` does the act through the cell's seat and says whether it was
done; the form closes only then, so a refused act keeps what was typed.
"""

from __future__ import annotations

from typing import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Label, Static

from ttx.scenario.vocabulary import TEXT_LIMIT
from ttx.tui.dialog import FormScreen, Paragraph
from ttx.tui.text import literal


def _checked(text: str, screen: FormScreen) -> str | None:
    """The typed text, or None (the screen says why) when it is empty or too long."""
    text = text.strip()
    if not text:
        screen.notify("Write it first.", severity="warning")
        return None
    if len(text) > TEXT_LIMIT:
        screen.notify(f"That is {len(text):,} characters long: at most {TEXT_LIMIT:,}. Shorten it or split it.",
                      severity="warning")
        return None
    return text


class AskControlScreen(FormScreen[bool]):
    TEXT_FIELD = "#ask-text"
    SAVE_BUTTON = "ask-send"

    def __init__(self, about: tuple[str, str] | None, submit: Callable[[str, str | None], bool]) -> None:
        super().__init__()
        self.about = about  # (inject id, title) of the inject selected in the inbox
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Request for information to control", classes="dialog-title", markup=False)
            yield Static("Only control sees it; the answer comes back to your cell (under Talk, c).",
                         classes="dialog-hint", markup=False)
            yield Label("Your question (enter starts a new line)")
            yield Paragraph(id="ask-text", placeholder="e.g. what does our embassy report?")
            if self.about is not None:
                yield Checkbox(literal(f"About {self.about[0]} {self.about[1]}"), value=True, id="ask-about",
                               compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Send (ctrl+s)", id="ask-send", variant="primary")
                yield Button("Cancel (esc)", id="ask-cancel")

    def on_mount(self) -> None:
        self.query_one("#ask-text", Paragraph).focus()

    def action_save(self) -> None:
        text = _checked(self.query_one("#ask-text", Paragraph).text, self)
        if text is None:
            return
        about = None
        if self.about is not None and self.query_one("#ask-about", Checkbox).value:
            about = self.about[0]
        if self.submit(text, about):
            self.dismiss(True)


class MessageScreen(FormScreen[bool]):
    TEXT_FIELD = "#message-text"
    SAVE_BUTTON = "message-send"

    def __init__(self, partners: Sequence[tuple[str, str]], about: tuple[str, str] | None,
                 submit: Callable[[list[str], str, str | None], bool]) -> None:
        super().__init__()
        self.partners = tuple(partners)  # (cell, name) of the other player cells
        self.about = about
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Message to other cells", classes="dialog-title", markup=False)
            yield Static("Only the cells you tick, and control, see it; it is marked for the cells that hold it.",
                         classes="dialog-hint", markup=False)
            # the text first: typing goes there (a space typed with a box focused would tick it)
            yield Label("Message (enter starts a new line)")
            yield Paragraph(id="message-text", placeholder="what you tell them")
            yield Label("To (tab to a cell, space ticks it)")
            with Horizontal(id="message-to", classes="inline"):
                for cell, name in self.partners:
                    yield Checkbox(literal(cell), id=f"message-to-{cell}", tooltip=name, compact=True)
            if self.about is not None:
                yield Checkbox(literal(f"Pass on {self.about[0]} {self.about[1]}"), id="message-about",
                               compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Send (ctrl+s)", id="message-send", variant="primary")
                yield Button("Cancel (esc)", id="message-cancel")

    def on_mount(self) -> None:
        self.query_one("#message-text", Paragraph).focus()

    def action_save(self) -> None:
        to = [cell for cell, _ in self.partners if self.query_one(f"#message-to-{cell}", Checkbox).value]
        if not to:
            self.notify("Tick the cells it goes to.", severity="warning")
            return
        text = _checked(self.query_one("#message-text", Paragraph).text, self)
        if text is None:
            return
        about = None
        if self.about is not None and self.query_one("#message-about", Checkbox).value:
            about = self.about[0]
        if self.submit(to, text, about):
            self.dismiss(True)
