"""Reading the files people point ttx at: regular files only, never without bound.

A named pipe (FIFO) would block the read until someone writes to it, and
`/dev/zero` (or a link to it) never ends; a folder named `x.yaml` is not a
file at all. So a file is opened without blocking, checked to be a regular
file on the very descriptor that is read (no window for a swap), and read
to at most its limit plus one byte: enough to tell that it is too big.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024  # scenarios, libraries, scripts, sheets: far above any real one

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
          (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


class FileReadError(OSError):
    """A file that cannot be read as one: str(e) says why, without the path."""


class TooBig(FileReadError):
    """A regular file over the limit."""


def kind(mode: int) -> str:
    """What a non-regular file is, in words ("a folder", "a named pipe (FIFO)", ...)."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def not_a_file(path: Path) -> str | None:
    """None if `path` is a regular file (or a link to one), else what it is: "no such file",
    "a folder", "a named pipe (FIFO)", ... (without opening it)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return exc.strerror or str(exc)
    return None if stat.S_ISREG(mode) else kind(mode)


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file `path`, at most `limit`; FileReadError saying what it is
    otherwise ("is a folder, not a regular file", TooBig "file is 12.0 MB; the limit is 10 MiB", ...)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FileReadError("no such file") from None
    except IsADirectoryError:
        raise FileReadError("is a folder, not a regular file") from None
    except OSError as exc:
        raise FileReadError(f"cannot read it ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if not stat.S_ISREG(mode):
            raise FileReadError(f"is {kind(mode)}, not a regular file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except FileReadError:
        raise
    except OSError as exc:
        raise FileReadError(f"cannot read it ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if size > limit:
        raise TooBig(too_big(max(size, info.st_size), limit))
    return b"".join(chunks)


def too_big(size: int, limit: int = MAX_BYTES) -> str:
    return f"file is {size / 1e6:.1f} MB; the limit is {limit / 2**20:g} MiB"
