"""The command rules: what each command records, given the state it meets.

A rule is a pure function of the state (which holds its scenario) and the
command's arguments. It returns the events to append, as (type, data) pairs,
or raises CommandError saying why the command is refused. Nothing here reads
a clock, a file or a lock: `Session` runs a rule inside its one write path
(session.py), against the latest state, and appends what the rule returns.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple

from ttx.engine import events as ev
from ttx.engine.clock import MAX_SPEED, MIN_SPEED
from ttx.engine.errors import CommandError
from ttx.engine.state import InjectStatus, State
from ttx.scenario import times
from ttx.scenario.model import Inject, Scenario, condition_leaves
from ttx.scenario.vocabulary import HOTWASH_FIELD_NAMES, HOTWASH_KINDS, NOTE_KINDS, RATINGS, TEXT_LIMIT

REAL_WORLD_WORDS = "This is a real-world emergency. Exercise play is halted."

Built = list[tuple[str, dict[str, Any]]]


# ---- what most rules check first -------------------------------------------------
def _live(s: State) -> None:
    if not s.started:
        raise CommandError("the session has not started")
    if s.ended:
        raise CommandError("the session has ended")


def _started(s: State) -> None:
    if not s.started:
        raise CommandError("the session has not started")


def inject_of(s: State, inject_id: str) -> Inject:
    """The inject as run (scripted, or written in play; live changes applied)."""
    inject = s.inject_by_id.get(inject_id)
    if inject is None:
        raise CommandError(f"no inject {inject_id!r} in scenario {s.scenario.id}")
    return inject


def _cell_of(scenario: Scenario, cell: str) -> None:
    if cell not in scenario.cell_by_id:
        raise CommandError(f"no cell {cell!r} in scenario {scenario.id}")


def text_of(text: object, what: str, *, needed: bool = True, limit: int = TEXT_LIMIT) -> str:
    """Typed text, checked: text at all, not only blanks (when `needed`), at most `limit`
    characters. Returned as typed (a message keeps its line breaks)."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise CommandError(f"{what} must be text")
    if needed and not text.strip():
        raise CommandError(f"{what} needs text")
    if len(text) > limit:
        raise CommandError(f"{what} is {len(text):,} characters long: at most {limit:,} "
                           "(split it, or shorten it)")
    return text


def _status_words(status: InjectStatus) -> str:
    return status.value.replace("_", " ")


# ---- the clock ---------------------------------------------------------------------
def pause(s: State) -> Built:
    _live(s)
    if not s.running:
        raise CommandError("the clock is already paused")
    return [(ev.CLOCK_PAUSED, {})]


def resume(s: State) -> Built:
    _live(s)
    if s.running:
        raise CommandError("the clock is already running")
    return [(ev.CLOCK_RESUMED, {})]


def halt(s: State, text: str = REAL_WORLD_WORDS) -> Built:
    """A real-world stop: play halts at once, every console says so; `resume` lifts it."""
    _live(s)
    return [(ev.REAL_WORLD_STOP, {"text": text.strip() or REAL_WORLD_WORDS})]


def set_speed(s: State, speed: Any) -> Built:
    try:
        speed = float(speed)
    except (TypeError, ValueError):
        raise CommandError(f"speed must be a number from {MIN_SPEED:g} to {MAX_SPEED:g}") from None
    if not MIN_SPEED <= speed <= MAX_SPEED:
        raise CommandError(f"speed {speed:g}x is out of range: {MIN_SPEED:g}x to {MAX_SPEED:g}x")
    _live(s)
    return [(ev.CLOCK_SPEED_SET, {"speed": speed})]


def set_auto(s: State, on: bool) -> Built:
    _live(s)
    return [(ev.AUTO_SET, {"auto": bool(on)})]


def opened(s: State, *, resumed: bool, gap: float | None = None) -> Built:
    """A console joins (resumed: nobody had it open, so the downtime is not exercise
    time) or finds it was suspended for `gap` seconds."""
    data: dict[str, Any] = {"resumed": resumed}
    if gap is not None:
        if not s.running or s.ended:
            return []
        data["gap"] = gap
    return [(ev.SESSION_OPENED, data)]


def closed(s: State) -> Built:
    """A console leaves (cleanly) a session still running."""
    return [(ev.SESSION_CLOSED, {})] if s.started and not s.ended else []


