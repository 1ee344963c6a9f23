"""What a cell console draws: every widget here renders a part of a `CellView`.

Nothing in this module sees a `Scenario`, a `State` or a `Session`: the
need-to-know filter lives in the engine (`ttx.engine.cellview`), and these
widgets only ever receive what it let through.
"""

from __future__ import annotations

from typing import Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ttx.engine.cellview import CellView, OpenDecision, ReleasedInject
from ttx.engine.state import DecisionRecord
from ttx.tui import format as fmt
from ttx.tui.dialog import FormScreen


def time_left(decision: OpenDecision) -> Text:
    if decision.seconds_left is None:
        return Text("no time limit", style="dim")
    if decision.seconds_left < 0:
        return Text(f"overdue {fmt.clock(-decision.seconds_left)}", style="bold red")
    style = "bold yellow" if decision.seconds_left < 120 else "bold"
    return Text(f"{fmt.clock(decision.seconds_left)} left", style=style)


def status_text(view: CellView) -> Text:
    """The header line: cell, clock, state, move, scenario (what matters most first:
    a narrow terminal cuts the line's end)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f" {view.cell} ", style="bold reverse")
    text.append("  ")
    text.append(fmt.clock(view.clock), style="bold")
    if view.ended:
        text.append("  EXERCISE ENDED", style="bold red")
    elif view.halt is not None:
        text.append("  HALTED", style="bold red")
    elif not view.running:
        text.append("  PAUSED", style="bold yellow")
    text.append("  ·  ")
    text.append(view.move.title if view.move else "no move running", style="italic")
    text.append(f"  ·  {view.cell_name}", style="bold")
    text.append(f"  ·  {view.scenario_title}")
    return text


def inbox_row(inject: ReleasedInject) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{fmt.clock(inject.released_clock):>7} ", style="dim")
    text.append(f"{inject.channel:<7}", style="cyan")
    text.append(f"{inject.title}")
    return text


class InboxList(OptionList):
    """The cell's released injects, newest first (option id = inject id)."""

    def show(self, inbox: tuple[ReleasedInject, ...]) -> None:
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self.set_options(Option(inbox_row(i), id=i.id) for i in inbox)
        if not inbox:
            return
        ids = [i.id for i in inbox]
        self.highlighted = ids.index(keep) if keep in ids else 0


class CellInjectView(VerticalScroll):
    """One released inject as its recipients see it: marking, title, from,
    channel, release time, body. There is nothing else to show."""

    def compose(self) -> ComposeResult:
        # markup=False throughout: scenario text is shown as written, never parsed as markup/actions
        yield Static("", id="inject-marking", markup=False)
        yield Static("Nothing has been released here yet.", id="inject-title", markup=False)
        yield Static("", id="inject-meta", markup=False)
        yield Static("", id="inject-body", markup=False)

    def show(self, inject: ReleasedInject | None, decision: OpenDecision | None = None,
             taken: DecisionRecord | None = None) -> None:
        marking = self.query_one("#inject-marking", Static)
        title = self.query_one("#inject-title", Static)
        meta = self.query_one("#inject-meta", Static)
        body = self.query_one("#inject-body", Static)
        if inject is None:
            marking.update("")
            title.update("Nothing has been released here yet.")
            meta.update("")
            body.update("")
            return
        marking.update(inject.marking)
        title.update(inject.title)
        lines = [
            f"From      {inject.from_ or '—'}",
            f"Channel   {inject.channel}",
            f"Released  {fmt.clock(inject.released_clock)} exercise time",
        ]
        if decision is not None:
            lines.append(f"Decision  open — {decision.prompt} (press d)")
        elif taken is not None:
            lines.append(f"Decision  yours: {taken.option or '(no option)'} (d changes it)")
        meta.update("\n".join(lines))
        body.update(fmt.markdown(inject.body))
        self.scroll_home(animate=False)


def open_decisions_table(view: CellView) -> RenderableType:
    if not view.open_decisions:
        return Text("No decision is waiting for your cell.", style="dim")
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    for d in view.open_decisions:
        table.add_row(Text(d.prompt, overflow="ellipsis"), time_left(d))
    return table


def briefing(view: CellView) -> RenderableType:
    move = view.move
    if move is None:
        return Text("No move is running yet: the briefing appears when the facilitator starts the first move.",
                    style="dim")
    parts: list[RenderableType] = [Text(move.title, style="bold underline"), Text(""), fmt.markdown(move.situation)]
    if move.questions:
        parts += [Text(""), Text("Discussion questions", style="bold")]
        for q in move.questions:
            line = Text("  • ")
            line.append(q.text)
            parts.append(line)
    return Group(*parts)


def decisions_record(view: CellView) -> RenderableType:
    parts: list[RenderableType] = [Text("Your cell's decisions", style="bold underline")]
    if not view.own_decisions:
        parts.append(Text("None yet.", style="dim"))
    for d in view.own_decisions:
        line = Text(f"{fmt.clock(d.clock):>7}  ", style="dim")
        line.append(d.inject, style="bold")
        line.append(f"  {d.option or '(no option)'}")
        if d.rationale:
            line.append(f" — {d.rationale}", style="italic")
        parts.append(line)
    parts += [Text(""), Text("Shared by the facilitator", style="bold underline")]
    if not view.shared_decisions:
        parts.append(Text("None.", style="dim"))
    for s in view.shared_decisions:
        line = Text(f"{s.cell}", style="bold")
        line.append(f" on {s.inject}: ")
        line.append(s.option_text or s.option or "(no option)")
        if s.rationale:
            line.append(f" — {s.rationale}", style="italic")
        parts.append(line)
    return Group(*parts)


# ---- dialogs ---------------------------------------------------------------------

class DecideScreen(FormScreen["tuple[str, str | None, str] | None"]):
    """Pick a decision prompt (if several), an option, and write the rationale.
    Dismisses with (inject, option, rationale), or None when cancelled.

    `taken` holds the cell's decisions already recorded, by inject: for those
    the form starts from the current choice, and recording replaces it."""

    SAVE_BUTTON = "decide-record"

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
            yield Input(placeholder="Why your cell chose this (saved with the decision)", id="decide-rationale")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record", variant="primary", id="decide-record")
                yield Button("Cancel", id="decide-cancel")
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
