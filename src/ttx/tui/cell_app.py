"""A national cell's console: only what was released to it.

The app is built from, and redrawn from, `CellView`s alone — the engine's
per-cell view of the state (`ttx.engine.cellview`), where the need-to-know
filter lives. It reaches the session through a `CellSeat`, which hands out
nothing but this cell's views and takes nothing but this cell's decisions.
A 0.5 s timer folds what other consoles appended (`session.refresh()`), so
a release in the facilitator's console shows here within a second.

Keys, the footer, the help screen and the command palette all come from
`CELL_ACTS`; the palette offers those acts and nothing else (no system
commands: no theme picker, no screenshot-to-disk, no controller material).

`RoomApp` is the same console for the whole room (a projector in a plenary):
it shows the engine's room view, what every player cell may see, and takes
nothing.
"""

from __future__ import annotations

from typing import Any, Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from ttx.engine.cellview import ROOM, CellView, OpenDecision
from ttx.engine.errors import CommandError, SessionFileError
from ttx.engine.state import DecisionRecord
from ttx.i18n import N_, _
from ttx.tui.bindings import Act
from ttx.tui.cell_talk import CellTalkActs
from ttx.tui.palette import acts_provider
from ttx.tui.screens.decision import Ask, DecisionInput, DecisionScreen, confirm_revision, time_text
from ttx.tui.screens.pick import PickScreen
from ttx.tui.text import LiteralNotifications
from ttx.tui.widgets.banner import Banner
from ttx.tui.widgets.cell_views import (
    CellInjectView,
    InboxList,
    briefing,
    channel,
    decisions_record,
    open_decisions_table,
    status_text,
)
from ttx.tui.widgets.talk import cell_talk

POLL_SECONDS = 0.5

# The cell console's acts: its one table (keys, footer, help, palette).
CELL_ACTS: tuple[Act, ...] = (
    Act("decide", ("d",), N_("Decide"),
        N_("Record your cell's decision on the oldest decision it still owes (a choice of them when "
           "several are open): option and rationale."), group=N_("Cell")),
    Act("revise", ("r",), N_("Revise"),
        N_("Change a decision your cell already took. It asks you to confirm; the facilitator sees it "
           "and the after-action report shows the revision."), group=N_("Cell")),
    Act("inbox", ("i",), N_("Inbox"),
        N_("Go to your inbox: the injects released to your cell, newest first."), group=N_("Cell")),
    Act("briefing", ("b",), N_("Briefing"),
        N_("Show this move's situation briefing and your discussion questions."), group=N_("Cell")),
    Act("decisions", ("t",), N_("Decisions"),
        N_("Show the decisions your cell took, and any the facilitator shared with you."), group=N_("Cell")),
    # The room talks back (cell_talk.py)
    Act("ask", ("a",), N_("Ask control"),
        N_("Send control a request for information (about the inject selected in your inbox, if you wish); "
           "the answer comes back to your cell."), footer=False, group=N_("Talk")),
    Act("message", ("m",), N_("Message"),
        N_("Send a message to other player cells (the selected inject can go with it); only they and control "
           "see it."), footer=False, group=N_("Talk")),
    Act("talk", ("c",), N_("Talk"),
        N_("Show your requests to control with their answers, and the messages you sent and received."),
        group=N_("Talk")),
    Act("help", ("f1", "question_mark"), N_("Help"),
        N_("Show every key and what it does."), group=N_("Console"), key_display="F1 / ?"),
    Act("quit", ("ctrl+q",), N_("Quit"),
        N_("Close this console. Your decisions are already saved; the exercise goes on."),
        footer=False, group=N_("Console")),
)
CELL_ACT_IDS = frozenset(act.id for act in CELL_ACTS)
# The room's screen reads; it never decides.
ROOM_ACTS: tuple[Act, ...] = (
    Act("inbox", ("i",), N_("Inbox"), N_("Go to the injects released to every player cell, newest first."),
        group=N_("Room")),
    Act("briefing", ("b",), N_("Briefing"),
        N_("Show this move's situation briefing and the questions put to every cell."), group=N_("Room")),
    Act("talk", ("c",), N_("Talk"), N_("Show the answers and messages addressed to every player cell."),
        group=N_("Room")),
    *(act for act in CELL_ACTS if act.id == "help"),
    Act("quit", ("ctrl+q",), N_("Quit"), N_("Close this screen. The exercise goes on."), footer=False,
        group=N_("Console")),
)


