"""Shared by the engine benchmarks: a generated scenario and script, and the raw-SQLite floors."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Sequence

from ttx.scenario.model import Scenario

CELLS = ["USA", "JPN", "KOR"]


def big_scenario(injects: int = 5000, moves: int = 10) -> Scenario:
    """`injects` injects over `moves` moves; every 4th asks the three cells to decide,
    every 10th branches on the decision before it."""
    per_move = injects // moves
    out_moves = []
    n = 0
    for m in range(moves):
        items: list[dict[str, Any]] = []
        last_decision = None
        for k in range(per_move):
            n += 1
            inject: dict[str, Any] = {"id": f"I{n:05d}", "at": k * 60 // per_move, "title": f"Inject {n}",
                                      "body": "Something happens. " * 5}
            if n % 4 == 0:
                inject["decision"] = {"prompt": "What do you do?", "options": [
                    {"id": "act", "text": "Act"}, {"id": "wait", "text": "Wait"}]}
                last_decision = inject["id"]
            elif n % 10 == 5 and last_decision:
                inject["when"] = {"decision": last_decision, "chose": ["act"]}
            items.append(inject)
        out_moves.append({"id": f"M{m + 1}", "planned_minutes": 60, "injects": items})
    return Scenario.model_validate({
        "ttx": 1, "id": "bench", "title": "Benchmark", "cells": [{"id": c} for c in CELLS],
        "objectives": [{"id": "OBJ-1", "text": "x"}], "moves": out_moves})


def big_script(scenario: Scenario) -> str:
    lines = ["ttx: 1", "decisions:"]
    for n, inject in enumerate(i for m in scenario.moves for i in m.injects if i.decision):
        if n % 2:
            lines.append(f"  {inject.id}: {{all: act, KOR: wait}}")
        else:
            lines.append(f"  {inject.id}: {{USA: act, JPN: {{option: wait, rationale: Not yet.}}}}")
    lines.append("notes:")
    for inject in [i for m in scenario.moves for i in m.injects][::50]:
        lines.append(f"  - {{at: {inject.id}, text: Observed., objective: OBJ-1, rating: S}}")
    return "\n".join(lines) + "\n"


SCHEMA = """CREATE TABLE events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, wall TEXT NOT NULL,
                                  clock REAL NOT NULL, data TEXT NOT NULL)"""


def raw_insert_floor(path: Path, rows: Sequence[tuple] | None = None, events: Sequence[Any] | None = None) -> float:
    """Seconds to insert the events into a fresh WAL file in one transaction, the plain way:
    given `rows`, already encoded; given `events`, serialized naively first (json.dumps,
    isoformat) inside the timing."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(SCHEMA)
    t = time.perf_counter()
    if rows is None:
        dumps = json.dumps
        rows = [(e.seq, e.type, e.wall.isoformat(), e.clock, dumps(e.data)) for e in events]
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - t
    conn.close()
    return elapsed


def best(fn, repeat: int = 3) -> float:
    return min(fn() for _ in range(repeat))


def row(name: str, figure: float, baseline: float, target: float, **extra: Any) -> dict[str, Any]:
    return {"name": name, "figure": figure, "baseline": baseline, "ratio": figure / baseline,
            "target": target, **extra}