# ---- moves -----------------------------------------------------------------------------
def _settle(s: State, move_id: str) -> Built:
    """What moving on records for a move's injects still waiting: not triggered when
    their condition is false, skipped otherwise (unreleased contingency injects leave
    no event)."""
    out: Built = []
    for inject in s.schedule(move_id):
        status = s.status[inject.id]
        if status is InjectStatus.PENDING:
            if inject.contingency:
                continue
            if inject.when is not None and not s.condition_holds(inject.when):
                out.append((ev.INJECT_NOT_TRIGGERED, {"inject": inject.id}))
            else:
                out.append((ev.INJECT_SKIPPED, {"inject": inject.id}))
        elif status in (InjectStatus.DUE, InjectStatus.HELD):
            out.append((ev.INJECT_SKIPPED, {"inject": inject.id}))
    return out


def _closing(s: State) -> Built:
    """Moving on: the current move's waiting injects are settled and the move ends."""
    if s.move is None:
        return []
    return _settle(s, s.move) + [(ev.MOVE_ENDED, {"move": s.move})]


def start_move(s: State, move_id: str | None = None) -> Built:
    """Start a move (the next one by default), ending the current one.

    Jumping ahead passes over the moves between: their waiting injects are
    settled as if each had been moved on from (skipped, or not triggered),
    but they get no move_started/move_ended, since they were never run (nor
    briefed): the report shows them as not run, their injects as skipped.

    Starting a move is starting play: a stopped clock (before the first
    move, or paused between moves) resumes with it, as an explicit
    clock_resumed, unless a real-world stop is in force."""
    scenario = s.scenario
    _live(s)
    target = move_id
    if target is None:
        target = s.next_move()
        if target is None:
            raise CommandError(f"{s.move or 'the last move'} is the last move: end the session instead")
    elif target not in scenario.move_by_id:
        known = ", ".join(m.id for m in scenario.moves)
        raise CommandError(f"no move {target!r} in scenario {scenario.id} (moves: {known})")
    if target in s.move_started_clock:
        raise CommandError(f"move {target} has already been run")
    out = _closing(s)
    for move in scenario.moves:
        if move.id == target:
            break
        if move.id not in s.move_started_clock:  # passed over
            out += _settle(s, move.id)
    out.append((ev.MOVE_STARTED, {"move": target}))
    if not s.running and s.halt is None:
        out.append((ev.CLOCK_RESUMED, {}))
    return out


def end(s: State) -> Built:
    _live(s)
    return _closing(s) + [(ev.SESSION_ENDED, {})]


# ---- injects -----------------------------------------------------------------------------
def _released(s: State, inject: Inject, *, manual: bool) -> tuple[str, dict[str, Any]]:
    return (ev.INJECT_RELEASED, {"inject": inject.id, "to": list(s.scenario.recipients(inject)), "manual": manual})


def falling_due(s: State, clock: float) -> Built:
    """Injects whose `at` has passed by exercise second `clock` fall due: auto mode
    releases them (and those already due), manual mode marks them due; a false
    `when` records them as not triggered."""
    if not s.started or s.ended or s.move is None or not s.running:
        return []
    elapsed = clock - s.move_started_clock[s.move]
    out: Built = []
    status = s.status
    by_id = s.inject_by_id
    if s.auto:
        for inject_id in s.due_injects():
            out.append(_released(s, by_id[inject_id], manual=False))
    for inject in s.schedule(s.move):
        if inject.at * 60.0 > elapsed:
            break
        if status[inject.id] is not InjectStatus.PENDING or inject.contingency:
            continue
        if inject.when is not None and not s.condition_holds(inject.when):
            out.append((ev.INJECT_NOT_TRIGGERED, {"inject": inject.id}))
        elif s.auto:
            out.append(_released(s, inject, manual=False))
        else:
            out.append((ev.INJECT_DUE, {"inject": inject.id}))
    return out


def fall_due(s: State, inject_id: str, release: bool | None = None) -> Built:
    """One pending inject falls due now, whatever the clock says (rehearsals): a false
    `when` records it as not triggered; otherwise it is released (auto mode, or
    release=True) or marked due."""
    inject = inject_of(s, inject_id)
    _live(s)
    status = s.status[inject_id]
    if status is not InjectStatus.PENDING:
        raise CommandError(f"{inject_id} cannot fall due: it is {_status_words(status)}")
    if inject.when is not None and not s.condition_holds(inject.when):
        return [(ev.INJECT_NOT_TRIGGERED, {"inject": inject_id})]
    if release or (release is None and s.auto):
        return [_released(s, inject, manual=False)]
    return [(ev.INJECT_DUE, {"inject": inject_id})]


class NeedsForce(NamedTuple):
    """Releasing this inject by hand now must be deliberate (force)."""

    why: str        # "not triggered" | "skipped" | "another move"
    message: str    # the refusal without force


