"""`ttx serve` against browsers that misbehave (issue 14 items 3, 13, 14; issue 13's
"Remote seats"): a seat's console ends within seconds of its browser leaving, even one
that ignores quit and SIGTERM and spins; stopping the server (SIGINT, SIGTERM, even
kill -9) ends every console; a seat holds at most MAX_CONSOLES_PER_SEAT; input is capped
per message and per second; a console's memory is bounded; `/static/%00` is an empty
404; errors are logged one line each, never with a token.

Every wait polls for what it asserts, with a generous deadline."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from tests.seats.conftest import free_port, serving, session_path  # noqa: F401 (a fixture)
from ttx.engine.presence import Presence
from ttx.web import console as console_module
from ttx.web import server
from ttx.web.logs import OneLine, scrub
from ttx.web.server import MAX_CONSOLES_PER_SEAT, Seat, make_app

DEADLINE_S = 60.0  # generous: what is asserted is that it happens, not how fast
BOUND_S = console_module.QUIT_GRACE_S + console_module.TERM_GRACE_S


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent's wait is missing


def until(condition: Callable[[], bool], seconds: float = DEADLINE_S) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


async def until_async(condition: Callable[[], bool], seconds: float = DEADLINE_S) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
    return condition()


# A console that does everything wrong: ignores quit (never reads its stdin) and SIGTERM,
# and spins. It writes its pid where the test can find it.
STUBBORN = textwrap.dedent("""
    import os, signal, sys
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with open(sys.argv[1], "a") as fh:
        fh.write(f"{os.getpid()}\\n")
    sys.stdout.buffer.write(b"__GANGLION__\\n"); sys.stdout.flush()
    while True:
        pass
""")
# A console that behaves: reads its input until told to quit.
POLITE = textwrap.dedent("""
    import os, sys
    with open(sys.argv[1], "a") as fh:
        fh.write(f"{os.getpid()}\\n")
    sys.stdout.buffer.write(b"__GANGLION__\\n"); sys.stdout.flush()
    data = b""
    while chunk := os.read(0, 65536):
        data += chunk
        if b'"quit"' in data:
            break
""")


def pids(file: Path) -> list[int]:
    return [int(x) for x in file.read_text().split()] if file.exists() else []


@asynccontextmanager
async def served(*seats: Seat) -> AsyncIterator[str]:
    """The seats served in this process; on leaving, the server stops as `ttx serve` does."""
    app = make_app(list(seats))
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    try:
        yield f"ws://127.0.0.1:{test_server.port}"
    finally:
        await test_server.close()


def seat(name: str, script: str, pidfile: Path) -> Seat:
    return Seat(name, [sys.executable, "-c", script, str(pidfile)])


# ---- a console ends when its browser leaves, whatever it does ------------------------------------

@pytest.mark.anyio
async def test_a_console_that_ignores_quit_and_sigterm_is_ended_when_its_browser_leaves(tmp_path):
    pidfile = tmp_path / "pids"
    stubborn = seat("JPN", STUBBORN, pidfile)
    async with served(stubborn) as base, aiohttp.ClientSession() as client:
        async with client.ws_connect(f"{base}{stubborn.path()}ws") as ws:
            assert await until_async(lambda: len(pids(pidfile)) == 1)
            (pid,) = pids(pidfile)
            assert alive(pid)
            await ws.send_json(["stdin", "x"])
        left = time.monotonic()  # the browser left
        assert await until_async(lambda: not alive(pid)), "the console outlived its browser"
        assert await until_async(lambda: stubborn.connections == 0)  # its slot is free again
        # on a quiet machine it is gone about QUIT + TERM grace after the browser left
        print(f"ended {time.monotonic() - left:.1f} s after the browser left (bound {BOUND_S:.0f} s + a moment)")


@pytest.mark.anyio
async def test_stopping_the_server_ends_every_console(tmp_path):
    pidfile = tmp_path / "pids"
    seats = [seat("JPN", STUBBORN, pidfile), seat("KOR", POLITE, pidfile)]
    async with aiohttp.ClientSession() as client:
        async with served(*seats) as base:
            sockets = [await client.ws_connect(f"{base}{s.path()}ws") for s in seats]
            assert await until_async(lambda: len(pids(pidfile)) == 2)
        # the server stopped with both browsers still connected
        assert all(not alive(pid) for pid in pids(pidfile))  # ended before the server's stop returned
        for ws in sockets:
            await ws.close()


SERVE_ONE = textwrap.dedent("""
    import sys
    from ttx.web.server import Seat, serve
    seats = [Seat("JPN", [sys.executable, "-c", sys.argv[1], sys.argv[2]])]
    serve(seats, "127.0.0.1", int(sys.argv[3]), title="t",
          on_ready=lambda: print(seats[0].path(), flush=True))
