"""Benchmark: time to the facilitator console's first real frame.

Launches `ttx run <largest built-in scenario>` as a process in a pseudo-terminal
(160x50) and times it until the first inject of move 1 is drawn in the MSEL
(the real console, not a splash screen); the baseline is a minimal Textual
app (Header, one Static, Footer) launched and timed the same way, in the same
run. Prints both medians and their ratio. Target: ratio <= 1.25.

A third app splits the gap: a pure-Textual replica of the console's screen
(the same widget tree, stylesheet, footer keys and MSEL rows, no ttx code).
Its ratio to the minimal app is what Textual itself charges for drawing the
console; ours over the replica is what ttx adds (loading and validating the
scenario, creating the session, the engine and the console's code).

    .venv/bin/python benchmarks/tui_startup.py [--repeat N]

`run()` returns rows {name, figure, baseline, ratio, target, unit} for benchmarks/run.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _tui_common import main as bench_main  # noqa: E402
from _tui_common import median_row  # noqa: E402

BIN = Path(sys.executable).parent
ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")

MINIMAL_APP = '''
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    BINDINGS = [("q", "quit", "Quit")]
    def compose(self):
        yield Header()
        yield Static("MINIMAL-READY")
        yield Footer()

Minimal().run()
'''

# The console's screen in plain Textual: the layout of ttx/tui/app.py, its
# stylesheet, its keys (those the footer shows, shown), and the first move's
# rows (all passed as JSON).
REPLICA_APP = '''
import json, sys
from textual.app import App
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Static

spec = json.loads(sys.argv[1])

class Replica(App):
    CSS_PATH = spec["css"]
    BINDINGS = [Binding(",".join(keys), "noop", label, show=shown) for keys, label, shown in spec["keys"]]
    def compose(self):
        yield Static(spec["banner"], id="banner-top")
        yield Static(spec["title"] + "\\nNot started", id="clock")
        yield Static("", id="alert")
        yield Static("", id="halt")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static("MSEL", id="msel-title")
                yield DataTable(id="msel", cursor_type="row")
            with Vertical(id="right"):
                with VerticalScroll(id="detail"):
                    for line in spec["detail"]:
                        yield Static(line)
                yield Static("\\n".join(spec["cells"]), id="decisions")
        yield Footer(compact=True)
        yield Static(spec["banner"], id="banner-bottom")
    def on_mount(self):
        table = self.query_one(DataTable)
        for label, width in spec["columns"]:
            table.add_column(label, width=width)
        for row in spec["rows"]:
            table.add_row(*row)

Replica().run()
'''


def largest_builtin() -> tuple[str, str, dict[str, Any]]:
    """(scenario path, marker, replica spec): the built-in scenario with the most
    injects, its first inject id, and what the replica draws of it."""
    from ttx.scenario.load import check_scenario
    from ttx.tui import app as tui_app
    from ttx.tui.bindings import ACTS
    from ttx.tui.widgets.msel import COLUMNS
    from ttx.workspace import Workspace, builtin_root

    ws = Workspace(builtin_root(), builtin=True)
    best = None
    for path in ws.scenario_paths():
        scenario = check_scenario(path, ws.injects_dir).scenario
        if scenario is None:
            continue
        count = len(scenario.inject_by_id)
        if best is None or count > best[0]:
            best = (count, str(path), scenario)
    assert best is not None, "no valid built-in scenario"
    scenario = best[2]
    first = scenario.moves[0].schedule[0]
    spec = {
        "css": str(Path(tui_app.__file__).with_name("app.tcss")),
        "keys": [(act.keys, act.description, act.footer) for act in ACTS],
        "banner": scenario.classification,
        "title": scenario.title,
        "columns": [(label, width) for _, label, width in COLUMNS],
        "rows": [(str(i.at), f"{i.id} {i.title}", "pending", "", ", ".join(scenario.recipients(i)), i.channel)
                 for i in scenario.moves[0].schedule],
        "detail": [scenario.releasability(first), f"{first.id}  {first.title}", first.body],
        "cells": [f"{cell}  waiting" for cell in scenario.player_cells],
    }
    return best[1], first.id, spec


def time_to(argv: list[str], marker: str, *, cwd: str, timeout: float = 30.0) -> float:
    """Seconds from spawn until `marker` appears on the (ANSI-stripped) terminal output."""
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.chdir(cwd)
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("TEXTUAL", None)
        os.execv(argv[0], argv)
    start = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 160, 0, 0))
    needle = marker.encode()
    raw = b""
    try:
        while True:
            elapsed = time.perf_counter() - start
            if elapsed > timeout:
                raise TimeoutError(f"{argv[1:]} drew no {marker!r} within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise RuntimeError(f"{argv[1:]} exited before drawing {marker!r}: {ANSI.sub(b'', raw)[-400:]!r}")
            if not chunk:
                raise RuntimeError(f"{argv[1:]} exited before drawing {marker!r}")
            raw += chunk
            if needle in ANSI.sub(b"", raw):
                return time.perf_counter() - start
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def run(repeat: int = 7) -> list[dict[str, Any]]:
    scenario, marker, spec = largest_builtin()
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        replica = Path(tmp) / "replica_app.py"
        replica.write_text(REPLICA_APP)
        base_argv = [sys.executable, str(minimal)]
        replica_argv = [sys.executable, str(replica), json.dumps(spec)]
        ttx = str(BIN / "ttx")

        def console(i: int) -> list[str]:
            return [ttx, "run", scenario, "--session", str(Path(tmp) / f"bench-{i}.ttx")]

        # warm the OS file cache and .pyc files for all three, then alternate
        time_to(base_argv, "MINIMAL-READY", cwd=tmp)
        time_to(replica_argv, marker, cwd=tmp)
        time_to(console(-1), marker, cwd=tmp)
        base, same_tree, ours = [], [], []
        for i in range(repeat):
            base.append(time_to(base_argv, "MINIMAL-READY", cwd=tmp))
            same_tree.append(time_to(replica_argv, marker, cwd=tmp))
            ours.append(time_to(console(i), marker, cwd=tmp))
    name = Path(scenario).stem
    ours_s, base_s, tree_s = statistics.median(ours), statistics.median(base), statistics.median(same_tree)
    return [
        median_row(f"tui: `ttx run {name}` to first MSEL frame vs a minimal Textual app",
                   ours_s, base_s, "minimal Textual app (Header, Static, Footer) first frame", 1.25),
        median_row("tui: the console's screen in plain Textual (no ttx code) vs a minimal Textual app",
                   tree_s, base_s, "minimal Textual app (Header, Static, Footer) first frame", None),
        median_row(f"tui: `ttx run {name}` vs the console's screen in plain Textual",
                   ours_s, tree_s, "pure-Textual replica of the console's screen, first frame", None),
    ]


def main() -> None:
    bench_main(run, 7, lambda row: (
        f"{row['name']}: {row['figure'] * 1000:.0f} ms; baseline {row['baseline'] * 1000:.0f} ms; "
        f"ratio {row['ratio']:.2f}x" + (f" (target <= {row['target']}x)" if row["target"] else "")))


if __name__ == "__main__":
    main()
