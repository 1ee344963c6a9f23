"""What the facilitator console shows, computed from the scenario and the
session state as plain tuples (no Textual): MSEL rows, decision status.

`state` is the engine's folded `State`; only its public fields are read.
"""

from __future__ import annotations

from typing import Any, Iterator

from ttx.engine.state import State
from ttx.scenario.model import Inject, Move, Scenario
from ttx.tui import format as fmt

Cell = tuple[str, str]  # (text, rich style)

DUE_STYLE = "bold #000000 on #e8a33d"      # amber: legible on dark and light
OVERDUE_STYLE = "bold #ffffff on #b3261e"
DONE_STYLE = "#2e8b57"                     # sea green: legible on dark and light
HELD_STYLE = "bold #9b59b6"

STATUS: dict[str, Cell] = {
    "pending": ("pending", ""),
    "due": ("● DUE", DUE_STYLE),
    "released": ("✓ released", DONE_STYLE),
    "held": ("‖ held", HELD_STYLE),
    "skipped": ("skipped", "dim strike"),
    "not_triggered": ("untriggered", "dim italic"),
}


def status_of(state: State, inject_id: str) -> str:
    value = state.status.get(inject_id, "pending")
    return str(getattr(value, "value", value))


def released_at(scenario: Scenario, state: State, inject_id: str) -> float | None:
    """When it was released, in minutes into its move (as `at` is planned)."""
    at = state.released_clock.get(inject_id)
    if at is None:
        return None
    start = state.move_started_clock.get(state.move_of.get(inject_id, ""), 0.0)
    return max(0.0, at - start)


def status_label(scenario: Scenario, state: State, inject: Inject) -> str:
    """The status in words, for the detail pane."""
    status = status_of(state, inject.id)
    if status == "released":
        at = released_at(scenario, state, inject.id)
        manual = getattr(state, "released_manual", {}).get(inject.id)
        how = "" if manual is None else (" by hand" if manual else " automatically")
        return f"released{how} at +{fmt.clock(at)} into the move" + live_label(state, inject.id)
    if status == "pending" and inject.contingency:
        return "contingency (release by hand)"
    return status.replace("_", " ") + live_label(state, inject.id)


def live_label(state: State, inject_id: str) -> str:
    """What control did to the inject in play, in words ("" when nothing)."""
    msel = state.msel
    words = []
    if inject_id in msel.corrects:
        words.append(f"a correction of {msel.corrects[inject_id]}")
    elif inject_id in msel.unscripted:
        words.append("written in play")
    if inject_id in msel.corrections:
        words.append(f"corrected by {', '.join(msel.corrections[inject_id])}")
    if inject_id in msel.recalled:
        words.append("RECALLED" + (f": {msel.recalled[inject_id]}" if msel.recalled[inject_id] else ""))
    changed = [c.kind for c in msel.changes.get(inject_id, ()) if c.kind in ("retimed", "redirected")]
    words += list(dict.fromkeys(changed))
    return f" — {'; '.join(words)}" if words else ""


def live_mark(state: State, inject_id: str) -> str:
    """The MSEL row's mark of a live change: ✎ written in play, ± a correction, ⟲ retimed or
    redirected, ✗ recalled."""
    msel = state.msel
    if inject_id in msel.recalled:
        return "✗ "
    if inject_id in msel.corrects:
        return "± "
    if inject_id in msel.unscripted:
        return "✎ "
    if inject_id in msel.changes:
        return "⟲ "
    return ""


def status_cell(scenario: Scenario, state: State, inject: Inject) -> Cell:
    status = status_of(state, inject.id)
    if status == "released":
        return (f"✓ +{fmt.clock(released_at(scenario, state, inject.id))}", DONE_STYLE)
    if status == "pending" and inject.contingency:
        return ("contingency", "italic")
    return STATUS.get(status, (status, ""))


def decision_progress(scenario: Scenario, state: State, inject: Inject, clock: float) -> tuple[int, int, float | None, bool]:
    """(decided, deciding, seconds since release or None, over time limit): the engine's
    decision clock (State.decision_clock), counted over the deciding cells."""
    cells = scenario.deciding_cells(inject)
    decided = state.decisions.get(inject.id, {})
    done = sum(1 for c in cells if c in decided)
    timing = state.decision_clock(inject.id, clock)
    if timing is None:
        return done, len(cells), None, False
    return done, len(cells), timing.used, timing.over and done < len(cells)


def decision_cell(scenario: Scenario, state: State, inject: Inject, clock: float) -> Cell:
    if inject.decision is None:
        return ("", "")
    done, total, used, over = decision_progress(scenario, state, inject, clock)
    if used is None:
        return ("by " + " ".join(scenario.deciding_cells(inject)), "dim")
    if done == total:
        if total == 1:
            record = next(iter(state.decisions.get(inject.id, {}).values()), None)
            return (f"✓ {getattr(record, 'option', None) or 'decided'}", DONE_STYLE)
        return (f"✓ {done}/{total} decided", DONE_STYLE)
    limit = inject.decision.time_limit
    if over:
        return (f"OVER {done}/{total} {fmt.clock(used)}", OVERDUE_STYLE)
    timing = fmt.clock(used) + (f"/{limit}m" if limit else "")
    return (f"{done}/{total} {timing}", "bold")