""")


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_a_signal_to_the_server_ends_its_consoles(tmp_path, how):
    """As `ttx serve` runs them (serve()); with kill -9 the server has no say: the
    consoles die with it (they were started to)."""
    pidfile, port = tmp_path / "pids", free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVE_ONE, STUBBORN, str(pidfile), str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        path = proc.stdout.readline().strip()
        assert path.startswith("/s/"), proc.stderr.read()
        connect = textwrap.dedent(f"""
            import asyncio, aiohttp
            async def main():
                async with aiohttp.ClientSession() as c, c.ws_connect("ws://127.0.0.1:{port}{path}ws") as ws:
                    await asyncio.sleep(3600)
            asyncio.run(main())
        """)
        browser = subprocess.Popen([sys.executable, "-c", connect])
        try:
            assert until(lambda: len(pids(pidfile)) == 1)
            (pid,) = pids(pidfile)
            proc.send_signal(how)
            assert until(lambda: not alive(pid)), "a console outlived the server"
            proc.wait(timeout=DEADLINE_S)
        finally:
            browser.kill()
            browser.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in pids(pidfile):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


# ---- bounds on one seat ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_one_seat_holds_a_bounded_number_of_consoles(tmp_path):
    pidfile = tmp_path / "pids"
    polite = seat("JPN", POLITE, pidfile)
    async with served(polite) as base, aiohttp.ClientSession() as client:
        url = f"{base}{polite.path()}ws"
        held = [await client.ws_connect(url) for _ in range(MAX_CONSOLES_PER_SEAT)]
        assert await until_async(lambda: len(pids(pidfile)) == MAX_CONSOLES_PER_SEAT)
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(url)
        assert refused.value.status == 429
        assert len(pids(pidfile)) == MAX_CONSOLES_PER_SEAT  # no process was started for it
        await held.pop().close()
        assert await until_async(lambda: polite.connections < MAX_CONSOLES_PER_SEAT)
        again = await client.ws_connect(url)  # a reload gets its console once the old one ended
        assert await until_async(lambda: len(pids(pidfile)) == MAX_CONSOLES_PER_SEAT + 1)
        for ws in (*held, again):
            await ws.close()
    assert [pid for pid in pids(pidfile) if alive(pid)] == []


async def closed_by_the_server(ws: aiohttp.ClientWebSocketResponse) -> int:
    """The close code the server sent (other messages skipped)."""
    message = await ws.receive(timeout=DEADLINE_S)
    while message.type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
        message = await ws.receive(timeout=DEADLINE_S)
    return ws.close_code


@pytest.mark.anyio
@pytest.mark.parametrize("flood", ["many-messages", "one-big-message"])
async def test_a_flood_of_keys_closes_the_connection_and_ends_the_console(tmp_path, flood):
    pidfile = tmp_path / "pids"
    polite = seat("JPN", POLITE, pidfile)
    async with served(polite) as base, aiohttp.ClientSession() as client:
        ws = await client.ws_connect(f"{base}{polite.path()}ws")
        assert await until_async(lambda: len(pids(pidfile)) == 1)
        if flood == "one-big-message":
            await ws.send_json(["stdin", "x" * (server.MAX_MESSAGE_BYTES + 1)])
            expected = aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        else:
            sent, keys = 0, "k" * 4000
            while not ws.closed and sent < 2_000_000:  # 2 MB of keystrokes, as the red team sent
                try:
                    await ws.send_json(["stdin", keys])
                except ConnectionError:
                    break
                sent += len(keys)
                await asyncio.sleep(0)
            expected = aiohttp.WSCloseCode.POLICY_VIOLATION
        assert await closed_by_the_server(ws) == expected  # the server cut the flood off
        assert await until_async(lambda: not any(alive(p) for p in pids(pidfile)))
        assert await until_async(lambda: polite.connections == 0)


def test_typing_and_a_paste_get_through():
    """The caps are far above a person: a paste of a long rationale and steady typing pass."""
    budget = server._InputBudget()
    assert budget.take(30_000)  # a pasted page of text
    for _ in range(50):  # then keys, a few a second for ever
        budget.at -= 0.25
        assert budget.take(20)


def test_a_console_s_memory_is_bounded(tmp_path):
    limit = 512 << 20
    check = "import resource; print(resource.getrlimit(resource.RLIMIT_AS))"
    done = subprocess.run([sys.executable, "-m", "ttx.web.launch", "--memory", str(limit), "--parent",
                           str(os.getpid()), "--", sys.executable, "-c", check],
                          capture_output=True, text=True, timeout=DEADLINE_S)
    assert done.stdout.strip() == f"({limit}, {limit})", done.stderr
    hog = subprocess.run([sys.executable, "-m", "ttx.web.launch", "--memory", str(limit), "--parent",
                          str(os.getpid()), "--", sys.executable, "-c", "x = bytearray(2 << 30)"],
                         capture_output=True, text=True, timeout=DEADLINE_S)
    assert hog.returncode != 0 and "MemoryError" in hog.stderr


def test_seat_processes_are_bounded_by_default():
    assert console_module.MEMORY_BYTES <= 2 << 30


# ---- a real console in a real browser ---------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def consoles_of(session: Path) -> list[int]:
    """The pids of `ttx` console processes (not serve) on `session`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(session).encode() in argv and b"serve" not in argv and alive(int(entry.name)):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("stay_s", [0.5, 3.0])
