"""Validating a generated 5,000-inject scenario vs `yaml.safe_load` (libyaml) of the same file.

Target (issue 2): ttx's full validation costs at most 2x the bare YAML load.
Both are timed in this process, best of N, so the ratio survives a noisy machine.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

from ttx.scenario.load import check_scenario

TARGET = 2.0


def generate(injects: int = 5000, moves: int = 10) -> str:
    lines = ["ttx: 1", "id: bench", "title: Generated benchmark scenario",
             "objectives:", "  - id: OBJ-1", "    text: Share warning data fast.",
             "cells:", "  - {id: USA, name: United States}", "  - {id: JPN, name: Japan}",
             "  - {id: KOR, name: Republic of Korea}", "  - {id: WHITE, name: Control, kind: control}", "moves:"]
    per_move = injects // moves
    for m in range(moves):
        lines += [f"  - id: M{m + 1}", f"    title: Move {m + 1}", f"    planned_minutes: {per_move}",
                  "    situation: |", "      The situation develops.", "    injects:"]
        for i in range(per_move):
            iid = f"M{m + 1}-{i:04d}"
            lines += [f"      - id: {iid}", f"        at: {i}", f"        title: Inject {iid}",
                      "        from: INDOPACOM J2", "        to: [USA, JPN, KOR]", "        channel: intel",
                      "        body: |", "          A track is observed; assess and share.",
                      "        expected_actions: [Share within 10 minutes]", "        objectives: [OBJ-1]"]
            if i % 10 == 0:
                lines += ["        decision:", "          prompt: Share now?",
                          "          options: [{id: share, text: Share}, {id: hold, text: Hold}]",
                          "          time_limit: 10"]
            elif i % 10 == 5:
                lines += [f"        when: {{decision: M{m + 1}-{i - 5:04d}, chose: [hold]}}"]
    return "\n".join(lines) + "\n"


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(repeat: int = 5) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(generate())
        result = check_scenario(path)
        assert result.scenario is not None and len(result.scenario.inject_by_id) == 5000, result.errors[:3]
        ours = best(lambda: check_scenario(path), repeat)
        floor = best(lambda: yaml.load(path.read_text(), Loader=yaml.CSafeLoader), repeat)
    return [{"name": "validate 5,000-inject scenario", "figure": ours, "baseline": floor,
             "baseline_name": "yaml.safe_load (libyaml)", "ratio": ours / floor, "target": TARGET, "unit": "s"}]


if __name__ == "__main__":
    for row in run(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        print(f"{row['name']}: {row['figure']:.3f} s; {row['baseline_name']} {row['baseline']:.3f} s; "
              f"ratio {row['ratio']:.2f}x (target <= {row['target']}x)")
