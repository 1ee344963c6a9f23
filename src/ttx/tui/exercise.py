"""Running the exercise from the facilitator console: the clock (pause, a
real-world stop, speed, auto mode), moves and their briefings, the end and
the hot wash with its report.

`ExerciseActs` is mixed into FacilitatorApp (each act uses the app's
`session`, `state`, `_do` and dialogs); tui/decisions.py holds the decision
acts, app.py the screen and the inject acts.
"""

from __future__ import annotations

from typing import Any

from ttx.tui import format as fmt
from ttx.tui import rows

SPEEDS = (0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)


class ExerciseActs:
    """The facilitator console's acts on the exercise's course (a mixin of FacilitatorApp)."""

    def action_halt(self: Any) -> None:
        # No confirmation: in an emergency one key must do it; a mistaken stop costs one key (p).
        if self.state.ended:
            self.notify("The exercise has ended.")
            return
        self._do(self.session.halt, ok="Real-world stop: every console shows it; p resumes")

    def action_pause(self: Any) -> None:
        if self.state.ended:
            self.notify("The exercise has ended.")
            return
        if not self.state.moves_done and self.state.halt is None:
            self.notify("The exercise clock starts with the first move: m shows its briefing.")
            return
        if self.state.running:
            self._do(self.session.pause, ok="Clock paused — p resumes")
        else:
            self._do(self.session.resume, ok="Clock running")

    def _set_speed(self: Any, speed: float) -> None:
        self._do(lambda: self.session.set_speed(speed), ok=f"Speed {fmt.speed(speed)}")

    def action_faster(self: Any) -> None:
        current = float(self.state.speed)
        faster = [s for s in SPEEDS if s > current + 1e-9]
        if faster:
            self._set_speed(faster[0])
        else:
            self.notify(f"Already at the fastest, {fmt.speed(current)}.")

    def action_slower(self: Any) -> None:
        current = float(self.state.speed)
        slower = [s for s in SPEEDS if s < current - 1e-9]
        if slower:
            self._set_speed(slower[-1])
        else:
            self.notify(f"Already at the slowest, {fmt.speed(current)}.")

    def action_speed(self: Any) -> None:
        from ttx.tui.screens.pick import PickScreen

        current = float(self.state.speed)

        def picked(value: str | None) -> None:
            if value is not None and float(value) != current:
                self._set_speed(float(value))

        self.push_screen(PickScreen(
            "Exercise clock speed",
            [(f"{s:g}", f"{fmt.speed(s)}" + ("   (current)" if s == current else "")) for s in SPEEDS],
            selected=f"{current:g}",
        ), picked)

    def action_auto(self: Any) -> None:
        on = not self.state.auto
        self._do(lambda: self.session.set_auto(on),
                 ok="Auto on: due injects release themselves" if on else "Auto off: you release due injects")

    def action_next_move(self: Any) -> None:
        from ttx.tui.screens.briefing import BriefingScreen

        if self.state.ended:
            self.notify("The exercise has ended. w opens the hot wash.")
            return
        move_id = self.state.next_move()
        if move_id is None:
            self.notify("This is the last move. e ends the exercise.")
            return
        move = self.scenario.move_by_id[move_id]
        state = self.state
        # Starting a move starts its clock: a paused clock runs again (the engine's rule).
        resumes = not state.running and state.halt is None and bool(state.moves_done)

        def answered(start: bool | None) -> None:
            if start:
                self._do(lambda: self.session.start_move(move_id),
                         ok=f"Started {move.label}" + (" — the paused clock runs again" if resumes else ""))
                self.sync(full=True)

        def brief(go_on: bool | None = True) -> None:
            if go_on:
                self.push_screen(BriefingScreen(self.scenario, move, start=True, resumes=resumes), answered)

        left = rows.left_behind(self.scenario, state) if state.move else []
        if not left:
            brief()
            return
        from ttx.tui.screens.confirm import ConfirmScreen

        current = self.scenario.move_by_id[state.move]
        at = fmt.clock(self.clock() - state.move_started_clock.get(current.id, 0.0))
        self.push_screen(ConfirmScreen(
            f"{current.label} is not finished",
            f"{current.id} is at {at}. Starting {move.id} now leaves behind:\n"
            + "\n".join(f"• {item}" for item in left)
            + f"\n\nThe injects left are skipped. Start {move.id} anyway?",
            yes=f"Leave {current.id}", no=f"Stay in {current.id}", danger=True,
        ), brief)

    def action_briefing(self: Any) -> None:
        from ttx.tui.screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen(self.scenario, self.shown_move(), start=False))

    def action_end(self: Any) -> None:
        from ttx.tui.screens.confirm import ConfirmScreen

        if self.state.ended:
            self.action_hotwash()
            return
        state = self.state
        detail = rows.left_behind(self.scenario, state)
        unplayed = [m.id for m in self.scenario.moves if m.id not in state.moves_done]
        if unplayed:
            detail.append(f"{'move' if len(unplayed) == 1 else 'moves'} {', '.join(unplayed)} not played")
        message = "End the exercise now? The clock stops and the hot wash begins."
        if detail:
            message += "\n\nStill open (ending skips the injects):\n" + "\n".join(f"• {d}" for d in detail)

        def answered(yes: bool | None) -> None:
            if yes and self._do(self.session.end, ok="Exercise ended"):
                self.action_hotwash()

        self.push_screen(ConfirmScreen("End the exercise?", message, yes="End exercise", danger=True), answered)

    def action_hotwash(self: Any) -> None:
        from ttx.tui.screens.hotwash import HotwashScreen

        # One hot-wash screen for the session, kept when left: going back to the
        # console to check something must not throw away a half-typed item.
        if not self.is_screen_installed("hotwash"):
            self.install_screen(HotwashScreen(
                self.scenario, self.state.hotwash, self._add_hotwash, self._report,
                "Produce report" if self._make_report else "Where is the session?",
                withdraw=self._withdraw_hotwash, current=lambda: self.state.hotwash,
            ), "hotwash")
        self.push_screen("hotwash")

    def _add_hotwash(self: Any, item) -> Any:
        if self._do(lambda: self.session.add_hotwash(item.kind, item.text, **item.fields)):
            return self.state.hotwash
        return None

    def _withdraw_hotwash(self: Any, seq: int) -> Any:
        if self._do(lambda: self.session.withdraw_hotwash(seq)):
            return self.state.hotwash
        return None

    def _report(self: Any) -> str:
        if self._make_report is None:
            return f"Session file: {self.session.path}\nMake the report with: ttx report {self.session.path}"
        return self._make_report(self.session)
