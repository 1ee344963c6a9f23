"""Benchmark: the cell console's first frame with a 1.9 MB inject body released.

A red-team pass released an inject with a 1.9 MB body: the cell console took
32 s to draw its first frame, since Textual measured and wrapped all of it on
every layout. The console now draws the first `fmt.DRAWN_LIMIT` characters of a
text and says how much it left out. The figure is the time from starting the
cell console (Pilot, 100x30, in this process) to its first frame with that
inject shown; the baseline, in the same run, is the same with a 1 KB body.
Prints both medians and their ratio. Target: ratio <= 1.5.

    .venv/bin/python benchmarks/tui_big_body.py [--repeat N]

`run()` returns rows {name, figure, baseline, ratio, target, unit} for benchmarks/run.py.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _tui_common import main as bench_main  # noqa: E402
from _tui_common import median_row  # noqa: E402

from ttx.scenario.model import Scenario  # noqa: E402

PARAGRAPH = ("The port authority reports the harbour closed to all traffic after the notice; "
             "ferries wait outside the breakwater for clearance. ") * 6 + "\n\n"


def scenario(body_chars: int) -> Scenario:
    body = (PARAGRAPH * (body_chars // len(PARAGRAPH) + 1))[:body_chars]
    return Scenario.model_validate({
        "ttx": 1, "id": "big-body", "title": "Benchmark: one long inject body",
        "cells": [{"id": "USA"}, {"id": "JPN"}],
        "moves": [{"id": "M1", "title": "The only move", "injects": [
            {"id": "M1-01", "at": 0, "title": "A very long report", "channel": "cable", "body": body},
        ]}],
    })


async def _first_frame(folder: Path, body_chars: int) -> float:
    from ttx.engine.session import Session
    from ttx.tui.cell_app import CellApp, CellSeat

    session = Session.create(scenario(body_chars), folder / f"big-{body_chars}-{time.monotonic_ns()}.ttx",
                             durable=False)
    session.start_move("M1")
    session.release("M1-01")
    start = time.perf_counter()
    app = CellApp(CellSeat(session, "USA"), poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        elapsed = time.perf_counter() - start
        assert "A very long report" in "".join(s.text for s in app.screen._compositor.render_strips())
    return elapsed


def run(repeat: int = 7) -> list[dict[str, Any]]:
    samples: dict[int, list[float]] = {1_900_000: [], 1_000: []}
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(_first_frame(Path(tmp), 1_000))  # warm-up: imports, the first Textual app
        for _ in range(repeat):  # interleaved, so a busy moment costs both alike
            for size, times in samples.items():
                times.append(asyncio.run(_first_frame(Path(tmp), size)))
    big, small = (statistics.median(times) for times in samples.values())
    return [median_row("tui: cell console first frame with a 1.9 MB inject body", big, small,
                       "the same with a 1 KB body", "<= 1.5x")]


if __name__ == "__main__":
    bench_main(run, 7)
