"""An Excel workbook (.xlsx) as an MSEL table: the first sheet, or the one named.

Read with openpyxl in read-only mode, after the archive's sizes are checked
(archive.open_zip); cells keep what Excel typed them as: a time of day
becomes 19:29, a duration +1:30, a date and time 2027-09-14 07:12."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from typing import Any

from ttx.imports.archive import open_zip
from ttx.imports.csv_sheet import is_ttx_export
from ttx.imports.table import Table
from ttx.scenario.msel import SheetError
from ttx.scenario.yamlsrc import Problem

MAX_ROWS = 50_000
MAX_COLUMNS = 500


def is_xlsx(data: bytes, path: str) -> bool:
    names = open_zip(data, path).namelist()
    return "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names)


def table(data: bytes, path: str, sheet: str | None = None) -> Table:
    import openpyxl  # only an .xlsx import pays for it

    open_zip(data, path)  # bounded before openpyxl inflates anything
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file; each is the file's fault
        raise SheetError([Problem(path, 1, 1, f"not a readable XLSX workbook: {type(exc).__name__}: {exc}")]) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise SheetError([Problem(path, 1, 1, f"no sheet named {sheet!r}; its sheets are: "
                                              f"{', '.join(book.sheetnames)}")])
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    where = f"{path}:{ws.title}"
    ws.reset_dimensions()  # rows as stored: a lying <dimension> cannot pad them to a million cells
    rows: list[tuple[int, list[str]]] = []
    try:
        for line, values in enumerate(ws.iter_rows(values_only=True), start=1):
            if line > MAX_ROWS or len(values) > MAX_COLUMNS:
                raise SheetError([Problem(where, line, 1, f"more than {MAX_ROWS} rows or {MAX_COLUMNS} "
                                                          "columns: not an MSEL")])
            rows.append((line, [_text(v) for v in values]))
    except SheetError:
        raise
    except Exception as exc:  # as above: a malformed sheet part
        raise SheetError([Problem(where, len(rows) + 1, 1, f"cannot read the sheet: {type(exc).__name__}: "
                                                            f"{exc}")]) from None
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[0][1]):
        rows.pop(0)  # a sheet whose first rows are empty: the header is the first row with words
    header_line, header = rows[0] if rows else (1, [])
    kind = "XLSX sheet" + ("" if sheet is None else f" {ws.title}")
    return Table(kind, header_line, header, rows[1:], lambda line, col, message, severity:
                 Problem(where, line, col + 1, message, severity), markdown=is_ttx_export(header))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(" ", "minutes" if not value.second else "seconds")
    if isinstance(value, (date, time)):
        return value.isoformat("minutes" if not value.second else "seconds") if isinstance(value, time) \
            else value.isoformat()
    if isinstance(value, timedelta):
        minutes = round(value.total_seconds() / 60)
        return f"+{minutes // 60}:{minutes % 60:02d}"
    return str(value)
