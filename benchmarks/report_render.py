"""Benchmark: render the HTML after-action report of a 10,000-event session.

Prints the time to analyze + render a generated 10,000-event session and the
time for an empty session of the same scenario, measured in the same run, and
their ratio. Target: the big session renders in under 1 s.

    .venv/bin/python benchmarks/report_render.py

`run()` returns rows {name, figure, baseline, ratio, target, unit, baseline_name} for a runner.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import datetime, timedelta, timezone
from typing import Any

from ttx.engine.events import Event
from ttx.report.analysis import analyze
from ttx.report.render import render
from ttx.scenario.model import Scenario

CELLS = ("USA", "JPN", "KOR")
EVENTS = 10_000


def big_scenario(moves: int = 10, injects_per_move: int = 300) -> Scenario:
    data: dict[str, Any] = {
        "ttx": 1,
        "id": "bench",
        "title": "Benchmark exercise",
        "summary": "A generated scenario.\n\n- many injects\n- many decisions",
        "objectives": [{"id": f"OBJ-{i}", "text": f"Objective {i}", "capability": "Operational Coordination"} for i in range(1, 6)],
        "cells": [{"id": c, "name": c} for c in CELLS] + [{"id": "WHITE", "kind": "control"}],
        "moves": [],
    }
    for m in range(1, moves + 1):
        injects = []
        for i in range(1, injects_per_move + 1):
            inj: dict[str, Any] = {
                "id": f"M{m}-{i:03d}",
                "at": i // 5,
                "title": f"Inject {m}.{i} <with> markup & text",
                "body": "Body text. " * 20,
                "expected_actions": ["Something sensible"],
                "objectives": [f"OBJ-{1 + i % 5}"],
            }
            if i % 4:
                inj["decision"] = {
                    "prompt": f"Decide {m}.{i}?",
                    "options": [{"id": "a", "text": "Option A"}, {"id": "b", "text": "Option B"}],
                    "time_limit": 10,
                }
            injects.append(inj)
        data["moves"].append({"id": f"M{m}", "title": f"Move {m}", "planned_minutes": 60, "injects": injects})
    return Scenario.model_validate(data)


def big_session(scenario: Scenario, n: int = EVENTS, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    t0 = datetime(2027, 1, 1, tzinfo=timezone.utc)
    events: list[Event] = []

    def add(type_: str, clock: float, **data: Any) -> None:
        events.append(Event(len(events) + 1, type_, t0 + timedelta(seconds=clock), clock, data))

    add("session_started", 0, scenario=scenario.id, scenario_sha256="x")
    clock = 0.0
    for move in scenario.moves:
        if len(events) >= n:
            break
        start = clock
        add("move_started", clock, move=move.id)
        for inj in move.injects:
            if len(events) >= n - 2:
                break
            clock = max(clock, start + inj.at * 60 + rng.uniform(0, 30))
            add("inject_released", clock, inject=inj.id, to=list(CELLS), manual=False)
            if inj.decision:
                for cell in CELLS:
                    add("decision_recorded", clock + rng.uniform(30, 900), inject=inj.id, cell=cell,
                        option=rng.choice("ab"), rationale="Because <reasons> & more.")
            if rng.random() < 0.2:
                add("note_added", clock, text="An observation.", kind=rng.choice(["observation", "strength", "improvement"]),
                    objective=f"OBJ-{rng.randint(1, 5)}", rating=rng.choice("PSMU"), cell=rng.choice(CELLS))
        clock = max(clock, start + 3600)
        add("move_ended", clock, move=move.id)
    add("session_ended", clock)
    # decisions were appended out of clock order; keep the log ordered by clock like a real one
    events.sort(key=lambda e: (e.clock, e.seq))
    return [Event(i + 1, e.type, e.wall, e.clock, e.data) for i, e in enumerate(events)]


def _time(scenario: Scenario, events: list[Event], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        render(analyze(scenario, events), "html")
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def run() -> list[dict[str, Any]]:
    scenario = big_scenario()
    events = big_session(scenario)
    _time(scenario, events, repeat=1)  # warm up: template compilation, imports
    empty = _time(scenario, [])
    big = _time(scenario, events)
    return [
        {
            "name": f"report: analyze + render HTML of a {len(events):,}-event session",
            "figure": round(big, 4),
            "baseline": round(empty, 4),
            "ratio": round(big / empty, 2) if empty else None,
            "target": "< 1 s",
            "unit": "s",
            "baseline_name": "the same scenario, empty session",
        }
    ]


def main() -> None:
    for row in run():
        print(f"{row['name']}: {row['figure']:.3f} s; empty session {row['baseline']:.3f} s; "
              f"ratio {row['ratio']}x; target {row['target']}")


if __name__ == "__main__":
    main()
