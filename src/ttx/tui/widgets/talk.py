"""What the consoles draw of the room talking back, as rich Text (never markup:
everything here was typed by participants).

- `talk_bar(state, clock)`: the facilitator's one line: requests waiting, the
  oldest's age, and how many messages the cells exchanged;
- `traffic(state, clock)`: control's view of every request and message;
- `cell_talk(view)`: a cell's own requests (with control's replies) and the
  messages it sent or was sent, as its CellView holds them.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from ttx.engine.cellview import CellView
from ttx.i18n import N_, _
from ttx.tui import format as fmt

WAITING_STYLE = "bold #000000 on #e8a33d"
# A request's status (engine/cellview.py), in the cell's words; and control's reply, announced.
STATUS = {"open": N_("waiting"), "answered": N_("answered"), "declined": N_("declined")}
REPLIED = {"answered": N_("Control answered {request}"), "declined": N_("Control declined {request}")}


def talk_bar(state: Any, clock: float, keys: bool = True) -> Text | None:
    """None when nothing waits and nothing was said."""
    traffic = state.traffic
    waiting = traffic.open_requests()
    if not waiting and not traffic.messages:
        return None
    text = Text(no_wrap=True, overflow="ellipsis")
    if waiting:
        oldest = waiting[0]
        text.append(f" {len(waiting)} REQUEST{'S' if len(waiting) > 1 else ''} WAITING ", style=WAITING_STYLE)
        text.append(f" oldest {oldest.id} from {oldest.cell}, {fmt.clock(oldest.waited(clock))}")
        if keys:
            text.append(" — q answers", style="bold")
        text.append("  ·  ")
    n = len(traffic.messages)
    text.append(f"{n} message{'' if n == 1 else 's'} between cells")
    if keys:
        text.append(" — g shows them", style="dim")
    return text


def _indented(text: str) -> Text:
    return Text("    " + text.replace("\n", "\n    "))


def _block(head: Text, body: str, *more: Text) -> list[RenderableType]:
    out: list[RenderableType] = [head, Text("  " + body.replace("\n", "\n  "))]
    out += more
    out.append(Text(""))
    return out


def traffic(state: Any, clock: float) -> RenderableType:
    """Every request (open ones first) and every message (newest first), as control sees them."""
    scenario = state.scenario
    parts: list[RenderableType] = [Text("Requests for information", style="bold underline")]
    requests = list(state.traffic.requests.values())
    if not requests:
        parts.append(Text("None yet.", style="dim"))
    for r in sorted(requests, key=lambda r: (r.reply is not None, r.seq if r.reply is None else -r.seq)):
        head = Text(f"{fmt.clock(r.clock)}  ", style="dim")
        head.append(f"{r.id} from {r.cell}", style="bold")
        if r.inject:
            head.append(f"  about {r.inject}")
        if r.reply is None:
            head.append(f"  waiting {fmt.clock(r.waited(clock))}", style="bold #e8a33d")
            parts += _block(head, r.text)
            continue
        reply = Text(f"  → {r.status} at {fmt.clock(r.reply.clock)}  {scenario.marking_of(r.reply.to)}",
                     style="italic")
        parts += _block(head, r.text, reply, _indented(r.reply.text or "—"))
    parts.append(Text("Messages between cells — newest first", style="bold underline"))
    if not state.traffic.messages:
        parts.append(Text("None yet.", style="dim"))
    for m in reversed(state.traffic.messages):
        head = Text(f"{fmt.clock(m.clock)}  ", style="dim")
        head.append(f"{m.sender} → {', '.join(m.to)}", style="bold")
        head.append(f"  {scenario.marking_of(m.holders)}", style="cyan")
        if m.inject:
            head.append(f"  passes on {m.inject}")
        parts += _block(head, m.text)
    return Group(*parts)


def cell_talk(view: CellView) -> RenderableType:
    parts: list[RenderableType] = [Text(_("Your requests to control — newest first"), style="bold underline")]
    if not view.requests:
        parts.append(Text(_("None. a asks control a question."), style="dim"))
    for r in view.requests:
        if r.question is None:  # another cell's request: control released its answer to this cell too
            head = Text(f"{fmt.clock(r.reply_clock or 0)}  ", style="dim")
            head.append(_("Answer from control ({request})").format(request=r.id), style="bold")
            head.append(f"  {r.marking}", style="cyan")
            parts += _block(head, r.reply or "")
            continue
        head = Text(f"{fmt.clock(r.asked_clock or 0)}  ", style="dim")
        head.append(f"{r.id}", style="bold")
        if r.inject:
            head.append("  " + _("about {inject}").format(inject=r.inject))
        if r.status == "open":
            parts += _block(head, r.question, Text("  " + _("waiting for control"), style="italic #e8a33d"))
            continue
        status = _(STATUS.get(r.status, r.status))
        reply = Text("  → " + _("{status} at {time}").format(status=status, time=fmt.clock(r.reply_clock or 0))
                     + f"  {r.marking}", style="italic")
        parts += _block(head, r.question, reply, _indented(r.reply or "—"))
    parts.append(Text(_("Messages — newest first"), style="bold underline"))
    if not view.messages:
        parts.append(Text(_("None. m sends a message to other cells."), style="dim"))
    for m in view.messages:  # a narrow pane: the marking and the product passed on each on a line
        head = Text(f"{fmt.clock(m.clock)}  ", style="dim")
        cells = ", ".join(m.to)
        head.append(_("to {cells}").format(cells=cells) if m.sent else _("from {cell}").format(cell=m.sender),
                    style="bold")
        if not m.sent and len(m.to) > 1:
            head.append(" (" + _("to {cells}").format(cells=cells) + ")")
        head.append("\n  ")
        head.append(m.marking, style="cyan")
        if m.about:
            head.append("\n  " + _("passes on {inject}").format(inject=m.about))
        parts += _block(head, m.text)
    return Group(*parts)