def release_needs(s: State, inject_id: str) -> NeedsForce | None:
    """The one release rule: None when the inject may be released by hand now (early,
    when due, after a hold, a contingency); NeedsForce when only a deliberate release
    may (not triggered, skipped, of another move). CommandError when it cannot be
    released at all: the session is not running a move, or it was released already."""
    inject_of(s, inject_id)
    _live(s)
    status = s.status[inject_id]
    if status is InjectStatus.RELEASED:
        raise CommandError(f"{inject_id} was already released (at {times.clock(s.released_clock[inject_id])})")
    move = s.move_of[inject_id]
    if s.move is None:
        raise CommandError(f"no move is running: start {move} to release {inject_id}")
    if status is InjectStatus.NOT_TRIGGERED:
        return NeedsForce("not triggered", f"{inject_id} was not triggered (its condition does not hold): "
                                           "release it anyway with force")
    if status is InjectStatus.SKIPPED:
        return NeedsForce("skipped", f"{inject_id} was skipped: release it anyway with force")
    if move != s.move:
        return NeedsForce("another move", f"{inject_id} belongs to move {move}, not the current move {s.move}: "
                                          "release it anyway with force")
    return None


def release(s: State, inject_id: str, force: bool = False) -> Built:
    """Release an inject by hand (see release_needs)."""
    needs = release_needs(s, inject_id)
    if needs is not None and not force:
        raise CommandError(needs.message)
    return [_released(s, s.inject_by_id[inject_id], manual=True)]


def hold(s: State, inject_id: str) -> Built:
    inject_of(s, inject_id)
    _live(s)
    status = s.status[inject_id]
    if status not in (InjectStatus.PENDING, InjectStatus.DUE):
        raise CommandError(f"{inject_id} cannot be held: it is {_status_words(status)}")
    return [(ev.INJECT_HELD, {"inject": inject_id})]


def skip(s: State, inject_id: str) -> Built:
    inject_of(s, inject_id)
    _live(s)
    status = s.status[inject_id]
    if status not in (InjectStatus.PENDING, InjectStatus.DUE, InjectStatus.HELD):
        raise CommandError(f"{inject_id} cannot be skipped: it is {_status_words(status)}")
    return [(ev.INJECT_SKIPPED, {"inject": inject_id})]


# ---- decisions ------------------------------------------------------------------------------
def check_decision(s: State, inject_id: str, cell: str, option: str | None, statement: str = "") -> Inject:
    """What a decision is checked against: the inject asks for one, the cell decides on
    it, the option is one of its options, a written statement is given if (and only if)
    the decision asks for one."""
    scenario = s.scenario
    inject = inject_of(s, inject_id)
    decision = inject.decision
    if decision is None:
        raise CommandError(f"{inject_id} asks for no decision")
    _cell_of(scenario, cell)
    deciding = scenario.deciding_cells(inject)
    if cell not in deciding:
        raise CommandError(f"{cell} does not decide on {inject_id} (deciding cells: {', '.join(deciding)})")
    ids = [o.id for o in decision.options]
    if ids:
        if option not in ids:
            raise CommandError(f"{inject_id} has no option {option!r} (options: {', '.join(ids)})")
    elif option is not None:
        raise CommandError(f"{inject_id} has no options: record the decision as text, without an option")
    if decision.asks_statement:
        if not (statement or "").strip():
            raise CommandError(f"{inject_id} asks for a written statement ({decision.statement_label}): write it")
        text_of(statement, f"the {decision.statement_label.lower()}")
    elif statement:
        raise CommandError(f"{inject_id} asks for no written statement: give the rationale instead")
    return inject


def record_decision(s: State, inject_id: str, cell: str, option: str | None, rationale: str = "",
                    revise: bool = False, statement: str = "") -> Built:
    """A cell's decision. Changing one already recorded is its own act (`revise`),
    never a side effect of deciding again: the event then says what it replaces
    (`revises`) and what had already followed from it (`after`, see consequences)."""
    check_decision(s, inject_id, cell, option, statement)
    _live(s)
    if s.status[inject_id] is not InjectStatus.RELEASED:
        raise CommandError(f"{inject_id} has not been released: no decision can be taken on it yet")
    if s.recalled(inject_id):
        raise CommandError(f"{inject_id} was withdrawn by control: no decision is asked on it any more")
    data: dict[str, Any] = {"inject": inject_id, "cell": cell, "option": option, "rationale": rationale or ""}
    if statement:  # only where asked for: the contract's decision_recorded otherwise unchanged
        data["statement"] = statement
    before = s.decisions.get(inject_id, {}).get(cell)
    if before is not None and not revise:
        raise CommandError(f"{cell} already decided on {inject_id} ({before.option or 'decided'}): "
                           "changing it is a revision")
    if before is None and revise:
        raise CommandError(f"{cell} has no decision on {inject_id} to revise")
    if before is not None:
        data["revises"] = {"option": before.option, "rationale": before.rationale, "seq": before.seq}
        after = consequences(s, inject_id, cell)
        if after:
            data["after"] = after
    return [(ev.DECISION_RECORDED, data)]


