"""Deciding, from the facilitator's console: recording a cell's decision,
revising one as its own confirmed act, sharing one, and the alert when a
cell revises a decision after what followed from it was played.

`DecisionActs` is mixed into FacilitatorApp (it uses the app's `session`,
`state`, `_do`, `selected` and `table`).
"""

from __future__ import annotations

from typing import Any

from ttx.engine import events as ev
from ttx.engine.rules import consequences
from ttx.tui.screens.decision import Ask, DecisionInput, DecisionScreen, confirm_revision, time_text


def followed_text(after: dict[str, Any]) -> str:
    """What had already followed from a decision (rules.consequences), in words."""
    parts = []
    if after.get("move_ended"):
        parts.append(f"{after['move_ended']} has ended")
    if after.get("fell_due"):
        parts.append(f"{', '.join(after['fell_due'])} already fell due on it")
    return "; ".join(parts)


class DecisionActs:
    """The facilitator console's decision acts (a mixin of FacilitatorApp)."""

    def action_decision(self: Any) -> None:
        state = self.state
        if state.ended:
            self.notify("The exercise has ended: no more decisions are recorded.", severity="warning")
            return
        inject = self.selected()
        if inject is None or inject.decision is None:
            if not self._pending_ids:
                self.notify("The selected inject asks for no decision, and no released inject awaits one.",
                            severity="warning")
                return
            inject = self.state.inject_by_id[self._pending_ids[0]]
            self.table.select(inject.id)
        if inject.id not in state.released_clock:
            self.notify(f"{inject.id} has not been released: its decision is not asked yet.", severity="warning")
            return
        decision = inject.decision
        clock = state.decision_clock(inject.id, self.clock())
        ask = Ask(inject.id, inject.title, decision.prompt, decision.options,
                  time_text(clock.left if clock else None),
                  decision.statement_label if decision.asks_statement else None)
        cells = [(c, self.scenario.cell_by_id[c].label if c in self.scenario.cell_by_id else c)
                 for c in self.scenario.deciding_cells(inject)]
        decided = dict(state.decisions.get(inject.id, {}))

        def record(result: DecisionInput) -> None:
            verb = "revised" if result.revise else "decided"
            if self._do(lambda: self.session.record_decision(inject.id, result.cell, result.option,
                                                             result.rationale, revise=result.revise,
                                                             statement=result.statement),
                        inject.id, ok=f"{result.cell} {verb} {result.option or ''} on {inject.id}"):
                # Its last cell decided: on to the next waiting decision, so that d, d, d
                # records them all rather than reopening this one.
                if inject.id not in self._pending_ids and self._pending_ids:
                    self.table.select(self._pending_ids[0])

        def answered(result: DecisionInput | None) -> None:
            if result is None:
                return
            if not result.revise:
                record(result)
                return
            followed = followed_text(consequences(self.state, inject.id, result.cell))
            confirm_revision(self, inject.id, result, decided[result.cell], followed, lambda: record(result))

        self.push_screen(DecisionScreen(ask, cells, decided), answered)

    def action_share(self: Any) -> None:
        from ttx.tui.screens.pick import PickScreen

        inject = self.selected()
        decided = self.state.decisions.get(inject.id, {}) if inject is not None else {}
        if not decided:
            self.notify("Select an inject a cell has decided on; its decision can then be shared.")
            return
        inject_id = inject.id
        choices = [(cell, f"{cell}: {record.option or '—'}  {record.rationale}") for cell, record in decided.items()]

        def picked(cell: str | None) -> None:
            if cell:
                self._do(lambda: self.session.share_decision(inject_id, cell), inject_id,
                         ok=f"{cell}'s decision on {inject_id} shared with the other player cells")

        self.push_screen(PickScreen(f"Share a decision on {inject_id} with the other cells", choices), picked)

    def announce_revisions(self: Any, events: list[Any]) -> None:
        """A revision after its consequences, from any console: alert the facilitator."""
        for event in events:
            if event.type != ev.DECISION_RECORDED or not event.data.get("after"):
                continue
            data = event.data
            before = data.get("revises", {}).get("option") or "(no option)"
            self.notify(f"{data['cell']} revised its decision on {data['inject']}: {before} → "
                        f"{data.get('option') or '(no option)'}, after its consequences: "
                        f"{followed_text(data['after'])}.",
                        title="Decision revised late", severity="warning", timeout=30)
