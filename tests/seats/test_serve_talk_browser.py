"""Two browser seats talking back (headless Chromium through playwright, Debian's
chromium): in `ttx serve`, Japan's seat messages Seoul and asks control a
question, typed in the browser; control answers from its own process; Korea's
seat reads the message, Japan's the answer. What each seat did is read back
from the session file; the screenshots are kept in /tmp to look at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ttx.engine.session import Session

from .test_serve_browser import ARGS, CHROMIUM, _wait

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def _traffic(path: Path):
    with Session.open(path, readonly=True) as session:
        return session.state.traffic


def _seat(browser, url: str):
    page = browser.new_page(viewport={"width": 1000, "height": 640})
    page.set_default_timeout(20_000)
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.wait_for_selector("body.-first-byte", timeout=20_000)
    page.wait_for_selector("canvas")
    page.wait_for_timeout(1500)  # let it finish drawing
    page.locator(".xterm-helper-textarea").focus()
    return page


def test_two_seats_message_each_other_and_ask_control_in_the_browser(session_path: Path, serve, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    with Session.open(session_path, durable=False) as control:
        control.release("M1-01")
    with serve(session_path, "--cells", "JPN,KOR", "--no-facilitator") as (base, urls, printed), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=20_000)
        try:
            jpn, kor = _seat(browser, urls["JPN"]), _seat(browser, urls["KOR"])
            # Japan messages Seoul: m, the text, tab past USA's box to KOR's, space ticks it, ctrl+s
            jpn.keyboard.press("m")
            jpn.wait_for_timeout(1500)
            jpn.keyboard.type("Seoul: Tokyo holds the track [b]as typed[/b].", delay=15)
            jpn.keyboard.press("Tab")
            jpn.keyboard.press("Tab")
            jpn.keyboard.press(" ")
            jpn.wait_for_timeout(300)
            jpn.keyboard.press("Control+s")
            assert _wait(lambda: bool(_traffic(session_path).messages), 15)
            (message,) = _traffic(session_path).messages
            assert (message.sender, message.to, message.text) == ("JPN", ("KOR",),
                                                                  "Seoul: Tokyo holds the track [b]as typed[/b].")
            # Japan asks control about the selected inject: a, the question, ctrl+s
            jpn.wait_for_timeout(800)
            jpn.keyboard.press("a")
            jpn.wait_for_timeout(1500)
            jpn.keyboard.type("What does our embassy in Seoul report?", delay=15)
            jpn.keyboard.press("Control+s")
            assert _wait(lambda: bool(_traffic(session_path).requests), 15)
            (request,) = _traffic(session_path).requests.values()
            assert (request.cell, request.inject) == ("JPN", "M1-01")
            # control answers from its own process; Korea reads its Talk tab, Japan its answer
            with Session.open(session_path, durable=False) as control:
                control.answer_request(request.id, "The embassy reports calm in Seoul.")
            kor.keyboard.press("c")
            jpn.wait_for_timeout(500)
            jpn.keyboard.press("c")
            jpn.wait_for_timeout(2500)  # the next poll draws the answer
            for name, page in (("jpn", jpn), ("kor", kor)):
                shot = tmp_path / f"talk-{name}.png"
                page.screenshot(path=str(shot))
                assert shot.stat().st_size > 10_000
                shutil.copy(shot, Path("/tmp") / f"ttx-seats-talk-{name}.png")
            assert _traffic(session_path).requests[request.id].status == "answered"
        finally:
            browser.close()
