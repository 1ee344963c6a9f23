"""The facilitator's control of the run (issue 13): moving on mid-move asks and
says what it leaves behind, the header shows the move's time left and its
overrun, and starting a move while paused says that the clock runs again."""

from __future__ import annotations

import pytest

from .conftest import until

pytestmark = pytest.mark.anyio


def header(app) -> str:
    return str(app.query_one("#clock").render())


async def start_move(app, pilot, move: str = "M1", *keys: str) -> None:
    """Press m (then `keys`), read the briefing, start `move` with enter."""
    await pilot.press("m", *keys)
    await until(pilot, lambda: type(app.screen).__name__ == "BriefingScreen", "the briefing")
    await pilot.press("enter")
    await until(pilot, lambda: app.state.move == move, move)


def later(app, vt, minutes: float) -> None:
    vt.advance(minutes * 60)
    app.tick()


async def test_m_mid_move_says_what_it_leaves_behind_and_one_enter_stays(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await start_move(app, pilot)
        later(app, vt, 6)
        await pilot.press("m")
        await until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen", "the warning")
        message = app.screen.message
        assert "M1 is at 06:00" in message
        assert "2 injects still due (M1-01, M1-02)" in message
        assert "2 injects not yet due (M1-03, M1-04)" in message
        await pilot.press("enter")  # a stray enter stays in the move
        await until(pilot, lambda: app.screen is app.screen_stack[0], "the console")
        assert app.state.move == "M1" and "M2" not in app.state.move_started_clock
        await start_move(app, pilot, "M2", "y")


async def test_the_header_shows_time_left_in_the_move_and_marks_the_overrun(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await start_move(app, pilot)
        later(app, vt, 10)
        await until(pilot, lambda: "Move 10:00 of 30:00, 20:00 left" in header(app), "time left")
        later(app, vt, 24.5)
        await until(pilot, lambda: "Move 34:30 of 30:00 OVER by 04:30" in header(app), "the overrun")
        assert "Exercise clock 34:30" in header(app)


async def test_starting_a_move_while_paused_says_the_clock_runs_again(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await start_move(app, pilot)
        await pilot.press("p")
        await until(pilot, lambda: not app.state.running, "the pause")
        await pilot.press("m", "y")
        await until(pilot, lambda: type(app.screen).__name__ == "BriefingScreen", "the briefing")
        assert "The clock is paused: starting M2 runs it again." in str(
            app.screen.query_one(".dialog-warning").render())
        await pilot.press("enter")
        await until(pilot, lambda: app.state.move == "M2" and app.state.running, "move 2 running")
        assert any("the paused clock runs again" in n.message for n in app._notifications)
