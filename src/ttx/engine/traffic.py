"""What the room said back, folded from the log: requests for information and
their answers, messages between cells, and control's running log.

Who may see which of these is the need-to-know rule's business
(need_to_know.py); the records here say only who each one is addressed to.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ttx.engine import events as ev
from ttx.engine.compare import BySnapshot
from ttx.engine.events import Event

OPEN, ANSWERED, DECLINED = "open", "answered", "declined"


@dataclass(frozen=True, slots=True)
class Reply:
    """Control's answer to a request (or its refusal)."""

    text: str
    to: tuple[str, ...]       # the cells it went to: the asking cell first (a decline: it alone)
    declined: bool
    seq: int
    clock: float
    wall: datetime


@dataclass(frozen=True, slots=True)
class Request:
    """A cell's request for information to control (an RFI)."""

    id: str                   # RFI-1, RFI-2 … in the order they were sent
    cell: str
    text: str
    inject: str | None        # the inject it is about, if any
    seq: int
    clock: float
    wall: datetime
    reply: Reply | None = None

    @property
    def status(self) -> str:
        if self.reply is None:
            return OPEN
        return DECLINED if self.reply.declined else ANSWERED

    def waited(self, clock: float) -> float:
        """Seconds of exercise time it waited: until its reply, or until `clock`."""
        return (self.reply.clock if self.reply is not None else clock) - self.clock


@dataclass(frozen=True, slots=True)
class Message:
    """A message from one player cell to others (a call between capitals)."""

    id: str                   # MSG-1, MSG-2 …
    sender: str
    to: tuple[str, ...]
    text: str
    inject: str | None        # the product it passes on (an inject the sender received), if any
    seq: int
    clock: float
    wall: datetime

    @property
    def holders(self) -> tuple[str, ...]:
        """Who holds it: the sender and its recipients (its marking follows them)."""
        return (self.sender, *self.to)


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A line of control's running log: who said what in the plenary."""

    seq: int
    clock: float
    wall: datetime
    text: str
    speaker: str | None
    cell: str | None


class Traffic(BySnapshot):
    def __init__(self) -> None:
        self.requests: dict[str, Request] = {}     # in the order they were sent
        self.messages: list[Message] = []
        self.log: list[LogEntry] = []

    def open_requests(self) -> list[Request]:
        return [r for r in self.requests.values() if r.reply is None]

    def next_request_id(self) -> str:
        return f"RFI-{len(self.requests) + 1}"

    def next_message_id(self) -> str:
        return f"MSG-{len(self.messages) + 1}"

    def snapshot(self) -> tuple[Any, ...]:
        return (tuple(self.requests.values()), tuple(self.messages), tuple(self.log))

    # ---- the fold -------------------------------------------------------------------
    def apply(self, e: Event) -> None:
        d = e.data
        if e.type == ev.RFI_SENT:
            rfi = str(d["rfi"])
            self.requests[rfi] = Request(rfi, d["cell"], d.get("text") or "", d.get("inject"),
                                         e.seq, e.clock, e.wall)
        elif e.type in (ev.RFI_ANSWERED, ev.RFI_DECLINED):
            request = self.requests.get(str(d.get("rfi")))
            if request is None or request.reply is not None:
                return  # a reply to nothing, or a second one: ignored, never crashing a replay
            declined = e.type == ev.RFI_DECLINED
            to = (request.cell,) if declined else tuple(d.get("to") or (request.cell,))
            reply = Reply(d.get("text") or "", to, declined, e.seq, e.clock, e.wall)
            self.requests[request.id] = replace(request, reply=reply)
        elif e.type == ev.MESSAGE_SENT:
            self.messages.append(Message(str(d["message"]), d["from"], tuple(d["to"]), d.get("text") or "",
                                         d.get("inject"), e.seq, e.clock, e.wall))
        elif e.type == ev.LOG_ENTRY:
            self.log.append(LogEntry(e.seq, e.clock, e.wall, d.get("text") or "", d.get("speaker"), d.get("cell")))


TYPES = (ev.RFI_SENT, ev.RFI_ANSWERED, ev.RFI_DECLINED, ev.MESSAGE_SENT, ev.LOG_ENTRY)
