"""The room talks back, through the engine: requests for information and their
answers, messages between cells, written statements with decisions, control's
log. Each is an event, durable before it returns, replayed as it was shown,
and seen only by the cells it is addressed to."""

from __future__ import annotations

import pytest

from ttx.engine import events as ev
from ttx.engine.errors import CommandError
from ttx.engine.session import Session
from ttx.engine.state import fold
from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import TEXT_LIMIT

from tests.engine.talking import refused, started, views


# ---- requests for information ------------------------------------------------------
def test_a_request_reaches_control_only_and_its_answer_the_asking_cell_only(session, vt):
    started(session, vt, "A")
    sent = session.send_request("JPN", "What does our embassy in Seoul report?", inject="A")
    assert sent.type == ev.RFI_SENT and sent.data == {"rfi": "RFI-1", "cell": "JPN", "inject": "A",
                                                      "text": "What does our embassy in Seoul report?"}
    vt.advance(150)
    # the facilitator's queue: open requests with their age
    (queued,) = session.state.traffic.open_requests()
    assert queued.id == "RFI-1" and queued.waited(session.clock()) == 150
    seen = views(session)
    assert [r.question for r in seen["JPN"].requests] == ["What does our embassy in Seoul report?"]
    assert seen["JPN"].requests[0].status == "open"
    assert seen["USA"].requests == seen["KOR"].requests == ()
    assert "embassy" not in repr(seen["USA"]) + repr(seen["KOR"]) + repr(session.room_view())

    session.answer_request("RFI-1", "The embassy reports calm in Seoul.")
    assert session.state.traffic.open_requests() == []
    seen = views(session)
    (answered,) = seen["JPN"].requests
    assert (answered.status, answered.reply, answered.marking) == ("answered", "The embassy reports calm in Seoul.",
                                                                   "JPN ONLY")
    assert answered.reply_clock - answered.asked_clock == 150
    assert "calm in Seoul" not in repr(seen["USA"]) + repr(seen["KOR"]) + repr(session.room_view())


def test_an_answer_to_several_cells_is_a_release_marked_rel_to_them_without_the_question(session, vt):
    started(session, vt)
    session.send_request("KOR", "SECRET-QUESTION: will Tokyo take our evacuees?")
    session.answer_request("RFI-1", "Japan will open Fukuoka to evacuees.", to=["JPN"])
    seen = views(session)
    (own,) = seen["KOR"].requests
    (released,) = seen["JPN"].requests
    assert own.question.startswith("SECRET-QUESTION") and own.marking == "REL TO JPN, KOR"
    assert released.question is None and released.reply == "Japan will open Fukuoka to evacuees."
    assert released.marking == "REL TO JPN, KOR"
    assert "SECRET-QUESTION" not in repr(seen["JPN"])
    assert seen["USA"].requests == () and "Fukuoka" not in repr(seen["USA"])
    # to all three: the room shows the answer, never the question
    session.send_request("USA", "SECRET-QUESTION-2")
    session.answer_request("RFI-2", "All capitals: the ferry sails at noon.", to=["JPN", "KOR"])
    room = session.room_view()
    assert [r.reply for r in room.requests] == ["All capitals: the ferry sails at noon."]
    assert "SECRET-QUESTION" not in repr(room)
    assert session.events[-1].data["to"] == ["USA", "JPN", "KOR"]


def test_control_declines_a_request_and_the_cell_sees_why(session, vt):
    started(session, vt)
    session.send_request("USA", "Can we see Pyongyang's launch order?")
    session.decline_request("RFI-1", "Beyond what your capital would know.")
    (declined,) = session.cell_view("USA").requests
    assert (declined.status, declined.reply) == ("declined", "Beyond what your capital would know.")
    refused(session, lambda: session.answer_request("RFI-1", "late"), "RFI-1 was already declined")
    refused(session, lambda: session.decline_request("RFI-1"), "already declined")


def test_bad_requests_are_refused_and_nothing_is_written(session, vt):
    started(session, vt, "A")
    refused(session, lambda: session.send_request("JPN", "   \n "), "a request needs text")
    refused(session, lambda: session.send_request("JPN", "x" * (TEXT_LIMIT + 1)), "4,001 characters", "4,000")
    refused(session, lambda: session.send_request("CHN", "hello"), "no cell 'CHN'")
    refused(session, lambda: session.send_request("WHITE", "hello"), "WHITE is not a player cell")
    refused(session, lambda: session.send_request("KOR", "about A?", inject="A"), "A was not released to KOR")
    refused(session, lambda: session.send_request("JPN", "about?", inject="NOPE"), "no inject 'NOPE'")
    refused(session, lambda: session.answer_request("RFI-9", "yes"), "no request 'RFI-9'", "open requests: none")
    session.send_request("JPN", "fine")
    refused(session, lambda: session.answer_request("RFI-1", ""), "an answer needs text")
    refused(session, lambda: session.answer_request("RFI-1", "yes", to=["CHN"]), "no player cell 'CHN'",
            "player cells: USA, KOR")
    refused(session, lambda: session.answer_request("RFI-1", "yes", to=["WHITE"]), "no player cell 'WHITE'")


