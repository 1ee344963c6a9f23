"""The session folder holds session files only: the presence lock goes with the last
console, a read-only reader leaves no -wal/-shm, and two consoles still see each other."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from ttx.cli import main
from ttx.engine.presence import Presence
from ttx.engine.session import Session
from ttx.engine.sessionfile import session_status
from ttx.engine.store import read_session


def _folder(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_the_last_console_to_close_removes_the_lock(session, vt):
    lock = Path(f"{session.path}-lock")
    session.start_move()
    cell = Session.open(session.path, now=vt)
    assert lock.exists() and session_status(session.path)["status"] == "live"
    session.close()  # the cell console is still there: the lock stays, and holds
    assert lock.exists() and Presence.held_by_someone(cell.path)
    vt.advance(60)
    assert cell.clock() == 60
    cell.close()
    assert _folder(session.path) == [session.path.name]
    assert session_status(session.path)["status"] == "stopped (resumable)"
    again = Session.open(session.path, now=vt)  # alone: a resume
    assert again.events[-1].data == {"resumed": True}
    again.close()
    assert _folder(session.path) == [session.path.name]


def test_a_console_holding_an_unlinked_lock_starts_over(session, vt):
    """A console opening while the last one leaves may have opened the lock file just
    before it was unlinked: it must not lock a file nobody else can see."""
    lock = Path(f"{session.path}-lock")
    late = Presence(session.path)
    stale = os.open(lock, os.O_RDWR)  # opened, not yet locked ...
    session.close()  # ... when the last console leaves and unlinks it
    assert not lock.exists()
    real_open = os.open
    handed = []

    def open_once_stale(path, *args, **kwargs):  # the late console's first open got the old file
        if not handed and Path(path) == lock:
            handed.append(stale)
            return stale
        return real_open(path, *args, **kwargs)

    os.open = open_once_stale
    try:
        assert late.acquire() is True
    finally:
        os.open = real_open
    assert late.fd != stale and lock.exists()
    assert Presence.held_by_someone(session.path)  # seen by everyone through the path
    newcomer = Presence(session.path)
    assert newcomer.acquire() is False  # not alone: the late console is there
    newcomer.release()
    late.release()
    assert not lock.exists()


def test_a_readonly_reader_leaves_no_wal_or_shm(session, vt, scenario):
    session.start_move()
    session.end()
    session.close()
    path = session.path
    assert _folder(path) == [path.name]
    meta, events = read_session(path)  # `ttx log`, `ttx sessions`
    assert events[-1].type == "session_ended"
    Session.open(path, readonly=True).close()  # `ttx report`
    assert session_status(path)["status"] == "ended"
    assert _folder(path) == [path.name]


def test_a_readonly_reader_of_a_live_session_sees_it_and_leaves_it_alone(session, vt):
    session.start_move()
    reader = Session.open(session.path, readonly=True)
    assert reader.state == session.state
    reader.close()
    session.release("A")  # the live console goes on writing
    session.close()
    assert _folder(session.path) == [session.path.name]


def test_sessions_lists_only_session_files(session, vt, tmp_path):
    session.start_move()  # open: its -lock, -wal and -shm are beside it
    (tmp_path / "notes.txt").write_text("not a session")
    result = CliRunner().invoke(main, ["sessions", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()[1:]
    assert [line.split()[0] for line in lines] == [session.path.name]
    assert "live" in lines[0]
