"""Shared by the console benchmarks: a result row of medians, rounded for the table; the command line."""

from __future__ import annotations

import argparse
from typing import Any, Callable


def median_row(name: str, figure: float, baseline: float, baseline_name: str, target: Any,
               unit: str = "s") -> dict[str, Any]:
    """A row for benchmarks/run.py: figure and baseline to 0.1 ms, their ratio to 3 places."""
    return {
        "name": name,
        "figure": round(figure, 4),
        "baseline": round(baseline, 4),
        "baseline_name": baseline_name,
        "ratio": round(figure / baseline, 3),
        "target": target,
        "unit": unit,
    }


def plain_line(row: dict[str, Any]) -> str:
    """A row as one printed line, figures in the row's unit."""
    unit = row.get("unit", "s")
    return (f"{row['name']}: median {row['figure']:g} {unit}; {row['baseline_name']} {row['baseline']:g} {unit}; "
            f"ratio {row['ratio']:.2f}x; target {row['target']}")


def main(run: Callable[[int], list[dict[str, Any]]], repeat: int,
         line: Callable[[dict[str, Any]], str] = plain_line) -> None:
    """The command line of a console benchmark: `[--repeat N]`, then one printed `line(row)` a row."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=repeat)
    args = parser.parse_args()
    for row in run(args.repeat):
        print(line(row))
