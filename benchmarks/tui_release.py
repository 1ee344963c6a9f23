"""Benchmark: releasing an inject in the facilitator console of a 2,000-inject move.

Drives the real console with Pilot at 160x50 through a terminal driver that
records instead of printing (`RecordingDriver`, set as the app's public
`driver_class`): select an inject, press `r`; the latency runs from the key
press to the first terminal output written after the release was recorded,
so it includes rendering the update to escape sequences (Pilot's own idle
polling is not counted). The session is durable (synchronous=FULL), as in a
live run, so the figure includes the write to disk. Baseline, in the same run: the same act in a 20-inject move.
Prints both medians and their ratio. Target: the 2,000-inject median under 50 ms.

    .venv/bin/python benchmarks/tui_release.py [--repeat N]

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

from textual.drivers.headless_driver import HeadlessDriver  # noqa: E402

from ttx.scenario.model import Scenario  # noqa: E402

CELLS = ("USA", "JPN", "KOR")


def generated(injects: int) -> Scenario:
    """One move of `injects` injects, one in four asking for a decision."""
    items = []
    for i in range(1, injects + 1):
        inject: dict[str, Any] = {
            "id": f"M1-{i:04d}", "at": i // 10, "title": f"Generated inject {i} with a realistic title",
            "from": "Generator", "to": list(CELLS[: 1 + i % 3]), "channel": "intel",
            "body": f"**Inject {i}.** " + "Body text of a plausible length. " * 12,
            "expected_actions": ["Something sensible"], "objectives": ["OBJ-1"],
        }
        if i % 4 == 0:
            inject["decision"] = {"prompt": "Decide?", "options": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
                                  "time_limit": 10}
        items.append(inject)
    return Scenario.model_validate({
        "ttx": 1, "id": f"bench-{injects}", "title": f"Benchmark: {injects} injects",
        "objectives": [{"id": "OBJ-1", "text": "An objective"}],
        "cells": [{"id": c} for c in CELLS],
        "moves": [{"id": "M1", "title": "The only move", "injects": items}],
    })


class RecordingDriver(HeadlessDriver):
    """A terminal that keeps the time of each write instead of printing it. Not
    headless to the app, so it renders every update to terminal output as it would
    for a real terminal."""

    writes: list[float] = []

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        if data:
            RecordingDriver.writes.append(time.perf_counter())


async def _measure(scenario: Scenario, folder: Path, repeat: int) -> list[float]:
    from ttx.engine.session import Session
    from ttx.tui.app import FacilitatorApp
    from ttx.tui.widgets.msel import MselTable

    session = Session.create(scenario, folder / f"{scenario.id}.ttx")
    app = FacilitatorApp(session, tick_seconds=None)
    app.driver_class = RecordingDriver
    writes = RecordingDriver.writes
    samples: list[float] = []
    released: list[float] = []
    release = session.release

    def timed_release(*args, **kwargs):
        event = release(*args, **kwargs)
        released.append(time.perf_counter())
        return event

    session.release = timed_release  # type: ignore[method-assign]

    async def drive(pilot) -> None:
        session.start_move("M1")
        app.sync(full=True)
        await pilot.pause()
        table = app.query_one(MselTable)
        ids = [i.id for i in scenario.moves[0].injects]
        # spread the releases over the table, the cursor far from row 0 too
        step = max(1, len(ids) // (repeat + 1))
        for n in range(repeat + 1):
            inject_id = ids[(n * step + len(ids) // 2) % len(ids)]
            table.select(inject_id)
            await pilot.pause()
            released.clear()
            start = time.perf_counter()
            await pilot.press("r")
            await pilot.pause()
            drawn = [t for t in writes if released and t > released[0]]
            assert drawn, "no terminal output after the release"
            elapsed = drawn[0] - start
            assert session.state.status[inject_id] == "released", inject_id
            assert str(table.get_cell(inject_id, "status")).startswith("✓")
            if n:  # the first is a warm-up
                samples.append(elapsed)
        app.exit()

    writes.clear()
    try:
        await app.run_async(size=(160, 50), mouse=False, auto_pilot=drive)
    finally:
        session.close()
    if len(samples) != repeat:
        raise RuntimeError(f"the console stopped before the benchmark ended ({len(samples)} of {repeat} samples)")
    return samples


def run(repeat: int = 25) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        big = asyncio.run(_measure(generated(2000), Path(tmp), repeat))
        small = asyncio.run(_measure(generated(20), Path(tmp), min(repeat, 15)))
    return [median_row("tui: release an inject (key to screen updated, durable write) in a 2,000-inject move",
                       statistics.median(big), statistics.median(small),
                       "the same act in a 20-inject move", "< 50 ms")]


def main() -> None:
    bench_main(run, 25, lambda row: (
        f"{row['name']}: median {row['figure'] * 1000:.1f} ms; 20-inject move {row['baseline'] * 1000:.1f} ms; "
        f"ratio {row['ratio']:.2f}x; target {row['target']}"))


if __name__ == "__main__":
    main()
