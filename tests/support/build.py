"""The one builder for the tests' scenarios (import as tests.support.build).

Each test module says only what its scenario is about: the moves, the injects
and their decisions; the builder adds the rest as a scenario file would have it
(`ttx: 1`, the three player cells and a control cell). The loader's own tests
keep YAML text instead (tests/scenario, tests/robustness): they test the text.

    scenario_data("demo", "Demo", move("M1", inject("A", 5, "Launch", decision=decide("Share?", share="Share now"))))
"""

from __future__ import annotations

from typing import Any

from ttx.scenario.model import Scenario

NAMES = {"USA": "United States", "JPN": "Japan", "KOR": "Republic of Korea", "WHITE": "Control cell"}


def cells(*players: str, control: str | None = "WHITE", names: bool = True) -> list[dict[str, Any]]:
    """Player cells (USA, JPN, KOR by default) and a control cell; with their names or ids only."""
    out: list[dict[str, Any]] = []
    for cell in players or ("USA", "JPN", "KOR"):
        out.append({"id": cell, "name": NAMES[cell]} if names and cell in NAMES else {"id": cell})
    if control:
        entry: dict[str, Any] = {"id": control}
        if names and control in NAMES:
            entry["name"] = NAMES[control]
        out.append({**entry, "kind": "control"})
    return out


def scenario_data(id: str, title: str, *moves: dict[str, Any], cells: list[dict[str, Any]] | None = None,
                  **fields: Any) -> dict[str, Any]:
    """The data of a scenario file: `fields` are its other top-level keys (summary, objectives ...)."""
    return {"ttx": 1, "id": id, "title": title, **fields,
            "cells": cells if cells is not None else globals()["cells"](), "moves": list(moves)}


def build(id: str, title: str, *moves: dict[str, Any], **fields: Any) -> Scenario:
    return Scenario.model_validate(scenario_data(id, title, *moves, **fields))


def move(id: str, *injects: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": id, **fields, "injects": list(injects)}


def inject(id: str, at: int, title: str, **fields: Any) -> dict[str, Any]:
    """An inject; `from_=` is the file's `from:`."""
    if "from_" in fields:
        fields["from"] = fields.pop("from_")
    return {"id": id, "at": at, "title": title, **fields}


def decide(prompt: str, *, cells: list[str] | None = None, time_limit: int | None = None,
           **options: str) -> dict[str, Any]:
    """A decision: its options as id="text", in order."""
    out: dict[str, Any] = {"prompt": prompt}
    if cells is not None:
        out["cells"] = cells
    if options:
        out["options"] = [{"id": key, "text": text} for key, text in options.items()]
    if time_limit is not None:
        out["time_limit"] = time_limit
    return out


def question(id: str, text: str, cells: list[str] | None = None) -> dict[str, Any]:
    return {"id": id, "text": text} if cells is None else {"id": id, "text": text, "cells": cells}


def objective(id: str, text: str, capability: str | None = None) -> dict[str, Any]:
    return {"id": id, "text": text} if capability is None else {"id": id, "text": text, "capability": capability}
