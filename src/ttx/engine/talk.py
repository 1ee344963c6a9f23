"""The command rules of the room talking back: a cell's request for information
to control, control's answer (to that cell, or released to several) or refusal,
a message from one player cell to others, and control's running log.

Pure functions of the state and the command's arguments, as in rules.py. Who
may see what they record is the need-to-know rule's (need_to_know.py).
"""

from __future__ import annotations

from typing import Iterable

from ttx.engine import events as ev
from ttx.engine.errors import CommandError
from ttx.engine.need_to_know import cell_audience, visible_injects
from ttx.engine.rules import Built, _cell_of, _live, _started, text_of
from ttx.engine.state import State
from ttx.engine.traffic import Request

SPEAKER_LIMIT = 120


def _player(s: State, cell: str, what: str) -> None:
    _cell_of(s.scenario, cell)
    if cell not in s.scenario.player_cells:
        raise CommandError(f"{cell} is not a player cell: only player cells {what} "
                           f"(player cells: {', '.join(s.scenario.player_cells)})")


def _product(s: State, cell: str, inject: str | None) -> str | None:
    """An inject a cell refers to: one released to it (it cannot cite what it never had)."""
    if inject is None or inject == "":
        return None
    if inject not in s.inject_by_id:
        raise CommandError(f"no inject {inject!r} in scenario {s.scenario.id}")
    if inject not in visible_injects(s, cell_audience(s.scenario, cell)):
        raise CommandError(f"{inject} was not released to {cell}")
    return inject


def _recipients(s: State, to: Iterable[str] | str, sender: str | None, what: str) -> list[str]:
    cells = [to] if isinstance(to, str) else list(to)
    players = s.scenario.player_cells
    for cell in cells:
        if cell not in players:
            known = ", ".join(c for c in players if c != sender)
            raise CommandError(f"no player cell {cell!r} to send {what} to (player cells: {known})")
    cells = [c for c in dict.fromkeys(cells) if c != sender]
    if not cells:
        raise CommandError(f"{what} needs a recipient: another player cell")
    return cells


def _request(s: State, rfi: str) -> Request:
    request = s.traffic.requests.get(rfi)
    if request is None:
        known = ", ".join(r.id for r in s.traffic.open_requests()) or "none"
        raise CommandError(f"no request {rfi!r} (open requests: {known})")
    if request.reply is not None:
        raise CommandError(f"{rfi} was already {request.status}")
    return request


# ---- requests for information ------------------------------------------------------
def send_request(s: State, cell: str, text: str, inject: str | None = None) -> Built:
    """A player cell asks control a question, optionally about an inject it received."""
    _player(s, cell, "send requests for information")
    text = text_of(text, "a request")
    inject = _product(s, cell, inject)
    _live(s)
    return [(ev.RFI_SENT, {"rfi": s.traffic.next_request_id(), "cell": cell, "text": text, "inject": inject})]


def answer_request(s: State, rfi: str, text: str, to: Iterable[str] | str | None = None) -> Built:
    """Control answers an open request: to the asking cell, or to it and the cells `to`
    as well (then the answer is a release to them, marked REL TO them)."""
    request = _request(s, rfi)
    text = text_of(text, "an answer")
    also = [] if to is None else _recipients(s, to, request.cell, "the answer")
    _started(s)
    return [(ev.RFI_ANSWERED, {"rfi": rfi, "text": text, "to": [request.cell, *also]})]


def decline_request(s: State, rfi: str, text: str = "") -> Built:
    """Control declines an open request (saying why, or not); the asking cell sees it declined."""
    _request(s, rfi)
    text = text_of(text, "the reason", needed=False).strip()
    _started(s)
    return [(ev.RFI_DECLINED, {"rfi": rfi, "text": text})]


# ---- messages between cells ------------------------------------------------------------
def send_message(s: State, sender: str, to: Iterable[str] | str, text: str, inject: str | None = None) -> Built:
    """A player cell messages other player cells (a call between capitals), optionally
    passing on an inject it received. Control sees every message; recipients see theirs."""
    _player(s, sender, "send messages")
    cells = _recipients(s, to, sender, "a message")
    text = text_of(text, "a message")
    inject = _product(s, sender, inject)
    _live(s)
    return [(ev.MESSAGE_SENT, {"message": s.traffic.next_message_id(), "from": sender, "to": cells,
                               "text": text, "inject": inject})]


# ---- control's running log ------------------------------------------------------------------
def add_log(s: State, text: str, speaker: str | None = None, cell: str | None = None) -> Built:
    """A line of control's log (who said what in the plenary): controller material."""
    text = text_of(text, "a log entry")
    speaker = text_of(speaker, "the speaker", needed=False, limit=SPEAKER_LIMIT).strip() or None
    if cell is not None:
        _cell_of(s.scenario, cell)
    _started(s)
    return [(ev.LOG_ENTRY, {"text": text, "speaker": speaker, "cell": cell})]
