"""The room's screen: what every player cell may see at once, for a projector
in a plenary. It follows the session and takes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ttx.cli import main
from ttx.engine.session import Session
from ttx.tui.cell_app import RoomApp, RoomSeat

pytestmark = pytest.mark.anyio
SIZE = (100, 30)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_the_room_sees_what_all_cells_see_and_nothing_else(session_path: Path) -> None:
    facilitator = Session.open(session_path, durable=False)
    facilitator.release("M1-01")          # to USA, JPN and KOR
    facilitator.release("M1-02", force=True)  # to USA and JPN only
    before = len(facilitator.events)
    room = Session.open(session_path, readonly=True)
    app = RoomApp(RoomSeat(room), poll_seconds=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert [i.id for i in app.view.inbox] == ["M1-01"]
        text = screen_text(app)
        assert "Launch detected" in text and "Allied-only" not in text
        assert "ROOM" in text and "Every player cell" in text
        assert "Open decisions" not in text and "Decisions" not in text  # the room takes none
        for key in ("d", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == 1
        await pilot.press("b")
        await pilot.pause()
        briefing = screen_text(app)
        assert "ALLIED-ONLY QUESTION" not in briefing
        assert "A launch is detected" in briefing
        for controller_only in ("FACILITATOR-", "TRIGGER-TEXT", "EXPECTED-ACTION"):
            assert controller_only not in text + briefing + repr(app.view)
    facilitator.refresh()
    assert len(facilitator.events) == before  # it wrote nothing: not even a console joining
    room.close()
    facilitator.close()


def test_ttx_room_refuses_a_missing_session(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["room", str(tmp_path / "missing.ttx")])
    assert result.exit_code == 2 and "no such session file" in result.output


def test_without_player_cells_the_room_sees_nothing(tmp_path: Path) -> None:
    """An empty set of players is a subset of any recipients: the room must not read that as 'for all'."""
    from ttx.scenario.model import Scenario

    scenario = Scenario.model_validate({
        "ttx": 1, "id": "control-only", "title": "Control only",
        "cells": [{"id": "WHITE", "kind": "control"}],
        "moves": [{"id": "M1", "questions": [{"id": "Q1", "text": "CONTROL QUESTION"}],
                   "injects": [{"id": "M1-01", "at": 0, "title": "For control", "to": ["WHITE"],
                                "body": "CONTROL-ONLY-BODY"}]}],
    })
    with Session.create(scenario, tmp_path / "c.ttx", durable=False) as session:
        session.start_move("M1")
        session.release("M1-01")
        view = session.room_view()
    assert view.inbox == () and view.move is not None and view.move.questions == ()
