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

from ttx.i18n import _
from ttx.scenario.vocabulary import TEXT_LIMIT
from ttx.tui.dialog import FormScreen, Paragraph
from ttx.tui.text import literal


def _checked(text: str, screen: FormScreen) -> str | None:
    """The typed text, or None (the screen says why) when it is empty or too long."""
    text = text.strip()
    if not text:
        screen.notify(_("Write it first."), severity="warning")
        return None
    if len(text) > TEXT_LIMIT:
        screen.notify(_("That is {length:,} characters long: at most {limit:,}. Shorten it or split it.").format(
            length=len(text), limit=TEXT_LIMIT), severity="warning")
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
            yield Static(_("Request for information to control"), classes="dialog-title", markup=False)
            yield Static(_("Only control sees it; the answer comes back to your cell (under Talk, c)."),
                         classes="dialog-hint", markup=False)
            yield Label(_("Your question (enter starts a new line)"), markup=False)
            yield Paragraph(id="ask-text", placeholder=_("e.g. what does our embassy report?"))
            if self.about is not None:
                yield Checkbox(literal(_("About {inject} {title}").format(inject=self.about[0], title=self.about[1])),
                               value=True, id="ask-about", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Send (ctrl+s)"), id="ask-send", variant="primary")
                yield Button(_("Cancel (esc)"), id="ask-cancel")

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
            yield Static(_("Message to other cells"), classes="dialog-title", markup=False)
            yield Static(_("Only the cells you tick, and control, see it; it is marked for the cells that hold it."),
                         classes="dialog-hint", markup=False)
            # the text first: typing goes there (a space typed with a box focused would tick it)
            yield Label(_("Message (enter starts a new line)"), markup=False)
            yield Paragraph(id="message-text", placeholder=_("what you tell them"))
            yield Label(_("To (tab to a cell, space ticks it)"), markup=False)
            with Horizontal(id="message-to", classes="inline"):
                for cell, name in self.partners:
                    yield Checkbox(literal(cell), id=f"message-to-{cell}", tooltip=name, compact=True)
            if self.about is not None:
                yield Checkbox(literal(_("Pass on {inject} {title}").format(inject=self.about[0], title=self.about[1])),
                               id="message-about", compact=True)
            with Horizontal(classes="buttons"):
                yield Button(_("Send (ctrl+s)"), id="message-send", variant="primary")
                yield Button(_("Cancel (esc)"), id="message-cancel")

    def on_mount(self) -> None:
        self.query_one("#message-text", Paragraph).focus()

    def action_save(self) -> None:
        to = [cell for cell, _ in self.partners if self.query_one(f"#message-to-{cell}", Checkbox).value]
        if not to:
            self.notify(_("Tick the cells it goes to."), severity="warning")
            return
        text = _checked(self.query_one("#message-text", Paragraph).text, self)
        if text is None:
            return
        about = None
        if self.about is not None and self.query_one("#message-about", Checkbox).value:
            about = self.about[0]
        if self.submit(to, text, about):
            self.dismiss(True)
