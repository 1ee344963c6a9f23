"""`ttx serve`: the consoles in web browsers, one secret URL per seat.

textual-serve runs a command per websocket connection and streams its screen
to the browser, which draws it on a canvas: the browser receives the drawn
console and nothing else. So a seat's process is always that seat's console
(a cell seat: `ttx cell SESSION --cell X`), and the URL decides the seat.

textual-serve has no authentication, builds its own page and websocket
address, and never ends a console that does not quit, so this module uses only
its static files (textual.js, xterm.css), behind an aiohttp application of our
own, and runs each connection's console itself (console.py):

- every seat has a random token (`secrets.token_urlsafe(24)`); everything of
  a seat lives under `/s/<token>/`: the page, `static/…` and the websocket `ws`;
- a middleware checks the token of EVERY request before routing (page,
  static files, websocket, and any other path): a wrong or missing token gets
  an empty 404, whatever the path — the same answer as a path that does not
  exist, so nothing is learnt by probing; tokens are compared with
  `hmac.compare_digest`;
- the token maps to exactly one command, fixed at start; nothing from the
  request reaches the command line (only the terminal size, as integers);
- the page is ours: relative URLs only, no third-party fonts (no Referer
  leaving with the token in it), `Referrer-Policy: no-referrer`, no framing,
  no caching, and a CSP without 'unsafe-inline': our inline script and style
  carry a per-response nonce, the one style element textual.js inserts is
  allowed by its hash, and nothing may set a style attribute;
- the websocket refuses (403) a browser page from another origin: its Origin
  header, when there is one, must be the origin the page was served from
  (scheme, host and port of the request's Host) or the public URL given for a
  reverse proxy — so a page elsewhere cannot open a seat's console even if it
  learnt the URL;
- textual-serve's `/download` route is not served (no console delivers
  files); access logs are off, and every error is logged as one line with
  anything like a token scrubbed (logs.py), so tokens are not written to logs;
- a seat holds at most MAX_CONSOLES_PER_SEAT consoles at once (a reload, a
  second tab), counted until each one's process has ended;
- a browser's input is capped per message and per second (a flood closes its
  connection); a console ends within seconds of its browser leaving (quit, then
  SIGTERM, then SIGKILL), and every console ends when the server stops.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import html
import ipaddress
import json
import logging
import re
import secrets
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, WSMsgType, web

from ttx.web.console import ConsoleProcess
from ttx.web.logs import scrubbed_logging

log = logging.getLogger("ttx.serve")

MAX_CONSOLES_PER_SEAT = 2  # each is a process of up to ~200 MB: a reload or a second tab, no more
MAX_MESSAGE_BYTES = 64 * 1024  # one websocket message: a long paste fits
INPUT_BURST_BYTES = 64 * 1024  # input at once ...
INPUT_BYTES_PER_S = 8 * 1024   # ... and per second, sustained: far above typing and mouse moves
HEARTBEAT_S = 5.0              # a browser that vanished without closing is noticed within seconds
_STATIC = (Path(str(__import__("textual_serve").__file__)).parent / "static").resolve()
_SEAT_PATH = re.compile(r"^/s/([A-Za-z0-9_-]{16,128})(/.*)?$")
_SEAT_KEY = "ttx.seat"
# textual.js (webpack's style-loader) inserts one <style> element, without a
# nonce: it appends it empty, then fills it with exactly this text. The browser
# checks the CSP at both steps, so the CSP allows both by hash (an empty style
# element styles nothing). tests/seats check the bundle still holds this text.
BUNDLE_CSS = "h1{color:#fff;background-color:#000}body{margin:0;padding:0}.textual-terminal{width:100vw;height:100vh}"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


_BUNDLE_STYLE_HASHES = f"{_sha256('')} {_sha256(BUNDLE_CSS)}"


@dataclass
class Seat:
    name: str                      # "USA", "JPN", ..., "facilitator", "evaluator" or "room"
    argv: list[str]                # the one command this seat's token runs
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    connections: int = 0           # consoles whose process has not ended yet

    def path(self) -> str:
        return f"/s/{self.token}/"


def cell_seat(session: Path, cell: str) -> Seat:
    return Seat(cell, [sys.executable, "-m", "ttx", "cell", str(session), "--cell", cell])


def facilitator_seat(session: Path) -> Seat:
    return Seat("facilitator", [sys.executable, "-m", "ttx", "run", "--resume", str(session)])


def evaluator_seat(session: Path) -> Seat:
    return Seat("evaluator", [sys.executable, "-m", "ttx", "evaluate", str(session)])


def room_seat(session: Path) -> Seat:
    return Seat("room", [sys.executable, "-m", "ttx", "room", str(session)])


def _nothing() -> web.Response:
    return web.Response(status=404, body=b"", headers={"Cache-Control": "no-store"})


def _seat_for(seats: list[Seat], token: str) -> Seat | None:
    found = None
    given = token.encode()
    for seat in seats:  # compare with every seat, in constant time each
        if hmac.compare_digest(seat.token.encode(), given):
            found = seat
    return found


Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, the port made explicit; None if it is not one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def _same_origin(request: web.Request, public: Origin | None) -> bool:
    """Whether a websocket upgrade comes from one of our own pages.

    Browsers always send Origin on a websocket upgrade and a page cannot forge
    it, so a foreign Origin is another site's page. Without Origin the client is
    not a browser, and the token is its only guard, as for any other request.
    """
    given = request.headers.get("Origin")
    if given is None:
        return True
    origin = origin_of(given)  # "null" (sandboxed frames, file:) is no origin of ours
    return origin is not None and origin in (origin_of(f"{request.scheme}://{request.host}"), public)


def host_allowed(host_header: str, names: frozenset[str]) -> bool:
    """Whether a request's Host names this server: an IP address, or one of `names`.

    Against DNS rebinding: a page on another site whose name was re-pointed at
    this machine sends its own name as Host (and as Origin, so the Origin check
    alone would pass it); no name but ours is served."""
    name = urlsplit(f"//{host_header}").hostname if host_header else None
    if not name:
        return False
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name.lower() in names


def local_names(*extra: str | None) -> frozenset[str]:
    """The names this machine answers to, and `extra` (the --host, the public URL's host)."""
    names = {"localhost", socket.gethostname(), socket.getfqdn()}
    names.update(e for e in extra if e)
    return frozenset(n.lower() for n in names if n)


def make_app(seats: list[Seat], *, title: str = "ttx", public_url: str | None = None,
             hosts: frozenset[str] | None = None) -> web.Application:
    """The aiohttp application that serves `seats`; `public_url` is where browsers reach it behind a proxy;
    `hosts` the names a request's Host may give besides an IP address (default: `local_names`)."""
    consoles: set[ConsoleProcess] = set()
    public = origin_of(public_url) if public_url else None
    if public_url and public is None:
        raise ValueError(f"not an http(s) URL: {public_url!r}")
    names = hosts if hosts is not None else local_names(public[1] if public else None)

    @web.middleware
    async def guard(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]):
        match = _SEAT_PATH.match(request.path)
        seat = _seat_for(seats, match.group(1)) if match else None
        if match is None or seat is None or request.method not in ("GET", "HEAD") \
                or not host_allowed(request.host, names):
            return _nothing()
        if match.group(2) is None:  # /s/<token> -> /s/<token>/
            raise web.HTTPFound(seat.path(), headers={"Referrer-Policy": "no-referrer"})
        request[_SEAT_KEY] = seat
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status == 404 or exc.status == 405:
                return _nothing()
            raise
        except Exception as exc:  # one line in the log; the browser learns nothing
            log.error("seat %s: request failed: %s: %s", seat.name, type(exc).__name__, exc)
            return web.Response(status=500, body=b"", headers={"Cache-Control": "no-store"})
        if not isinstance(response, web.WebSocketResponse):
            response.headers.setdefault("Referrer-Policy", "no-referrer")
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def page(request: web.Request) -> web.Response:
        seat = request[_SEAT_KEY]
        nonce = secrets.token_urlsafe(16)
        font_size = _int(request.query.get("fontsize"), 16, 8, 40)
        body = _PAGE.format(
            title=html.escape(f"{title} — {seat.name}"),
            name=html.escape(seat.name),
            nonce=nonce,
            font_size=font_size,
        )
        # No 'unsafe-inline' anywhere, checked in Chromium (tests/seats/test_serve_browser.py):
        # - inline blocks: ours carry the nonce, textual.js's style element is allowed by hash;
        # - style-src-attr 'none': xterm's canvas renderer (the one textual.js loads) styles its
        #   elements through CSSOM (element.style.width = ...), which CSP does not govern; only
        #   xterm's DOM renderer writes style attributes, and it is never used;
        # - no data: fonts or images: textual.js and xterm.css load none.
        csp = (f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; "
               f"style-src 'self' 'nonce-{nonce}' {_BUNDLE_STYLE_HASHES}; style-src-attr 'none'; "
               "img-src 'self'; font-src 'self'; connect-src 'self'; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
        return web.Response(text=body, content_type="text/html", headers={"Content-Security-Policy": csp})

    async def static(request: web.Request) -> web.StreamResponse:
        try:  # a NUL or an over-long name is no file of ours either
            target = (_STATIC / request.match_info["path"]).resolve()
            found = target.is_relative_to(_STATIC) and target.is_file()
        except (ValueError, OSError):
            found = False
        return web.FileResponse(target) if found else _nothing()

    async def websocket(request: web.Request) -> web.StreamResponse:
        seat = request[_SEAT_KEY]
        if not _same_origin(request, public):
            log.warning("seat %s: websocket from another origin refused (Origin %r, Host %r); "
                        "behind a reverse proxy, give --public-url", seat.name,
                        request.headers.get("Origin"), request.host)
            return web.Response(status=403, text="cross-origin websocket refused")
        if seat.connections >= MAX_CONSOLES_PER_SEAT:
            log.warning("seat %s: already has %d consoles open; another one refused", seat.name, seat.connections)
            return web.Response(status=429, text="this seat has its consoles open already: close one")
        width = _int(request.query.get("width"), 80, 20, 500)
        height = _int(request.query.get("height"), 24, 8, 300)
        ws = web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=MAX_MESSAGE_BYTES)
        seat.connections += 1  # given back only once the console's process has ended
        console = ConsoleProcess(seat.argv, write_bytes=ws.send_bytes, close=ws.close)
        try:
            await ws.prepare(request)
            consoles.add(console)
            await console.start(width, height)
            log.info("seat %s: console started", seat.name)
            await _pump(ws, console, seat.name)
        except (ConnectionError, asyncio.CancelledError):
            pass
        except Exception as exc:  # a browser that misbehaves must not take the server down
            log.error("seat %s: connection failed: %s: %s", seat.name, type(exc).__name__, exc)
        finally:
            # aiohttp cancels this handler when the connection drops: the console's end must
            # not be cut short with it, nor its slot given back before the process has ended
            await asyncio.shield(asyncio.ensure_future(_finish(seat, console)))
            await ws.close()
        return ws

    async def _finish(seat: Seat, console: ConsoleProcess) -> None:
        try:
            how = await console.stop()
            log.log(logging.WARNING if how in ("terminated", "killed") else logging.INFO,
                    "seat %s: console %s%s", seat.name, how,
                    f" ({console.last_error})" if how != "quit" and console.last_error else "")
        finally:
            consoles.discard(console)
            seat.connections -= 1

    async def stop_all(app: web.Application) -> None:
        await asyncio.gather(*(c.stop() for c in list(consoles)), return_exceptions=True)

    app = web.Application(middlewares=[guard], client_max_size=64 * 1024)
    app.add_routes([
        web.get("/s/{token}/", page),
        web.get("/s/{token}/ws", websocket),
        web.get("/s/{token}/static/{path:.+}", static),
    ])
    app.on_shutdown.append(stop_all)
    return app