def consequences(s: State, inject_id: str, cell: str) -> dict[str, Any]:
    """What already followed from `cell`'s decision on `inject_id`: the move it
    belongs to ended (`move_ended`), and the injects whose condition tests this
    decision that have fallen due since (`fell_due`: released, not triggered,
    skipped, held or due). Empty when a revision changes nothing played."""
    out: dict[str, Any] = {}
    move = s.move_of.get(inject_id)
    if move in s.moves_done and move != s.move:
        out["move_ended"] = move
    fell_due = [
        i.id for i in s.inject_by_id.values()
        if i.when is not None and s.status.get(i.id, InjectStatus.PENDING) is not InjectStatus.PENDING
        and any(leaf.decision == inject_id and leaf.cell in (None, cell) for leaf in condition_leaves(i.when))
    ]
    if fell_due:
        out["fell_due"] = fell_due
    return out


def share_decision(s: State, inject_id: str, cell: str, to: Iterable[str] | str | None = None) -> Built:
    """Share `cell`'s decision on an inject with the cells `to` (default: every player
    cell). They see who decided what and why, never the inject itself (need_to_know.py).
    Sharing again with more cells adds them; the event names only the new ones."""
    scenario = s.scenario
    inject_of(s, inject_id)
    if to is None:
        wanted = list(scenario.player_cells)
    else:
        wanted = [to] if isinstance(to, str) else list(to)
        for other in wanted:
            _cell_of(scenario, other)
    wanted = list(dict.fromkeys(c for c in wanted if c != cell))
    if not wanted:
        raise CommandError(f"no cell to share {cell}'s decision on {inject_id} with")
    _started(s)
    if cell not in s.decisions.get(inject_id, {}):
        raise CommandError(f"{cell} has recorded no decision on {inject_id}")
    already = s.shared_with(inject_id, cell)
    new = [c for c in wanted if c not in already]
    if not new:
        raise CommandError(f"{cell}'s decision on {inject_id} is already shared with {', '.join(wanted)}")
    return [(ev.DECISION_SHARED, {"inject": inject_id, "cell": cell, "to": new})]


# ---- notes and the hot wash ------------------------------------------------------------------
def _objective_of(scenario: Scenario, objective: str | None) -> None:
    if objective is not None and objective not in scenario.objective_by_id:
        known = ", ".join(scenario.objective_by_id) or "none"
        raise CommandError(f"no objective {objective!r} in scenario {scenario.id} (objectives: {known})")


def add_note(s: State, text: str, kind: str = "observation", objective: str | None = None,
             rating: str | None = None, cell: str | None = None) -> Built:
    if not text or not text.strip():
        raise CommandError("a note needs text")
    if kind not in NOTE_KINDS:
        raise CommandError(f"note kind {kind!r} is not one of {', '.join(NOTE_KINDS)}")
    if rating is not None and rating not in RATINGS:
        raise CommandError(f"rating {rating!r} is not one of {', '.join(RATINGS)}")
    _objective_of(s.scenario, objective)
    if cell is not None:
        _cell_of(s.scenario, cell)
    _started(s)
    return [(ev.NOTE_ADDED, {"text": text, "kind": kind, "objective": objective, "rating": rating, "cell": cell})]


def add_hotwash(s: State, kind: str, text: str, fields: dict[str, str | None]) -> Built:
    if kind not in HOTWASH_KINDS:
        raise CommandError(f"hot-wash item kind {kind!r} is not one of {', '.join(HOTWASH_KINDS)}")
    if not text or not text.strip():
        raise CommandError("a hot-wash item needs text")
    unknown = sorted(set(fields) - set(HOTWASH_FIELD_NAMES))
    if unknown:
        raise CommandError(f"unknown hot-wash field(s): {', '.join(unknown)} "
                           f"(known: {', '.join(HOTWASH_FIELD_NAMES)})")
    _objective_of(s.scenario, fields.get("objective"))
    _started(s)
    return [(ev.HOTWASH_ITEM, {"kind": kind, "text": text, **{k: fields.get(k) for k in HOTWASH_FIELD_NAMES}})]


def withdraw_hotwash(s: State, item: int) -> Built:
    """Strike a hot-wash item (by its seq): the log keeps both, the report shows neither."""
    if not any(h.seq == item for h in s.hotwash):
        raise CommandError(f"no hot-wash item {item} to withdraw")
    return [(ev.HOTWASH_WITHDRAWN, {"item": item})]

