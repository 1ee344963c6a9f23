"""The parts of a rehearsal script in which the room talks back: `requests:`
(with control's answer or refusal), `messages:`, `log:` and `msel:` (live
changes to the MSEL). Their shape is pydantic, checked through the loader's
error mapping with the rest of the script (script.py), so each mistake prints
as `file:line:col`; what they name (cells, injects, among them the ones the
script writes) is checked on the data as written by `check(refs)`.

`talk_of(model, line)` turns a checked file into the `Talk` a rehearsal plays
(engine/script_talk.py): each act, the inject after whose release it comes
(`at`; None: after the last move) and its line, for warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Callable

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ttx.scenario.model import Decision, Inject, Minutes
from ttx.scenario.vocabulary import CHANNELS, ID_PATTERN, TEXT_LIMIT

if TYPE_CHECKING:
    from ttx.scenario.script import _References


# ---------------------------------------------------------------- the shape

def _typed(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty: write it")
    if len(value) > TEXT_LIMIT:
        raise ValueError(f"is {len(value):,} characters long: at most {TEXT_LIMIT:,}")
    return value


def _bounded(value: str) -> str:
    if len(value) > TEXT_LIMIT:
        raise ValueError(f"is {len(value):,} characters long: at most {TEXT_LIMIT:,}")
    return value


def _id(value: str) -> str:
    if not re.match(ID_PATTERN, value):
        raise ValueError(f"{value!r} is not an inject id (letters, digits, then . _ -)")
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _reply(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value  # `decline: why` is `decline: {text: why}`


Text = Annotated[str, Field(strict=True)]
Typed = Annotated[Text, AfterValidator(_typed)]           # text needed, at most TEXT_LIMIT characters
Bounded = Annotated[Text, AfterValidator(_bounded)]
Cells = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many), Field(min_length=1)]


class _Shape(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Reply(_Shape):
    at: Text | None = None
    text: Bounded = ""
    to: Cells | None = None


class Request(_Shape):
    at: Text | None = None
    cell: Text
    text: Typed
    inject: Text | None = None
    answer: Annotated[Reply | None, BeforeValidator(_reply)] = None
    decline: Annotated[Reply | None, BeforeValidator(_reply)] = None

    @model_validator(mode="after")
    def _one_reply(self) -> Request:
        if self.answer is not None and self.decline is not None:
            raise ValueError("a request is answered or declined, not both")
        if self.answer is not None and not self.answer.text.strip():
            raise ValueError("an answer needs text")
        if self.decline is not None and self.decline.to is not None:
            raise ValueError("a decline goes to the asking cell only: it takes no `to`")
        return self


class Message(_Shape):
    at: Text | None = None
    from_: Text = Field(alias="from")
    to: Cells
    text: Typed
    inject: Text | None = None


class LogLine(_Shape):
    at: Text | None = None
    text: Typed
    speaker: Bounded | None = None
    cell: Text | None = None


class Write(_Shape):
    id: Annotated[Text, AfterValidator(_id)]
    title: Typed
    body: Bounded = ""
    to: Cells | None = None
    channel: Text = "other"
    from_: Bounded | None = Field(default=None, alias="from")
    at: Minutes = 0
    move: Text | None = None
    decision: Decision | None = None


class Retime(_Shape):
    inject: Text
    at: Minutes


class Redirect(_Shape):
    inject: Text
    to: Cells


class Correct(_Shape):
    inject: Text
    body: Typed
    title: Bounded = ""


class Recall(_Shape):
    inject: Text
    text: Bounded = ""


class Change(_Shape):
    at: Text
    write: Write | None = None
    retime: Retime | None = None
    redirect: Redirect | None = None
    correct: Correct | None = None
    recall: Recall | None = None

    @model_validator(mode="after")
    def _one_change(self) -> Change:
        if sum(getattr(self, k) is not None for k in CHANGES) != 1:
            raise ValueError(f"a change to the MSEL is one of {', '.join(CHANGES)}")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in CHANGES if getattr(self, k) is not None)


CHANGES = ("write", "retime", "redirect", "correct", "recall")
# The parts of a script this module adds, by their key, for "unknown key" messages: (words, shape).
PARTS: dict[str, tuple[str, type[BaseModel]]] = {
    "requests": ("a request", Request), "messages": ("a message", Message), "log": ("a log line", LogLine),
    "msel": ("a change to the MSEL", Change), "answer": ("an answer", Reply), "decline": ("a decline", Reply),
    "decision": ("a decision", Decision),
    "write": ("write", Write), "retime": ("retime", Retime), "redirect": ("redirect", Redirect),
    "correct": ("correct", Correct), "recall": ("recall", Recall),
}


def part_of(loc: tuple[Any, ...]) -> tuple[str, type[BaseModel]] | None:
    """The part of the script a key at `loc` belongs to (its innermost named part), if one of ours."""
    if not loc or loc[0] not in ("requests", "messages", "log", "msel"):
        return None
    names = [p for p in loc[:-1] if isinstance(p, str)]
    return next((PARTS[name] for name in reversed(names) if name in PARTS), None)


# ---------------------------------------------------------------- what the rehearsal plays

@dataclass(frozen=True)
class Item:
    """One scripted act: its kind, its point (an inject id; None: after the last move),
    what the session is called with, and its line (for warnings)."""

    kind: str                 # request | answer | decline | message | log | write | retime | ...
    at: str | None
    args: dict[str, Any]
    line: int
    request: int | None = None  # an answer's or a decline's request (its index in the items)


@dataclass
class Talk:
    items: list[Item] = field(default_factory=list)


def talk_of(model: Any, line: Callable[[tuple[Any, ...]], int]) -> Talk:
    """The acts of a checked script (`model`: its ScriptFile), in file order by part."""
    talk = Talk()
    items = talk.items
    for n, r in enumerate(model.requests or ()):
        index = len(items)
        items.append(Item("request", r.at, {"cell": r.cell, "text": r.text, "inject": r.inject},
                          line(("requests", n))))
        for kind, reply in (("answer", r.answer), ("decline", r.decline)):
            if reply is not None:
                args = {"text": reply.text} | ({"to": list(reply.to) if reply.to else None} if kind == "answer" else {})
                items.append(Item(kind, reply.at or r.at, args, line(("requests", n, kind)), request=index))
    for n, m in enumerate(model.messages or ()):
        items.append(Item("message", m.at, {"sender": m.from_, "to": list(m.to), "text": m.text,
                                            "inject": m.inject}, line(("messages", n))))
    for n, e in enumerate(model.log or ()):
        items.append(Item("log", e.at, {"text": e.text, "speaker": e.speaker, "cell": e.cell}, line(("log", n))))
    for n, c in enumerate(model.msel or ()):
        kind = c.kind
        change = getattr(c, kind)
        if kind == "write":
            args = {"inject_id": change.id, "title": change.title, "body": change.body,
                    "to": list(change.to) if change.to else None, "channel": change.channel,
                    "from_": change.from_, "at": change.at, "move": change.move,
                    "decision": change.decision.model_dump(exclude_defaults=True) if change.decision else None}
        else:
            args = {"inject_id": change.inject} | {
                "retime": lambda: {"at": change.at}, "redirect": lambda: {"to": list(change.to)},
                "correct": lambda: {"body": change.body, "title": change.title or None},
                "recall": lambda: {"text": change.text}}[kind]()
        items.append(Item(kind, c.at, args, line(("msel", n, kind))))
    return talk


# ---------------------------------------------------------------- what they name

def written(data: dict[str, Any]) -> dict[str, Inject]:
    """The injects a script's `msel:` writes, and the corrections it makes (named X-C1, X-C2 …
    as the engine names them), by id, from the data as written: the rest of the script may
    name them. Entries with mistakes are left out (the model reports them)."""
    out: dict[str, Inject] = {}
    corrections: dict[str, int] = {}
    changes = data.get("msel")
    for change in changes if isinstance(changes, list) else ():
        if not isinstance(change, dict):
            continue
        write, correct = change.get("write"), change.get("correct")
        if isinstance(write, dict) and isinstance(write.get("id"), str) and isinstance(write.get("title"), str):
            try:
                out[write["id"]] = Inject.model_validate(
                    {"id": write["id"], "at": write.get("at", 0), "title": write["title"], "to": write.get("to"),
                     "decision": write.get("decision")})
            except ValueError:
                pass
        if isinstance(correct, dict) and isinstance(correct.get("inject"), str):
            target = correct["inject"]
            corrections[target] = corrections.get(target, 0) + 1
            cid = f"{target}-C{corrections[target]}"
            out[cid] = Inject(id=cid, at=0, title=f"Correction of {target}")
    return out


def check(refs: "_References") -> None:
    """The cells and injects the talk parts name, on the data as written."""
    data, s = refs.doc.data, refs.scenario
    players = s.player_cells

    def cell_of(value: Any, loc: tuple[Any, ...], *, player: bool, exclude: Any = None) -> None:
        known = [c for c in (players if player else s.cell_by_id) if c != exclude]
        if isinstance(value, str) and value not in known:
            kind = "player cell" if player else "cell"
            refs.error(loc, f"no {kind} '{value}' {'to send to' if exclude else 'in scenario ' + s.id} "
                            f"({kind}s: {', '.join(known)})")

    def cells_of(value: Any, loc: tuple[Any, ...], *, player: bool, exclude: Any = None) -> None:
        if isinstance(value, list):
            for n, cell in enumerate(value):
                cell_of(cell, loc + (n,), player=player, exclude=exclude)
        else:
            cell_of(value, loc, player=player, exclude=exclude)

    def items(key: str):
        value = data.get(key)
        for n, item in enumerate(value if isinstance(value, list) else ()):
            if isinstance(item, dict):
                yield (key, n), item

    for loc, r in items("requests"):
        cell_of(r.get("cell"), loc + ("cell",), player=True)
        refs.inject(r.get("at"), loc + ("at",))
        refs.inject(r.get("inject"), loc + ("inject",))
        for kind in ("answer", "decline"):
            reply = r.get(kind)
            if isinstance(reply, dict):
                refs.inject(reply.get("at"), loc + (kind, "at"))
                cells_of(reply.get("to"), loc + (kind, "to"), player=True, exclude=r.get("cell"))
    for loc, m in items("messages"):
        cell_of(m.get("from"), loc + ("from",), player=True)
        cells_of(m.get("to"), loc + ("to",), player=True, exclude=m.get("from"))
        refs.inject(m.get("at"), loc + ("at",))
        refs.inject(m.get("inject"), loc + ("inject",))
    for loc, e in items("log"):
        refs.inject(e.get("at"), loc + ("at",))
        cell_of(e.get("cell"), loc + ("cell",), player=False)
    for loc, c in items("msel"):
        refs.inject(c.get("at"), loc + ("at",))
        for kind in CHANGES:
            change = c.get(kind)
            if not isinstance(change, dict):
                continue
            where = loc + (kind,)
            if kind == "write":
                _write(refs, change, where, cells_of)
            else:
                refs.inject(change.get("inject"), where + ("inject",))
            if kind == "redirect":
                cells_of(change.get("to"), where + ("to",), player=False)


def _write(refs: "_References", write: dict[str, Any], where: tuple[Any, ...], cells_of: Any) -> None:
    s = refs.scenario
    inject_id = write.get("id")
    if isinstance(inject_id, str) and inject_id in s.inject_by_id:
        refs.error(where + ("id",), f"there is already an inject {inject_id} in scenario {s.id}")
    move = write.get("move")
    if isinstance(move, str) and move not in s.move_by_id:
        refs.error(where + ("move",), f"no move '{move}' in scenario {s.id} (moves: {', '.join(s.move_by_id)})")
    channel = write.get("channel")
    if isinstance(channel, str) and channel not in CHANNELS:
        refs.error(where + ("channel",), f"channel '{channel}' is not one of {', '.join(CHANNELS)}")
    cells_of(write.get("to"), where + ("to",), player=False)
    decision, to = write.get("decision"), write.get("to")
    recipients = ([to] if isinstance(to, str) else to) if to is not None else list(s.player_cells)
    if isinstance(decision, dict) and isinstance(decision.get("cells"), list) and isinstance(recipients, list):
        for n, cell in enumerate(decision["cells"]):
            if isinstance(cell, str) and cell not in recipients:
                refs.error(where + ("decision", "cells", n), f"{cell} decides on {inject_id} but does not receive "
                                                              f"it (recipients: {', '.join(map(str, recipients))})")
