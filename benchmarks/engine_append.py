"""Live append latency: one durable Session command (BEGIN IMMEDIATE, read newer
events, check, insert, COMMIT with synchronous=FULL) against a bare SQLite
insert+commit with synchronous=FULL on the same disk. Target: p50 and p99
within 2x of the bare insert.

    python benchmarks/engine_append.py
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _engine_common import SCHEMA, big_scenario, row  # noqa: E402

from ttx.engine.session import Session  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run(repeat: int = 5) -> list[dict]:
    n = 200 * repeat
    scenario = big_scenario(200, 2)
    # on the project's disk, not a RAM-backed /tmp: fsync must cost what it costs
    folder = Path(tempfile.mkdtemp(dir=Path(__file__).parent))
    try:
        session = Session.create(scenario, folder / "live.ttx")
        session.start_move()
        bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = FULL")
        bare.execute(SCHEMA)
        ours: list[float] = []
        floor: list[float] = []
        wall = "2027-04-12T06:00:00+00:00"
        for i in range(n):  # interleaved, so both see the same disk weather
            t = time.perf_counter()
            bare.execute("BEGIN IMMEDIATE")
            bare.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?)",
                         (i + 1, "note_added", wall, 1.0, '{"text":"observed","kind":"observation"}'))
            bare.execute("COMMIT")
            floor.append(time.perf_counter() - t)
            t = time.perf_counter()
            session.add_note("observed")
            ours.append(time.perf_counter() - t)
        assert session.store.pragma("synchronous") == 2
        session.close()
        bare.close()
    finally:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    rows = []
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        rows.append(row(f"live append latency {name}", _pct(ours, q), _pct(floor, q), 2.0, unit="s",
                        baseline_name="bare SQLite insert+commit, synchronous=FULL", samples=n))
    rows.append(row("live append latency mean", statistics.fmean(ours), statistics.fmean(floor), 2.0, unit="s",
                    baseline_name="bare SQLite insert+commit, synchronous=FULL", samples=n))
    return rows


def main() -> int:
    ok = True
    for r in run():
        good = r["ratio"] <= r["target"]
        ok &= good
        print(f"{r['name']}: {r['figure'] * 1000:.2f} ms; bare insert+commit (FULL) {r['baseline'] * 1000:.2f} ms; "
              f"ratio {r['ratio']:.2f}x (target <= {r['target']:g}x) {'ok' if good else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
