"""Folding 100,000 events against merely reading and decoding them from the
session file. Targets: < 1 s, <= 3x the read+decode floor.

The figure is what opening a session for replay costs: read every event,
verify its checksum, decode it, then fold them all into the state. The floor
is the fetch and decode alone.

    python benchmarks/engine_fold.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _engine_common import big_scenario, row  # noqa: E402

from ttx.engine.clock import VirtualTime  # noqa: E402
from ttx.engine.session import Session  # noqa: E402
from ttx.engine.state import fold  # noqa: E402
from ttx.engine.store import Store, decode_rows  # noqa: E402

N = 100_000


def _make(path: Path):
    """A realistic mix: releases, decisions, notes, clock changes, moves — N events."""
    scenario = big_scenario(20_000, 10)
    vt = VirtualTime(datetime(2027, 4, 12, 6, tzinfo=timezone.utc))
    session = Session.create(scenario, path, now=vt, durable=False)
    with session.batch():
        session.set_auto(True)
        k = 0
        for move in scenario.moves:
            session.start_move(move.id)
            for inject in move.injects:
                vt.advance(1)
                session.fall_due(inject.id)
                if inject.decision and session.state.status[inject.id] == "released":
                    for cell in ("USA", "JPN", "KOR"):
                        session.record_decision(inject.id, cell, "act", "because")
                k += 1
                if k % 5 == 0:
                    session.add_note(f"observation {k}", objective="OBJ-1", rating="S")
                if k % 50 == 0:
                    session.pause()
                    session.resume()
                    session.set_speed(2 if k % 100 else 1)
        while len(session.events) < N - 2:
            session.add_note("hot wash", kind="strength")
        session.end()
    state = session.state
    session.close()
    return scenario, state


def run(repeat: int = 5) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.ttx"
        scenario, live = _make(path)
        store = Store.open(path, readonly=True)
        n = store.count()

        def read_decode() -> float:  # the floor: fetch and decode, no checksum, no fold
            t = time.perf_counter()
            decode_rows(store.conn.execute("SELECT seq, type, wall, clock, data FROM events ORDER BY seq").fetchall())
            return time.perf_counter() - t

        result = {}

        def read_fold() -> float:
            t = time.perf_counter()
            result["state"] = fold(scenario, store.read_since(0))  # verifies the checksum chain too
            return time.perf_counter() - t

        floors, figures = [], []
        for _ in range(repeat):  # interleaved
            floors.append(read_decode())
            figures.append(read_fold())
        store.close()
        assert result["state"] == live
    return [row(f"fold {n:,} events", min(figures), min(floors), 3.0, limit_s=1.0, unit="s", events=n,
                baseline_name="read and decode the events")]


def main() -> int:
    (r,) = run()
    ok = r["figure"] < r["limit_s"] and r["ratio"] <= r["target"]
    print(f"{r['name']} (read, decode, fold): {r['figure']:.3f} s; read+decode floor {r['baseline']:.3f} s; "
          f"ratio {r['ratio']:.2f}x (target <= {r['target']:g}x, < {r['limit_s']:g} s) {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
