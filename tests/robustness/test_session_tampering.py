"""Session files cut short, forged or never finished (issue 14, items 7, 8 and 15): the last
events deleted are detected on open; forged events with a recomputed checksum get the same
clean message from `ttx log` as from the report and the consoles; a create that fails on a
full disk leaves no file behind to block the name."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.cases import HANG_GUARD_S, ended_session, make_workspace
from ttx.engine.store import _link

TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or "ttx"


def ttx(*args: str, cwd: Path, fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    done = subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S,
                          stdin=subprocess.DEVNULL, preexec_fn=limit if fsize is not None else None,
                          env={**os.environ, "TERM": "dumb"})
    assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
    return done


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def ended(ws: Path) -> Path:
    return ended_session(ws, "ended.ttx", [f"note {i}" for i in range(5)])


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()


READERS = [("log",), ("log", "--jsonl"), ("report", "-o", "-"), ("run", "--resume"), ("evaluate",)]


def refused(ws: Path, path: Path, command: tuple[str, ...], expected: str) -> None:
    if command[0] in ("run", "evaluate"):
        argv = [*command, str(path)]
    else:
        argv = [command[0], str(path), *command[1:]]
    done = ttx(*argv, cwd=ws)
    assert done.returncode == 2, (argv, done.stdout[-500:], done.stderr[-500:])
    assert expected in done.stderr, done.stderr
    assert "\x1b[?1049h" not in done.stdout, "a console started on it"


# ---- item 7: the last events deleted --------------------------------------------------------------


@pytest.mark.parametrize("cut", [1, 3, "all"])
@pytest.mark.parametrize("command", READERS)
def test_deleted_last_events_are_detected_on_open(ws, ended, cut, command):
    where = "" if cut == "all" else f" WHERE seq > (SELECT max(seq) - {cut} FROM events)"
    sql(ended, f"DELETE FROM events{where}")
    refused(ws, ended, command, "its last events are missing")


def test_sessions_no_longer_calls_a_cut_session_resumable(ws, ended):
    sql(ended, "DELETE FROM events WHERE type = 'session_ended' OR seq > (SELECT max(seq) - 2 FROM events)")
    done = ttx("sessions", cwd=ws)
    assert "resumable" not in done.stdout
    assert "its last events are missing" in done.stdout


def test_a_whole_session_still_reads(ws, ended):
    done = ttx("log", str(ended), cwd=ws)
    assert done.returncode == 0 and "session_ended" in done.stdout
    assert "ended" in ttx("sessions", cwd=ws).stdout


# ---- item 15: forged events with a recomputed checksum --------------------------------------------

FORGERIES = {
    "data-a-list": ("note_added", 60.0, "[1, 2, 3]", "its data is not a JSON object"),
    "data-a-string": ("note_added", 60.0, '"text"', "its data is not a JSON object"),
    "clock-infinite": ("note_added", float("inf"), '{"text": "x"}', "is not a number of seconds"),
    "clock-text": ("note_added", "soon", '{"text": "x"}', "is not a number of seconds"),
    "type-a-blob": (b"note_added", 60.0, '{"text": "x"}', "its type is not text"),
    "data-not-json": ("note_added", 60.0, "{oops", "damaged event record"),
}


def forge(path: Path, type_: object, clock: object, data: str, *, wall: str | None = None) -> None:
    """Append an event as a forger would: the checksum chain and the record of the last
    event recomputed, so only the event's shape can give it away."""
    conn = sqlite3.connect(path)
    seq, last_wall, crc = conn.execute("SELECT seq, wall, crc FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    wall = wall or last_wall
    new = _link(crc, seq + 1, type_, wall, clock, data)
    with conn:
        conn.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", (seq + 1, type_, wall, clock, data, new))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('tip', ?)", (f"{seq + 1} {new}",))
    conn.close()


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
@pytest.mark.parametrize("command", READERS)
def test_forged_events_get_a_clean_message(ws, ended, forgery, command):
    type_, clock, data, expected = FORGERIES[forgery]
    forge(ended, type_, clock, data)
    refused(ws, ended, command, expected)


def test_a_forged_wall_time_without_a_zone_gets_a_clean_message(ws, ended):
    forge(ended, "note_added", 60.0, '{"text": "x"}', wall="2027-01-01T00:00:00")
    for command in READERS:
        refused(ws, ended, command, "its wall time has no time zone")


# ---- item 8: a full disk at create ---------------------------------------------------------------


@pytest.mark.parametrize("fsize", [0, 1, 100, 1024])
@pytest.mark.parametrize("command", ["rehearse", "run"])
def test_a_failed_create_leaves_no_file_to_block_the_name(ws, command, fsize):
    done = ttx(command, "demo", "--session", "sessions/full.ttx", cwd=ws, fsize=fsize)
    assert done.returncode == 2, done.stderr
    assert "disk is full" in done.stderr or "cannot write" in done.stderr, done.stderr
    assert sorted(p.name for p in (ws / "sessions").iterdir()) == []
    again = ttx("rehearse", "demo", "--session", "sessions/full.ttx", cwd=ws)
    assert again.returncode == 0, again.stderr
