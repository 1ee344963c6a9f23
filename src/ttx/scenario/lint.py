"""Warnings: a scenario that loads but will not play as its author meant."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from ttx.scenario.model import Scenario, condition_leaves
from ttx.scenario.yamlsrc import Problem

Locate = Callable[[tuple[Any, ...], bool], tuple[str, int, int, str]]
_TODO = re.compile(r"\bTODO\b")


def warnings(scenario: Scenario, locate: Locate) -> list[Problem]:
    out: list[Problem] = []

    def warn(loc: tuple[Any, ...], message: str) -> None:
        path, line, col, suffix = locate(loc, False)
        out.append(Problem(path, line, col, message + suffix, "warning"))

    # Due order: (move index, at, position in the move), as the clock releases them.
    order = {inj.id: (mi, inj.at, ii) for mi, m in enumerate(scenario.moves) for ii, inj in enumerate(m.injects)}
    tested = {leaf.decision for inj in scenario.inject_by_id.values() if inj.when is not None
              for leaf in condition_leaves(inj.when)}
    exercised: set[str] = set()

    for mi, move in enumerate(scenario.moves):
        received: set[str] = set()
        for ii, inj in enumerate(move.injects):
            loc = ("moves", mi, "injects", ii)
            received.update(scenario.recipients(inj))
            exercised.update(inj.objectives)
            if move.planned_minutes is not None and inj.at > move.planned_minutes:
                warn(loc + ("at",), f"inject '{inj.id}' at {inj.at} min falls after its move's "
                                    f"planned_minutes ({move.planned_minutes})")
            if inj.contingency and not inj.objectives and not inj.expected_actions:
                warn(loc + ("contingency",), f"contingency inject '{inj.id}' has no objectives and no "
                                             "expected_actions: nothing says what it steers play back to")
            if inj.contingency and inj.trigger is None and inj.when is None:
                warn(loc + ("contingency",), f"contingency inject '{inj.id}' has no `trigger:` and no `when:`: "
                                             "nothing tells the facilitator when to use it")
            if inj.decision is not None:
                if inj.id not in tested and not inj.decision.discussion_only:
                    warn(loc + ("decision",), f"no `when` tests the decision on '{inj.id}': it changes nothing "
                                              "that follows; mark it `discussion_only: true` if that is meant")
                elif inj.id in tested and inj.decision.discussion_only:
                    warn(loc + ("decision", "discussion_only"), f"the decision on '{inj.id}' is marked "
                                                                "discussion_only, but a `when` tests it")
            if inj.when is not None:
                for leaf in condition_leaves(inj.when):
                    if leaf.decision in order and order[leaf.decision] >= order[inj.id]:
                        warn(loc + ("when",), f"'{inj.id}' tests decision '{leaf.decision}', which falls due "
                                              "no earlier than it: that decision is never taken in time")
        for cell in scenario.player_cells:
            if cell not in received:
                warn(("moves", mi), f"player cell {cell} receives no inject in move '{move.id}'")

    _agenda(scenario, warn)
    for oi, obj in enumerate(scenario.objectives):
        if obj.id not in exercised:
            warn(("objectives", oi), f"objective '{obj.id}' is exercised by no inject")
    for loc, text in _shown_text(scenario):
        if _TODO.search(text):
            line = next(ln for ln in text.splitlines() if _TODO.search(ln)).strip()
            warn(loc, f"TODO left where players or the report will see it: {line[:60]!r}")
    return out


def _agenda(scenario: Scenario, warn: Callable[[tuple[Any, ...], str], None]) -> None:
    """An agenda, when given, plans every move once, in the order they are played."""
    if not scenario.agenda:
        return
    seen: list[str] = []
    for ai, item in enumerate(scenario.agenda):
        if item.move is None:
            continue
        if item.move in seen:
            warn(("agenda", ai, "move"), f"the agenda plans move '{item.move}' twice")
        else:
            seen.append(item.move)
    for move in scenario.moves:
        if move.id not in seen:
            warn(("agenda",), f"the agenda does not plan move '{move.id}'")
    played = [m.id for m in scenario.moves if m.id in seen]
    if seen != played:
        warn(("agenda",), "the agenda lists the moves out of the order they are played: " + ", ".join(played))


def _shown_text(scenario: Scenario) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every text a cell's console, the room or the after-action report shows, with its place."""
    yield ("title",), scenario.title
    yield ("summary",), scenario.summary
    yield ("background",), scenario.background
    for oi, obj in enumerate(scenario.objectives):
        yield ("objectives", oi, "text"), obj.text
    for ci, cell in enumerate(scenario.cells):
        yield ("cells", ci, "name"), cell.name or ""
    for mi, move in enumerate(scenario.moves):
        yield ("moves", mi, "title"), move.title or ""
        yield ("moves", mi, "situation"), move.situation
        for qi, question in enumerate(move.questions):
            yield ("moves", mi, "questions", qi, "text"), question.text
        for ii, inj in enumerate(move.injects):
            loc = ("moves", mi, "injects", ii)
            yield loc + ("title",), inj.title
            yield loc + ("body",), inj.body
            for ai, action in enumerate(inj.expected_actions):
                yield loc + ("expected_actions", ai), action
            if inj.decision is not None:
                yield loc + ("decision", "prompt"), inj.decision.prompt
                for oi, option in enumerate(inj.decision.options):
                    yield loc + ("decision", "options", oi, "text"), option.text
