"""Scenario and participant text, on its way into Textual: always literal.

Textual reads a plain `str` as content markup almost everywhere it takes
text (option lists, radio buttons, buttons, Select options, notifications):
a rationale with `[/]` raises MarkupError and ends the console, `[link=…]`
makes a clickable link, `[@click=…]` runs an action, `[#0c181f]…` hides the
text. So every widget that shows what someone wrote passes it through
`literal()`, and the consoles' notifications never parse markup at all
(`LiteralNotifications`). Static widgets take `markup=False` or rich `Text`.
"""

from __future__ import annotations

from textual.content import Content


def literal(text: str) -> Content:
    """`text` exactly as written: no markup, no links, no actions."""
    return Content(text)


class LiteralNotifications:
    """App mixin: every notification (message and title) is shown as written.

    Screens and widgets notify through the app, so this one override covers
    every toast a console raises, whatever the caller passes for `markup`."""

    def notify(self, message: str, *, title: str = "", severity="information",
               timeout: float | None = None, markup: bool = False) -> None:
        super().notify(message, title=title, severity=severity, timeout=timeout,  # type: ignore[misc]
                       markup=False)
