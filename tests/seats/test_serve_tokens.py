"""`ttx serve` on loopback: every route of every seat needs that seat's token,
and a seat's token opens that seat's console and nothing else."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import aiohttp
import httpx
import pytest

from ttx.engine.session import Session

pytestmark = pytest.mark.anyio


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


def test_prints_one_url_per_seat_and_says_it_listens_on_loopback(session_path: Path, serve) -> None:
    with serve(session_path) as (base, urls, printed):
        assert "loopback only" in printed
        assert set(urls) == {"USA", "JPN", "KOR", "facilitator", "evaluator"}
        tokens = {_token(u) for u in urls.values()}
        assert len(tokens) == 5 and all(len(t) >= 32 for t in tokens)
    with serve(session_path, "--cells", "kor,JPN", "--no-facilitator", "--no-evaluator") as (base, urls, printed):
        assert list(urls) == ["KOR", "JPN"]
    with serve(session_path, "--cells", "JPN", "--no-facilitator", "--room") as (base, urls, printed):
        assert list(urls) == ["JPN", "evaluator", "room"]


def test_every_route_needs_the_right_token(session_path: Path, serve) -> None:
    with serve(session_path, "--cells", "JPN") as (base, urls, printed):
        good = urls["JPN"]
        token = _token(good)
        wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
        with httpx.Client(base_url=base, timeout=10, follow_redirects=False) as http:
            # with the token: the page and its static files
            page = http.get(good)
            assert page.status_code == 200 and "textual.js" in page.text
            assert page.headers["referrer-policy"] == "no-referrer"
            assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
            assert "googleapis" not in page.text  # nothing fetched from elsewhere, no Referer to leak
            assert http.get(f"{good}static/js/textual.js").status_code == 200
            assert http.get(f"{good}static/css/xterm.css").status_code == 200
            assert http.get(good.rstrip("/")).status_code == 302
            # without it, or with a wrong one: nothing, on every route textual-serve has or we have
            nothing = [
                "/", "/ws", "/static/js/textual.js", "/static/css/xterm.css", "/download/x", "/s/", "/s//",
                f"/s/{wrong}/", f"/s/{wrong}/ws", f"/s/{wrong}/static/js/textual.js", f"/s/{wrong}",
                f"/s/{token.lower()}/", f"/s/{token[:20]}/", f"/static/../s/{token}/x",
                f"/s/{token}/static/%2e%2e/%2e%2e/server.py", f"/s/{token}/static/../../app_service.py",
                f"/s/{token}/download/x", f"/s/{token}/nothing-here", f"/{token}/",
            ]
            for path in nothing:
                response = http.get(path)
                assert response.status_code == 404, path
                assert response.content == b"", path
            # methods other than GET get nothing either, token or not
            assert http.post(good, content=b"x").status_code == 404
            assert http.request("OPTIONS", good).status_code == 404


async def _ws_read(url: str, until: bytes, seconds: float) -> bytes:
    got = b""
    async with aiohttp.ClientSession() as client:
        async with client.ws_connect(url + "?width=100&height=30") as ws:
            await ws.send_json(["resize", {"width": 100, "height": 30}])
            deadline = time.monotonic() + seconds
            while until not in got and time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=1)
                except asyncio.TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    got += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return got


async def test_the_websocket_needs_the_token_and_runs_only_that_seats_console(session_path: Path, serve) -> None:
    with Session.open(session_path, durable=False) as facilitator:
        facilitator.release("M1-02")  # to USA and JPN only
        facilitator.release("M1-03")  # to KOR only
    with serve(session_path, "--cells", "JPN,KOR") as (base, urls, printed):
        wsbase = base.replace("http:", "ws:")
        wrong = _token(urls["KOR"])[:-2] + "xx"
        for path in ("/ws", f"/s/{wrong}/ws", "/s//ws"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await _ws_read(wsbase + path, b"", 2)
            assert refused.value.status == 404
        kor = await _ws_read(urls["KOR"].replace("http:", "ws:") + "ws", b"Korea-only note", 30)
        assert b"Korea-only note" in kor  # the KOR console drew its inbox ...
        for leak in (b"Allied-only", b"SECRET-ALLIED-BODY", b"Tell Seoul", b"EXPECTED-ACTION"):
            assert leak not in kor  # ... and the stream never carried what KOR may not see
        jpn = await _ws_read(urls["JPN"].replace("http:", "ws:") + "ws", b"Allied-only cable", 30)
        assert b"Allied-only cable" in jpn and b"Korea-only" not in jpn
