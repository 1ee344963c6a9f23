"""SVG snapshots at 100×30 with a fixed virtual clock (pytest-textual-snapshot).

Update the baselines with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations


from ttx.tui.widgets.msel import MselTable

SIZE = (100, 30)


def _settle(app) -> None:
    app.clear_notifications()


async def _running(pilot, vt) -> None:
    app = pilot.app
    await pilot.press("m", "ctrl+s")
    vt.advance(6 * 60)
    app.tick()
    await pilot.pause()
    await pilot.press("space")                 # release M1-01 (a decision for USA and JPN)
    await pilot.pause()
    app.query_one(MselTable).select("M1-02")   # due, selected: the detail pane shows it
    await pilot.pause()
    _settle(app)


def test_main_screen(snap_compare, make_app, vt):
    async def run_before(pilot):
        await _running(pilot, vt)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_main_screen_before_start(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_main_screen_narrow_80x24(snap_compare, make_app, vt):
    async def run_before(pilot):
        await _running(pilot, vt)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_main_screen_light_theme(snap_compare, make_app, vt):
    async def run_before(pilot):
        pilot.app.theme = "textual-light"
        await _running(pilot, vt)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_decision_modal(snap_compare, make_app, vt):
    async def run_before(pilot):
        await _running(pilot, vt)
        pilot.app.query_one(MselTable).select("M1-01")
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["f1"])


def test_briefing(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["m"])


def test_hot_wash(snap_compare, make_app, vt, session):
    async def run_before(pilot):
        await _running(pilot, vt)
        session.add_hotwash("strength", "J-Alert went out in three minutes", objective="OBJ-1",
                            capability="Intelligence and Information Sharing")
        session.add_hotwash("improvement", "Seoul learnt of the launch last", objective="OBJ-1",
                            corrective_action="Trilateral hotline drill each quarter", capability_element="Training",
                            responsible="KOR", point_of_contact="MOFA duty officer", due="2027-06-30",
                            analysis="No agreed trigger for a trilateral call")
        await pilot.press("e", "y")
        await pilot.pause()
        _settle(pilot.app)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_cell_console(snap_compare, session, vt):
    """JPN's console: two injects in the inbox, the older one selected, its decision open."""
    from ttx.tui.cell_app import CellApp, CellSeat

    session.start_move("M1")
    vt.advance(60)
    session.release("M1-01")
    vt.advance(5 * 60)
    session.release("M1-02", force=True)
    vt.advance(90)

    async def run_before(pilot):
        await pilot.press("down")   # M1-01: its open decision shows in the inject pane
        await pilot.pause()
        pilot.app.clear_notifications()

    app = CellApp(CellSeat(session, "JPN"), poll_seconds=None)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
