"""Benchmark: time to the facilitator console's first real frame.

Launches `ttx run <largest built-in scenario>` as a process in a pseudo-terminal
(160x50) and times it until the first inject of move 1 is drawn in the MSEL
(the real console, not a splash screen); the baseline is a minimal Textual
app (Header, one Static, Footer) launched and timed the same way, in the same
run. Prints both medians and their ratio. Target: ratio <= 1.25.

    .venv/bin/python benchmarks/tui_startup.py [--repeat N]

`run()` returns rows {name, figure, baseline, ratio, target, unit} for benchmarks/run.py.
"""

from __future__ import annotations

import fcntl
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


def largest_builtin() -> tuple[str, str]:
    """(scenario path, marker): the built-in scenario with the most injects and its first inject id."""
    from ttx.scenario.load import check_scenario
    from ttx.workspace import Workspace, builtin_root

    ws = Workspace(builtin_root(), builtin=True)
    best = None
    for path in ws.scenario_paths():
        scenario = check_scenario(path, ws.injects_dir).scenario
        if scenario is None:
            continue
        count = len(scenario.inject_by_id)
        if best is None or count > best[0]:
            best = (count, str(path), scenario.moves[0].injects[0].id)
    assert best is not None, "no valid built-in scenario"
    return best[1], best[2]


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
    scenario, marker = largest_builtin()
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        base_argv = [sys.executable, str(minimal)]
        ttx = str(BIN / "ttx")

        def console(i: int) -> list[str]:
            return [ttx, "run", scenario, "--session", str(Path(tmp) / f"bench-{i}.ttx")]

        # warm the OS file cache and .pyc files for both, then alternate
        time_to(base_argv, "MINIMAL-READY", cwd=tmp)
        time_to(console(-1), marker, cwd=tmp)
        base, ours = [], []
        for i in range(repeat):
            base.append(time_to(base_argv, "MINIMAL-READY", cwd=tmp))
            ours.append(time_to(console(i), marker, cwd=tmp))
    return [median_row(f"tui: `ttx run {Path(scenario).stem}` to first MSEL frame vs a minimal Textual app",
                       statistics.median(ours), statistics.median(base),
                       "minimal Textual app (Header, Static, Footer) first frame", 1.25)]


def main() -> None:
    bench_main(run, 7, lambda row: (
        f"{row['name']}: {row['figure'] * 1000:.0f} ms; baseline {row['baseline'] * 1000:.0f} ms; "
        f"ratio {row['ratio']:.2f}x (target <= {row['target']}x)"))


if __name__ == "__main__":
    main()