def msel_row(scenario: Scenario, state: State, inject: Inject, clock: float) -> tuple[Cell, ...]:
    status = status_of(state, inject.id)
    title_style = "bold" if status == "due" else ("dim" if status in ("skipped", "not_triggered") else "")
    return (
        (fmt.planned(inject.at), "bold" if status == "due" else ""),
        (f"{live_mark(state, inject.id)}{inject.id} {inject.title}", title_style),
        status_cell(scenario, state, inject),
        decision_cell(scenario, state, inject, clock),
        (", ".join(scenario.recipients(inject)), ""),
        (inject.channel, ""),
    )


def msel_rows(scenario: Scenario, state: State, move: Move, clock: float) -> Iterator[tuple[str, tuple[Cell, ...]]]:
    for inject in state.schedule(move.id):  # the MSEL as run, in the order injects fall due
        yield inject.id, msel_row(scenario, state, inject, clock)


def pending_decisions(scenario: Scenario, state: State, move: Move) -> Iterator[str]:
    """Ids of released injects of the move still waiting on at least one cell."""
    for inject in state.schedule(move.id):
        if inject.decision is None or status_of(state, inject.id) != "released" or state.recalled(inject.id):
            continue
        decided = state.decisions.get(inject.id, {})
        if any(c not in decided for c in scenario.deciding_cells(inject)):
            yield inject.id


def focus(scenario: Scenario, state: State, move: Move) -> str | None:
    """The inject to select when the move is (re)drawn, e.g. on resume: the due one
    space would release, else the first awaiting a decision, else the first held, else
    the next not yet released (contingencies aside); None if the move has none of these."""
    due = next((i for i in state.due_injects() if state.move_of.get(i) == move.id), None)
    if due is not None:
        return due
    statuses = [(i, status_of(state, i.id)) for i in state.schedule(move.id)]
    waiting = next(pending_decisions(scenario, state, move), None)
    if waiting is not None:
        return waiting
    return next((i.id for i, s in statuses if s == "held"), None) or next(
        (i.id for i, s in statuses if s == "pending" and not i.contingency), None)


def decision_board(scenario: Scenario, state: State, move: Move | None, clock: float, selected: str | None) -> list[tuple[str, str, Cell]]:
    """(inject, cell, status cell) for each deciding cell of the selected
    inject's decision, then of every released inject of the move still waiting."""
    if move is None:
        return []
    ids: list[str] = []
    inj = state.inject_by_id.get(selected) if selected else None
    if inj is not None and inj.decision is not None:
        ids.append(inj.id)
    ids += [i for i in pending_decisions(scenario, state, move) if i != selected]
    rows: list[tuple[str, str, Cell]] = []
    for inject_id in ids:
        inject = state.inject_by_id[inject_id]
        decided = state.decisions.get(inject_id, {})
        _, _, used, over = decision_progress(scenario, state, inject, clock)
        limit = inject.decision.time_limit if inject.decision else None
        for cell in scenario.deciding_cells(inject):
            record = decided.get(cell)
            if record is not None:
                option = record.option or "decided"
                rows.append((inject_id, cell, (f"✓ {option}", DONE_STYLE)))
            elif used is None:
                rows.append((inject_id, cell, ("not yet released", "dim")))
            else:
                timing = fmt.clock(used) + (f"/{limit}m" if limit else "")
                label = "OVER" if over else "wait"
                rows.append((inject_id, cell, (f"{label} {timing}", OVERDUE_STYLE if over else "bold")))
    return rows


def situation_now(scenario: Scenario, state: State, move: Move | None):
    """In-world time: the latest released inject's, else the move's (else the scenario start)."""
    if move is None:
        first = scenario.moves[0]
        return first.situation_time or scenario.start
    best = None
    best_clock = -1.0
    for inject in move.injects:
        at = state.released_clock.get(inject.id)
        if at is not None and at >= best_clock:
            when = scenario.situation_time(move, inject)
            if when is not None:
                best, best_clock = when, at
    if best is not None:
        return best
    if move.situation_time is not None:
        return move.situation_time
    return scenario.start if move is scenario.moves[0] else None


def _count(n: int, one: str) -> str:
    return f"{n} {one if n == 1 else one + 's'}"


def left_behind(scenario: Scenario, state: Any) -> list[str]:
    """What moving on from the current move now leaves undone, in words (empty
    when nothing): due, held and not-yet-due injects (moving on skips them) and
    decisions still open, each with its ids."""
    move = scenario.move_by_id.get(state.move) if state.move else None
    out = []
    due = list(state.due_injects())
    held = [i for i, status in state.status.items() if status_of(state, i) == "held"]
    not_due = [i.id for i in state.schedule(move.id) if not i.contingency
               and status_of(state, i.id) == "pending"] if move else []
    for ids, what in ((due, "still due"), (held, "held"), (not_due, "not yet due")):
        if ids:
            out.append(f"{_count(len(ids), 'inject')} {what} ({_some(ids)})")
    open_ = state.open_decisions()
    if open_:
        out.append(f"{_count(len(open_), 'decision')} still open ({_some([f'{i} {c}' for i, c in open_])})")
    return out


def _some(items: list[str], most: int = 4) -> str:
    return ", ".join(items[:most]) + (" …" if len(items) > most else "")