class _InputBudget:
    """A token bucket: INPUT_BURST_BYTES at once, refilled at INPUT_BYTES_PER_S."""

    def __init__(self) -> None:
        self.level = float(INPUT_BURST_BYTES)
        self.at = time.monotonic()

    def take(self, size: int) -> bool:
        now = time.monotonic()
        self.level = min(float(INPUT_BURST_BYTES), self.level + (now - self.at) * INPUT_BYTES_PER_S)
        self.at = now
        if size > self.level:
            return False
        self.level -= size
        return True


async def _pump(ws: web.WebSocketResponse, console: ConsoleProcess, name: str) -> None:
    """Browser -> console: keys, resizes, focus; pings answered. Input beyond the budget
    closes the connection (and so ends the console): no person types that fast."""
    budget = _InputBudget()
    async for message in ws:
        size = len(message.data) if message.type in (WSMsgType.TEXT, WSMsgType.BINARY) else 0
        if not budget.take(size):
            log.warning("seat %s: input faster than %d bytes a second; connection closed", name, INPUT_BYTES_PER_S)
            await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"input too fast")
            break
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await console.send_keys(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            await console.send_meta({"type": "resize", "width": _int(data.get("width"), 80, 20, 500),
                                     "height": _int(data.get("height"), 24, 8, 300)})
        elif kind == "ping":
            await ws.send_json(["pong", data])
        elif kind in ("blur", "focus"):
            await console.send_meta({"type": kind})


def _int(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def serve(seats: list[Seat], host: str, port: int, *, title: str, on_ready: Callable[[], None],
          public_url: str | None = None) -> None:
    """Run the server until interrupted (Ctrl+C or SIGTERM), then end every console;
    `on_ready` once it listens. Errors are logged one scrubbed line each."""
    with scrubbed_logging([seat.token for seat in seats]):
        asyncio.run(_serve(seats, host, port, title=title, on_ready=on_ready, public_url=public_url))


async def _serve(seats: list[Seat], host: str, port: int, *, title: str, on_ready: Callable[[], None],
                 public_url: str | None) -> None:
    import signal

    public = origin_of(public_url) if public_url else None
    hosts = local_names(host, public[1] if public else None)
    runner = web.AppRunner(make_app(seats, title=title, public_url=public_url, hosts=hosts), access_log=None,
                           handle_signals=False, shutdown_timeout=5.0)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, stop.set)
            except (NotImplementedError, RuntimeError):  # pragma: no cover - not on this platform
                pass
        on_ready()
        await stop.wait()
    finally:
        await runner.cleanup()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<script src="static/js/textual.js"></script>
<style nonce="{nonce}">
@font-face {{ font-family: 'Roboto Mono'; src: url('static/fonts/RobotoMono-VariableFont_wght.ttf'); }}
html, body {{ margin: 0; height: 100%; background: #0c181f; color: #eee; font-family: 'Roboto Mono', monospace; }}
#terminal {{ position: absolute; inset: 0; }}
.notice {{ position: absolute; inset: 0; display: none; align-items: center; justify-content: center; z-index: 10; }}
body.-closed .notice {{ display: flex; }}
.notice button {{ margin-left: 1em; padding: .5em 1em; }}
</style>
</head>
<body>
<div class="notice"><span>{name}: console closed.</span><button type="button" id="again">Reconnect</button></div>
<div id="terminal" class="textual-terminal" data-font-size="{font_size}"></div>
<script nonce="{nonce}">
(function () {{
  var here = new URL(".", window.location.href);
  here.protocol = here.protocol === "https:" ? "wss:" : "ws:";
  here.search = ""; here.hash = "";
  document.getElementById("terminal").dataset.sessionWebsocketUrl = here.href + "ws";
  document.getElementById("again").addEventListener("click", function () {{ window.location.reload(); }});
}})();
</script>
</body>
</html>
"""
