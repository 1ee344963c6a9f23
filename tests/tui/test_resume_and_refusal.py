"""Nothing lost: a resumed session restores the screen; a bad scenario starts nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ttx.engine.session import Session
from ttx.tui.widgets.msel import MselTable

pytestmark = pytest.mark.anyio


async def _drive(app, vt) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "ctrl+s")
        vt.advance(6 * 60)
        app.tick()
        await pilot.pause()
        await pilot.press("space")            # release M1-01
        app.query_one(MselTable).select("M1-03")
        await pilot.press("h")                # hold M1-03
        await pilot.press("plus")             # speed 1.5
        await pilot.press("p")                # pause
        await pilot.pause()
        return dict(app.query_one(MselTable)._rows), str(app.query_one("#clock").render())


async def test_resume_restores_the_screen(make_app, session, vt):
    from ttx.tui.app import FacilitatorApp

    app = make_app()
    rows_before, clock_before = await _drive(app, vt)
    path = session.path
    assert session._closed  # quitting the console closed the session cleanly

    vt.advance(3600)  # an hour later, the facilitator resumes
    resumed = Session.open(path, now=vt.now, durable=False)
    try:
        app2 = FacilitatorApp(resumed, now=vt.now, tick_seconds=None)
        async with app2.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app2.query_one(MselTable).move_id == "M1"
            assert dict(app2.query_one(MselTable)._rows) == rows_before
            clock_after = str(app2.query_one("#clock").render())
            assert clock_after == clock_before  # paused: same exercise time, same speed
            assert "PAUSED" in clock_after and "×1.5" in clock_after
    finally:
        resumed.close()


async def test_crash_loses_nothing(scenario, vt, tmp_path):
    """Acts are on disk when the screen shows them: reopen without closing."""
    from ttx.tui.app import FacilitatorApp

    s = Session.create(scenario, tmp_path / "crash.ttx", now=vt.now)  # durable, as in a run
    app = FacilitatorApp(s, now=vt.now, tick_seconds=None)
    app.close_session = lambda: None  # a crash: nothing closes the session
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "ctrl+s")
        await pilot.pause()
        app.query_one(MselTable).select("M1-02")
        await pilot.press("r")
        await pilot.pause()
        shown = app.query_one(MselTable)._rows["M1-02"]
    reread = Session.open(tmp_path / "crash.ttx", now=vt.now, readonly=True)
    try:
        released = [e.data["inject"] for e in reread.events if e.type == "inject_released"]
        assert released == ["M1-02"] and shown[2][0].startswith("✓")
    finally:
        reread.close()
        s.store.close()


BAD = """\
ttx: 1
id: bad
title: A scenario with a typo
cells:
  - id: USA
moves:
  - id: M1
    planed_minutes: 30
    injects: []
"""


def test_bad_scenario_does_not_start_the_console(tmp_path: Path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "injects").mkdir()
    (tmp_path / "scenarios" / "bad.yaml").write_text(BAD)
    ttx = Path(sys.executable).parent / "ttx"
    validate = subprocess.run([str(ttx), "validate", "bad"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    run = subprocess.run([str(ttx), "run", "bad"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         stdin=subprocess.DEVNULL)
    assert run.returncode == 2
    assert "bad.yaml:8:5:" in run.stderr
    problems = [line for line in validate.stdout.splitlines() + validate.stderr.splitlines() if "bad.yaml:" in line]
    assert problems and all(p in run.stderr for p in problems)  # printed as `ttx validate` prints them
    assert not list(tmp_path.glob("sessions/*"))  # nothing started, nothing written
    assert "\x1b[?1049h" not in run.stdout  # the console never took the screen


async def test_resume_selects_what_needs_the_facilitator_next(session, vt):
    """Nothing due: the inject awaiting a decision; none: the held one; none: the next pending."""
    from ttx.tui.app import FacilitatorApp

    session.start_move("M1")
    session.release("M1-01", force=True)    # a decision for USA and JPN
    session.hold("M1-03")
    path = session.path
    session.close()
    expected = [("M1-01", None), ("M1-03", ("M1-01", "USA", "JPN")), ("M1-02", "M1-03")]
    for want, act in expected:
        resumed = Session.open(path, now=vt.now, durable=False)
        try:
            if isinstance(act, tuple):
                for cell in act[1:]:
                    resumed.record_decision(act[0], cell, "share")
            elif act:
                resumed.skip(act)
            app = FacilitatorApp(resumed, now=vt.now, tick_seconds=None)
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                assert app.query_one(MselTable).selected_id == want
        finally:
            resumed.close()
