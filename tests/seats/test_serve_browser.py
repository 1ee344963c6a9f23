"""End to end in headless Chromium (Debian's chromium, driven by playwright):
a cell's URL with its token gives a live console — the seat's process starts,
draws on the canvas and takes keys — under the page's CSP without a single
violation, and a wrong token gives nothing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from ttx.engine.session import Session

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def _opened_by_seats(path: Path) -> int:
    with Session.open(path, readonly=True) as session:
        return sum(1 for e in session.events if e.type == "session_opened")


def _decision(path: Path, inject: str, cell: str):
    with Session.open(path, readonly=True) as session:
        return session.state.decisions.get(inject, {}).get(cell)


# Playwright's init scripts run outside the page's CSP; this one records every
# violation the page reports (blocked inline style or script, style attribute, ...).
_RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sample}) at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
});
"""


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_a_cell_url_opens_a_live_console_and_a_wrong_token_gets_none(session_path: Path, serve, tmp_path: Path) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with Session.open(session_path, durable=False) as facilitator:
        facilitator.release("M1-01")
    before = _opened_by_seats(session_path)
    with serve(session_path, "--cells", "JPN", "--no-facilitator") as (base, urls, printed), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=20_000)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.set_default_timeout(20_000)
            page.add_init_script(_RECORD_VIOLATIONS)
            console = []  # Chromium also logs each CSP refusal to the console
            page.on("console", lambda m: console.append(m.text))
            # a wrong token: an empty 404, no console process, no canvas
            token = urls["JPN"].rstrip("/").rsplit("/", 1)[1]
            wrong = f"{base}/s/{token[:-1]}{'A' if token[-1] != 'A' else 'B'}/"
            try:  # Chromium reports an empty 404 as a failed navigation
                response = page.goto(wrong)
                assert response is not None and response.status == 404
            except PlaywrightError as exc:
                assert "ERR_HTTP_RESPONSE_CODE_FAILURE" in str(exc)
            assert page.request.get(wrong).status == 404
            assert page.locator("canvas").count() == 0
            assert page.content().count("textual") == 0
            time.sleep(1.0)
            assert _opened_by_seats(session_path) == before
            # the right token: the page connects, the seat's process starts and draws
            response = page.goto(urls["JPN"])
            assert response is not None and response.status == 200
            page.wait_for_selector("body.-first-byte", timeout=20_000)  # bytes from the console arrived
            page.wait_for_selector("canvas")
            # the session shows the JPN console joined it (its own process opened the file)
            assert _wait(lambda: _opened_by_seats(session_path) > before, 10)
            page.wait_for_timeout(1500)  # let it finish drawing
            shot = tmp_path / "jpn-seat.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000  # a drawn console, not a blank page
            shutil.copy(shot, Path("/tmp") / "ttx-seats-e2e-jpn.png")
            # keys typed in the browser reach the console: JPN records a decision on M1-01
            page.locator(".xterm-helper-textarea").focus()
            page.keyboard.press("d")
            page.wait_for_timeout(2000)  # the decision dialog is up before its keys arrive
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")  # option "hold"
            # focus moves to the rationale when the console has handled Enter; a key sent
            # within those milliseconds would still reach the option list
            page.wait_for_timeout(700)
            page.keyboard.type("Typed in the browser", delay=20)
            page.keyboard.press("Enter")
            assert _wait(lambda: _decision(session_path, "M1-01", "JPN") is not None, 15)
            record = _decision(session_path, "M1-01", "JPN")
            assert (record.option, record.rationale) == ("hold", "Typed in the browser")
            # every <style> applied (ours by nonce, textual.js's by hash): a refused one has no sheet ...
            assert page.evaluate("[...document.querySelectorAll('style')].map(s => s.sheet !== null)") == [True, True]
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(12, 24, 31)"
            # ... and nothing on the page was refused by its CSP
            assert page.evaluate("window.__violations") == []
            assert not [m for m in console if "Content Security Policy" in m], console
        finally:
            browser.close()