def cell_bindings(acts: tuple[Act, ...] = CELL_ACTS) -> list[BindingType]:
    """The acts' bindings, in the language in use when called (the class's, made at
    import, are English: the console renews them in its language, `CellApp._in_language`)."""
    acts = tuple(act.in_language() for act in acts)
    return [
        Binding(",".join(act.keys), act.id, act.description, show=act.footer,
                key_display=act.key_display or act.key_label, tooltip=act.tooltip,
                id=f"ttx.cell.{act.id}", priority=act.id == "quit")
        for act in acts
    ]


class CellSeat:
    """The cell console's only door to the session: this cell's view out,
    this cell's decisions in. The app never holds the session itself."""

    def __init__(self, session: Any, cell: str, lang: str | None = None) -> None:
        session.cell_view(cell)  # raises CommandError for a cell the scenario lacks
        self._session = session
        self.cell = cell
        self.lang = lang  # the scenario's texts in this language where it is translated

    def view(self) -> CellView:
        return self._session.cell_view(self.cell, self.lang)

    def refresh(self) -> int:
        """Fold what other consoles wrote; the number of new events."""
        return len(self._session.refresh())

    def decide(self, inject: str, option: str | None, rationale: str, *, revise: bool = False,
               statement: str = "") -> None:
        self._session.record_decision(inject, self.cell, option, rationale, revise=revise, statement=statement)

    def ask(self, text: str, inject: str | None = None) -> None:
        """A request for information from this cell to control."""
        self._session.send_request(self.cell, text, inject=inject)

    def message(self, to: list[str], text: str, inject: str | None = None) -> None:
        """A message from this cell to other player cells."""
        self._session.send_message(self.cell, to, text, inject=inject)

    def close(self) -> None:
        self._session.close()


class RoomSeat(CellSeat):
    """The room's door to the session: the room view out, nothing in."""

    def __init__(self, session: Any, lang: str | None = None) -> None:
        self._session = session
        self.cell = ROOM
        self.lang = lang

    def view(self) -> CellView:
        return self._session.room_view(self.lang)

    def decide(self, inject: str, option: str | None, rationale: str, *, revise: bool = False,
               statement: str = "") -> None:
        raise CommandError("the room's screen takes no decisions")

    def ask(self, text: str, inject: str | None = None) -> None:
        raise CommandError("the room's screen sends no requests")

    def message(self, to: list[str], text: str, inject: str | None = None) -> None:
        raise CommandError("the room's screen sends no messages")


CellActsProvider = acts_provider(CELL_ACTS, "CellActsProvider",
                                 "The command palette: the cell's acts, and nothing else.")
RoomActsProvider = acts_provider(ROOM_ACTS, "RoomActsProvider", "The command palette: the room screen's acts.")


def _structure(view: CellView) -> tuple:
    """What, when it changes, needs the lists and panes redrawn (the clock alone does not)."""
    return (view.move, view.inbox, tuple(d.inject for d in view.open_decisions),
            view.own_decisions, view.shared_decisions, view.ended, view.requests, view.messages)


