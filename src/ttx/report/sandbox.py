"""The child process that renders a user template (see `ttx.report.templates`).

Reads (template name, context, folders, memory, seconds, output cap) pickled
on standard input, from the parent ttx process only, caps its own address space
and CPU time, renders in Jinja2's immutable sandbox and writes the text to
standard output; on failure it writes one line to standard error and exits 2.
"""

from __future__ import annotations

import pickle
import resource
import sys


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, hard))


def main() -> int:
    name, ctx, dirs, memory, seconds, cap = pickle.loads(sys.stdin.buffer.read())
    try:
        _limit(resource.RLIMIT_AS, memory)
        _limit(resource.RLIMIT_CPU, int(seconds) + 1)
        from ttx.report.templates import render_here

        text = render_here(name, ctx, dirs, sandboxed=True).encode("utf-8")
        if len(text) > cap:
            raise OverflowError(f"{name}: the template wrote more than {cap >> 20} MB; stopped")
    except MemoryError:
        print(f"{name}: the template ran out of memory (limit {memory >> 20} MB); stopped", file=sys.stderr)
        return 2
    except Exception as exc:  # ReportError and the output cap carry their own message
        print(str(exc) or f"{name}: template error: {type(exc).__name__}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
