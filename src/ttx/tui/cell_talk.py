"""A cell console's acts of talking back (a mixin of CellApp; keys in CELL_ACTS):
a asks control a question, m messages other cells, c shows the Talk tab (its
requests with control's replies, the messages it sent and received). What
arrives is announced as it comes (a reply, a message, a correction, a recall).
Everything goes through the seat (CellSeat) and the view the engine built for
this cell: nothing here filters or sees other cells' traffic.
"""

from __future__ import annotations

from typing import Any

from ttx.engine.cellview import CellView
from ttx.engine.errors import CommandError, SessionFileError
from ttx.i18n import _
from ttx.tui.widgets.talk import REPLIED, STATUS


class CellTalkActs:
    # what the mixin uses of CellApp (and Textual's App)
    seat: Any
    view: CellView
    notify: Any
    push_screen: Any
    query_one: Any
    draw: Any
    _selected_id: Any

    def _about(self) -> tuple[str, str] | None:
        selected = self._selected_id()
        inject = next((i for i in self.view.inbox if i.id == selected), None)
        return (inject.id, inject.title) if inject is not None else None

    def _send(self, act: Any, done: str) -> bool:
        try:
            act()
        except (CommandError, SessionFileError) as exc:
            self.notify(str(exc), title=_("Not sent"), severity="error")
            return False
        self.notify(done)
        self.view = self.seat.view()
        self.draw()
        return True

    def action_ask(self) -> None:
        from ttx.tui.screens.talk import AskControlScreen

        def submit(text: str, about: str | None) -> bool:
            return self._send(lambda: self.seat.ask(text, about), _("Request sent to control"))

        self.push_screen(AskControlScreen(self._about(), submit))

    def action_message(self) -> None:
        from ttx.tui.screens.talk import MessageScreen

        partners = [(c, c) for c in self.view.partners]
        if not partners:
            self.notify(_("There is no other player cell to message."), severity="warning")
            return

        def submit(to: list[str], text: str, about: str | None) -> bool:
            return self._send(lambda: self.seat.message(to, text, about), _("Message sent to {cells}").format(cells=", ".join(to)))

        self.push_screen(MessageScreen(partners, self._about(), submit))

    def action_talk(self) -> None:
        from textual.widgets import TabbedContent

        self.query_one("#cell-tabs", TabbedContent).active = "tab-talk"

    def _announce_talk(self, before: CellView, after: CellView) -> None:
        """A toast for each reply, message, correction and recall that arrived."""
        replied = {r.id for r in before.requests if r.reply is not None}
        for r in after.requests:
            if r.reply is not None and r.id not in replied:
                title = (_(REPLIED.get(r.status, "Control {status} {request}")).format(status=r.status, request=r.id)
                         if r.question is not None else _("From control ({request})").format(request=r.id))
                self.notify(" ".join((r.reply or "").split())[:160] or _(STATUS.get(r.status, r.status)),
                            title=title, timeout=8)
        seen = {m.id for m in before.messages}
        for m in after.messages:
            if m.id not in seen and not m.sent:
                self.notify(" ".join(m.text.split())[:160], title=_("Message from {cell}").format(cell=m.sender), timeout=8)
        recalled = {i.id for i in before.inbox if i.recalled}
        for i in after.inbox:
            if i.recalled and i.id not in recalled and any(b.id == i.id for b in before.inbox):
                self.notify(i.recall_reason or i.title, title=_("Withdrawn by control: {inject}").format(inject=i.id), timeout=8)
