"""A rehearsal script's talk, played: requests (and control's answers or refusals),
messages, control's log and live changes to the MSEL, each right after the
release of the inject it names (ttx.scenario.script_talk reads and checks them).
An act that cannot be made when its point comes is a warning, and is not made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ttx.engine.errors import CommandError
from ttx.scenario.script_talk import Item, Talk

if TYPE_CHECKING:
    from ttx.engine.session import Session


class Hooks:
    """A script's talk at its points of a rehearsal: `run(session, at)` after an inject's
    release (at=None: after the last move) makes the acts due there, in script order by
    kind: requests, answers and refusals, messages, log lines, then changes to the MSEL."""

    ORDER = ("request", "answer", "decline", "message", "log", "write", "retime", "redirect", "correct", "recall")

    def __init__(self, talk: Talk, skipped: list[str]) -> None:
        self.skipped = skipped
        self._at: dict[str | None, list[tuple[int, Item]]] = {}
        for n, item in enumerate(talk.items):
            self._at.setdefault(item.at, []).append((n, item))
        for items in self._at.values():
            items.sort(key=lambda pair: self.ORDER.index(pair[1].kind))
        self._rfi: dict[int, str] = {}  # script request -> the RFI id the session gave it

    def pending(self, at: str | None) -> list[Item]:
        return [item for _, item in self._at.get(at, ())]

    def not_reached(self, at: str, why: str) -> None:
        for item in self.pending(at):
            self.skipped.append(f"{item.kind} at {at} (line {item.line}) not done: {at} was {why}")

    def run(self, session: "Session", at: str | None) -> None:
        for n, item in self._at.get(at, ()):
            try:
                self._do(session, n, item)
            except CommandError as exc:
                self.skipped.append(f"{item.kind} (line {item.line}) not done: {exc}")

    def _do(self, session: "Session", n: int, item: Item) -> None:
        a = item.args
        calls: dict[str, Callable[[], Any]] = {
            "message": lambda: session.send_message(a["sender"], a["to"], a["text"], inject=a["inject"]),
            "log": lambda: session.add_log(a["text"], speaker=a["speaker"], cell=a["cell"]),
            "write": lambda: session.write_inject(**a),
            "retime": lambda: session.retime(a["inject_id"], a["at"]),
            "redirect": lambda: session.redirect(a["inject_id"], a["to"]),
            "correct": lambda: session.correct(a["inject_id"], a["body"], title=a["title"]),
            "recall": lambda: session.recall(a["inject_id"], a["text"]),
        }
        if item.kind == "request":
            event = session.send_request(a["cell"], a["text"], inject=a["inject"])
            self._rfi[n] = event.data["rfi"]
            return
        if item.kind in ("answer", "decline"):
            rfi = self._rfi.get(item.request) if item.request is not None else None
            if rfi is None:
                raise CommandError("its request was not sent")
            if item.kind == "answer":
                session.answer_request(rfi, a["text"], to=a.get("to"))
            else:
                session.decline_request(rfi, a["text"])
            return
        calls[item.kind]()
