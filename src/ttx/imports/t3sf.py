"""T3SF's MSEL as JSON: a list of objects, one a row, with the columns of its
sheet (`#, Real Time, Date, Subject, From, Player, Script, Photo, Picture
Name, Profile, Poll`). Read as a table; a problem names its place as
file:[index]."key"."""

from __future__ import annotations

from typing import Any

from ttx.imports.table import Table
from ttx.scenario.msel import SheetError
from ttx.scenario.yamlsrc import Problem

KEYS = {"real time", "script", "subject", "player", "poll"}


def looks_like(data: Any) -> bool:
    return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
            and len({str(k).lower() for k in data[0]} & KEYS) >= 2)


def table(data: Any, path: str) -> Table:
    header: list[str] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise SheetError([JsonProblem(path, 0, 0, f"is {type(item).__name__}, not an object with the "
                                                      "inject's columns", pointer=f"[{i}]")])
        header += [str(k) for k in item if str(k) not in header]
    rows = [(i, [_text(item.get(k)) for k in header]) for i, item in enumerate(data)]

    def locate(index: int, col: int, message: str, severity: str) -> Problem:
        pointer = "" if index < 0 else f"[{index}]" + (f'."{header[col]}"' if 0 <= col < len(header) else "")
        return JsonProblem(path, 0, 0, message, severity, pointer=pointer)

    return Table("T3SF MSEL", -1, header, rows, locate, row_label=lambda rows: "entries " + ", ".join(f"[{i}]" for i in rows))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


class JsonProblem(Problem):
    """A problem in a JSON file, at a path into it: file:[3]."Real Time": message."""

    def __init__(self, path: str, line: int, col: int, message: str, severity: str = "error", *,
                 pointer: str = "") -> None:
        super().__init__(f"{path}:{pointer}" if pointer else path, line, col, message, severity)

    def __str__(self) -> str:
        kind = "warning: " if self.severity == "warning" else ""
        return f"{self.path}: {kind}{self.message}"
