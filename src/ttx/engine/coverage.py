"""Rehearsal coverage: which branches of a scenario its rehearsal scripts exercise.

One run (a rehearsal's session, or any session) *exercises* an edge of the
branch map (ttx.scenario.branches) when the edge's target falls due or is
released while the edge's option stands chosen by the edge's cell (any
deciding cell for a leaf without one): that choice is what the condition was
judged on. Read from the events, so it holds for whatever decided the run.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable, Sequence

from ttx.engine import events as ev
from ttx.engine.events import Event
from ttx.scenario.branches import BranchMap, Edge
from ttx.scenario.model import Scenario


@dataclass(frozen=True)
class Run:
    """What one session exercised."""

    name: str
    edges: frozenset[tuple]          # Edge.key of each exercised edge
    released: frozenset[str]
    not_triggered: frozenset[str]
    chosen: frozenset[tuple[str, str]]  # (decision, option) recorded by some cell


def exercised(branches: BranchMap, events: Iterable[Event], name: str) -> Run:
    taken: dict[str, dict[str, str | None]] = {}   # decision -> cell -> latest option
    edges: set[tuple] = set()
    released: set[str] = set()
    not_triggered: set[str] = set()
    chosen: set[tuple[str, str]] = set()
    for event in events:
        data = event.data
        if event.type == ev.DECISION_RECORDED:
            taken.setdefault(data["inject"], {})[data["cell"]] = data.get("option")
            if data.get("option") is not None:
                chosen.add((data["inject"], data["option"]))
        elif event.type in (ev.INJECT_RELEASED, ev.INJECT_NOT_TRIGGERED):
            target = data["inject"]
            (released if event.type == ev.INJECT_RELEASED else not_triggered).add(target)
            for edge in branches.edges_into(target):
                by_cell = taken.get(edge.decision, {})
                options = [by_cell.get(edge.cell)] if edge.cell else list(by_cell.values())
                if edge.option in options:
                    edges.add(edge.key)
    return Run(name, frozenset(edges), frozenset(released), frozenset(not_triggered), frozenset(chosen))


@dataclass(frozen=True)
class Coverage:
    branches: BranchMap
    runs: tuple[Run, ...]

    @property
    def scenario(self) -> Scenario:
        return self.branches.scenario

    def runs_of(self, edge: Edge) -> tuple[int, ...]:
        """Indexes of the runs that exercised `edge`."""
        return tuple(k for k, run in enumerate(self.runs) if edge.key in run.edges)

    def released_by(self, inject: str) -> tuple[int, ...]:
        return tuple(k for k, run in enumerate(self.runs) if inject in run.released)

    @cached_property
    def unexercised(self) -> tuple[Edge, ...]:
        return tuple(e for e in self.branches.edges if not self.runs_of(e))

    @cached_property
    def never_reached(self) -> tuple[str, ...]:
        """Conditional injects no run released: a branch no script plays."""
        return tuple(i.id for i in self.branches.conditional if not self.released_by(i.id))

    @cached_property
    def never_skipped(self) -> tuple[str, ...]:
        """Conditional injects every run released: the branch without them is never played."""
        return tuple(i.id for i in self.branches.conditional
                     if self.runs and all(i.id not in r.not_triggered for r in self.runs)
                     and i.id not in self.never_reached)

    @cached_property
    def unreleased_contingencies(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.branches.contingencies if not self.released_by(i.id))

    @cached_property
    def untaken_options(self) -> tuple[tuple[str, str], ...]:
        """(decision, option) of branching decisions that no run chose."""
        chosen = set().union(*(r.chosen for r in self.runs)) if self.runs else set()
        out = []
        for inject in self.branches.decisions:
            if not self.branches.edges_from(inject.id):
                continue
            assert inject.decision is not None
            out += [(inject.id, o.id) for o in inject.decision.options if (inject.id, o.id) not in chosen]
        return tuple(out)

    @cached_property
    def unreached_objectives(self) -> tuple[str, ...]:
        """Objectives listed by injects, none of which any run released."""
        released = set().union(*(r.released for r in self.runs)) if self.runs else set()
        unlisted = set(self.branches.unexercised_objectives)
        s = self.scenario
        return tuple(o.id for o in s.objectives if o.id not in unlisted and not any(
            o.id in s.inject_by_id[i].objectives for i in released))

    def lines(self) -> list[str]:
        """The coverage as `ttx validate --coverage` and `ttx rehearse --all` print it."""
        b = self.branches
        names = ", ".join(r.name for r in self.runs) or "none"
        done = len(b.edges) - len(self.unexercised)
        out = [f"coverage of {self.scenario.id} by {len(self.runs)} rehearsal script(s): {names}",
               f"  edges exercised:   {done}/{len(b.edges)}"
               + (f" ({100 * done // len(b.edges)}%)" if b.edges else "")]
        if not self.runs:
            out[0] = f"coverage of {self.scenario.id}: no rehearsal scripts (rehearsals/{self.scenario.id}/), " \
                     "so no branch is rehearsed"
        for edge in self.unexercised[:SHOWN] if self.runs else ():
            out.append(f"    not exercised:   {edge.text()}")
        if self.runs and len(self.unexercised) > SHOWN:
            out.append(f"    … and {len(self.unexercised) - SHOWN} more edges no script exercised")
        out.append(f"  branches reached:  {len(b.conditional) - len(self.never_reached)}/{len(b.conditional)}")
        if self.runs:
            _list(out, "never reached", self.never_reached, "conditional injects no script releases")
            _list(out, "never skipped", self.never_skipped, "every script releases them")
            _list(out, "options untaken", [f"{d} {o}" for d, o in self.untaken_options], "no script chooses them")
        _list(out, "leads nowhere", [i.id for i in b.dead_ends],
              "decisions no when: names, not marked discussion_only")
        if self.runs:
            _list(out, "contingencies", self.unreleased_contingencies, "no script releases them")
        _list(out, "objectives", b.unexercised_objectives, "no inject exercises them")
        if self.runs:
            _list(out, "objectives", self.unreached_objectives, "no script releases an inject for them")
        for run in self.runs:
            out.append(f"  script {run.name}: {len(run.edges)} edge(s), "
                       f"{len(run.released & {i.id for i in b.conditional})} branch(es) released")
        return out


SHOWN = 12   # items of one list the text names; the map and its tables hold them all


def _list(out: list[str], label: str, items: Sequence[str], why: str) -> None:
    if items:
        more = f" and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
        out.append(f"  {label + ':':<18} {', '.join(items[:SHOWN])}{more} ({why})")


def coverage_of(scenario: Scenario, runs: Iterable[tuple[str, Sequence[Event]]]) -> Coverage:
    branches = BranchMap(scenario)
    return Coverage(branches, tuple(exercised(branches, events, name) for name, events in runs))


def rehearsal_coverage(scenario: Scenario, scripts: Sequence) -> Coverage:
    """Rehearse each script at virtual time (sessions in a temporary folder, removed after)
    and measure what they exercised."""
    from ttx.engine.rehearse import rehearse
    from ttx.engine.store import read_session

    runs = []
    with tempfile.TemporaryDirectory(prefix="ttx-coverage-") as folder:
        for script in scripts:
            result = rehearse(scenario, script, sessions_dir=Path(folder))
            runs.append((script.name, read_session(result.path)[1]))
    return coverage_of(scenario, runs)
