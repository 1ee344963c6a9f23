"""The facilitator's forms for live control of the MSEL: write a new inject,
correct a released one, and the small forms of retime (a time), recall (a
reason) and redirect (cells).

Each form calls its `submit(...)` — which does the act through the console,
durably, and says whether it was done — and closes only when it was: a
refused act (shown by the console) keeps what was typed.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Select, Static

from ttx.scenario.vocabulary import CHANNELS
from ttx.tui.dialog import FormScreen, OneLine, Paragraph
from ttx.tui.text import literal


def parse_options(text: str) -> list[dict[str, str]]:
    """One option a line, `id: text` (or the text alone: then its id is o1, o2 …)."""
    options = []
    for n, line in enumerate((line.strip() for line in text.splitlines() if line.strip()), 1):
        key, sep, rest = line.partition(":")
        if sep and key.strip() and " " not in key.strip() and rest.strip():
            options.append({"id": key.strip(), "text": rest.strip()})
        else:
            options.append({"id": f"o{n}", "text": line})
    return options


def _cells(screen: FormScreen, prefix: str, cells: Sequence[str]) -> list[str]:
    return [c for c in cells if screen.query_one(f"#{prefix}-{c}", Checkbox).value]


class WriteInjectScreen(FormScreen[bool]):
    TEXT_FIELD = "#live-title"
    SAVE_BUTTON = "live-save"

    def __init__(self, move: str, cells: Sequence[str], submit: Callable[[dict[str, Any]], bool]) -> None:
        super().__init__()
        self.move = move
        self.cells = tuple(cells)
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(f"New inject, written in play — {self.move}", classes="dialog-title", markup=False)
            with VerticalScroll(classes="form"):
                yield Label("Title")
                yield OneLine(placeholder="what the cells see first", id="live-title")
                yield Label("To")
                with Horizontal(classes="inline"):
                    for cell in self.cells:
                        yield Checkbox(cell, value=True, id=f"live-to-{cell}", compact=True)
                with Horizontal(classes="inline"):
                    yield Select([(c, c) for c in CHANNELS], value="other", id="live-channel", compact=True,
                                 allow_blank=False)
                    yield OneLine(placeholder="from: who sends it", id="live-from")
                    yield OneLine(placeholder="at: min (empty: now)", id="live-at")
                yield Label("Body (enter starts a new line)")
                yield Paragraph(id="live-body", placeholder="what the cells read")
                yield Label("Decision (optional)")
                yield OneLine(placeholder="the prompt, if the cells must decide", id="live-prompt")
                yield Paragraph(id="live-options", placeholder="options, one a line: id: text")
                yield Checkbox("The cells write a statement (a press line, a demarche)", id="live-statement",
                               compact=True)
                yield Checkbox("Release it now", value=True, id="live-release", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Write (ctrl+s)", id="live-save", variant="primary")
                yield Button("Cancel (esc)", id="live-cancel")

    def on_mount(self) -> None:
        self.query_one("#live-title", OneLine).focus()

    def on_input_submitted(self, event: OneLine.Submitted) -> None:
        event.prevent_default()  # not FormScreen's save: enter in a one-line field goes on to the next
        self.focus_next()

    def action_save(self) -> None:
        title = self.query_one("#live-title", OneLine).value.strip()
        if not title:
            self.notify("Give the inject a title.", severity="warning")
            self.query_one("#live-title", OneLine).focus()
            return
        to = _cells(self, "live-to", self.cells)
        if not to:
            self.notify("Send it to at least one cell.", severity="warning")
            return
        decision = None
        prompt = self.query_one("#live-prompt", OneLine).value.strip()
        options = parse_options(self.query_one("#live-options", Paragraph).text)
        if prompt:
            decision = {"prompt": prompt, "options": options}
            if self.query_one("#live-statement", Checkbox).value:
                decision["response"] = "both" if options else "text"
        elif options:
            self.notify("Options need a decision prompt.", severity="warning")
            return
        at = self.query_one("#live-at", OneLine).value.strip() or None
        fields = {
            "title": title, "to": to if set(to) != set(self.cells) else None,
            "channel": str(self.query_one("#live-channel", Select).value),
            "from_": self.query_one("#live-from", OneLine).value.strip() or None,
            "at": at, "body": self.query_one("#live-body", Paragraph).text.strip(), "decision": decision,
            "release": self.query_one("#live-release", Checkbox).value,
        }
        if self.submit(fields):
            self.dismiss(True)


class CorrectScreen(FormScreen[bool]):
    TEXT_FIELD = "#correct-body"
    SAVE_BUTTON = "correct-save"

    def __init__(self, inject_id: str, title: str, cells: Sequence[str], submit: Callable[[str, str], bool]) -> None:
        super().__init__()
        self.inject_id, self.title_text, self.cells = inject_id, title, tuple(cells)
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(f"Correct {self.inject_id} {self.title_text}", classes="dialog-title", markup=False)
            yield Static(f"A correction goes at once to {', '.join(self.cells)}, marked as a correction of "
                         f"{self.inject_id}; the original stays in their inbox.", classes="dialog-hint", markup=False)
            with VerticalScroll(classes="form"):
                yield Label("Title (empty: Correction: …)")
                yield OneLine(placeholder=f"Correction: {self.title_text}", id="correct-title")
                yield Label("The correction (enter starts a new line)")
                yield Paragraph(id="correct-body", placeholder="what is corrected, and how")
            with Horizontal(classes="buttons"):
                yield Button("Release correction (ctrl+s)", id="correct-save", variant="primary")
                yield Button("Cancel (esc)", id="correct-cancel")

    def on_mount(self) -> None:
        self.query_one("#correct-body", Paragraph).focus()

    def on_input_submitted(self, event: OneLine.Submitted) -> None:
        event.prevent_default()  # not FormScreen's save: the correction is still to write
        self.query_one("#correct-body", Paragraph).focus()

    def action_save(self) -> None:
        body = self.query_one("#correct-body", Paragraph).text.strip()
        if not body:
            self.notify("Write the correction first.", severity="warning")
            return
        if self.submit(self.query_one("#correct-title", OneLine).value.strip(), body):
            self.dismiss(True)


class OneFieldScreen(FormScreen[bool]):
    """A title, a hint and one line to fill (retime: the time; recall: the reason)."""

    TEXT_FIELD = "#field"

    def __init__(self, title: str, hint: str, placeholder: str, submit: Callable[[str], bool], *,
                 value: str = "", needed: bool = True, save: str = "Save") -> None:
        super().__init__()
        self.title_text, self.hint, self.placeholder, self.value = title, hint, placeholder, value
        self.submit, self.needed, self.save_label = submit, needed, save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.hint, classes="dialog-hint", markup=False)
            yield OneLine(self.value, placeholder=self.placeholder, id="field")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.save_label} (enter)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field", OneLine).focus()

    def action_save(self) -> None:
        value = self.query_one("#field", OneLine).value.strip()
        if self.needed and not value:
            self.notify(f"Fill in {self.placeholder} first.", severity="warning")
            return
        if self.submit(value):
            self.dismiss(True)


class CellsScreen(FormScreen[bool]):
    """Tick the cells an inject goes to (redirect)."""

    def __init__(self, title: str, cells: Sequence[tuple[str, str]], chosen: Sequence[str],
                 submit: Callable[[list[str]], bool]) -> None:
        super().__init__()
        self.title_text, self.cells, self.chosen, self.submit = title, tuple(cells), set(chosen), submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            for cell, label in self.cells:
                yield Checkbox(literal(f"{cell}  {label}"), value=cell in self.chosen, id=f"to-{cell}")
            with Horizontal(classes="buttons"):
                yield Button("Redirect (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")
            yield Static("space ticks · tab moves · ctrl+s saves · esc cancels", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query(Checkbox).first().focus()

    def action_save(self) -> None:
        cells = _cells(self, "to", [c for c, _ in self.cells])
        if not cells:
            self.notify("Tick at least one cell.", severity="warning")
            return
        if self.submit(cells):
            self.dismiss(True)
