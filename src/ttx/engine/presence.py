"""Who has a session open: a shared flock on `<session>-lock` while a console has it.

It tells a console opening a session whether anyone kept the exercise clock
running (if not, the downtime is not exercise time: see Session.open), and
`ttx sessions` whether a session is live.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:  # POSIX advisory locks tell whether another console has the session open
    import fcntl
except ImportError:  # pragma: no cover - Windows: every open counts as a resume
    fcntl = None  # type: ignore[assignment]


class Presence:
    """A shared flock on `<session>-lock` held while a console has the session open.
    Whoever can take it exclusively is alone: nobody kept the clock running.

    The last console to leave removes the file: on close it takes the lock
    exclusively (without waiting) and unlinks it only if it got it. A console
    opening meanwhile may hold the old, unlinked file: once its lock is taken it
    checks that the path still names that file, and starts over if not, so two
    consoles never hold locks on two different files."""

    def __init__(self, path: Path) -> None:
        self.path = Path(str(path) + "-lock")
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Hold the shared lock; True if no other process held it (a resume)."""
        if fcntl is None:
            return True
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            except OSError:
                return True  # a read-only folder: treat as alone
            alone = True
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                alone = False
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False  # unlinked by a console that left
            if same:
                self.fd = fd
                return alone
            os.close(fd)

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # another console still has the session open: the file stays
        else:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        finally:
            os.close(fd)  # closing drops the flock

    @staticmethod
    def held_by_someone(path: Path) -> bool:
        """Is a console holding this session open right now?"""
        if fcntl is None:
            return False
        lock = Path(str(path) + "-lock")
        if not lock.exists():
            return False
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return False
        except OSError:
            return True
        finally:
            os.close(fd)
