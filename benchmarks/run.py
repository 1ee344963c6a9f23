"""Run every benchmark, print one table, write it as JSON.

    python benchmarks/run.py [--quick] [--json PATH] [--only NAME ...]

Every `benchmarks/*.py` module (this one aside) with a top-level `run()` is a
benchmark; `run()` returns rows with name, figure, baseline, baseline_name
(optional), ratio, target and unit, its baseline measured in the same call.
Each module runs in its own Python process, so one module's imports do not
warm up another's measurements, and a crash or hang in one is reported as
such while the others still run. `--quick` passes a smaller repeat count to
each `run()` that takes one (CI uses it).

A row is `ok` when its ratio is at most its target. The exit status is 1 only
on a gross regression (a ratio above GROSS x its target) or a benchmark that
crashed; a ratio somewhat over target is reported, not fatal, since timings
on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_JSON = HERE / "results" / "latest.json"
GROSS = 5.0  # a ratio above GROSS x target fails the run
QUICK_REPEAT = 2
TIMEOUT_S = {False: 900, True: 300}  # per module: a hang guard, not a speed check
COLUMNS = ("name", "figure", "baseline", "ratio", "target", "ok")


def discover(folder: Path = HERE) -> list[Path]:
    """Benchmark modules: *.py here with a top-level `def run`, this file aside."""
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name in ("run.py", "__init__.py") or path.name.startswith("_"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        except (OSError, SyntaxError, ValueError):
            found.append(path)  # let the child report it as a crash rather than hide it
            continue
        if any(isinstance(node, ast.FunctionDef) and node.name == "run" for node in tree.body):
            found.append(path)
    return found


# ---- one module, in a child process --------------------------------------------------


def _call(run, quick: bool) -> list[dict]:
    try:
        params = inspect.signature(run).parameters
    except (TypeError, ValueError):
        params = {}
    kwargs: dict = {}
    if quick:
        if "quick" in params:
            kwargs["quick"] = True
        elif "repeat" in params:
            kwargs["repeat"] = QUICK_REPEAT
        elif "repeats" in params:
            kwargs["repeats"] = QUICK_REPEAT
    return run(**kwargs)


def run_one(path: Path, quick: bool) -> dict:
    """Import one benchmark module and call its run() (in this process)."""
    for folder in (str(ROOT), str(path.parent)):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    started = time.perf_counter()
    try:
        import importlib

        module = importlib.import_module(path.stem)
        run = getattr(module, "run", None)
        if not callable(run):
            return {"module": path.stem, "rows": [], "error": None, "skipped": "no run()"}
        rows = _call(run, quick)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise TypeError(f"run() returned {type(rows).__name__}, not a list of dicts")
        rows = [_jsonable(r) for r in rows]
        return {"module": path.stem, "rows": rows, "error": None, "seconds": time.perf_counter() - started}
    except BaseException as exc:  # a benchmark that fails is a result to report, not a crash of the runner
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"module": path.stem, "rows": [], "error": f"{type(exc).__name__}: {exc}",
                "traceback": traceback.format_exc(), "seconds": time.perf_counter() - started}


def _jsonable(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            value = str(value)
        out[str(key)] = value
    return out


def run_in_child(path: Path, quick: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--child-out", str(out)]
        if quick:
            cmd.append("--quick")
        started = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S[quick])
        except subprocess.TimeoutExpired:
            return {"module": path.stem, "rows": [], "error": f"timed out after {TIMEOUT_S[quick]} s",
                    "seconds": time.perf_counter() - started}
        if out.is_file():
            try:
                result = json.loads(out.read_text())
            except ValueError as exc:
                result = {"module": path.stem, "rows": [], "error": f"unreadable result ({exc})"}
        else:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            result = {"module": path.stem, "rows": [],
                      "error": f"exit {proc.returncode}: " + (" | ".join(tail) or "no output")}
        result.setdefault("seconds", time.perf_counter() - started)
        return result


# ---- judging and printing ---------------------------------------------------------------


def _limit(row: dict) -> tuple[float, float] | None:
    """(value, limit) to compare: the ratio against a numeric target or "<= 2x";
    the figure against an absolute target such as "< 1 s" or "< 300 ms"."""
    ratio, target, figure = row.get("ratio"), row.get("target"), row.get("figure")
    if isinstance(target, bool):
        return None
    if isinstance(target, (int, float)):
        return (ratio, float(target)) if isinstance(ratio, (int, float)) else None
    if isinstance(target, str):
        match = re.fullmatch(r"\s*<=?\s*([0-9.]+)\s*(x|s|ms)?\s*", target)
        if not match:
            return None
        limit, unit = float(match.group(1)), match.group(2) or "x"
        if unit == "x":
            return (ratio, limit) if isinstance(ratio, (int, float)) else None
        if not isinstance(figure, (int, float)) or str(row.get("unit") or "s") not in ("s", ""):
            return None
        return (figure, limit / 1000 if unit == "ms" else limit)
    return None


def judge(row: dict) -> str:
    """'yes' (within target), 'no' (over it), 'GROSS' (over GROSS x target), '-' (no target to judge by)."""
    pair = _limit(row)
    if pair is None or pair[1] <= 0:
        return "-"
    value, limit = pair
    if value <= limit:
        return "yes"
    return "GROSS" if value > GROSS * limit else "no"


def _num(value, unit: str = "") -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "-" if value is None else str(value)
    if unit == "s":
        if abs(value) < 1:
            return f"{value * 1000:.1f} ms"
        return f"{value:.2f} s"
    text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{text} {unit}".rstrip()


def table_rows(results: list[dict]) -> list[tuple[str, ...]]:
    rows = []
    for result in results:
        for row in result["rows"]:
            unit = str(row.get("unit") or "")
            baseline = _num(row.get("baseline"), unit)
            if row.get("baseline_name"):
                baseline += f" ({row['baseline_name']})"
            ratio = row.get("ratio")
            target = row.get("target")
            rows.append((str(row.get("name", result["module"])), _num(row.get("figure"), unit), baseline,
                         f"{ratio:.2f}x" if isinstance(ratio, (int, float)) else "-",
                         f"<= {target:g}x" if isinstance(target, (int, float)) else str(target or "-"),
                         judge(row)))
        if result.get("error"):
            rows.append((f"{result['module']} (crashed)", "-", "-", "-", "-", "ERROR"))
    return rows


def format_table(results: list[dict]) -> str:
    rows = [COLUMNS, *table_rows(results)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark; print a table and write it as JSON.")
    parser.add_argument("--quick", action="store_true", help=f"fewer repeats (repeat={QUICK_REPEAT}), as in CI")
    parser.add_argument("--json", dest="json_path", type=Path, default=DEFAULT_JSON,
                        help=f"where to write the results (default: {DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this module (repeatable)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child is not None:  # inside the child process: one module
        result = run_one(args.child, args.quick)
        args.child_out.write_text(json.dumps(result))
        return 0

    modules = discover()
    if args.only:
        unknown = sorted(set(args.only) - {m.stem for m in modules})
        if unknown:
            parser.error(f"no benchmark named {', '.join(unknown)} (known: {', '.join(m.stem for m in modules)})")
        modules = [m for m in modules if m.stem in args.only]
    results = []
    for path in modules:
        print(f"benchmark {path.stem} ...", file=sys.stderr, flush=True)
        result = run_in_child(path, args.quick)
        if result.get("skipped"):
            continue
        for row in result["rows"]:
            row["module"] = path.stem
            row["ok"] = judge(row)
        results.append(result)
        if result.get("error"):
            print(f"benchmark {path.stem} failed: {result['error']}", file=sys.stderr)
            if result.get("traceback"):
                print(result["traceback"].rstrip(), file=sys.stderr)

    print(format_table(results))
    gross = [r["name"] for res in results for r in res["rows"] if r["ok"] == "GROSS"]
    crashed = [res["module"] for res in results if res.get("error")]
    payload = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "quick": args.quick,
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPU",
        "gross_factor": GROSS,
        "rows": [r for res in results for r in res["rows"]],
        "modules": [{k: res.get(k) for k in ("module", "error", "seconds")} for res in results],
    }
    try:
        args.json_path.parent.mkdir(parents=True, exist_ok=True)
        args.json_path.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"written: {args.json_path}")
    except OSError as exc:
        print(f"cannot write {args.json_path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if gross:
        print(f"gross regression (ratio over {GROSS:g}x target): {', '.join(gross)}", file=sys.stderr)
    if crashed:
        print(f"benchmark(s) failed: {', '.join(crashed)}", file=sys.stderr)
    return 1 if gross or crashed else 0


if __name__ == "__main__":
    sys.exit(main())