class CellApp(CellTalkActs, LiteralNotifications, App[None]):
    CSS_PATH = ["cell.tcss", "forms.tcss", "talk.tcss"]
    TITLE = "ttx cell"
    BINDINGS = cell_bindings()
    COMMANDS = {CellActsProvider}
    NOTIFICATION_TIMEOUT = 5
    ACTS: tuple[Act, ...] = CELL_ACTS
    DECIDES = True  # a cell takes decisions; the room's screen does not

    def __init__(self, seat: CellSeat, *, poll_seconds: float | None = POLL_SECONDS) -> None:
        super().__init__()
        self.seat = seat
        self.poll_seconds = poll_seconds
        self.view: CellView = seat.view()
        self._drawn: tuple | None = None
        self.title = (_("ttx — {cell} cell").format(cell=self.view.cell) if self.DECIDES
                      else _("ttx — the room"))
        self._acts = {act.id for act in self.ACTS}
        self._in_language()

    def _in_language(self) -> None:
        """The footer's and the keys' words in the console's language, chosen (i18n.use)
        after Textual made the class's bindings at import: the acts' bindings are
        made again now; Textual's own (the palette's) stay."""
        ours = {f"ttx.cell.{act.id}" for act in self.ACTS}
        kept = [binding for _key, binding in self._bindings if binding.id not in ours]
        self._bindings = BindingsMap([*kept, *cell_bindings(self.ACTS)])

    # ---- the palette offers the cell's acts only ------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return iter(())

    # ---- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        view = self.view
        yield Banner(view.classification, id="banner-top")
        yield Static("", id="cell-status", markup=False)
        yield Static("", id="halt", markup=False)
        with Horizontal(id="cell-main"):
            with Vertical(id="cell-left"):
                yield Static(_("Inbox — newest first"), classes="pane-title")
                yield InboxList(id="inbox")
                yield Static(_("Open decisions"), classes="pane-title", id="open-decisions-title")
                yield Static("", id="open-decisions", markup=False)
            with TabbedContent(id="cell-tabs", initial="tab-inject"):
                with TabPane(_("Inject"), id="tab-inject"):
                    yield CellInjectView(id="inject")
                with TabPane(_("Briefing"), id="tab-briefing"):
                    yield Static("", id="briefing", markup=False)
                with TabPane(_("Decisions"), id="tab-decisions"):
                    yield Static("", id="decisions", markup=False)
                with TabPane(_("Talk"), id="tab-talk"):
                    yield Static("", id="talk-record", markup=False)
        # no "^p palette" in the footer: at 80 columns it cut the keys (Help first); ^p still opens it, F1 lists it
        yield Footer(id="footer", show_command_palette=False)
        yield Banner(view.classification, id="banner-bottom")

    def on_mount(self) -> None:
        if not self.DECIDES:
            for widget in ("#open-decisions-title", "#open-decisions"):
                self.query_one(widget).display = False
            self.query_one("#cell-tabs", TabbedContent).hide_tab("tab-decisions")
        self.draw()
        self.query_one("#inbox", InboxList).focus()
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.poll)

    # ---- following the session --------------------------------------------------------
    def poll(self) -> None:
        if not self.is_running:  # shutting down: the screen's widgets are going (the timer still fires)
            return
        try:
            self.seat.refresh()
        except SessionFileError as exc:
            self.notify(str(exc), title=_("Session file"), severity="error")
            return
        previous = self.view
        before = {i.id for i in previous.inbox}
        self.view = self.seat.view()
        for inject in self.view.inbox:
            if inject.id not in before:
                kind = _("Correction") if inject.corrects else _("New inject")
                self.notify(inject.title, title=f"{kind} — {channel(inject.channel)}")
        self._announce_talk(previous, self.view)
        self.draw()

    def draw(self) -> None:
        view = self.view
        self.query_one("#cell-status", Static).update(status_text(view))
        halt = self.query_one("#halt", Static)
        halt.set_class(view.halt is not None, "-shown")
        if view.halt is not None:
            halt.update(_("REAL-WORLD STOP — {reason}").format(reason=view.halt))
        self.query_one("#open-decisions", Static).update(open_decisions_table(view))
        key = _structure(view)
        if key == self._drawn:
            return
        self._drawn = key
        self.query_one("#inbox", InboxList).show(view.inbox)
        self.query_one("#briefing", Static).update(briefing(view))
        self.query_one("#decisions", Static).update(decisions_record(view))
        self.query_one("#talk-record", Static).update(cell_talk(view))
        self._show_selected()

    def _selected_id(self) -> str | None:
        option = self.query_one("#inbox", InboxList).highlighted_option
        return option.id if option is not None else None

    def _show_selected(self) -> None:
        selected = self._selected_id()
        inject = next((i for i in self.view.inbox if i.id == selected), None)
        decision = next((d for d in self.view.open_decisions if d.inject == selected), None)
        taken = next((d for d in self.view.own_decisions if d.inject == selected), None)
        self.query_one("#inject", CellInjectView).show(inject, decision, taken)

    def on_option_list_option_highlighted(self, event: InboxList.OptionHighlighted) -> None:
        if event.option_list.id == "inbox":
            self._show_selected()

    def on_option_list_option_selected(self, event: InboxList.OptionSelected) -> None:
        if event.option_list.id == "inbox":
            self.query_one("#cell-tabs", TabbedContent).active = "tab-inject"
            self._show_selected()

    # ---- acts ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action in self._acts or action not in CELL_ACT_IDS

    def run_act(self, act_id: str) -> None:
        if act_id in self._acts:
            self.call_later(self.run_action, act_id)

    def _decisions_open_to_act(self) -> CellView | None:
        """The view, fresh, if a decision can be acted on now; else say why not."""
        if self.screen is not self.screen_stack[0]:
            return None  # a dialog is open
        try:
            self.seat.refresh()  # the end, or a decision taken meanwhile, shows at once
        except SessionFileError as exc:
            self.notify(str(exc), title=_("Session file"), severity="error")
            return None
        self.view = self.seat.view()
        if self.view.ended:
            self.notify(_("The exercise has ended: decisions are closed."), severity="warning")
            return None
        return self.view

    def action_decide(self) -> None:
        """The oldest decision the cell still owes, or a choice of them when several are open."""
        view = self._decisions_open_to_act()
        if view is None:
            return
        if not view.open_decisions:
            more = " " + _("r revises one your cell took.") if view.taken_prompts else ""
            self.notify(_("No decision is waiting for your cell.") + more, severity="warning")
            return
        self._pick(view.open_decisions, _("Which decision? The oldest first"), None)

    def action_revise(self) -> None:
        view = self._decisions_open_to_act()
        if view is None:
            return
        if not view.taken_prompts:
            self.notify(_("Your cell has taken no decision yet: d records one."), severity="warning")
            return
        self._pick(view.taken_prompts, _("Revise which of your decisions?"), {r.inject: r for r in view.own_decisions})

    def _pick(self, decisions: tuple[OpenDecision, ...], heading: str,
              taken: dict[str, DecisionRecord] | None) -> None:
        """Straight to the dialog for one decision; a choice first for several."""
        if len(decisions) == 1:
            self._ask(decisions[0], taken)
            return
        by_id = {d.inject: d for d in decisions}
        choices = [(d.inject, " · ".join(filter(None, (f"{d.inject}  {self._title(d.inject)}", d.prompt,
                                                        time_text(d.seconds_left)))))
                   for d in decisions]
        self.push_screen(PickScreen(heading, choices),
                         lambda inject: self._ask(by_id[inject], taken) if inject else None)

    def _title(self, inject: str) -> str:
        return next((i.title for i in self.view.inbox if i.id == inject), "")

    def _ask(self, decision: OpenDecision, taken: dict[str, DecisionRecord] | None) -> None:
        before = (taken or {}).get(decision.inject)
        ask = Ask(decision.inject, self._title(decision.inject), decision.prompt, decision.options,
                  time_text(decision.seconds_left), decision.statement)

        def answered(result: DecisionInput | None) -> None:
            if result is None:
                return
            if result.revise:
                confirm_revision(self, decision.inject, result, before, "",
                                 lambda: self._record(decision.inject, result))
            else:
                self._record(decision.inject, result)

        decided = {self.view.cell: before} if before is not None else {}
        self.push_screen(DecisionScreen(ask, [(self.view.cell, self.view.cell_name)], decided), answered)

    def _record(self, inject: str, result: DecisionInput) -> None:
        try:
            self.seat.decide(inject, result.option, result.rationale, revise=result.revise,
                             statement=result.statement)
        except (CommandError, SessionFileError) as exc:
            self.notify(str(exc), title=_("Not recorded"), severity="error")
            return
        self.notify(f"{inject} {self._title(inject)}: " + (result.option or _("(no option)")),
                    title=_("Decision revised") if result.revise else _("Decision recorded"))
        self.view = self.seat.view()
        self.draw()

    def action_inbox(self) -> None:
        self.query_one("#cell-tabs", TabbedContent).active = "tab-inject"
        self.query_one("#inbox", InboxList).focus()

    def action_briefing(self) -> None:
        self.query_one("#cell-tabs", TabbedContent).active = "tab-briefing"

    def action_decisions(self) -> None:
        self.query_one("#cell-tabs", TabbedContent).active = "tab-decisions"

    def action_help(self) -> None:
        from ttx.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        if self.DECIDES:
            self.push_screen(HelpScreen(self.ACTS, _("{cell} cell console").format(cell=self.view.cell),
                                        _("Your decisions are saved before the screen shows them. esc closes.")))
        else:
            self.push_screen(HelpScreen(self.ACTS, _("the room's screen"),
                                        _("What every player cell may see; nothing here is controller material.")))


class RoomApp(CellApp):
    """The room's screen: what every player cell may see, for a projector in a
    plenary. It reads the room view and takes nothing (no decisions, no acts
    on the exercise)."""

    TITLE = "ttx room"
    BINDINGS = cell_bindings(ROOM_ACTS)
    COMMANDS = {RoomActsProvider}
    ACTS = ROOM_ACTS
    DECIDES = False
