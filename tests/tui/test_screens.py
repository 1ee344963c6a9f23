"""The smaller things a facilitator sees (issue 13): one word for one state on
every console, labelled clocks, help that lists how to move around and names
each act once, and notifications that never cover the footer's keys."""

from __future__ import annotations

import pytest
from rich.console import Console

from ttx.tui.cell_app import CellApp, CellSeat
from ttx.tui.screens.help import help_table

from .conftest import fully_shown, until

pytestmark = pytest.mark.anyio


def help_text(acts=None) -> str:
    console = Console(width=160, record=True, file=open("/dev/null", "w"))
    console.print(help_table(*(() if acts is None else (acts,))))
    return console.export_text()


def test_help_lists_how_to_move_around_and_names_each_act_once():
    text = help_text()
    assert "Moving around" in text
    for key in ("tab", "esc", "PgUp PgDn", "ctrl+s"):
        assert key in text
    assert "Real-world stop — Real-world stop" not in text
    assert "Real-world stop — Halt play at once" in text


def cell_status(app) -> str:
    return str(app.query_one("#cell-status").render())


async def test_facilitator_and_cell_name_the_state_and_the_clocks_alike(make_app, session, vt):
    app = make_app()
    cell = CellApp(CellSeat(session, "JPN"), poll_seconds=None)
    async with app.run_test(size=(160, 40)) as pilot, cell.run_test(size=(160, 40)) as cpilot:
        header = str(app.query_one("#clock").render())
        assert "NOT STARTED" in header and "Exercise clock 00:00" in header
        assert "NOT STARTED" in cell_status(cell) and "Exercise clock 00:00" in cell_status(cell)
        assert "PAUSED" not in cell_status(cell)
        session.start_move("M1")
        vt.advance(90)
        cell.poll()
        await until(cpilot, lambda: "Move 01:30" in cell_status(cell), "the cell's move clock")
        assert "Exercise clock 01:30" in cell_status(cell) and "NOT STARTED" not in cell_status(cell)


async def test_a_notification_never_covers_the_footer(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify("A long notification that wraps onto more than one line at eighty columns, as they do.")
        from textual.widgets._toast import Toast

        await until(pilot, lambda: bool(app.screen.query(Toast)) and app.screen.query_one(Toast).region.height,
                    "the toast")
        toast = app.screen.query_one(Toast).region
        footer = app.query_one("#footer").region
        assert toast.bottom <= footer.y, (toast, footer)


@pytest.mark.parametrize("keys", [("n",), ("b",), ("m",), ("e",), ("o",), ("c",), ("f1",)])
async def test_every_dialog_fits_80x24(make_app, session, vt, keys):
    """Every button on screen, every field all on screen once it has focus."""
    from textual.widgets import Button

    session.start_move("M1")
    vt.advance(6 * 60)
    session.tick()
    session.release("M1-01")
    session.record_decision("M1-01", "USA", "share", "Allies first " * 6)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.table.select("M1-01")
        await pilot.pause()
        await pilot.press(*keys)
        await until(pilot, lambda: app.screen is not app.screen_stack[0], "the dialog")
        await pilot.pause()
        screen = app.screen
        for button in screen.query(Button):
            assert fully_shown(app, button), f"{button.label} is not all on screen"
        for _ in range(len([w for w in screen.query("*") if w.focusable]) + 1):
            if screen.focused is not None:
                assert fully_shown(app, screen.focused), f"{screen.focused} has focus but is not all on screen"
            await pilot.press("tab")
            await pilot.pause()
