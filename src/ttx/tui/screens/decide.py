"""A cell console's decision form: pick a prompt (if several), an option, and
write the rationale. (The facilitator's form, which also picks the cell, is
decision.py.)"""

from __future__ import annotations

from typing import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ttx.engine.cellview import OpenDecision
from ttx.engine.state import DecisionRecord
from ttx.tui.dialog import FormScreen, OneLine


class DecideScreen(FormScreen["tuple[str, str | None, str] | None"]):
    """Pick a decision prompt (if several), an option, and write the rationale.
    Dismisses with (inject, option, rationale), or None when cancelled.

    `taken` holds the cell's decisions already recorded, by inject: for those
    the form starts from the current choice, and recording replaces it."""

    SAVE_BUTTON = "decide-record"
    TEXT_FIELD = "#decide-rationale"

    def __init__(self, decisions: tuple[OpenDecision, ...], selected: str | None = None,
                 taken: Mapping[str, DecisionRecord] | None = None) -> None:
        super().__init__()
        self.decisions = decisions
        self.taken = dict(taken or {})
        ids = [d.inject for d in decisions]
        self.current = decisions[ids.index(selected)] if selected in ids else decisions[0]

    def _prompt_label(self, decision: OpenDecision) -> Text:
        text = Text(decision.prompt, overflow="ellipsis")
        record = self.taken.get(decision.inject)
        if record is not None:
            text.append(f"  (yours: {record.option or 'decided'})", style="dim")
        return text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Record your cell's decision", classes="dialog-title")
            if len(self.decisions) > 1:
                yield Static("Decision prompt", classes="dialog-label")
                yield OptionList(*(Option(self._prompt_label(d), id=d.inject) for d in self.decisions),
                                 id="decide-prompts")
            yield Static(self.current.prompt, id="decide-prompt", markup=False)
            yield Static("", id="decide-taken", markup=False)
            yield Static("Option", classes="dialog-label")
            yield OptionList(id="decide-options")
            yield Static("Rationale", classes="dialog-label")
            yield OneLine(placeholder="Why your cell chose this (saved with the decision)", id="decide-rationale")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record (ctrl+s)", variant="primary", id="decide-record")
                yield Button("Cancel (esc)", id="decide-cancel")
            yield Static("enter in the rationale records · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        if len(self.decisions) > 1:
            prompts = self.query_one("#decide-prompts", OptionList)
            prompts.highlighted = [d.inject for d in self.decisions].index(self.current.inject)
        self._show_options()
        self.query_one("#decide-options", OptionList).focus()

    def _show_options(self) -> None:
        record = self.taken.get(self.current.inject)
        options = self.query_one("#decide-options", OptionList)
        options.set_options(Option(Text(f"[{o.id}] {o.text}"), id=o.id) for o in self.current.options)
        ids = [o.id for o in self.current.options]
        if ids:
            options.highlighted = ids.index(record.option) if record and record.option in ids else 0
        options.display = bool(ids)
        self.query_one("#decide-prompt", Static).update(self.current.prompt)
        taken = self.query_one("#decide-taken", Static)
        taken.display = record is not None
        if record is not None:
            taken.update(f"Your cell decided: {record.option or '(no option)'}"
                         + (f" — {record.rationale}" if record.rationale else "")
                         + ". Recording again replaces it.")
        self.query_one("#decide-rationale", Input).value = record.rationale if record else ""

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "decide-prompts" and event.option.id != self.current.inject:
            self.current = next(d for d in self.decisions if d.inject == event.option.id)
            self._show_options()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "decide-options":
            self.query_one("#decide-rationale", Input).focus()

    def action_save(self) -> None:
        option = None
        if self.current.options:
            chosen = self.query_one("#decide-options", OptionList).highlighted_option
            if chosen is None:
                self.notify("Pick an option first.", severity="warning")
                return
            option = chosen.id
        rationale = self.query_one("#decide-rationale", Input).value.strip()
        self.dismiss((self.current.inject, option, rationale))
