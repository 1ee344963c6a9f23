"""`ttx serve`'s websocket takes no page from another origin (cross-site
WebSocket hijacking): a browser's Origin must be where the seat's page came
from, or the --public-url behind a reverse proxy; a client that sends no
Origin is no browser and has the token as its guard. The token check comes
first: a wrong token is an empty 404 whatever the Origin."""

from __future__ import annotations

import asyncio
import gc
import sys
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from ttx.web.server import Seat, make_app

pytestmark = pytest.mark.anyio

REFUSED = b"cross-origin websocket refused"


@asynccontextmanager
async def _served(public_url: str | None = None) -> AsyncIterator[tuple[str, Seat]]:
    """(http base, seat) of an in-process server whose one seat runs a no-op command."""
    seat = Seat("JPN", [sys.executable, "-c", "pass"])
    server = TestServer(make_app([seat], public_url=public_url), host="127.0.0.1")
    await server.start_server()
    try:
        yield f"http://127.0.0.1:{server.port}", seat
    finally:
        await server.close()
        # let the consoles' process objects go while their loop is alive
        await asyncio.sleep(0.2)
        gc.collect()


async def _handshake(url: str, headers: dict[str, str]) -> int:
    """101 if the websocket opened, else the refusal's status."""
    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(url, headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


async def _freed(seat: Seat, seconds: float = 60.0) -> None:
    """Wait for the seat's console to have ended: a seat holds only a few at once, each
    counted until its process is gone."""
    deadline = asyncio.get_running_loop().time() + seconds
    while seat.connections and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    assert seat.connections == 0


async def _plain_get(url: str, headers: dict[str, str]) -> tuple[int, bytes]:
    async with aiohttp.ClientSession() as client, client.get(url, headers=headers) as response:
        return response.status, await response.read()


async def test_the_websocket_takes_its_own_origin_or_none_and_refuses_any_other() -> None:
    async with _served() as (base, seat):
        ws = f"{base.replace('http:', 'ws:')}{seat.path()}ws"
        port = int(base.rsplit(":", 1)[1])
        assert await _handshake(ws, {}) == 101  # no Origin: not a browser
        await _freed(seat)
        assert await _handshake(ws, {"Origin": base}) == 101  # the page's own origin
        await _freed(seat)
        assert await _handshake(ws, {"Origin": f"HTTP://127.0.0.1:{port}"}) == 101  # case does not matter
        await _freed(seat)
        for foreign in ("http://evil.example", "null", f"https://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}",
                        f"http://localhost:{port}", f"http://127.0.0.1.evil.example:{port}",
                        f"http://127.0.0.1:{port}@evil.example", "http://127.0.0.1", "", "not a url"):
            assert await _handshake(ws, {"Origin": foreign}) == 403, foreign
        # the refusal says only that, and gives nothing else away
        status, body = await _plain_get(ws.replace("ws:", "http:"), {"Origin": "http://evil.example"})
        assert (status, body) == (403, REFUSED)
        assert seat.connections == 0
        # the token is checked first: a wrong one is an empty 404, whatever the Origin
        wrong = f"{base}/s/{seat.token[:-1]}{'A' if seat.token[-1] != 'A' else 'B'}/ws"
        for origin in ({}, {"Origin": base}, {"Origin": "http://evil.example"}):
            assert await _handshake(wrong.replace("http:", "ws:"), origin) == 404
            assert await _plain_get(wrong, origin) == (404, b"")


async def test_behind_a_reverse_proxy_the_public_url_is_an_origin_of_ours() -> None:
    # nginx as in the README: TLS ends at the proxy, which passes Host on and talks plain HTTP to ttx
    proxied = {"Host": "ttx.example.org", "Origin": "https://ttx.example.org"}
    async with _served(public_url="https://ttx.example.org/") as (base, seat):
        ws = f"{base.replace('http:', 'ws:')}{seat.path()}ws"
        assert await _handshake(ws, proxied) == 101
        await _freed(seat)
        assert await _handshake(ws, {**proxied, "Origin": "https://ttx.example.org:443"}) == 101
        await _freed(seat)
        assert await _handshake(ws, {"Origin": base}) == 101  # an SSH tunnel to the same server still works
        for foreign in ("https://ttx.example.org:8443", "https://evil.example.org", "https://example.org"):
            assert await _handshake(ws, {**proxied, "Origin": foreign}) == 403, foreign
    async with _served() as (base, seat):  # without --public-url the proxied name is no name of ours
        assert await _handshake(f"{base.replace('http:', 'ws:')}{seat.path()}ws", proxied) == 404


async def test_a_rebound_name_gets_nothing_even_with_the_token() -> None:
    """DNS rebinding: a page on evil.example, its name re-pointed at this machine, sends
    its own name as Host and as Origin. Only IP addresses and this machine's names are served."""
    async with _served() as (base, seat):
        port = int(base.rsplit(":", 1)[1])
        ws = f"{base.replace('http:', 'ws:')}{seat.path()}ws"
        rebound = {"Host": f"evil.example:{port}", "Origin": f"http://evil.example:{port}"}
        assert await _handshake(ws, rebound) == 404
        status, body = await _plain_get(f"{base}{seat.path()}", {"Host": f"evil.example:{port}"})
        assert (status, body) == (404, b"")
        for ours in (f"localhost:{port}", f"127.0.0.1:{port}", f"LOCALHOST:{port}"):
            status, _ = await _plain_get(f"{base}{seat.path()}", {"Host": ours})
            assert status == 200, ours


async def test_ttx_serve_public_url_is_the_origin_its_websockets_accept(session_path: Path, serve) -> None:
    with serve(session_path, "--cells", "JPN", "--no-facilitator", "--public-url", "https://ttx.example.org") as (
            base, urls, printed):
        assert urls["JPN"].startswith("https://ttx.example.org/s/")
        ws = base.replace("http:", "ws:") + urls["JPN"].removeprefix("https://ttx.example.org") + "ws"
        proxied = {"Host": "ttx.example.org", "Origin": "https://ttx.example.org"}
        assert await _handshake(ws, proxied) == 101
        assert await _handshake(ws, {**proxied, "Origin": "https://evil.example"}) == 403


def test_ttx_serve_refuses_a_public_url_that_is_no_address(session_path: Path) -> None:
    from click.testing import CliRunner

    from ttx.cli import main

    result = CliRunner().invoke(main, ["serve", str(session_path), "--public-url", "ttx.example.org"])
    assert result.exit_code != 0 and "give the whole address" in result.output
    with pytest.raises(ValueError):
        make_app([], public_url="ttx.example.org")
