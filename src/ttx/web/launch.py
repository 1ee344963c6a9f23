"""`python -m ttx.web.launch --memory BYTES --parent PID -- COMMAND...`: start a served
seat's console bounded, then become it (exec).

- its address space is limited to BYTES (RLIMIT_AS, kept across exec), so a console fed
  without end fails with a MemoryError instead of taking the host's memory;
- on Linux it is killed when the server that started it dies, however that happens
  (PR_SET_PDEATHSIG, kept across exec): a console never outlives `ttx serve`, so none
  holds its session open or runs on with nobody watching. The server ends its consoles
  itself on a clean stop; this covers a `kill -9` or a crash of the server.

Only the standard library is imported here: it runs before every console starts.
"""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the server died before the line above: nobody to serve
        raise SystemExit(0)


def _bound_memory(limit: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not a POSIX system
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str]) -> None:
    try:
        split = argv.index("--")
        options, command = argv[:split], argv[split + 1:]
        values = dict(zip(options[::2], options[1::2]))
        memory, parent = int(values["--memory"]), int(values["--parent"])
    except (ValueError, KeyError):
        raise SystemExit("usage: python -m ttx.web.launch --memory BYTES --parent PID -- COMMAND...") from None
    if not command:
        raise SystemExit("ttx.web.launch: no command")
    _die_with(parent)
    _bound_memory(memory)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
