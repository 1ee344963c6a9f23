"""The facilitator console's acts on the room talking back and on the live MSEL
(a mixin of FacilitatorApp; keys and names in bindings.ACTS):

    q  the queue of requests for information: answer (to the cell, or released
       to more cells) or decline, oldest waiting first with its age
    g  every message and request (an evaluator's seat too)
    l  control's running log (an evaluator's seat too)
    i  write a new inject          t  retime the selected pending inject
    v  redirect it                 u  correct the selected released inject
    z  recall it

Every act goes through the app's `_do` (the session writes it durably first,
a refusal is shown and nothing is written); the forms stay open when an act
is refused, so nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from ttx.engine.state import InjectStatus
from ttx.tui.widgets.talk import talk_bar, traffic

_WAITING = (InjectStatus.PENDING, InjectStatus.DUE, InjectStatus.HELD)


class TalkActs:
    # what the mixin uses of FacilitatorApp (and Textual's App)
    session: Any
    scenario: Any
    table: Any
    _may: set[str]
    _do: Any
    clock: Any
    selected: Any
    notify: Any
    push_screen: Any
    query_one: Any

    # ---- what is shown ----------------------------------------------------------------
    def _show_talk(self, clock: float) -> None:
        from textual.widgets import Static

        bar = self.query_one("#talk", Static)
        text = talk_bar(self.session.state, clock, keys="requests" in self._may)
        bar.set_class(text is not None, "-shown")
        bar.set_class(bool(self.session.state.traffic.open_requests()), "-waiting")
        if text is not None:
            bar.update(text)

    def _announce_talk(self, events: list[Any]) -> None:
        """Toasts for what the cells said (requests, messages) since the last tick."""
        for event in events:
            data = event.data
            if event.type == "rfi_sent" and "requests" in self._may:
                self.notify(" ".join(str(data.get("text", "")).split())[:120],
                            title=f"Request {data.get('rfi')} from {data.get('cell')} — q answers", timeout=8)
            elif event.type == "message_sent":
                self.notify(" ".join(str(data.get("text", "")).split())[:120],
                            title=f"Message {data.get('from')} → {', '.join(data.get('to', ()))}", timeout=4)

    # ---- requests, messages, the log ----------------------------------------------------
    def action_requests(self) -> None:
        from ttx.tui.screens.requests import RequestsScreen

        state = self.session.state

        def current():
            return list(state.traffic.requests.values()), self.clock()

        def title_of(inject_id: str) -> str:
            inject = self.session.state.inject_by_id.get(inject_id)
            return inject.title if inject is not None else ""

        self.push_screen(RequestsScreen(self.scenario, current, self._answer, self._decline,
                                        title_of))

    def _answer(self, rfi: str, text: str, also: list[str]) -> bool:
        to = f", released to {', '.join(also)} as well" if also else ""
        return self._do(lambda: self.session.answer_request(rfi, text, to=also or None),
                        ok=f"{rfi} answered{to}")

    def _decline(self, rfi: str, text: str) -> bool:
        return self._do(lambda: self.session.decline_request(rfi, text), ok=f"{rfi} declined")

    def action_traffic(self) -> None:
        from ttx.tui.screens.traffic import TrafficScreen

        self.push_screen(TrafficScreen(lambda: traffic(self.session.state, self.clock())))

    def action_log(self) -> None:
        from ttx.tui.screens.control_log import LogScreen

        def add(speaker: str | None, cell: str | None, text: str) -> bool:
            return self._do(lambda: self.session.add_log(text, speaker=speaker, cell=cell),
                            ok="Logged")

        self.push_screen(LogScreen(self.scenario, lambda: self.session.state.traffic.log, add))

    # ---- live control of the MSEL --------------------------------------------------------
    def action_write(self) -> None:
        from ttx.tui.screens.live import WriteInjectScreen

        state = self.session.state
        if state.move is None:
            self.notify("No move is running: a new inject goes into the running move.",
                        severity="warning")
            return
        move = state.move

        def submit(fields: dict[str, Any]) -> bool:
            done: list[Any] = []

            def write():
                done[:] = self.session.write_inject(move=move, **fields)
                return done

            if not self._do(write, ok=None):
                return False
            inject = done[0].data["inject"]
            released = " and released it" if len(done) > 1 else f"; it falls due at {done[0].data['at']}"
            self.notify(f"Wrote {inject}{released}", timeout=4)
            self.table.select(inject)
            return True

        self.push_screen(WriteInjectScreen(move, self.scenario.player_cells, submit))

    def _selected_in(self, statuses: tuple[InjectStatus, ...], what: str) -> Any:
        inject = self.selected()
        if inject is None:
            self.notify("Select an inject first (arrow keys or click).", severity="warning")
            return None
        status = self.session.state.status.get(inject.id)
        if status not in statuses:
            words = "released" if InjectStatus.RELEASED in statuses else "pending, due or held"
            self.notify(f"{inject.id} is {str(status.value).replace('_', ' ') if status else 'unknown'}: "
                        f"only a {words} inject can be {what}.", severity="warning")
            return None
        return inject

    def action_retime(self) -> None:
        from ttx.tui.screens.live import OneFieldScreen

        inject = self._selected_in(_WAITING, "retimed")
        if inject is None:
            return
        self.push_screen(OneFieldScreen(
            f"Retime {inject.id} {inject.title}",
            f"Now at {inject.at} minutes into {self.session.state.move_of[inject.id]}. It falls due at the new time.",
            "minutes into the move (90 or 1:30)",
            lambda at: self._do(lambda: self.session.retime(inject.id, at), inject.id,
                                ok=f"{inject.id} now falls due at {at}"),
            value=str(inject.at), save="Retime"))

    def action_redirect(self) -> None:
        from ttx.tui.screens.live import CellsScreen

        inject = self._selected_in(_WAITING, "redirected")
        if inject is None:
            return
        cells = [(c.id, c.label) for c in self.scenario.cells]
        self.push_screen(CellsScreen(
            f"Redirect {inject.id} {inject.title}", cells, self.scenario.recipients(inject),
            lambda to: self._do(lambda: self.session.redirect(inject.id, to), inject.id,
                                ok=f"{inject.id} now goes to {', '.join(to)}")))

    def action_correct(self) -> None:
        from ttx.tui.screens.live import CorrectScreen

        inject = self._selected_in((InjectStatus.RELEASED,), "corrected")
        if inject is None:
            return
        state = self.session.state
        if state.move is None:
            self.notify("No move is running: a correction is released at once, so start the next move first.",
                        severity="warning")
            return

        def submit(title: str, body: str) -> bool:
            return self._do(lambda: self.session.correct(inject.id, body, title=title or None),
                            inject.id, ok=f"Correction of {inject.id} released")

        self.push_screen(CorrectScreen(inject.id, inject.title, state.released_to.get(inject.id, ()), submit))

    def action_recall(self) -> None:
        from ttx.tui.screens.live import OneFieldScreen

        inject = self._selected_in((InjectStatus.RELEASED,), "recalled")
        if inject is None:
            return
        self.push_screen(OneFieldScreen(
            f"Recall {inject.id} {inject.title}",
            "Its cells see it withdrawn (the reason too); its open decisions are asked no more.",
            "why (optional)",
            lambda why: self._do(lambda: self.session.recall(inject.id, why), inject.id,
                                 ok=f"{inject.id} recalled"),
            needed=False, save="Recall"))
