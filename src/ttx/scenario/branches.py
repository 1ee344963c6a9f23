"""The branches of a scenario: which decision options unlock or block which injects.

A `when:` condition is a tree of leaves `{decision, cell?, chose}`; each
option named in a leaf is one *edge* from that option to the inject holding
the condition. An edge *unlocks* its inject when choosing the option can make
the condition hold, and *blocks* it under an odd number of `not`s. This is the
map `ttx graph` draws and rehearsal coverage is measured against; it knows
nothing of rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, Literal

from ttx.scenario.model import All, Any_, Condition, Inject, Leaf, Not, Scenario

Polarity = Literal["unlocks", "blocks"]


@dataclass(frozen=True)
class Edge:
    decision: str            # the inject that asks for the decision
    option: str
    cell: str | None         # the leaf's cell; None: any deciding cell
    target: str              # the inject whose `when` names the option
    polarity: Polarity

    @property
    def key(self) -> tuple[str, str, str | None, str, str]:
        return (self.decision, self.option, self.cell, self.target, self.polarity)

    def text(self) -> str:
        who = f"{self.cell} " if self.cell else ""
        return f"{self.decision} {who}{self.option} {self.polarity} {self.target}"


def _leaves(cond: Condition, negated: bool = False) -> Iterator[tuple[Leaf, bool]]:
    """Each leaf with whether it sits under an odd number of `not`s."""
    if isinstance(cond, Leaf):
        yield cond, negated
    elif isinstance(cond, All):
        for c in cond.all:
            yield from _leaves(c, negated)
    elif isinstance(cond, Any_):
        for c in cond.any:
            yield from _leaves(c, negated)
    elif isinstance(cond, Not):
        yield from _leaves(cond.not_, not negated)


def condition_text(cond: Condition) -> str:
    """A `when` as a reader says it: `M1-07 USA chose convene`, `M1-07 USA, JPN and KOR
    chose convene`, `any of (…; …)`, `not (…)`."""
    if isinstance(cond, Leaf):
        return f"{cond.decision} {cond.cell or 'any cell'} chose {' or '.join(cond.chose)}"
    if isinstance(cond, Not):
        return "not (" + condition_text(cond.not_) + ")"
    parts = cond.all if isinstance(cond, All) else cond.any
    word = "and" if isinstance(cond, All) else "or"
    leaves = [c for c in parts if isinstance(c, Leaf)]
    # the usual "every cell chose X" written once, not once per cell
    if len(leaves) == len(parts) > 1 and all(c.cell for c in leaves) \
            and len({(c.decision, c.chose) for c in leaves}) == 1:
        cells = [c.cell or "" for c in leaves]
        who = ", ".join(cells[:-1]) + f" {word} " + cells[-1]
        return f"{leaves[0].decision} {who} chose {' or '.join(leaves[0].chose)}"
    return ("all of (" if word == "and" else "any of (") + "; ".join(condition_text(c) for c in parts) + ")"


def _by(edges: tuple[Edge, ...], end: str) -> dict[str, tuple[Edge, ...]]:
    """The edges grouped by one end (`decision` or `target`), in their order."""
    out: dict[str, list[Edge]] = {}
    for e in edges:
        out.setdefault(getattr(e, end), []).append(e)
    return {k: tuple(v) for k, v in out.items()}


def _discussion(inject: Inject) -> bool:
    return inject.decision is not None and inject.decision.discussion_only


@dataclass(frozen=True)
class BranchMap:
    scenario: Scenario

    @cached_property
    def edges(self) -> tuple[Edge, ...]:
        """Every option-to-inject edge, in the order the targets fall due (move, at, file order)."""
        out: list[Edge] = []
        seen: set[tuple] = set()
        for move in self.scenario.moves:
            for inject in move.schedule:
                if inject.when is None:
                    continue
                for leaf, negated in _leaves(inject.when):
                    for option in leaf.chose:
                        edge = Edge(leaf.decision, option, leaf.cell, inject.id, "blocks" if negated else "unlocks")
                        if edge.key not in seen:
                            seen.add(edge.key)
                            out.append(edge)
        return tuple(out)

    @cached_property
    def decisions(self) -> tuple[Inject, ...]:
        """The injects that ask for a decision with options, in due order."""
        return tuple(i for m in self.scenario.moves for i in m.schedule if i.decision and i.decision.options)

    @cached_property
    def conditional(self) -> tuple[Inject, ...]:
        """The injects with a `when`: each is a branch that plays or not."""
        return tuple(i for m in self.scenario.moves for i in m.schedule if i.when is not None)

    @cached_property
    def contingencies(self) -> tuple[Inject, ...]:
        return tuple(i for m in self.scenario.moves for i in m.schedule if i.contingency)

    @cached_property
    def _from(self) -> dict[str, tuple[Edge, ...]]:
        return _by(self.edges, "decision")

    @cached_property
    def _into(self) -> dict[str, tuple[Edge, ...]]:
        return _by(self.edges, "target")

    def edges_from(self, decision: str, option: str | None = None) -> tuple[Edge, ...]:
        edges = self._from.get(decision, ())
        return edges if option is None else tuple(e for e in edges if e.option == option)

    def edges_into(self, target: str) -> tuple[Edge, ...]:
        return self._into.get(target, ())

    @cached_property
    def dead_ends(self) -> tuple[Inject, ...]:
        """Decisions with options that no `when` names: whatever is chosen, play goes on the same
        (those marked discussion_only are meant to; see `discussion_only`)."""
        named = {e.decision for e in self.edges}
        return tuple(i for i in self.decisions if i.id not in named and not _discussion(i))

    @cached_property
    def discussion_only(self) -> tuple[Inject, ...]:
        """Decisions taken for the discussion they provoke, that no `when` names by design."""
        named = {e.decision for e in self.edges}
        return tuple(i for i in self.decisions if i.id not in named and _discussion(i))

    @cached_property
    def idle_options(self) -> dict[str, tuple[str, ...]]:
        """Per branching decision, its options no `when` names (choosing one follows the default path)."""
        out = {}
        for inject in self.decisions:
            named = {e.option for e in self.edges_from(inject.id)}
            if named:
                assert inject.decision is not None
                idle = tuple(o.id for o in inject.decision.options if o.id not in named)
                if idle:
                    out[inject.id] = idle
        return out

    @cached_property
    def unexercised_objectives(self) -> tuple[str, ...]:
        """Objectives no inject lists."""
        used = {o for m in self.scenario.moves for i in m.injects for o in i.objectives}
        return tuple(o.id for o in self.scenario.objectives if o.id not in used)

    @cached_property
    def involved(self) -> frozenset[str]:
        """Injects that take part in a branch: decisions, conditional and contingency injects."""
        ids = {i.id for i in self.decisions} | {i.id for i in self.conditional} | {i.id for i in self.contingencies}
        ids |= {e.decision for e in self.edges}
        return frozenset(ids)
