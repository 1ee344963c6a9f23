"""The current move's MSEL as a table, one row per inject, keyed by inject id.

Rows are computed elsewhere (`ttx.tui.rows`) as plain tuples; this widget only
draws them, and on refresh touches only the cells whose value changed
(`DataTable.update_cell`), so a 2,000-inject move stays fluid.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

# A cell is (text, rich style): plain data, cheap to compare.
Cell = tuple[str, str]


def _text(cell: Cell) -> Text:
    text, style = cell
    return Text(text, style=style, no_wrap=True, overflow="ellipsis", end="")

COLUMNS: tuple[tuple[str, str, int], ...] = (
    # key, label, width; the most needed first (at 80 columns the last scroll off)
    ("at", "At", 5),
    ("title", "Title", 34),          # takes what the others leave (see on_resize)
    ("status", "Status", 11),
    ("decision", "Decision", 13),
    ("to", "To", 13),
    ("channel", "Channel", 7),
)
MIN_TITLE = 20


class MselTable(DataTable):
    DEFAULT_CSS = """
    MselTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._rows: dict[str, tuple] = {}
        self.move_id: str | None = None

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    def on_resize(self) -> None:
        """Give the title column the width the other columns leave."""
        avail = self.scrollable_content_region.width - 1
        pad = 2 * self.cell_padding
        others = [w + pad for key, _, w in COLUMNS if key != "title"]
        width = avail - sum(others) - pad
        if width < 30:  # narrow: keep at, title, status, decision in view; to, channel scroll
            width = max(MIN_TITLE, avail - sum(others[:3]) - pad)
        column = self.columns.get(ColumnKey("title"))
        if column is None or column.width == width:
            return
        column.width = width  # rows added from now on are laid out at this width
        if self._rows:
            # DataTable has no public "set column width"; re-putting one cell with
            # update_width=True is its public way to drop the cached row renders and
            # re-measure the table. The widest title keeps the column's measured content
            # width, so DataTable does not re-measure every row of a long MSEL.
            key = max(self._rows, key=lambda k: len(self._rows[k][1][0]))
            self.update_cell(key, "title", _text(self._rows[key][1]), update_width=True)

    def show_move(self, move_id: str, rows: Iterable[tuple[str, Sequence]]) -> None:
        """Replace every row: only when the move changes."""
        self.clear()
        self._rows = {}
        self.move_id = move_id
        for key, cells in rows:
            cells = tuple(cells)
            self._rows[key] = cells
            self.add_row(*map(_text, cells), key=key)

    def update_rows(self, rows: Iterable[tuple[str, Sequence]]) -> int:
        """Update the given rows, cell by cell where changed; returns cells touched."""
        touched = 0
        for key, cells in rows:
            old = self._rows.get(key)
            if old is None:
                continue
            cells = tuple(cells)
            if cells == old:
                continue
            for (column, _, _), before, after in zip(COLUMNS, old, cells):
                if before != after:
                    self.update_cell(key, column, _text(after))
                    touched += 1
            self._rows[key] = cells
        return touched

    @property
    def order(self) -> tuple[str, ...]:
        """The rows' inject ids, top to bottom (a live change to the MSEL changes it)."""
        return tuple(self._rows)

    @property
    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        try:
            key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        except Exception:
            return None
        return key.value

    def select(self, inject_id: str) -> None:
        if inject_id in self._rows:
            self.move_cursor(row=self.get_row_index(inject_id))