def test_a_browser_that_opens_a_seat_and_leaves_takes_its_console_with_it(session_path, stay_s, tmp_path):
    with serving(session_path, "--cells", "JPN", "--no-evaluator") as (base, urls, printed):
        for seat_name in ("JPN", "facilitator"):
            browser = subprocess.Popen(
                [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", f"--user-data-dir={tmp_path / seat_name}", urls[seat_name]],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            try:
                assert until(lambda: len(consoles_of(session_path)) == 1), "the seat's console never started"
                time.sleep(stay_s)  # how long the browser stays: not what is asserted
            finally:
                os.killpg(browser.pid, signal.SIGKILL)
                browser.wait()
            assert until(lambda: not consoles_of(session_path)), f"{seat_name}'s console outlived its browser"
        assert until(lambda: not Presence.held_by_someone(session_path))  # nobody holds the session open


@pytest.mark.anyio
async def test_ttx_serve_stopped_ends_its_seats_consoles(session_path):
    with serving(session_path, "--cells", "JPN,KOR", "--no-evaluator") as (base, urls, printed):
        async with aiohttp.ClientSession() as client:
            sockets = [await client.ws_connect(urls[s].replace("http:", "ws:") + "ws")
                       for s in ("JPN", "KOR", "facilitator")]
            assert await until_async(lambda: len(consoles_of(session_path)) == 3)
            # leaving `serving` sends SIGINT, as Ctrl+C does, with the three browsers still there
    assert until(lambda: not consoles_of(session_path)), "a console outlived ttx serve"
    for ws in sockets:
        await ws.close()


# ---- malformed requests: an empty 404, one scrubbed log line ----------------------------------------


def test_a_nul_in_a_static_path_is_an_empty_404_and_errors_log_one_line_without_a_token(session_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ttx", "serve", str(session_path), "--port", str(port),
                             "--cells", "JPN", "--no-facilitator", "--no-evaluator"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        printed = ""
        while "Ctrl+C" not in printed:
            line = proc.stdout.readline()
            assert line, printed
            printed += line
        token = re.search(r"/s/([A-Za-z0-9_-]+)/", printed).group(1)

        def send(request: bytes) -> bytes:
            with socket.create_connection(("127.0.0.1", port), timeout=DEADLINE_S) as s:
                s.sendall(request)
                answer = b""
                while chunk := s.recv(65536):
                    answer += chunk
                return answer

        host = f"Host: 127.0.0.1:{port}\r\nConnection: close\r\n"
        for path in (f"/s/{token}/static/%00", f"/s/{token}/static/a%00b/c", f"/s/{token}/static/{'x' * 5000}"):
            answer = send(f"GET {path} HTTP/1.1\r\n{host}\r\n".encode())
            head, _, body = answer.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 404"), head
            assert body == b""
        # malformed requests with the token in them: an over-long request line and header
        send(f"GET /s/{token}/{'A' * 9000} HTTP/1.1\r\n{host}\r\n".encode())
        send(f"GET /s/{token}/ HTTP/1.1\r\n{host}X-Long: {token}{'B' * 9000}\r\n\r\n".encode())
        send(b"\x16\x03\x01 not http at all\r\n\r\n")
    finally:
        proc.send_signal(signal.SIGINT)
        log = proc.communicate(timeout=DEADLINE_S)[0]
    errors = [line for line in log.splitlines() if line.startswith("ttx serve: error")]
    assert len(errors) >= 2, log
    assert token not in log and token[:12] not in log
    assert "Traceback" not in log
    assert all(line.startswith("ttx serve: ") for line in log.splitlines()), log


def test_the_scrubber_hides_tokens_whole_and_in_part():
    token = "v2puIfWGkkkiAok-sEgHwFTL8FIDTk3L"
    for text in (f"bytearray(b'/s/{token}/AAAA')", f"b'{token[:14]}...'", f"x{token}y", f"?t={token[5:20]}"):
        assert token[:8] not in scrub(text, [token]) and token[5:13] not in scrub(text, [token]), text
    assert scrub("Error handling request from 127.0.0.1", [token]) == "Error handling request from 127.0.0.1"
    record = __import__("logging").LogRecord("aiohttp.server", 40, "x", 1, "Error handling request", (), None)
    try:
        raise ValueError(f"embedded\nnull byte /s/{token}/")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert OneLine([token]).format(record) == \
        "ttx serve: error: Error handling request: ValueError: embedded null byte /s/…/"
