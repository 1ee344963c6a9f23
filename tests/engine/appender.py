"""Worker processes for the crash and concurrency tests (run as scripts, not collected).

    appender.py forkserver SESSION   read "go" lines; fork a child that appends until killed
    appender.py race SESSION         release every inject it can and add notes, then try to move on

Every acknowledged seq is written to stdout with os.write (no buffering in
this process) only after the Session call returned.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ttx.engine.errors import CommandError
from ttx.engine.session import Session


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def append_forever(path: Path) -> None:
    session = Session.open(path)
    say(f"ready {os.getpid()}")
    if not session.state.running:  # the last child was killed between pause and resume
        say(f"ack {session.resume().seq}")
    i = 0
    while True:
        i += 1
        if i % 7 == 0:
            events = [session.pause(), session.resume()]
        elif i % 11 == 0:
            events = [session.set_speed(1 + i % 5)]
        else:
            events = [session.add_note(f"note {os.getpid()}-{i}")]
        for event in events:
            say(f"ack {event.seq}")


def forkserver(path: Path) -> None:
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                append_forever(path)
            finally:
                os._exit(0)
        say(f"pid {pid}")
        os.waitpid(pid, 0)
        say(f"dead {pid}")


def race(path: Path) -> None:
    session = Session.open(path)
    say("ready")
    sys.stdin.readline()  # the start gun
    injects = [i.id for i in session.scenario.moves[0].injects]
    for n, inject in enumerate(injects):
        try:
            event = session.release(inject)
            say(f"ack {event.seq} released {inject}")
        except CommandError:
            say(f"refused {inject}")
        event = session.add_note(f"note {os.getpid()} {n}")
        say(f"ack {event.seq}")
    try:
        for event in session.start_move("M2"):
            say(f"ack {event.seq} {event.type}")
    except CommandError:
        say("refused M2")
    session.close()
    say("done")


if __name__ == "__main__":
    {"forkserver": forkserver, "race": race}[sys.argv[1]](Path(sys.argv[2]))
