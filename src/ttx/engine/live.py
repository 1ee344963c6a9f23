"""The command rules of live control of the MSEL: during play the facilitator
writes a new inject, retimes or redirects a pending one, corrects a released
one (a correction inject, the original kept) or recalls one (cells see it
withdrawn).

Pure functions of the state and the command's arguments, as in rules.py: each
returns the events to append or raises CommandError. The scenario file is
never changed; the state's running MSEL (running_msel.py) folds these events.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

from pydantic import ValidationError

from ttx.engine import events as ev
from ttx.engine.errors import CommandError
from ttx.engine.rules import Built, _cell_of, _live, _released, _status_words, inject_of, text_of
from ttx.engine.running_msel import written_inject
from ttx.engine.state import InjectStatus, State
from ttx.scenario import times
from ttx.scenario.model import Inject, parse_minutes
from ttx.scenario.vocabulary import CHANNELS, ID_PATTERN

TITLE_LIMIT = 200
_WAITING = (InjectStatus.PENDING, InjectStatus.DUE, InjectStatus.HELD)


def minutes_of(value: Any) -> int:
    """Minutes as the format writes durations (90, "1:30"), from 0 to a week; ValueError says why."""
    minutes = parse_minutes(value)  # the loader's: ValueError for text that is no duration
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= times.MAX_MINUTES:
        raise ValueError(f"must be minutes from 0 to {times.MAX_MINUTES} (or \"H:MM\"), not {value!r}")
    return minutes


def _minutes(value: Any, what: str) -> int:
    try:
        return minutes_of(value)
    except ValueError as exc:
        raise CommandError(f"{what}: {exc}") from None


def _cells(s: State, to: Iterable[str] | str, what: str) -> list[str]:
    cells = [to] if isinstance(to, str) else list(to)
    for cell in cells:
        _cell_of(s.scenario, cell)
    cells = list(dict.fromkeys(cells))
    if not cells:
        raise CommandError(f"{what} needs at least one recipient cell")
    if not any(c in s.scenario.player_cells for c in cells):
        raise CommandError(f"{what} goes to no player cell (player cells: {', '.join(s.scenario.player_cells)})")
    return cells


def _now_in(s: State, move: str, clock: float) -> int:
    """Minutes into `move` now (0 before it starts): an inject written for now falls due at once."""
    started = s.move_started_clock.get(move)
    return 0 if started is None else max(0, int((clock - started) // 60))


def _waiting(s: State, inject_id: str, act: str) -> Inject:
    inject = inject_of(s, inject_id)
    _live(s)
    status = s.status[inject_id]
    if status not in _WAITING:
        raise CommandError(f"{inject_id} cannot be {act}: it is {_status_words(status)}"
                           + (" (correct or recall it instead)" if status is InjectStatus.RELEASED else ""))
    move = s.move_of[inject_id]
    if move in s.move_ended_clock:
        raise CommandError(f"{inject_id} cannot be {act}: its move {move} has ended")
    return inject


def write(s: State, clock: float, *, title: str, body: str = "", to: Iterable[str] | str | None = None,
          channel: str = "other", from_: str | None = None, at: Any = None, move: str | None = None,
          decision: Mapping[str, Any] | None = None, inject_id: str | None = None,
          release: bool = False) -> Built:
    """A new inject, unscripted: into `move` (default: the running one) at `at` minutes
    (default: now, so it falls due at once); released at once with `release`."""
    scenario = s.scenario
    title = text_of(title, "the inject's title", limit=TITLE_LIMIT).strip()
    body = text_of(body, "the inject's body", needed=False)
    if channel not in CHANNELS:
        raise CommandError(f"channel {channel!r} is not one of {', '.join(CHANNELS)}")
    _live(s)
    if move is None:
        if s.move is None:
            raise CommandError("no move is running: name the move the new inject belongs to")
        move = s.move
    elif move not in scenario.move_by_id:
        raise CommandError(f"no move {move!r} in scenario {scenario.id} (moves: {', '.join(scenario.move_by_id)})")
    if move in s.move_ended_clock:
        raise CommandError(f"move {move} has ended: write the inject into a move still to run")
    if inject_id is None:
        n = len(s.msel.unscripted) + 1
        while f"LIVE-{n}" in s.inject_by_id:
            n += 1
        inject_id = f"LIVE-{n}"
    elif not isinstance(inject_id, str) or not re.match(ID_PATTERN, inject_id):
        raise CommandError(f"{inject_id!r} is not an inject id (letters, digits, then . _ -)")
    elif inject_id in s.inject_by_id:
        raise CommandError(f"there is already an inject {inject_id} in scenario {scenario.id}")
    data: dict[str, Any] = {
        "inject": inject_id, "move": move,
        "at": _now_in(s, move, clock) if at is None else _minutes(at, "at"),
        "title": title, "from": (from_ or "").strip() or None,
        "to": None if to is None else _cells(s, to, f"inject {inject_id}"),
        "channel": channel, "body": body, "decision": dict(decision) if decision else None, "corrects": None,
    }
    try:
        inject = written_inject(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise CommandError(f"the new inject's {where or 'decision'}: {problem['msg']}") from None
    if inject.decision is not None:
        recipients = scenario.recipients(inject)
        for cell in scenario.deciding_cells(inject):
            _cell_of(scenario, cell)
            if cell not in recipients:
                raise CommandError(f"{cell} decides on {inject_id} but does not receive it "
                                   f"(recipients: {', '.join(recipients)})")
    out: Built = [(ev.INJECT_WRITTEN, data)]
    if release:
        if s.move != move:
            raise CommandError(f"{move} is not the running move: the new inject can be released once it runs")
        out.append(_released(s, inject, manual=True))
    return out


def retime(s: State, inject_id: str, at: Any) -> Built:
    """A pending (or due, or held) inject falls due at `at` minutes into its move instead."""
    inject = _waiting(s, inject_id, "retimed")
    if inject.contingency:
        raise CommandError(f"{inject_id} is a contingency inject: it is released by hand, never on its time")
    minutes = _minutes(at, "at")
    if minutes == inject.at and s.status[inject_id] is InjectStatus.PENDING:
        raise CommandError(f"{inject_id} is already at {minutes}")
    return [(ev.INJECT_RETIMED, {"inject": inject_id, "at": minutes})]


def redirect(s: State, inject_id: str, to: Iterable[str] | str) -> Built:
    """A pending (or due, or held) inject goes to other cells when it is released."""
    inject = _waiting(s, inject_id, "redirected")
    cells = _cells(s, to, f"{inject_id}")
    if tuple(cells) == tuple(s.scenario.recipients(inject)):
        raise CommandError(f"{inject_id} already goes to {', '.join(cells)}")
    decision = inject.decision
    if decision is not None and decision.cells is not None and not set(decision.cells) & set(cells):
        raise CommandError(f"none of {inject_id}'s deciding cells ({', '.join(decision.cells)}) would receive it")
    return [(ev.INJECT_REDIRECTED, {"inject": inject_id, "to": cells})]


def correct(s: State, clock: float, inject_id: str, body: str, title: str | None = None) -> Built:
    """A released inject corrected: a correction inject, released at once to the cells the
    original went to, that they see as a correction of it; the original is kept."""
    original = inject_of(s, inject_id)
    body = text_of(body, "the correction")
    _live(s)
    if s.status[inject_id] is not InjectStatus.RELEASED:
        raise CommandError(f"{inject_id} has not been released: change it (retime, redirect) rather than correct it")
    if s.move is None:
        raise CommandError("no move is running: a correction is released at once, so start the next move first")
    n = len(s.msel.corrections.get(inject_id, ())) + 1
    while f"{inject_id}-C{n}" in s.inject_by_id:
        n += 1
    title = text_of(title, "the correction's title", needed=False, limit=TITLE_LIMIT).strip() or \
        f"Correction: {original.title}"[:TITLE_LIMIT]
    cid = f"{inject_id}-C{n}"
    to = list(s.released_to.get(inject_id) or s.scenario.recipients(original))
    data = {"inject": cid, "move": s.move, "at": _now_in(s, s.move, clock), "title": title,
            "from": original.from_, "to": to, "channel": original.channel, "body": body,
            "decision": None, "corrects": inject_id}
    return [(ev.INJECT_WRITTEN, data), (ev.INJECT_RELEASED, {"inject": cid, "to": to, "manual": True})]


def recall(s: State, inject_id: str, text: str = "") -> Built:
    """A released inject withdrawn: its cells see it so; its open decisions are asked no more."""
    inject_of(s, inject_id)
    text = text_of(text, "the reason", needed=False).strip()
    _live(s)
    if s.status[inject_id] is not InjectStatus.RELEASED:
        raise CommandError(f"{inject_id} has not been released: skip it rather than recall it")
    if s.recalled(inject_id):
        raise CommandError(f"{inject_id} was already recalled")
    return [(ev.INJECT_RECALLED, {"inject": inject_id, "text": text})]
