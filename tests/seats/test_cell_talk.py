"""A cell console talking back, driven as a cell would, while control answers
from another Session on the same file: a asks control (about the selected
inject), m messages other cells (passing the inject on), c shows the Talk
tab; a reply, a message, a correction and a recall arrive and are announced.
Three cells on one file: each sees only what was addressed to it. At 80×24."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from ttx.engine.session import Session
from ttx.scenario.model import Scenario
from ttx.tui.cell_app import CELL_ACTS, ROOM_ACTS, CellApp, CellSeat, RoomApp, RoomSeat

from .conftest import SCENARIO

SIZE = (80, 24)
pytestmark = pytest.mark.anyio


def shown(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def told(app, title: str) -> bool:
    return any(title in (n.title or "") for n in app._notifications)


async def until(pilot, predicate, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "?": "question_mark", ".": "full_stop", ",": "comma",
                           ":": "colon", "[": "left_square_bracket", "]": "right_square_bracket",
                           "/": "slash"}.get(ch, ch))


def open_app(path: Path, cell: str) -> CellApp:
    return CellApp(CellSeat(Session.open(path), cell), poll_seconds=0.2)


async def test_a_cell_asks_control_and_reads_the_answer(session_path: Path) -> None:
    control = Session.open(session_path, durable=False)
    control.release("M1-01")
    app = open_app(session_path, "JPN")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.view.inbox), "the inbox")
        await pilot.press("a")
        await until(pilot, lambda: "Request for information to control" in shown(app), "the form")
        assert "About M1-01 Launch detected" in shown(app)
        await pilot.press("ctrl+s")  # nothing written: no text
        await pilot.pause(0.2)
        control.refresh()
        assert control.state.traffic.requests == {}
        await type_text(pilot, "What does our embassy [/] report?")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(app.view.requests), "the request")
        control.refresh()
        (request,) = control.state.traffic.requests.values()
        assert (request.cell, request.inject, request.text) == ("JPN", "M1-01", "What does our embassy [/] report?")
        control.answer_request(request.id, "The embassy reports calm.")
        await until(pilot, lambda: told(app, "Control answered RFI-1"), "the answer's toast")
        await pilot.press("c")
        await until(pilot, lambda: "The embassy reports calm." in shown(app), "the Talk tab")
        assert re.search(r"answered at \d\d:\d\d  JPN ONLY", shown(app))
    app.seat.close()
    control.close()


async def test_a_too_long_request_is_refused_in_the_form_and_nothing_is_written(session_path: Path) -> None:
    app = open_app(session_path, "KOR")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await until(pilot, lambda: "Request for information" in shown(app), "the form")
        app.screen.query_one("#ask-text").text = "x" * 4001
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("at most 4,000" in n.message for n in app._notifications), "the refusal")
        assert "Request for information" in shown(app)  # the form stays, with its text
    with Session.open(session_path, readonly=True) as again:
        assert again.state.traffic.requests == {}
    app.seat.close()


async def test_three_cells_message_each_other_and_each_sees_only_its_own(session_path: Path) -> None:
    control = Session.open(session_path, durable=False)
    control.release("M1-02")  # to USA and JPN only
    usa, jpn, kor = (open_app(session_path, c) for c in ("USA", "JPN", "KOR"))
    async with usa.run_test(size=SIZE) as pu, jpn.run_test(size=SIZE) as pj, kor.run_test(size=SIZE) as pk:
        await until(pu, lambda: bool(usa.view.inbox), "USA's inbox")
        await pu.press("m")
        await until(pu, lambda: "Message to other cells" in shown(usa), "the form")
        assert "Pass on M1-02 Allied-only cable" in shown(usa)
        await pu.press("ctrl+s")  # no recipient: refused
        await until(pu, lambda: any("Tick the cells" in n.message for n in usa._notifications), "the refusal")
        usa.screen.query_one("#message-to-JPN").value = True
        usa.screen.query_one("#message-about").value = True
        usa.screen.query_one("#message-text").text = "ALLIED-CALL: Tokyo, a call at 0715?"
        await pu.press("ctrl+s")
        await until(pu, lambda: bool(usa.view.messages), "the message")
        await until(pj, lambda: told(jpn, "Message from USA"), "JPN's toast")
        await pj.press("c")
        await until(pj, lambda: "ALLIED-CALL" in shown(jpn), "JPN's Talk tab")
        assert "REL TO USA, JPN" in shown(jpn) and "passes on M1-02 Allied-only cable" in shown(jpn)
        # KOR messages all: USA and JPN get it, and KOR never saw USA's call to Tokyo
        await pk.press("m")
        await until(pk, lambda: "Message to other cells" in shown(kor), "KOR's form")
        for cell in ("USA", "JPN"):
            kor.screen.query_one(f"#message-to-{cell}").value = True
        kor.screen.query_one("#message-text").text = "SEOUL-ALL: we have the track."
        await pk.press("ctrl+s")
        await until(pu, lambda: told(usa, "Message from KOR"), "USA's toast")
        await until(pj, lambda: "SEOUL-ALL" in shown(jpn), "JPN's Talk tab")
        await pk.press("c")
        await until(pk, lambda: "SEOUL-ALL" in shown(kor), "KOR's Talk tab")
        assert "ALLIED-CALL" not in shown(kor) + repr(kor.view)
        control.refresh()
        assert [m.text for m in control.state.traffic.messages] == ["ALLIED-CALL: Tokyo, a call at 0715?",
                                                                   "SEOUL-ALL: we have the track."]
    for app in (usa, jpn, kor):
        app.seat.close()
    control.close()


async def test_a_correction_and_a_recall_arrive_as_such(session_path: Path) -> None:
    control = Session.open(session_path, durable=False)
    control.release("M1-01")
    app = open_app(session_path, "KOR")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.view.inbox), "the inbox")
        control.correct("M1-01", "Track revised.")
        await until(pilot, lambda: told(app, "Correction"), "the correction's toast")
        assert "Correction: Laun" in shown(app)  # newest first, its title cut at 80 columns
        control.recall("M1-01", "Released in error.")
        await until(pilot, lambda: told(app, "Withdrawn by control: M1-01"), "the recall's toast")
        assert "WITHDRAWN Launch" in shown(app)
        app.query_one("#inbox").highlighted = 1
        await until(pilot, lambda: "WITHDRAWN by control: Released in error." in shown(app), "the withdrawn inject")
        assert app.view.open_decisions == ()
    app.seat.close()
    control.close()


async def test_a_cell_writes_the_statement_its_decision_asks_for(tmp_path: Path) -> None:
    data = {**SCENARIO, "moves": [{"id": "M1", "injects": [
        {"id": "P", "at": 1, "title": "Press conference", "to": ["JPN"],
         "decision": {"prompt": "Your press line?", "response": "text", "statement": "Press line"}}]}]}
    path = tmp_path / "press.ttx"
    with Session.create(Scenario.model_validate(data), path, durable=False) as control:
        control.start_move()
        control.release("P")
    app = open_app(path, "JPN")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await until(pilot, lambda: "Press line (the cell's words" in shown(app), "the statement field")
        await pilot.press("ctrl+s")  # no statement: refused
        await until(pilot, lambda: any("press line first" in n.message for n in app._notifications), "refusal")
        await type_text(pilot, "Japan stands with its partners.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(app.view.own_decisions), "the decision")
        assert app.view.own_decisions[0].statement == "Japan stands with its partners."
    app.seat.close()


async def test_the_room_shows_what_is_addressed_to_all_and_sends_nothing(session_path: Path) -> None:
    ids = {a.id for a in ROOM_ACTS}
    assert "talk" in ids and not ids & {"ask", "message", "decide"}
    assert {"ask", "message", "talk"} <= {a.id for a in CELL_ACTS}
    control = Session.open(session_path, durable=False)
    control.send_message("USA", ["JPN", "KOR"], "TO-ALL: the ferry sails at noon.")
    control.send_message("USA", ["JPN"], "TO-TOKYO: just you.")
    room = RoomApp(RoomSeat(Session.open(session_path)), poll_seconds=0.2)
    async with room.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await until(pilot, lambda: "TO-ALL" in shown(room), "the room's Talk tab")
        assert "TO-TOKYO" not in shown(room) + repr(room.view)
        await pilot.press("a", "m")
        await pilot.pause(0.2)
        assert type(room.screen).__name__ == "Screen"
    room.seat.close()
    control.close()
