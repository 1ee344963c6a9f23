"""An inject in full, as the facilitator sees it: what recipients see, and,
plainly boxed as controller-only, what controllers hope to see happen.

Cell consoles never use this widget: theirs (widgets/cell_views.py) is built
from the engine's need-to-know CellView, never from the scenario.
"""

from __future__ import annotations

import sys
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ttx.scenario.model import Inject, Scenario
from ttx.tui import format as fmt


class InjectView(VerticalScroll):
    """Title, marking and metadata; the markdown body; the controller-only box."""

    DEFAULT_CSS = """
    InjectView { height: 1fr; padding: 0 1; }
    InjectView > .marking { text-style: bold; color: $text-success; }
    InjectView > .meta { color: $text-muted; }
    InjectView > .title { text-style: bold; }
    InjectView > .controller {
        border: round $warning;
        border-title-color: $warning;
        border-title-style: bold;
        padding: 0 1;
        margin-top: 1;
        height: auto;
    }
    InjectView > .empty { color: $text-muted; margin-top: 1; }
    InjectView > Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Static("", classes="marking", markup=False)
        yield Static("No inject selected.", classes="title", markup=False)
        yield Static("", classes="meta", markup=False)
        yield Static("", classes="body", markup=False)
        box = Static("", classes="controller", markup=False)
        box.border_title = "CONTROLLER ONLY — not shown to players"
        box.display = False
        yield box

    def show(
        self,
        scenario: Scenario,
        inject: Inject | None,
        *,
        status: str = "",
        situation: datetime | None = None,
        force: bool = False,
    ) -> None:
        """Show `inject`; unless `force`, only when it or its status changed."""
        key = (inject.id if inject else None, status)
        if key == self._shown and not force:
            return
        self._shown = key
        marking = self.query_one(".marking", Static)
        title = self.query_one(".title", Static)
        meta = self.query_one(".meta", Static)
        body = self.query_one(".body", Static)
        if inject is None:
            marking.update("")
            title.update("No inject selected.")
            meta.update("")
            body.update("")
            self.query_one(".controller", Static).display = False
            return
        marking.update(scenario.releasability(inject))
        title.update(f"{inject.id}  {inject.title}")
        lines = [
            f"From     {inject.from_ or '—'}",
            f"To       {fmt.cells(scenario.recipients(inject))}",
            f"Channel  {inject.channel}",
        ]
        if situation is not None:
            lines.append(f"In-world {fmt.situation(situation)}")
        if status:
            lines.append(f"Status   {status}")
        meta.update("\n".join(lines))
        if "rich.markdown" in sys.modules or not inject.body.strip():
            body.update(_body(inject.body))
        else:
            # First show: plain text now, markdown once the first frame is out
            # (importing the markdown parser costs more than the whole frame).
            body.update(fmt.plain(inject.body, empty="(no body)"))
            shown = self._shown

            def rich_body() -> None:
                if self._shown == shown:  # still the inject shown
                    body.update(_body(inject.body))

            self.call_after_refresh(rich_body)
        box = self.query_one(".controller", Static)
        box.update(controller_text(scenario, inject))
        box.display = True
        self.scroll_home(animate=False)


def _body(source: str):
    """The body as rich Markdown (rich.markdown imported on first use, after the first frame)."""
    return fmt.markdown(source, empty="(no body)")


def controller_text(scenario: Scenario, inject: Inject) -> Text:
    text = Text()
    if inject.contingency:
        text.append("Contingency inject: released only by the facilitator.\n", style="bold")
    if inject.when is not None:
        text.append("Released only if a condition on earlier decisions holds.\n", style="italic")
    if inject.trigger:
        text.append("When to use  ", style="bold")
        text.append(f"{inject.trigger}\n")
    if inject.facilitator_notes:
        text.append("Facilitator notes\n", style="bold")
        for note in inject.facilitator_notes:
            text.append(f"  • {note}\n")
    if inject.expected_actions:
        text.append("Expected actions\n", style="bold")
        for action in inject.expected_actions:
            text.append(f"  • {action}\n")
    if inject.objectives:
        text.append("Objectives\n", style="bold")
        for oid in inject.objectives:
            obj = scenario.objective_by_id.get(oid)
            label = obj.text if obj else ""
            text.append(f"  {oid}  ", style="bold")
            text.append(f"{label}\n")
    if inject.decision is not None:
        d = inject.decision
        text.append("Decision ", style="bold")
        text.append(f"({fmt.cells(scenario.deciding_cells(inject))}")
        if d.time_limit:
            text.append(f", {d.time_limit} min")
        text.append(")\n")
        text.append(f"  {d.prompt}\n")
        for option in d.options:
            text.append(f"  [{option.id}] ", style="bold")
            text.append(f"{option.text}\n")
    if not text.plain:
        text.append("No expected actions or objectives.", style="dim")
    text.rstrip()
    return text
