"""The MSEL as run: the scenario's injects, and what control wrote or changed in play.

Play never changes the scenario file. Live control of the MSEL — an inject
written during play, a pending one retimed or redirected, a released one
corrected or recalled — is recorded as events (live.py checks them); this
overlay, held by the `State` and advanced by its fold, answers every look-up
of an inject by id and of a move's schedule, so that a live-written inject
falls due, is released, decided on and reported like a scripted one. With
no live change it hands out the scenario's own objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, TypeVar

from ttx.engine.compare import BySnapshot
from ttx.engine.events import Event
from ttx.scenario.model import Decision, Inject, Scenario

# What changed an inject, as the MSEL as run names it.
WRITTEN = "written"          # unscripted: written by control during play
CORRECTION = "correction"    # unscripted: a correction of a released inject
RETIMED = "retimed"
REDIRECTED = "redirected"
CORRECTED = "corrected"      # the original of a correction (it is kept)
RECALLED = "recalled"


@dataclass(frozen=True, slots=True)
class Change:
    """One live change to one inject."""

    seq: int
    clock: float
    kind: str       # one of the words above
    detail: str     # e.g. "at 12 → 20", "to USA, JPN → JPN", "by M1-02-C1", the recall's reason


Frozen = TypeVar("Frozen", Inject, Decision)


def changed(model: Frozen, **fields: Any) -> Frozen:
    """`model` (an inject, a decision) with `fields` replaced: the scenario's models are frozen."""
    return model.model_copy(update=fields)


def written_inject(data: Mapping[str, Any]) -> Inject:
    """The inject an inject_written event describes (checked by live.write before it was recorded)."""
    decision = data.get("decision")
    return Inject.model_validate({
        "id": data["inject"], "at": data.get("at", 0), "title": data.get("title") or data["inject"],
        "from": data.get("from"), "to": data.get("to"), "channel": data.get("channel") or "other",
        "body": data.get("body") or "",
        "decision": Decision.model_validate(decision) if decision else None,
    })


class RunningMsel(BySnapshot):
    """Every inject by id and every move's schedule, live changes applied."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.inject_by_id: dict[str, Inject] = scenario.inject_by_id   # copied on the first change
        self.move_of: dict[str, str] = scenario.move_of
        self._own = False
        self._live: dict[str, list[str]] = {}            # move -> injects written in play, in order
        self._schedules: dict[str, tuple[Inject, ...]] = {}
        self.unscripted: dict[str, str] = {}              # inject -> WRITTEN | CORRECTION
        self.corrects: dict[str, str] = {}                # correction -> the inject it corrects
        self.corrections: dict[str, tuple[str, ...]] = {} # inject -> its corrections, in order
        self.recalled: dict[str, str] = {}                # inject -> why (may be "")
        self.changes: dict[str, tuple[Change, ...]] = {}  # inject -> its live changes, in order

    # ---- look-ups -------------------------------------------------------------------
    def schedule(self, move_id: str) -> tuple[Inject, ...]:
        """The move's injects in the order they fall due: by `at`, file order on ties,
        injects written in play after the scripted ones with the same `at`."""
        found = self._schedules.get(move_id)
        if found is None:
            found = self.scenario.move_by_id[move_id].schedule
            if self._own:
                found = tuple(sorted(self.injects(move_id), key=lambda i: i.at))
            self._schedules[move_id] = found
        return found

    def injects(self, move_id: str) -> tuple[Inject, ...]:
        """The move's injects in file order, then those written in play."""
        scripted = self.scenario.move_by_id[move_id].injects
        if not self._own:
            return scripted
        by_id = self.inject_by_id
        return tuple(by_id[i.id] for i in scripted) + tuple(by_id[i] for i in self._live.get(move_id, ()))

    def snapshot(self) -> tuple[Any, ...]:
        return (self.inject_by_id if self._own else None, dict(self._live), dict(self.unscripted),
                dict(self.corrects), dict(self.recalled), dict(self.changes))

    # ---- the fold ------------------------------------------------------------------------
    def _owned(self) -> None:
        if not self._own:
            self.inject_by_id = dict(self.inject_by_id)
            self.move_of = dict(self.move_of)
            self._own = True

    def _note(self, inject_id: str, e: Event, kind: str, detail: str) -> None:
        self.changes[inject_id] = self.changes.get(inject_id, ()) + (Change(e.seq, e.clock, kind, detail),)
        move = self.move_of.get(inject_id)
        if move is not None:
            self._schedules.pop(move, None)

    def written(self, e: Event) -> Inject | None:
        """An inject_written event: the new inject (None if the event names a move the
        scenario lacks, or an id already taken: ignored, never crashing a replay)."""
        data = e.data
        inject_id, move = data["inject"], data.get("move")
        if move not in self.scenario.move_by_id or inject_id in self.inject_by_id:
            return None
        inject = written_inject(data)
        self._owned()
        self.inject_by_id[inject_id] = inject
        self.move_of[inject_id] = move
        self._live.setdefault(move, []).append(inject_id)
        original = data.get("corrects")
        if original:
            self.unscripted[inject_id] = CORRECTION
            self.corrects[inject_id] = original
            self.corrections[original] = self.corrections.get(original, ()) + (inject_id,)
            self._note(inject_id, e, CORRECTION, f"corrects {original}")
            self._note(original, e, CORRECTED, f"by {inject_id}")
        else:
            self.unscripted[inject_id] = WRITTEN
            self._note(inject_id, e, WRITTEN, "written in play")
        return inject

    def retimed(self, e: Event) -> None:
        inject = self.inject_by_id.get(e.data["inject"])
        if inject is None:
            return
        at = int(e.data["at"])
        self._owned()
        self.inject_by_id[inject.id] = changed(inject, at=at)
        self._note(inject.id, e, RETIMED, f"at {inject.at} → {at}")

    def redirected(self, e: Event) -> None:
        inject = self.inject_by_id.get(e.data["inject"])
        if inject is None:
            return
        was, to = self.scenario.recipients(inject), tuple(e.data["to"])
        self._owned()
        self.inject_by_id[inject.id] = redirected(inject, to)
        self._note(inject.id, e, REDIRECTED, f"to {', '.join(was)} → {', '.join(to)}")

    def recalled_(self, e: Event) -> None:
        inject_id = e.data["inject"]
        if inject_id not in self.inject_by_id:
            return
        why = str(e.data.get("text") or "")
        self.recalled[inject_id] = why
        self._note(inject_id, e, RECALLED, why)


def redirected(inject: Inject, to: tuple[str, ...]) -> Inject:
    """`inject` sent to `to`: a decision that named its deciding cells keeps those still
    among the recipients (live.redirect refuses a redirect that leaves none)."""
    decision = inject.decision
    if decision is not None and decision.cells is not None:
        decision = changed(decision, cells=tuple(c for c in decision.cells if c in to))
    return changed(inject, to=to, decision=decision)
