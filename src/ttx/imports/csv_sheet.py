"""A CSV sheet (UTF-8, as spreadsheets save "CSV UTF-8") as an MSEL table."""

from __future__ import annotations

from ttx.imports.table import Table
from ttx.scenario.msel import COLUMNS, SheetError, sheet_rows
from ttx.scenario.yamlsrc import Problem


def table(data: bytes, path: str) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SheetError([Problem(path, line, 1, f"not UTF-8 text (byte {exc.start}); save the sheet as "
                                                 "CSV UTF-8, or import the .xlsx itself")]) from None
    rows = list(sheet_rows(text, path))
    header = rows[0][1] if rows else []
    return Table("CSV sheet", 1, header, rows[1:], lambda line, col, message, severity:
                 Problem(path, line, col + 1, message, severity), markdown=is_ttx_export(header))


def is_ttx_export(header: list[str]) -> bool:
    """A sheet `ttx export` (or `ttx msel`) wrote: its bodies are the scenario's Markdown."""
    return tuple(h.strip() for h in header[:len(COLUMNS)]) == COLUMNS
