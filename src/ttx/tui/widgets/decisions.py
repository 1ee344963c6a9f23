"""Per-cell decision status: waiting or decided, time used against the limit."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

Row = tuple[str, str, tuple[str, str]]  # inject, cell, (text, style)


class CellDecisions(Static):
    DEFAULT_CSS = """
    CellDecisions {
        height: auto;
        max-height: 8;
        border-top: solid $primary-muted;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self._rows: list[Row] | None = None

    def show(self, rows: list[Row]) -> None:
        if rows == self._rows:
            return
        self._rows = rows
        self.update(self.render_rows(rows))

    @staticmethod
    def render_rows(rows: list[Row]) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("Decisions", style="bold")
        if not rows:
            text.append("  none open in this move", style="dim")
            return text
        # one line per inject: its deciding cells side by side
        last = None
        for inject, cell, (status, style) in rows:
            if inject != last:
                text.append(f"\n{inject}", style="bold")
                last = inject
            text.append(f"  {cell} ")
            text.append(status, style=style)
        return text
