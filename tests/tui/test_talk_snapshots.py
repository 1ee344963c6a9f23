"""SVG snapshots at 80×24 of the room talking back: the facilitator's queue of
requests and a cell's Talk tab (pytest-textual-snapshot, fixed virtual clock).

Update the baselines with: pytest tests/tui/test_talk_snapshots.py --snapshot-update
"""

from __future__ import annotations

SMALL = (80, 24)


def _talking(session, vt) -> None:
    session.start_move("M1")
    vt.advance(60)
    session.release("M1-01")
    session.send_request("JPN", "What does our embassy in Seoul report? [/] as typed", inject="M1-01")
    vt.advance(45)
    session.send_message("USA", ["JPN", "KOR"], "Tokyo, Seoul: we hold the track too. Call at 0715?",
                         inject="M1-01")
    session.send_request("KOR", "Will Tokyo take our evacuees?")
    vt.advance(150)
    session.answer_request("RFI-2", "Fukuoka opens to evacuees from noon.", to=["JPN"])
    vt.advance(30)


def test_the_requests_queue_at_80x24(snap_compare, make_app, session, vt):
    async def run_before(pilot):
        _talking(session, vt)
        pilot.app.tick()
        await pilot.press("q")
        await pilot.pause()
        pilot.app.clear_notifications()

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_a_cells_talk_tab_at_80x24(snap_compare, session, vt):
    from ttx.tui.cell_app import CellApp, CellSeat

    _talking(session, vt)

    async def run_before(pilot):
        await pilot.press("c")
        await pilot.pause()
        pilot.app.clear_notifications()

    app = CellApp(CellSeat(session, "JPN"), poll_seconds=None)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
