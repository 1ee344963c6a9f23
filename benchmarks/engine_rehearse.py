"""Rehearsing a generated 5,000-inject, 10-move scenario with scripted decisions
(the scenario already loaded), against the floor of inserting the same events
into SQLite raw in one transaction. Targets: < 2 s, <= 10x the floor.

The figure is the rehearsal itself: create the session file (storing the
scenario), run every move at virtual time, commit, close. Reading and
checking the script (YAML, like loading the scenario) is timed apart and
reported beside it.

The floor takes the very events the rehearsal wrote, as Event objects, and
inserts them raw: serialize each one plainly (json.dumps, isoformat) and
executemany them into a fresh WAL file in one transaction. The row also
reports the stricter floor of inserting rows already encoded (`strict_floor`,
`strict_ratio`), for the record.

    python benchmarks/engine_rehearse.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _engine_common import best, big_scenario, big_script, raw_insert_floor, row  # noqa: E402

from ttx.engine.rehearse import rehearse  # noqa: E402
from ttx.scenario.script import parse_script  # noqa: E402
from ttx.engine.store import Store, encode  # noqa: E402

START = datetime(2027, 4, 12, 6, 0, tzinfo=timezone.utc)


def run(repeat: int = 5) -> list[dict]:
    scenario = big_scenario(5000, 10)
    text = big_script(scenario)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        runs = []

        t = time.perf_counter()
        script = parse_script(text, scenario, "bench.yaml")
        parse_s = time.perf_counter() - t

        def once() -> float:
            path = folder / f"r{len(runs)}.ttx"
            t = time.perf_counter()
            result = rehearse(scenario, script, path=path, start=START)
            elapsed = time.perf_counter() - t
            assert result.ok
            runs.append(path)
            return elapsed

        figure = best(once, repeat)
        store = Store.open(runs[-1], readonly=True)
        events = store.read_since(0)
        store.close()
        rows = [encode(e) for e in events]
        floors = []

        def floor() -> float:
            floors.append(1)
            return raw_insert_floor(folder / f"raw{len(floors)}.db", events=events)

        def strict() -> float:
            floors.append(1)
            return raw_insert_floor(folder / f"raw{len(floors)}.db", rows=rows)

        baseline = best(floor, repeat)
        strict_floor = best(strict, repeat)
    return [row("rehearse 5000 injects, 10 moves", figure, baseline, 10.0, limit_s=2.0, events=len(rows),
                script_parse_s=parse_s, unit="s", strict_floor=strict_floor, strict_ratio=figure / strict_floor,
                baseline_name="the same events serialized plainly and inserted raw, one transaction")]


def main() -> int:
    (r,) = run()
    ok = r["figure"] < r["limit_s"] and r["ratio"] <= r["target"]
    print(f"{r['name']}: {r['figure']:.3f} s ({r['events']} events; script read apart "
          f"{r['script_parse_s']:.3f} s); raw insert floor {r['baseline']:.3f} s "
          f"(rows pre-encoded: {r['strict_floor']:.3f} s, {r['strict_ratio']:.1f}x); "
          f"ratio {r['ratio']:.1f}x (target <= {r['target']:g}x, < {r['limit_s']:g} s) {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
