"""The engine's user-facing errors: str(e) is a message fit to print."""

from __future__ import annotations


class CommandError(Exception):
    """A command the state does not allow (a second release, a decision on an
    inject not released, an option or cell that does not belong, ...)."""


class SessionFileError(Exception):
    """A session file that cannot be used: missing, unreadable, corrupted,
    written by a newer ttx, or a disk that refuses the write."""
