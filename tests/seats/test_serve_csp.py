"""The seat page's CSP allows no inline style or script but its own (by a
per-response nonce) and the one style element textual.js inserts (by hash);
test_serve_browser checks Chromium runs the console under it without a
single violation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from ttx.web.server import BUNDLE_CSS, Seat, make_app

pytestmark = pytest.mark.anyio


def test_textual_js_still_inserts_the_style_the_csp_allows_by_hash() -> None:
    import textual_serve

    bundle = (Path(textual_serve.__file__).parent / "static" / "js" / "textual.js").read_text("utf-8")
    assert f'"{BUNDLE_CSS}"' in bundle  # else a new textual-serve: find its inline styles again


async def test_every_inline_block_of_the_page_carries_that_responses_nonce() -> None:
    seat = Seat("JPN", ["true"])
    async with TestClient(TestServer(make_app([seat]))) as client:
        nonces = set()
        for _ in range(2):
            response = await client.get(seat.path())
            page, csp = await response.text(), response.headers["Content-Security-Policy"]
            assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
            directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
            assert directives["style-src-attr"] == "'none'"
            assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
            nonce = re.search(r"'nonce-([^']+)'", directives["script-src"]).group(1)
            assert f"'nonce-{nonce}'" in directives["style-src"]
            inline = re.findall(r"<(script|style)( [^>]*)?>(?!</)", page)  # blocks with content
            assert inline and all(attrs == f' nonce="{nonce}"' for _, attrs in inline), inline
            assert ' style="' not in page
            nonces.add(nonce)
        assert len(nonces) == 2
