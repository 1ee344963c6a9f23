"""Nothing acknowledged is ever lost: a command returns only once its events are on disk.

The crash test kills -9 a process appending through Session 60 times (a
third at a random moment from its start, the rest once it has acknowledged a
random 1 to 30 events, so most die mid-append however slow the machine is)
and checks that every seq it acknowledged is in the file and that the file
is intact. The appender prints a seq only after
the call returned, straight to the pipe, so this proves ttx buffers nothing;
SQLite's synchronous=FULL (asserted too) covers power loss.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from ttx.engine import events as ev
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus, fold
from ttx.engine.store import Store
from ttx.scenario.model import Scenario

APPENDER = Path(__file__).with_name("appender.py")
KILLS = 60


def _check_file(path: Path) -> list:
    store = Store.open(path, readonly=True)
    try:
        assert store.integrity_check() == "ok"
        events = store.read_since(0)
    finally:
        store.close()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    return events


def test_kill_minus_nine_loses_no_acknowledged_event(scenario, tmp_path):
    path = tmp_path / "crash.ttx"
    with Session.create(scenario, path) as session:
        assert session.store.pragma("synchronous") == 2  # FULL: committed means on disk
        assert session.store.pragma("journal_mode") == "wal"
        session.start_move()
    server = subprocess.Popen([sys.executable, str(APPENDER), "forkserver", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    rng = random.Random(20270412)
    acked: set[int] = set()

    def read_line() -> str:
        line = server.stdout.readline()
        assert line, "fork server died"
        if line.startswith("ack "):
            acked.add(int(line.split()[1]))
        return line

    try:
        for n in range(KILLS):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = None
            while pid is None:
                line = read_line()
                if line.startswith("pid "):
                    pid = int(line.split()[1])
            # One kill in three at a random moment from the fork on (often inside
            # Session.open); the others once the child has acknowledged 1 to 30 events
            # of its own, so that it dies mid-append however slow the machine is.
            wait_for = 0 if n % 3 == 0 else rng.randint(1, 30)
            own = 0
            while own < wait_for:
                own += read_line().startswith("ack ")
            time.sleep(rng.uniform(0, 0.05 if wait_for == 0 else 0.005))
            os.kill(pid, signal.SIGKILL)
            while read_line() != f"dead {pid}\n":
                pass
    finally:
        server.stdin.close()
        server.wait(timeout=10)
    events = _check_file(path)
    present = {e.seq for e in events}
    assert acked <= present, f"lost acknowledged events: {sorted(acked - present)[:10]}"
    assert len(acked) > KILLS
    # still a working session: reopen, replay, carry on
    with Session.open(path) as again:
        assert again.state == fold(again.scenario, again.events)
        assert again.events[-1].type == ev.SESSION_OPENED and again.events[-1].data["resumed"] is True
        again.add_note("after the storm")


def _race_scenario(n: int = 30) -> Scenario:
    return Scenario.model_validate({
        "ttx": 1, "id": "race", "title": "Race", "cells": [{"id": "USA"}, {"id": "JPN"}],
        "moves": [{"id": "M1", "injects": [{"id": f"I{k:02d}", "at": 600, "title": f"inject {k}"} for k in range(n)]},
                  {"id": "M2"}, {"id": "M3"}],
    })


def test_two_processes_append_at_once_without_loss_or_double_release(tmp_path):
    path = tmp_path / "race.ttx"
    with Session.create(_race_scenario(), path) as session:
        session.start_move()
    procs = [subprocess.Popen([sys.executable, str(APPENDER), "race", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:  # fire both at once
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    acked = [int(line.split()[1]) for out in outputs for line in out.splitlines() if line.startswith("ack ")]
    assert len(acked) == len(set(acked)), "two processes were acknowledged the same seq"
    events = _check_file(path)
    assert set(acked) <= {e.seq for e in events}
    released = [e.data["inject"] for e in events if e.type == ev.INJECT_RELEASED]
    assert sorted(released) == [f"I{k:02d}" for k in range(30)]  # each exactly once
    won = [line.split()[-1] for out in outputs for line in out.splitlines() if " released " in line]
    assert sorted(won) == sorted(released)
    assert [e.data["move"] for e in events if e.type == ev.MOVE_STARTED] == ["M1", "M2"]  # one moved on
    state = fold(_race_scenario(), events)
    assert all(s is InjectStatus.RELEASED for s in state.status.values())
    assert sum(1 for e in events if e.type == ev.NOTE_ADDED) == 60