def test_requests_and_messages_end_with_the_exercise(session, vt):
    session.send_request("JPN", "Before the first move: is the ferry in play?")  # the briefing is play too
    started(session, vt)
    session.end()
    refused(session, lambda: session.send_request("JPN", "hello?"), "has ended")
    refused(session, lambda: session.send_message("JPN", ["USA"], "hello?"), "has ended")
    session.answer_request("RFI-1", "Yes.")  # control may still close the queue in the hot wash


# ---- messages between cells ------------------------------------------------------------
def test_a_message_reaches_its_recipients_only_marked_for_those_who_hold_it(session, vt):
    started(session, vt, "A")
    session.send_message("USA", ["JPN"], "Tokyo: we hold the track too. Call at 0715?", inject="A")
    session.send_message("JPN", ["USA", "KOR"], "All: J-Alert is out.")
    seen = views(session)
    assert [m.text for m in seen["USA"].messages] == ["All: J-Alert is out.",
                                                      "Tokyo: we hold the track too. Call at 0715?"]
    assert [(m.sender, m.sent) for m in seen["USA"].messages] == [("JPN", False), ("USA", True)]
    assert [m.marking for m in seen["JPN"].messages] == ["REL TO USA, JPN, KOR", "REL TO USA, JPN"]
    assert [m.text for m in seen["KOR"].messages] == ["All: J-Alert is out."]
    assert "0715" not in repr(seen["KOR"])
    # the product it passes on: named to a recipient that holds it too
    assert seen["JPN"].messages[1].about == "A Launch detected"
    assert [m.text for m in session.room_view().messages] == ["All: J-Alert is out."]
    # control sees every message
    assert [m.id for m in session.state.traffic.messages] == ["MSG-1", "MSG-2"]
    assert session.events[-2].data == {"message": "MSG-1", "from": "USA", "to": ["JPN"], "inject": "A",
                                       "text": "Tokyo: we hold the track too. Call at 0715?"}


def test_a_message_passing_on_a_product_names_it_only_to_a_recipient_that_holds_it(session, vt):
    started(session, vt, "A")
    session.send_message("USA", ["KOR"], "Seoul: here is our track.", inject="A")
    (msg,) = session.cell_view("KOR").messages
    assert msg.about is None and "Launch detected" not in repr(session.cell_view("KOR"))


def test_bad_messages_are_refused_and_nothing_is_written(session, vt):
    started(session, vt, "A")
    refused(session, lambda: session.send_message("USA", ["JPN"], ""), "a message needs text")
    refused(session, lambda: session.send_message("USA", ["JPN"], "y" * 4001), "at most 4,000")
    refused(session, lambda: session.send_message("USA", ["CHN"], "hi"), "no player cell 'CHN'",
            "player cells: JPN, KOR")
    refused(session, lambda: session.send_message("USA", ["WHITE"], "hi"), "no player cell 'WHITE'")
    refused(session, lambda: session.send_message("USA", [], "hi"), "needs a recipient")
    refused(session, lambda: session.send_message("USA", ["USA"], "hi"), "needs a recipient")
    refused(session, lambda: session.send_message("WHITE", ["USA"], "hi"), "WHITE is not a player cell")
    refused(session, lambda: session.send_message("KOR", ["USA"], "hi", inject="A"), "A was not released to KOR")
    session.send_message("USA", "JPN", "one recipient, as text")
    assert session.events[-1].data["to"] == ["JPN"]


# ---- written statements ---------------------------------------------------------------------
def statement_scenario() -> Scenario:
    return Scenario.model_validate({
        "ttx": 1, "id": "press", "title": "Press lines",
        "cells": [{"id": "USA"}, {"id": "JPN"}, {"id": "KOR"}],
        "moves": [{"id": "M1", "injects": [
            {"id": "P", "at": 1, "title": "Press conference", "decision": {
                "prompt": "What is your press line?", "response": "text", "statement": "Press line"}},
            {"id": "D", "at": 2, "title": "Demarche", "to": ["JPN"], "decision": {
                "prompt": "Protest to Beijing?", "response": "both",
                "options": [{"id": "protest", "text": "Protest"}, {"id": "quiet", "text": "Stay quiet"}]}},
        ]}],
    })


