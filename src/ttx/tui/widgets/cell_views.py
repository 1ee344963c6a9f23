"""What a cell console draws: every widget here renders a part of a `CellView`.

Nothing in this module sees a `Scenario`, a `State` or a `Session`: the
need-to-know filter lives in the engine (`ttx.engine.cellview`), and these
widgets only ever receive what it let through.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ttx.engine.cellview import CellView, OpenDecision, ReleasedInject
from ttx.engine.state import DecisionRecord
from ttx.i18n import N_, _
from ttx.scenario.plaintext import cells, ljust
from ttx.tui import format as fmt


# The scenario's channels (scenario/vocabulary.py CHANNELS), in the cell's words; at most 7 cells wide
# (the inbox's column).
CHANNELS = {"news": N_("news"), "intel": N_("intel"), "cable": N_("cable"), "call": N_("call"),
            "email": N_("email"), "social": N_("social"), "sensor": N_("sensor"), "brief": N_("brief"),
            "other": N_("other")}


def channel(name: str) -> str:
    return _(CHANNELS[name]) if name in CHANNELS else name


def time_left(decision: OpenDecision) -> Text:
    if decision.seconds_left is None:
        return Text(_("no time limit"), style="dim")
    if decision.seconds_left < 0:
        return Text(_("overdue {time}").format(time=fmt.clock(-decision.seconds_left)), style="bold red")
    style = "bold yellow" if decision.seconds_left < 120 else "bold"
    return Text(_("{time} left").format(time=fmt.clock(decision.seconds_left)), style=style)


def status_text(view: CellView) -> Text:
    """The header, two lines as on the facilitator's: who and what exercise; then
    the state, the clocks and the move (what matters most first on each line:
    a narrow terminal cuts a line's end)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f" {view.cell} ", style="bold reverse")
    text.append(f"  {view.cell_name}", style="bold")
    text.append(f"  ·  {view.scenario_title}\n")
    # the same words and clocks as the facilitator's header
    if view.ended:
        text.append(" " + _("EXERCISE ENDED") + " ", style="bold red")
    elif view.halt is not None:
        text.append(" " + _("HALTED") + " ", style="bold red")
    elif not view.started:
        text.append(" " + _("NOT STARTED") + " ", style="bold")
    elif not view.running:
        text.append(" " + _("PAUSED") + " ", style="bold black on #e0a030")
    else:
        text.append(" " + _("RUNNING") + " ", style="bold green")
    text.append("  " + _("Exercise clock") + " ")
    text.append(fmt.clock(view.clock), style="bold")
    if view.move_clock is not None:
        text.append("  ·  " + _("Move") + " ")
        text.append(fmt.clock(view.move_clock), style="bold")
    text.append("  ·  ")
    text.append(view.move.title if view.move else _("no move running"), style="italic")
    return text


def inbox_row(inject: ReleasedInject) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{fmt.clock(inject.released_clock):>7} ", style="dim")
    text.append(ljust(channel(inject.channel), 7), style="cyan")
    if inject.recalled:
        text.append(_("WITHDRAWN") + " ", style="bold red")
        text.append(f"{inject.title}", style="strike dim")
        return text
    if inject.corrects and not inject.title.lower().startswith("correction"):
        text.append(_("CORRECTION") + " ", style="bold yellow")
    text.append(f"{inject.title}", style="bold yellow" if inject.corrects else "")
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
        yield Static(_("Nothing has been released here yet."), id="inject-title", markup=False)
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
            title.update(_("Nothing has been released here yet."))
            meta.update("")
            body.update("")
            return
        marking.update(inject.marking)
        title.update(inject.title)
        labels = (_("From"), _("Channel"), _("Released"), _("Decision"))
        width = max(cells(label) for label in labels) + 2  # the values line up in terminal cells
        lines = [
            ljust(labels[0], width) + (inject.from_ or "—"),
            ljust(labels[1], width) + channel(inject.channel),
            ljust(labels[2], width) + _("{time} exercise time").format(time=fmt.clock(inject.released_clock)),
        ]
        if inject.recalled:
            lines.insert(0, _("WITHDRAWN by control") + (": " + inject.recall_reason if inject.recall_reason else ""))
        if inject.corrects:
            lines.append(_("Corrects {inject} (it stays in your inbox)").format(inject=inject.corrects))
        if inject.corrected_by:
            lines.append(_("Corrected by {injects}: read the correction").format(injects=", ".join(inject.corrected_by)))
        if decision is not None:
            lines.append(ljust(labels[3], width) + _("open — {prompt} (press d)").format(prompt=decision.prompt))
        elif taken is not None:
            lines.append(ljust(labels[3], width) + _("yours: {option} (r revises it)").format(
                option=taken.option or _("(no option)")))
        meta.update("\n".join(lines))
        body.update(fmt.markdown(inject.body))
        self.scroll_home(animate=False)


def open_decisions_table(view: CellView) -> RenderableType:
    if not view.open_decisions:
        return Text(_("No decision is waiting for your cell."), style="dim")
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1)
    table.add_column(justify="right", no_wrap=True)
    for d in view.open_decisions:
        table.add_row(Text(d.prompt, overflow="ellipsis"), time_left(d))
    return table


def briefing(view: CellView) -> RenderableType:
    move = view.move
    if move is None:
        return Text(_("No move is running yet: the briefing appears when the facilitator starts the first move."),
                    style="dim")
    parts: list[RenderableType] = [Text(move.title, style="bold underline"), Text(""), fmt.markdown(move.situation)]
    if move.questions:
        parts += [Text(""), Text(_("Discussion questions"), style="bold")]
        for q in move.questions:
            line = Text("  • ")
            line.append(q.text)
            parts.append(line)
    return Group(*parts)


def decisions_record(view: CellView) -> RenderableType:
    parts: list[RenderableType] = [Text(_("Your cell's decisions"), style="bold underline")]
    if not view.own_decisions:
        parts.append(Text(_("None yet."), style="dim"))
    for d in view.own_decisions:
        line = Text(f"{fmt.clock(d.clock):>7}  ", style="dim")
        line.append(d.inject, style="bold")
        line.append("  " + (d.option or _("(no option)")))
        if d.rationale:
            line.append(f" — {d.rationale}", style="italic")
        parts.append(line)
    parts += [Text(""), Text(_("Shared by the facilitator"), style="bold underline")]
    if not view.shared_decisions:
        parts.append(Text(_("None."), style="dim"))
    for s in view.shared_decisions:
        line = Text(f"{s.cell}", style="bold")
        line.append(" " + _("on {inject}:").format(inject=s.inject) + " ")
        line.append(s.option_text or s.option or _("(no option)"))
        if s.rationale:
            line.append(f" — {s.rationale}", style="italic")
        parts.append(line)
    return Group(*parts)
