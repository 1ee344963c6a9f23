"""The installed `ttx run` in a real terminal (tmux): what a facilitator sees
and types, keys through a pty, the screen read back with capture-pane."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or shutil.which("ttx") or "ttx"
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    def __init__(self, command: str, cwd: Path, size: tuple[int, int]) -> None:
        self.socket = f"ttx-test-{uuid.uuid4().hex[:8]}"  # a private tmux server: never the user's
        # -f /dev/null: none of the machine's tmux settings; a fixed size, as a projector would have
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", str(size[0]), "-y", str(size[1]),
                  "-c", str(cwd), command)

    def tmux(self, *args: str) -> str:
        # Textual takes COLUMNS/LINES over the terminal's real size: a test runner may set them.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        return subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True,
                              timeout=30, env=env).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
def test_a_facilitator_starts_a_move_and_calls_a_real_world_stop_in_a_real_terminal(tmp_path, size):
    subprocess.run([TTX, "init", str(tmp_path / "ws")], check=True, capture_output=True, timeout=60)
    session = tmp_path / "live.ttx"
    term = Terminal(f"{TTX} run dprk-missile-warning --session {session}; sleep 30", tmp_path / "ws", size)
    try:
        term.wait_for("MSEL Move 1")
        screen = term.wait_for("NOT STARTED")  # the clock waits for the first move
        assert screen.count("UNCLASSIFIED // FOR EXERCISE USE ONLY") == 2
        assert max(len(line) for line in screen.splitlines()) >= size[0] - 2  # drawn at the terminal's width
        assert "Exercise clock" in screen  # a long title never pushes the clock out of the header
        term.keys("m")
        term.wait_for("Start Move 1")
        term.keys("Enter")
        term.wait_for("RUNNING")
        term.keys("!")
        assert "This is a real-world emergency" in term.wait_for("REAL-WORLD STOP")
        term.keys("p")
        term.wait_for("RUNNING")
        term.keys("C-q")
        term.wait_for("ttx run --resume")  # on exit it says how to carry on
    finally:
        term.close()
    log = subprocess.run([TTX, "log", str(session), "--jsonl"], capture_output=True, text=True, timeout=60)
    types = [json.loads(line)["type"] for line in log.stdout.splitlines()]
    assert types[:1] == ["session_started"]
    assert {"move_started", "real_world_stop", "clock_resumed", "session_closed"} <= set(types)
    assert types.index("real_world_stop") < len(types) - 1 - types[::-1].index("clock_resumed")