def test_a_decision_asking_for_a_statement_keeps_the_text_with_the_decision(tmp_path, vt):
    with Session.create(statement_scenario(), tmp_path / "s.ttx", now=vt) as session:
        started(session, vt, "P", "D")
        (open_,) = [d for d in session.cell_view("USA").open_decisions]
        assert open_.statement == "Press line"
        assert session.cell_view("JPN").open_decisions[1].statement == "Statement"
        refused(session, lambda: session.record_decision("P", "USA", None, "because"),
                "P asks for a written statement (Press line): write it")
        refused(session, lambda: session.record_decision("D", "JPN", "protest", "", statement="  "), "write it")
        refused(session, lambda: session.record_decision("D", "JPN", "protest", "", statement="z" * 4001), "at most 4,000")
        line = "The United States stands with its allies. [/] No further comment."
        event = session.record_decision("P", "USA", None, "agreed with State", statement=line)
        assert event.data["statement"] == line
        session.record_decision("D", "JPN", "protest", "", statement="We protest in the strongest terms.")
        assert session.state.decisions["P"]["USA"].statement == line
        assert session.cell_view("USA").own_decisions[0].statement == line
        assert session.state == fold(session.scenario, session.events)
    with Session.open(tmp_path / "s.ttx", readonly=True) as again:
        assert again.state.decisions["D"]["JPN"].statement == "We protest in the strongest terms."


def test_a_decision_asking_for_no_statement_refuses_one_and_records_as_before(session, vt):
    started(session, vt, "A")
    refused(session, lambda: session.record_decision("A", "USA", "share", "", statement="a line"),
            "A asks for no written statement")
    event = session.record_decision("A", "USA", "share", "why")
    assert "statement" not in event.data  # the contract's decision_recorded, unchanged


@pytest.mark.parametrize("decision, message", [
    ({"prompt": "?", "response": "text", "options": [{"id": "a", "text": "A"}]}, "remove the options"),
    ({"prompt": "?", "response": "both"}, "response: both needs options"),
    ({"prompt": "?", "response": "option"}, "response: option needs options"),
    ({"prompt": "?", "statement": "Press line"}, "statement: names the written statement"),
    ({"prompt": "?", "response": "essay"}, "response"),
])
def test_a_response_that_does_not_fit_its_options_is_a_scenario_error(decision, message):
    with pytest.raises(ValueError) as info:
        Scenario.model_validate({"ttx": 1, "id": "x", "title": "X", "cells": [{"id": "USA"}],
                                 "moves": [{"id": "M1", "injects": [{"id": "I", "at": 1, "title": "I",
                                                                     "decision": decision}]}]})
    assert message in str(info.value)


# ---- control's log ------------------------------------------------------------------------------
def test_controls_log_is_kept_and_never_shown_to_a_cell(session, vt):
    started(session, vt, "A")
    session.add_log("KOR-LOG-LINE: Seoul will not go public before Tokyo.", speaker="KOR head of delegation",
                    cell="KOR")
    session.add_log("Plenary agrees to a joint statement.")
    assert [(e.speaker, e.cell) for e in session.state.traffic.log] == [("KOR head of delegation", "KOR"),
                                                                        (None, None)]
    for view in (*views(session).values(), session.room_view()):
        assert "KOR-LOG-LINE" not in repr(view) and "Plenary agrees" not in repr(view)
    refused(session, lambda: session.add_log(" "), "a log entry needs text")
    refused(session, lambda: session.add_log("x", cell="CHN"), "no cell 'CHN'")


def test_everything_said_replays_to_the_state_that_was_shown(session, vt):
    started(session, vt, "A")
    session.send_request("JPN", "Q1")
    session.send_message("USA", ["JPN", "KOR"], "M1", inject="A")
    vt.advance(30)
    session.answer_request("RFI-1", "A1", to=["KOR"])
    session.send_request("KOR", "Q2")
    session.decline_request("RFI-2")
    session.add_log("L1", cell="USA")
    path = session.path
    shown = {c: session.cell_view(c) for c in ("USA", "JPN", "KOR")}
    state = session.state
    session.close()
    with Session.open(path, readonly=True) as again:
        assert again.state == state
        assert {c: again.cell_view(c).requests for c in shown} == {c: v.requests for c, v in shown.items()}
        assert {c: again.cell_view(c).messages for c in shown} == {c: v.messages for c, v in shown.items()}
