"""What the room said back, measured for the after-action report: requests for
information (answered, declined, unanswered, how long each waited), messages
between cells (who talked to whom, how fast a product passed on reached each
partner), control's log, and the live changes to the MSEL.

`talk_of(state)` is the full report's; `talk_extract(state, cell)` one cell's,
through the engine's need-to-know rule (its own requests, answers released to
it, the messages it sent or was sent; never control's log or the sharing
picture of other cells' traffic).
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

from ttx.scenario import times
from ttx.engine.need_to_know import cell_audience, own_requests, released_answers, visible_injects, visible_messages
from ttx.engine.running_msel import Change
from ttx.engine.state import State
from ttx.engine.traffic import ANSWERED, DECLINED, OPEN, Message, Request


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: str
    cell: str
    text: str                      # "" (and cell "") in a cell's extract for another cell's request: its answer only
    inject: str | None
    asked_clock: float | None
    status: str                    # open | answered | declined
    reply: str
    reply_to: tuple[str, ...]
    marking: str                   # the reply's (an open request's: the asking cell's)
    replied_clock: float | None
    waited: float | None           # seconds until the reply; an open one until the log ends


@dataclass(frozen=True, slots=True)
class MessageRow:
    id: str
    sender: str
    to: tuple[str, ...]
    text: str
    inject: str | None             # the product it passed on
    clock: float
    wall: datetime
    marking: str


@dataclass(frozen=True, slots=True)
class Link:
    """Who talked to whom: messages from one cell to another."""

    sender: str
    recipient: str
    messages: int


@dataclass(frozen=True, slots=True)
class Reach:
    """How fast a product passed on reached a partner that had not been sent it."""

    inject: str
    title: str
    partner: str
    via: str | None                # the cell whose message reached it first; None: never reached
    seconds: float | None          # from the inject's release to that message


@dataclass(frozen=True, slots=True)
class LogRow:
    clock: float
    wall: datetime
    speaker: str | None
    cell: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Talk:
    requests: tuple[RequestRow, ...] = ()
    unanswered: tuple[RequestRow, ...] = ()     # still open when the log ends, longest wait first
    answered: int = 0
    declined: int = 0
    median_wait: float | None = None            # seconds, over the requests control replied to
    messages: tuple[MessageRow, ...] = ()
    links: tuple[Link, ...] = ()
    reach: tuple[Reach, ...] = ()
    log: tuple[LogRow, ...] = ()

    def __bool__(self) -> bool:
        """Anything said at all (the report's section shows only then)."""
        return bool(self.requests or self.messages or self.log)

    def holders(self) -> Iterator[set[str]]:
        """Who holds each request (with its reply) and each message: an extract's marking
        may name no cell that lacks one of them."""
        for r in self.requests:
            yield set(r.reply_to) if r.reply_to else {r.cell}
        for m in self.messages:
            yield {m.sender, *m.to}


def _request(state: State, r: Request, *, own: bool = True) -> RequestRow:
    reply = r.reply
    held = reply.to if reply is not None else (r.cell,)
    return RequestRow(
        id=r.id, cell=r.cell if own else "", text=r.text if own else "", inject=r.inject if own else None,
        asked_clock=r.clock if own else None, status=r.status, reply=reply.text if reply else "",
        reply_to=reply.to if reply else (), marking=state.scenario.marking_of(held),
        replied_clock=reply.clock if reply else None, waited=r.waited(state.last_clock) if own else None)


def _message(state: State, m: Message) -> MessageRow:
    return MessageRow(m.id, m.sender, m.to, m.text, m.inject, m.clock, m.wall, state.scenario.marking_of(m.holders))


def _links(messages: list[Message]) -> tuple[Link, ...]:
    counts = Counter((m.sender, to) for m in messages for to in m.to)
    return tuple(Link(s, r, n) for (s, r), n in sorted(counts.items()))


def _summary(rows: list[RequestRow]) -> dict:
    replied = [r.waited for r in rows if r.status != OPEN and r.waited is not None]
    open_ = sorted((r for r in rows if r.status == OPEN), key=lambda r: -(r.waited or 0))
    return {"requests": tuple(rows), "unanswered": tuple(open_),
            "answered": sum(r.status == ANSWERED for r in rows), "declined": sum(r.status == DECLINED for r in rows),
            "median_wait": statistics.median(replied) if replied else None}


def talk_of(state: State) -> Talk:
    """The full report's: every request, message and log line."""
    traffic = state.traffic
    messages = traffic.messages
    return Talk(
        **_summary([_request(state, r) for r in traffic.requests.values()]),
        messages=tuple(_message(state, m) for m in messages),
        links=_links(messages),
        reach=tuple(_reach(state, messages)),
        log=tuple(LogRow(e.clock, e.wall, e.speaker, e.cell, e.text) for e in traffic.log),
    )


def talk_extract(state: State, cell: str) -> Talk:
    """One cell's: what need-to-know lets it see (as its console showed it)."""
    who = cell_audience(state.scenario, cell)
    rows = [_request(state, r) for r in own_requests(state, who)]
    rows += [_request(state, r, own=False) for r in released_answers(state, who)]
    messages = visible_messages(state, who)
    holds = set(visible_injects(state, who))
    # the product a message passed on is named only to a cell that holds it too (as its console shows)
    shown = tuple(dataclasses.replace(_message(state, m), inject=m.inject if m.inject in holds else None)
                  for m in messages)
    return Talk(**_summary(rows), messages=shown, links=_links(messages))


def _reach(state: State, messages: list[Message]):
    """For each inject a message passed on: each player cell it was not released to, and
    how long after its release the first message passing it on reached that cell."""
    players = state.scenario.player_cells
    first: dict[tuple[str, str], Message] = {}
    for m in messages:
        if m.inject is not None:
            for to in m.to:
                first.setdefault((m.inject, to), m)
    for inject in dict.fromkeys(m.inject for m in messages if m.inject is not None):
        released = state.released_clock.get(inject)
        holders = set(state.released_to.get(inject, ()))
        title = state.inject_by_id[inject].title
        for partner in players:
            if partner in holders:
                continue
            reached = first.get((inject, partner))
            yield Reach(inject, title, partner, reached.sender if reached else None,
                        reached.clock - released if reached is not None and released is not None else None)


# ---- the MSEL as run: what control wrote and changed in play ------------------------------
@dataclass(frozen=True, slots=True)
class LiveMarks:
    unscripted: str | None = None       # "written" in play, or a "correction"
    corrects: str | None = None
    corrected_by: tuple[str, ...] = ()
    recalled: str | None = None         # withdrawn: why ("" without a reason)
    changes: tuple[str, ...] = ()       # each live change, as the MSEL as run lists it

    @property
    def words(self) -> str:
        """The marks in words, for the MSEL as run ("" for an inject played as scripted)."""
        parts = []
        if self.corrects:
            parts.append(f"correction of {self.corrects}")
        elif self.unscripted:
            parts.append("written in play")
        if self.corrected_by:
            parts.append(f"corrected by {', '.join(self.corrected_by)}")
        if self.recalled is not None:
            parts.append("recalled" + (f": {self.recalled}" if self.recalled else ""))
        parts += [c for c in self.changes if c.startswith(("retimed", "redirected"))]
        return "; ".join(parts)


def live_marks(state: State, inject_id: str) -> LiveMarks:
    msel = state.msel
    return LiveMarks(msel.unscripted.get(inject_id), msel.corrects.get(inject_id),
                     msel.corrections.get(inject_id, ()), msel.recalled.get(inject_id),
                     tuple(_change_text(c) for c in msel.changes.get(inject_id, ())))


def _change_text(change: Change) -> str:
    detail = f": {change.detail}" if change.detail else ""
    return f"{change.kind} at {times.clock(change.clock)}{detail}"
