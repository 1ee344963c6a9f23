"""The facilitator console: its screen, the refresh loop and the inject acts.
(The acts on the exercise's course are in exercise.py, the decision acts in decisions.py.)

It drives one `Session` and holds nothing of its own beyond what it shows:
every act calls the session (which writes the event durably before it
returns) and only then redraws from `session.state`. A 1 s timer calls
`session.tick()` and `session.refresh()` and redraws what changed, row by
row, so a 2,000-inject move stays fluid.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static

from ttx.engine.errors import CommandError
from ttx.engine.rules import release_needs
from ttx.scenario.model import Inject, Move
from ttx.tui import rows
from ttx.tui.bindings import ACT_BY_ID, ACTS, EVALUATOR_ACTS, Act, app_bindings
from ttx.tui.decisions import DecisionActs
from ttx.tui.exercise import ExerciseActs
from ttx.tui.talk_acts import TalkActs
from ttx.tui.text import LiteralNotifications
from ttx.tui.widgets.banner import Banner
from ttx.tui.widgets.clock import ClockHeader, ClockView
from ttx.tui.widgets.decisions import CellDecisions
from ttx.tui.widgets.inject import InjectView
from ttx.tui.widgets.msel import MselTable

# What the confirmation says of each reason a release needs force (rules.release_needs).
_WHY_FORCE = {
    "not triggered": "Its condition on earlier decisions did not hold when it fell due, so it was not released.",
    "skipped": "It was skipped.",
    "another move": "It belongs to {move}, not the current move.",
}
# Acts that still work while a dialog is open (the others would act behind it).
_ALWAYS = {"help", "quit"}


def _acts_provider():
    from ttx.tui.palette import ActsProvider

    return ActsProvider


def _evaluator_acts_provider():
    from ttx.tui.palette import EvaluatorActsProvider

    return EvaluatorActsProvider


class FacilitatorApp(LiteralNotifications, DecisionActs, ExerciseActs, TalkActs, App[None]):
    CSS_PATH = [Path(__file__).with_name(name) for name in ("app.tcss", "forms.tcss", "talk.tcss")]  # absolute: subclasses elsewhere keep it
    TITLE = "ttx facilitator"
    BINDINGS = app_bindings()
    COMMANDS = App.COMMANDS | {_acts_provider}
    ROLE_ACTS: tuple[Act, ...] = ACTS   # what this console may do
    CONSOLE = "facilitator console"
    RUNS_CLOCK = True                   # its 1 s timer ticks the engine (falls due, auto-releases)
    ROLE_LABEL = ""                     # shown before the title on any other seat than the facilitator's
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    NOTIFICATION_TIMEOUT = 4

    def __init__(
        self,
        session: Any,
        *,
        report: Callable[[Any], str] | None = None,
        now: Callable[[], datetime] | None = None,
        tick_seconds: float | None = 1.0,
    ) -> None:
        """`report(session)` makes the after-action report and says where it went (the
        commands layer passes `ttx report`'s own; the console knows no report code)."""
        super().__init__()
        self.session = session
        self._make_report = report
        self.scenario = session.scenario
        self._now = now
        self.tick_seconds = tick_seconds
        self._pending_ids: list[str] = []   # released injects of the shown move awaiting decisions
        self._situation = None
        self._closed = False
        self._last_error: str | None = None
        self._may = {act.id for act in self.ROLE_ACTS}

    # ---- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        s = self.scenario
        yield Banner(s.classification, id="banner-top")
        yield ClockHeader(id="clock")
        yield Static("", id="alert", markup=False)
        yield Static("", id="halt", markup=False)
        yield Static("", id="talk", markup=False)
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static("", id="msel-title", markup=False)
                yield MselTable(id="msel")
            with Vertical(id="right"):
                yield InjectView(id="detail")
                yield CellDecisions(id="decisions")
        yield Footer(id="footer", compact=True)
        yield Banner(s.classification, id="banner-bottom")

    def on_mount(self) -> None:
        self.sync(full=True)
        self.query_one(MselTable).focus()
        if self.tick_seconds:
            self.set_interval(self.tick_seconds, self.tick)
        if self.state.ended and "hotwash" in self._may:  # resuming a finished run: straight back to the hot wash
            self.call_after_refresh(self.action_hotwash)

    def on_unmount(self) -> None:
        self.close_session()

    def close_session(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.session.close()
        except Exception:  # closing is best effort: every act is already durable
            pass

    # ---- what is shown -------------------------------------------------------
    @property
    def state(self) -> Any:
        return self.session.state

    def clock(self) -> float:
        if self._now is not None:
            return self.state.clock_at(self._now())
        return self.session.clock()

    def shown_move(self) -> Move:
        """The current move; between and after moves the last one; before, the first."""
        state = self.state
        move_id = state.move or (state.moves_done[-1] if state.moves_done else None)
        if move_id is None:
            return self.scenario.moves[0]
        return self.scenario.move_by_id[move_id]

    @property
    def table(self) -> MselTable:
        return self.query_one(MselTable)

    def selected(self) -> Inject | None:
        inject_id = self.table.selected_id
        return self.state.inject_by_id.get(inject_id) if inject_id else None

    def sync(self, changed: Iterable[str] = (), *, full: bool = False) -> None:
        """Redraw from session.state: the rows in `changed`, the clock, the panes."""
        state = self.state
        move = self.shown_move()
        clock = self.clock()
        table = self.table
        changed = set(changed)
        schedule = state.schedule(move.id)  # as run: injects written in play too
        if full or table.move_id != move.id or table.order != tuple(i.id for i in schedule):
            keep = table.selected_id if table.move_id == move.id else None
            table.show_move(move.id, rows.msel_rows(self.scenario, state, move, clock))
            first = keep if keep in state.move_of else rows.focus(self.scenario, state, move)
            if first is not None:
                table.select(first)
            changed = {i.id for i in schedule}
            full = True
        if changed:
            self._pending_ids = list(rows.pending_decisions(self.scenario, state, move))
            self._situation = rows.situation_now(self.scenario, state, move if state.moves_done else None)
        by_id = state.inject_by_id
        update = (changed | set(self._pending_ids)) if not full else set()
        if update:
            table.update_rows(
                (i, rows.msel_row(self.scenario, state, by_id[i], clock))
                for i in update if state.move_of.get(i) == move.id
            )
        self._show_clock(move, clock)
        self._show_halt()
        self._show_talk(clock)
        self._show_msel_title(move)
        selected = self.selected()
        if full or (selected is not None and selected.id in changed):
            self._show_detail(selected, force=True)
        self._show_decisions(move, clock, selected)

    def _show_halt(self) -> None:
        halt = self.query_one("#halt", Static)
        halt.set_class(self.state.halt is not None, "-shown")
        if self.state.halt is not None:
            who = "p resumes" if "pause" in self._may else "the facilitator resumes"
            halt.update(f"REAL-WORLD STOP — {self.state.halt}   ({who} the exercise)")

    def _show_clock(self, move: Move, clock: float) -> None:
        state = self.state
        planned = None
        if state.move is not None:
            label = move.label
            move_clock = clock - state.move_started_clock.get(move.id, clock)
            planned = 60.0 * (move.planned_minutes or move.run_minutes) or None
        elif state.ended:
            label, move_clock = "Exercise ended", None
        elif state.moves_done:
            label, move_clock = f"{move.label} (ended)", None
        else:
            hint = f" — m starts {move.id}" if "next_move" in self._may else ""
            label, move_clock = f"Not started{hint}", None
        title = f"{self.ROLE_LABEL} · {self.scenario.title}" if self.ROLE_LABEL else self.scenario.title
        self.query_one(ClockHeader).show(ClockView(
            title=title, move=label, clock=clock, move_clock=move_clock, move_planned=planned,
            running=bool(state.running), speed=float(state.speed), auto=bool(state.auto),
            ended=bool(state.ended), situation=self._situation, halted=state.halt is not None,
        ))

    def _show_msel_title(self, move: Move) -> None:
        due = [i for i in self.state.due_injects() if self.state.move_of.get(i) == move.id]
        text = f"MSEL {move.label} · {len(self.state.schedule(move.id))} injects"
        if due:
            who = "space releases" if "release_next" in self._may else "the facilitator releases"
            text = f"{len(due)} DUE — {who} {due[0]}  ·  " + text
        title = self.query_one("#msel-title", Static)
        title.set_class(bool(due), "-due")
        title.update(text)

    def _show_detail(self, inject: Inject | None, *, force: bool = False) -> None:
        view = self.query_one(InjectView)
        if inject is None:
            view.show(self.scenario, None, force=force)
            return
        move = self.scenario.move_by_id[self.state.move_of[inject.id]]
        view.show(
            self.scenario, inject,
            status=rows.status_label(self.scenario, self.state, inject),
            situation=self.scenario.situation_time(move, inject), force=force,
        )

    def _show_decisions(self, move: Move, clock: float, selected: Inject | None) -> None:
        self.query_one(CellDecisions).show(
            rows.decision_board(self.scenario, self.state, move, clock, selected.id if selected else None)
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        selected = self.selected()
        self._show_detail(selected)
        self._show_decisions(self.shown_move(), self.clock(), selected)

    # ---- the refresh loop ------------------------------------------------------
    def tick(self) -> None:
        if not self.is_running:  # shutting down: the screen's widgets are going (the timer still fires)
            return
        try:  # what fell due (if this console runs the clock) and what other consoles did
            events = self.session.tick() if self.RUNS_CLOCK else self.session.refresh()
        except Exception as exc:  # never crash in front of the room
            self._error(exc)
            return
        for event in events:
            if event.type == "inject_due":
                inj = self.state.inject_by_id.get(event.data.get("inject"))
                if inj is not None and "release_next" in self._may:
                    self.notify(f"Due: {inj.id} {inj.title} — space releases it", timeout=5)
            elif event.type == "inject_released" and not event.data.get("manual", True):
                self.notify(f"Released (auto): {event.data.get('inject')}", timeout=3)
        self.announce_revisions(events)
        self._announce_talk(events)
        self.sync(_inject_ids(events))

    # ---- acts ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ACT_BY_ID and action not in self._may:
            return False  # not this console's to do (an evaluator's seat)
        if action in ACT_BY_ID and action not in _ALWAYS and self.screen is not self.screen_stack[0]:
            return False  # a dialog is open: its keys, not the console's
        return True

    def run_act(self, act_id: str) -> None:
        """Run an act by id (the command palette's way in)."""
        if act_id in self._may:
            getattr(self, f"action_{act_id}")()

    def _do(self, fn: Callable[[], Any], *ids: str, ok: str | None = None) -> bool:
        """Call the session; show the outcome only once it returned (it is durable then)."""
        try:
            done = fn()
        except CommandError as exc:
            self.notify(str(exc), severity="warning", timeout=6)
            return False
        except Exception as exc:
            self._error(exc)
            return False
        changed = set(ids) | _inject_ids(done if isinstance(done, list) else [done])
        try:
            others = self.session.refresh()  # what others did meanwhile
        except Exception as exc:
            self._error(exc)
        else:
            changed |= _inject_ids(others)
            self.announce_revisions(others)
        self._recording_ok()
        self.sync(changed)
        if ok:
            self.notify(ok, timeout=3)
        return True

    def _error(self, exc: BaseException) -> None:
        message = f"{type(exc).__name__}: {exc}"
        if message == self._last_error:
            return  # the 1 s refresh meets the same trouble again: say it once
        self._last_error = message
        self.notify(message, title="Not done", severity="error", timeout=10)
        # A toast fades; a session that cannot be written must stay in sight until it can.
        alert = self.query_one("#alert", Static)
        alert.update(f"⚠ NOT RECORDING — {exc}. Everything shown as done is safe in {self.session.path}; "
                     "acts are not being recorded. Free the disk, then act again: the next act retries.")
        alert.add_class("-shown")

    def _recording_ok(self) -> None:
        self._last_error = None
        self.query_one("#alert", Static).remove_class("-shown")

    def _need_selected(self) -> Inject | None:
        inject = self.selected()
        if inject is None:
            self.notify("Select an inject first (arrow keys or click).", severity="warning")
        return inject

    def action_release_next(self) -> None:
        due = self.state.due_injects()
        if not due:
            self.notify("Nothing is due. r releases the selected inject early.")
            return
        inject_id = due[0]
        if self._do(lambda: self.session.release(inject_id), inject_id, ok=f"Released {inject_id}"):
            self.table.select(inject_id)

    def action_release(self) -> None:
        inject = self._need_selected()
        if inject is None:
            return
        try:
            needs = release_needs(self.state, inject.id)  # the engine's one release rule
        except CommandError as exc:
            self.notify(str(exc), severity="warning")
            return
        if needs is not None:
            from ttx.tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._do(lambda: self.session.release(inject.id, force=True), inject.id,
                             ok=f"Released {inject.id} ({needs.why}, by hand)")

            message = _WHY_FORCE[needs.why].format(move=self.state.move_of[inject.id])
            self.push_screen(ConfirmScreen(
                f"Release a {needs.why} inject?", f"{inject.id} {inject.title}\n\n{message} Release it anyway?",
                yes="Release anyway", danger=True,
            ), answered)
            return
        status = rows.status_of(self.state, inject.id)
        early = "" if status == "due" else f" ({status.replace('_', ' ')}, by hand)"
        self._do(lambda: self.session.release(inject.id), inject.id, ok=f"Released {inject.id}{early}")

    def action_hold(self) -> None:
        inject = self._need_selected()
        if inject is not None:
            self._do(lambda: self.session.hold(inject.id), inject.id, ok=f"Holding {inject.id} — r releases it")

    def action_skip(self) -> None:
        inject = self._need_selected()
        if inject is not None:
            self._do(lambda: self.session.skip(inject.id), inject.id, ok=f"Skipped {inject.id}")

    def action_contingency(self) -> None:
        from ttx.tui.screens.pick import PickScreen

        move = self.shown_move()
        choices = [
            (i.id, f"{i.id}  {i.title}  ({rows.status_of(self.state, i.id).replace('_', ' ')})")
            for i in move.injects
            if i.contingency and rows.status_of(self.state, i.id) not in ("released", "skipped")
        ]
        if not choices:
            self.notify(f"No contingency injects left in {move.id}.")
            return

        def picked(inject_id: str | None) -> None:
            if inject_id:
                if self._do(lambda: self.session.release(inject_id), inject_id, ok=f"Released {inject_id} (contingency)"):
                    self.table.select(inject_id)

        self.push_screen(PickScreen(f"Release a contingency inject — {move.label}", choices), picked)

    def action_note(self) -> None:
        from ttx.tui.screens.note import NoteScreen

        inject = self.selected()
        objective = inject.objectives[0] if inject is not None and inject.objectives else None

        def added(result) -> None:
            if result is not None:
                self._do(lambda: self.session.add_note(
                    result.text, kind=result.kind, objective=result.objective,
                    rating=result.rating, cell=result.cell,
                ), ok="Note saved")

        self.push_screen(NoteScreen(self.scenario, objective=objective), added)

    def action_help(self) -> None:
        from ttx.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(self.ROLE_ACTS, self.CONSOLE))

    async def action_quit(self) -> None:
        self.close_session()
        self.exit()


class EvaluatorApp(FacilitatorApp):
    """An evaluator's seat on a running session: the facilitator's view of the
    MSEL, the injects (expected actions included) and the cells' decisions, but
    evaluators only observe and record. Notes (with objective, cell and P/S/M/U
    rating) are its one act; the exercise runs from the facilitator's console."""

    TITLE = "ttx evaluator"
    BINDINGS = app_bindings(EVALUATOR_ACTS)
    COMMANDS = App.COMMANDS | {_evaluator_acts_provider}
    ROLE_ACTS = EVALUATOR_ACTS
    CONSOLE = "evaluator's console"
    RUNS_CLOCK = False
    ROLE_LABEL = "EVALUATOR"


def _inject_ids(events: Iterable[Any]) -> set[str]:
    out = set()
    for event in events:
        inject = getattr(event, "data", {}).get("inject")
        if inject:
            out.add(inject)
    return out
