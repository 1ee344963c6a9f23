"""What evaluators and the hot wash found: notes and hot-wash items as findings, each
objective's findings and rating, and the improvement plan's rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

from ttx.engine.state import State
from ttx.report.model import ObjectiveResult, Observation, PlanRow
from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import DETAIL_FIELD_NAMES, NOT_RATED, PLAN_FIELD_NAMES, RATINGS


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def observations(scenario: Scenario, state: State) -> list[Observation]:
    """Notes and hot-wash items, in log order, with their capability filled
    from their objective when they name none."""
    out: list[Observation] = []

    def capability(objective: str | None, given: str | None) -> str | None:
        if given:
            return given
        obj = scenario.objective_by_id.get(objective) if objective else None
        return obj.capability if obj else None

    for n in state.notes:
        rating = (_opt(n.rating) or "").upper()
        out.append(
            Observation(
                seq=n.seq, source="note", kind=_opt(n.kind) or "observation", text=_text(n.text),
                objective=_opt(n.objective), capability=capability(_opt(n.objective), None),
                rating=rating if rating in RATINGS else None, cell=_opt(n.cell), clock=n.clock, wall=n.wall,
            )
        )
    for h in state.hotwash:
        out.append(
            Observation(
                seq=h.seq, source="hotwash", kind=_opt(h.kind) or "improvement", text=_text(h.text),
                objective=_opt(h.objective), capability=capability(_opt(h.objective), _opt(h.capability)),
                rating=None, cell=None, clock=h.clock, wall=h.wall,
                details={k: _text(h.fields.get(k)) for k in DETAIL_FIELD_NAMES},
            )
        )
    out.sort(key=lambda o: o.seq)
    return out


def objective_results(scenario: Scenario, found: list[Observation]) -> Iterable[ObjectiveResult]:
    by_obj: dict[str, list[Observation]] = defaultdict(list)
    for o in found:
        if o.objective:
            by_obj[o.objective].append(o)
    for obj in scenario.objectives:
        obs = by_obj.get(obj.id, [])
        # The rating is the latest note on this objective that carries one.
        rating = next((o.rating for o in reversed(obs) if o.rating), None)
        yield ObjectiveResult(
            id=obj.id,
            text=obj.text,
            capability=obj.capability,
            rating=rating,
            rating_text=RATINGS[rating] if rating else NOT_RATED,
            strengths=tuple(o for o in obs if o.kind == "strength"),
            improvements=tuple(o for o in obs if o.kind == "improvement"),
            observations=tuple(obs),
        )


def plan_row(o: Observation) -> PlanRow:
    # Only the hot wash captures corrective actions, owners and dates; a
    # note's row keeps those columns empty for the after-action conference.
    return PlanRow(capability=o.capability or "", area=o.text,
                   details={k: o.details.get(k, "") for k in PLAN_FIELD_NAMES}, objective=o.objective, source=o.source)
