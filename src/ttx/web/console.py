"""One browser connection's console process, spoken to in Textual's web-driver protocol.

This is what textual-serve's `AppService` does (the `__GANGLION__` prelude, then
packets: a type byte, a 4-byte big-endian length, the payload: `D` screen or key
bytes, `M` JSON meta), with the bounds a server facing browsers needs, which
AppService lacks (its stop waits for ever on a console that does not quit):

- the process is started without a shell, in a session (process group) of its own,
  through `ttx.web.launch`: memory bounded, and killed if the server dies;
- `stop()` always ends it within a few seconds: the console is asked to quit (it
  saves and closes its session), then sent SIGTERM, then SIGKILL, each after a
  grace period, to its whole process group;
- what the console writes to stderr is kept, its last bytes only, for one log line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from importlib.metadata import version
from typing import Awaitable, Callable

QUIT_GRACE_S = 3.0     # asked to quit: a console closes its session in well under a second
TERM_GRACE_S = 2.0     # after SIGTERM, before SIGKILL
MEMORY_BYTES = 1 << 30  # a console's address space; one uses about 200 MB at its peak
_STDERR_KEPT = 4096
_PRELUDE = b"__GANGLION__\n"


def environment(width: int, height: int) -> dict[str, str]:
    """The environment a console needs to draw for the browser (as textual-serve sets it)."""
    return {
        **os.environ,
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version("textual-serve"),
        "COLUMNS": str(width),
        "ROWS": str(height),
    }


def _packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


class ConsoleProcess:
    """`argv` run for one browser: its screen goes to `write_bytes`; `close` is called
    when the console ends by itself."""

    def __init__(self, argv: list[str], *, write_bytes: Callable[[bytes], Awaitable[None]],
                 close: Callable[[], Awaitable[object]], memory: int = MEMORY_BYTES) -> None:
        self.argv = argv
        self.memory = memory
        self._write_bytes = write_bytes
        self._close = close
        self.process: asyncio.subprocess.Process | None = None
        self._stdin: asyncio.StreamWriter | None = None
        self._tasks: list[asyncio.Task] = []
        self._stderr = bytearray()
        self._started: asyncio.Future[None] | None = None
        self._stopping: asyncio.Future[str] | None = None

    async def start(self, width: int, height: int) -> None:
        """Start the process (not if a stop came first: the server is stopping)."""
        if self._stopping is None and self._started is None:
            self._started = asyncio.ensure_future(self._spawn(width, height))
        if self._started is not None:
            await self._started

    async def _spawn(self, width: int, height: int) -> None:
        launch = [sys.executable, "-m", "ttx.web.launch", "--memory", str(self.memory),
                  "--parent", str(os.getpid()), "--", *self.argv]
        process = await asyncio.create_subprocess_exec(
            *launch, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE, env=environment(width, height), start_new_session=True)
        assert process.stdin and process.stdout and process.stderr  # all three are pipes
        self.process, self._stdin = process, process.stdin
        self._tasks = [asyncio.create_task(self._screen(process.stdout)),
                       asyncio.create_task(self._errors(process.stderr))]

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    @property
    def last_error(self) -> str:
        """The last line the console wrote to stderr ('' if none)."""
        lines = bytes(self._stderr).decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    async def _screen(self, stdout: asyncio.StreamReader) -> None:
        """Console -> browser: the screen's bytes; the console's own exit closes the socket."""
        try:
            for _ in range(10):  # a few lines may come before the prelude
                if await stdout.readline() == _PRELUDE:
                    break
            else:
                return
            while True:
                kind = await stdout.readexactly(1)
                payload = await stdout.readexactly(int.from_bytes(await stdout.readexactly(4), "big"))
                if kind == b"D":
                    await self._write_bytes(payload)
                elif kind == b"M" and json.loads(payload).get("type") == "exit":
                    break
                # "P" packets carry file deliveries: no console delivers files
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, AttributeError):  # its end, or garbage
            pass
        finally:
            with contextlib.suppress(Exception):
                await self._close()

    async def _errors(self, stderr: asyncio.StreamReader) -> None:
        while chunk := await stderr.read(4096):
            self._stderr += chunk
            del self._stderr[:-_STDERR_KEPT]

    async def _send(self, packet: bytes) -> bool:
        stdin = self._stdin
        if not self.running or stdin is None or stdin.is_closing():
            return False
        try:
            stdin.write(packet)
            await stdin.drain()
        except (ConnectionError, RuntimeError):
            return False
        return True

    async def send_keys(self, data: bytes) -> bool:
        return await self._send(_packet(b"D", data))

    async def send_meta(self, meta: dict[str, object]) -> bool:
        return await self._send(_packet(b"M", json.dumps(meta).encode()))

    async def stop(self) -> str:
        """End the console, within QUIT_GRACE_S + TERM_GRACE_S and a moment: how it ended
        ("quit", "terminated", "killed", or "ended" if it had already). Its browser leaving
        and the server stopping may both ask: it is ended once, and a caller cancelled
        meanwhile does not leave it half-ended."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._end())
        return await asyncio.shield(self._stopping)

    async def _end(self) -> str:
        if self._started is not None:  # a stop while the process starts ends it once it has
            with contextlib.suppress(Exception):
                await asyncio.shield(self._started)
        process, stdin = self.process, self._stdin
        if process is None or stdin is None:
            return "ended"
        how = "ended"
        if self.running:
            how = "quit"
            with contextlib.suppress(asyncio.TimeoutError):  # a stdin full of keys must not hold us
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_GRACE_S)
            for signum, grace, name in ((None, QUIT_GRACE_S, "quit"), (signal.SIGTERM, TERM_GRACE_S, "terminated"),
                                        (signal.SIGKILL, None, "killed")):
                if signum is not None:
                    how = name
                    self._signal(signum)
                try:
                    await asyncio.wait_for(process.wait(), grace)
                    break
                except asyncio.TimeoutError:
                    continue
        self._signal(signal.SIGKILL)  # whatever it started in its group goes with it
        stdin.close()
        # its pipes end with it: read to their end, so the transport closes (a moment at most)
        done, pending = await asyncio.wait(self._tasks, timeout=TERM_GRACE_S)
        for task in pending:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        return how

    def _signal(self, signum: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signum)
