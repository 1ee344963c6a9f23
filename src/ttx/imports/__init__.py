"""Importers: other tools' MSELs turned into a first draft of a scenario.

One module per format, each a pure function from the file's bytes to a Draft
(draft.py) and its warnings; `read` tells the format from the content, not
the file name:

- csv_sheet.py — a CSV sheet; xlsx.py — an Excel workbook (first sheet or the one named);
  both read by table.py, whose columns.py knows the column names of ttx, common
  MEL sheets, T3SF and CMU SEI Blueprint's templates;
- t3sf.py — T3SF's MSEL as JSON (a table too);
- openaev.py — an OpenAEV scenario export (.zip or its .json).

Mistakes raise SheetError with every problem located (sheet:line:col, or
file:path for JSON); nothing is half-read."""

from __future__ import annotations

import json

from ttx.imports import archive, csv_sheet, openaev, t3sf, xlsx
from ttx.imports.draft import Draft
from ttx.imports.table import read_table
from ttx.scenario.msel import SheetError
from ttx.scenario.yamlsrc import MAX_BYTES, Problem

__all__ = ["MAX_BYTES", "Draft", "SheetError", "read"]


def read(data: bytes, path: str, *, sheet: str | None = None,
         start: str | None = None) -> tuple[Draft, list[Problem]]:
    """The draft from a source file's bytes, and the warnings of reading it."""
    if len(data) > MAX_BYTES:
        raise SheetError([Problem(path, 1, 1, f"file is {len(data) / 1e6:.1f} MB; the limit is "
                                              f"{MAX_BYTES // 2**20} MiB")])
    if archive.is_zip(data):
        if xlsx.is_xlsx(data, path):
            return read_table(xlsx.table(data, path, sheet), start=start)
        return _openaev_zip(data, path)
    if sheet is not None:
        raise SheetError([Problem(path, 1, 1, "--sheet is for an .xlsx workbook; this file is not one")])
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return _json(data, path, start)
    return read_table(csv_sheet.table(data, path), start=start)


def _json(data: bytes, path: str, start: str | None) -> tuple[Draft, list[Problem]]:
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SheetError([Problem(path, 1, 1, f"not UTF-8 text (byte {exc.start})")]) from None
    except json.JSONDecodeError as exc:
        raise SheetError([Problem(path, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")]) from None
    except RecursionError:
        raise SheetError([Problem(path, 1, 1, "not valid JSON: nested too deep")]) from None
    if openaev.looks_like(value):
        return openaev.read(value, path)
    if t3sf.looks_like(value):
        return read_table(t3sf.table(value, path), start=start)
    if isinstance(value, dict) and "Msels" in value and "DataFields" in value:
        raise SheetError([Problem(path, 1, 1, "a CMU SEI Blueprint data file (Msels, DataFields): Blueprint hands "
                                              "out an MSEL as .xlsx; download that from Blueprint and import it")])
    raise SheetError([Problem(path, 1, 1, "JSON that is neither T3SF's MSEL (a list of injects with Real Time, "
                                          "Subject, Script …) nor an OpenAEV scenario export (scenario_injects)")])


def _openaev_zip(data: bytes, path: str) -> tuple[Draft, list[Problem]]:
    zf = archive.open_zip(data, path)
    names = [n for n in zf.namelist() if n.lower().endswith(".json")]
    if len(names) != 1:
        raise SheetError([Problem(path, 1, 1, "a zip archive that is not an .xlsx workbook nor an OpenAEV export "
                                              f"(one .json inside); it holds: {', '.join(zf.namelist()[:10])}")])
    inner = f"{path}:{names[0]}"
    draft, problems = _json(archive.member(zf, names[0], path), inner, None)
    if draft.kind != "OpenAEV scenario export":
        raise SheetError([Problem(inner, 1, 1, "not an OpenAEV scenario export")])
    return draft, problems
