"""Live control of the MSEL through the engine: an inject written in play is
run like a scripted one (falls due, released, decided on, settled at the
move's end); a pending one retimed or redirected; a released one corrected
(the original kept) or recalled (its cells see it withdrawn). Each an event;
the scenario is never changed."""

from __future__ import annotations

import pytest

from ttx.engine import events as ev
from ttx.engine.errors import CommandError
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus, fold

from tests.engine.talking import refused, started

P, D, R, H, S = (InjectStatus.PENDING, InjectStatus.DUE, InjectStatus.RELEASED, InjectStatus.HELD,
                 InjectStatus.SKIPPED)


def test_an_inject_written_in_play_falls_due_is_released_and_decided_like_a_scripted_one(session, vt, scenario):
    started(session, vt)  # one minute into M1, manual mode
    written = session.write_inject(
        "Ferry captain calls", body="The *Sewol II* asks where to dock.", to=["JPN", "KOR"], channel="call",
        at=3, decision={"prompt": "Where does it dock?", "options": [{"id": "busan", "text": "Busan"},
                                                                    {"id": "fukuoka", "text": "Fukuoka"}]})
    assert [e.type for e in written] == [ev.INJECT_WRITTEN]
    assert written[0].data["inject"] == "LIVE-1" and written[0].data["move"] == "M1"
    state = session.state
    assert state.status["LIVE-1"] is P and state.move_of["LIVE-1"] == "M1"
    assert [i.id for i in state.schedule("M1")] == ["LIVE-1", "A", "B", "C", "K", "X"]
    assert "LIVE-1" not in scenario.inject_by_id  # the scenario itself is never changed
    vt.advance(60)
    session.tick()
    assert state.status["LIVE-1"] is P
    vt.advance(90)
    session.tick()
    assert session.state.status["LIVE-1"] is D and session.state.due_injects() == ["LIVE-1"]
    session.release("LIVE-1")
    assert session.state.released_to["LIVE-1"] == ("JPN", "KOR")
    jpn = session.cell_view("JPN")
    assert jpn.inbox[0].id == "LIVE-1" and jpn.inbox[0].marking == "REL TO JPN, KOR"
    assert [d.inject for d in jpn.open_decisions] == ["LIVE-1"]
    assert "Ferry" not in repr(session.cell_view("USA"))
    session.record_decision("LIVE-1", "KOR", "busan", "closer")
    assert session.state.open_decisions() == [("LIVE-1", "JPN")]
    assert session.state == fold(scenario, session.events)


def test_an_inject_written_for_now_and_released_at_once(session, vt):
    started(session, vt)
    vt.advance(4 * 60)
    events = session.write_inject("Flash: ferry capsized", to="KOR", release=True)
    assert [e.type for e in events] == [ev.INJECT_WRITTEN, ev.INJECT_RELEASED]
    assert events[0].data["at"] == 5 and session.state.status["LIVE-1"] is R
    assert session.cell_view("KOR").inbox[0].title == "Flash: ferry capsized"
    session.write_inject("Second one", at="0:30", inject_id="M1-EXTRA")
    assert session.state.inject_by_id["M1-EXTRA"].at == 30


def test_unreleased_written_injects_are_settled_when_the_move_ends(session, vt):
    started(session, vt)
    session.write_inject("Never released", at=25)
    session.start_move("M2")
    assert session.state.status["LIVE-1"] is S


def test_bad_new_injects_are_refused_and_nothing_is_written(session, vt):
    refused(session, lambda: session.write_inject("Too early"), "no move is running: name the move")
    started(session, vt)
    refused(session, lambda: session.write_inject("  "), "the inject's title needs text")
    refused(session, lambda: session.write_inject("T", body="b" * 4001), "at most 4,000")
    refused(session, lambda: session.write_inject("T", to=["CHN"]), "no cell 'CHN'")
    refused(session, lambda: session.write_inject("T", to=["WHITE"]), "goes to no player cell")
    refused(session, lambda: session.write_inject("T", channel="telegram"), "channel 'telegram' is not one of")
    refused(session, lambda: session.write_inject("T", at="soon"), "not a duration")
    refused(session, lambda: session.write_inject("T", move="M9"), "no move 'M9'")
    refused(session, lambda: session.write_inject("T", inject_id="A"), "already an inject A")
    refused(session, lambda: session.write_inject("T", inject_id="a b"), "not an inject id")
    refused(session, lambda: session.write_inject("T", to=["JPN"], decision={"prompt": "?", "cells": ["USA"]}),
            "USA decides on LIVE-1 but does not receive it")
    refused(session, lambda: session.write_inject("T", decision={"prompt": "?", "response": "both"}),
            "response: both needs options")
    refused(session, lambda: session.write_inject("T", move="M2", release=True), "M2 is not the running move")
    session.start_move("M2")
    refused(session, lambda: session.write_inject("T", move="M1"), "move M1 has ended")


def test_a_pending_inject_retimed_falls_due_at_its_new_time(session, vt):
    started(session, vt)
    session.retime("A", 20)  # was 5
    assert session.state.inject_by_id["A"].at == 20
    assert [i.id for i in session.state.schedule("M1")] == ["B", "C", "K", "X", "A"]
    vt.advance(10 * 60)
    session.tick()
    assert session.state.status["A"] is P
    vt.advance(10 * 60)
    session.tick()
    assert session.state.status["A"] is D
    session.retime("A", 25)  # not yet, after all: due again later
    assert session.state.status["A"] is P and "A" not in session.state.due_injects()
    changes = session.state.msel.changes["A"]
    assert [c.detail for c in changes] == ["at 5 → 20", "at 20 → 25"]


def test_a_pending_inject_redirected_is_released_to_its_new_cells(session, vt, scenario):
    started(session, vt)
    session.redirect("K", ["KOR", "JPN"])
    session.release("K")
    assert session.state.released_to["K"] == ("KOR", "JPN")
    assert session.cell_view("JPN").inbox[0].id == "K"
    assert [d.inject for d in session.cell_view("JPN").open_decisions] == ["K"]  # default deciders follow `to`
    assert scenario.inject_by_id["K"].to == ("KOR",)
    assert [c.detail for c in session.state.msel.changes["K"]] == ["to KOR → KOR, JPN"]


def test_a_redirect_keeps_the_deciding_cells_still_among_the_recipients(tmp_path, vt):
    from ttx.scenario.model import Scenario

    scenario = Scenario.model_validate({"ttx": 1, "id": "r", "title": "R", "cells": [{"id": c} for c in
                                                                                     ("USA", "JPN", "KOR")],
                                        "moves": [{"id": "M1", "injects": [{"id": "I", "at": 5, "title": "I", "decision": {
                                            "prompt": "?", "cells": ["USA", "JPN"]}}]}]})
    with Session.create(scenario, tmp_path / "r.ttx", now=vt) as session:
        started(session, vt)
        refused(session, lambda: session.redirect("I", ["KOR"]), "none of I's deciding cells (USA, JPN)")
        session.redirect("I", ["JPN", "KOR"])
        assert scenario.deciding_cells(session.state.inject_by_id["I"]) == ("JPN",)


def test_retime_and_redirect_refuse_what_has_gone(session, vt):
    started(session, vt, "A")
    refused(session, lambda: session.retime("A", 9), "A cannot be retimed: it is released", "correct or recall")
    refused(session, lambda: session.redirect("A", ["KOR"]), "A cannot be redirected: it is released")
    refused(session, lambda: session.retime("X", 9), "X is a contingency inject")
    refused(session, lambda: session.retime("B", -1), "must be minutes")
    refused(session, lambda: session.retime("NOPE", 9), "no inject 'NOPE'")
    refused(session, lambda: session.redirect("B", ["CHN"]), "no cell 'CHN'")
    refused(session, lambda: session.redirect("B", []), "at least one recipient")
    refused(session, lambda: session.retime("B", 10), "B is already at 10")


def test_a_correction_goes_where_the_original_went_and_the_original_is_kept(session, vt, scenario):
    started(session, vt, "A")
    session.redirect("K", ["KOR", "USA"])  # changes nothing of A
    events = session.correct("A", "Track revised: impact in the EEZ, not over land.")
    assert [e.type for e in events] == [ev.INJECT_WRITTEN, ev.INJECT_RELEASED]
    assert events[0].data["corrects"] == "A" and events[0].data["inject"] == "A-C1"
    assert session.state.released_to["A-C1"] == ("USA", "JPN")
    usa = session.cell_view("USA")
    assert [i.id for i in usa.inbox] == ["A-C1", "A"]
    correction, original = usa.inbox
    assert correction.corrects == "A" and correction.title == "Correction: Launch detected"
    assert original.corrected_by == ("A-C1",) and original.body == "Track."
    assert "EEZ" not in repr(session.cell_view("KOR"))
    session.correct("A", "Second revision.", title="Track revised again")
    assert session.state.msel.corrections["A"] == ("A-C1", "A-C2")
    refused(session, lambda: session.correct("B", "x"), "B has not been released")
    refused(session, lambda: session.correct("A", ""), "the correction needs text")
    assert session.state == fold(scenario, session.events)


def test_a_recalled_inject_is_withdrawn_in_its_cells_and_its_decision_no_longer_asked(session, vt, scenario):
    started(session, vt, "A")
    session.record_decision("A", "USA", "share", "")
    session.recall("A", "Released in error: the track was a test target.")
    jpn = session.cell_view("JPN")
    assert jpn.inbox[0].recalled and jpn.inbox[0].recall_reason.startswith("Released in error")
    assert jpn.open_decisions == () and jpn.taken_prompts == ()
    assert session.state.open_decisions() == []
    assert session.state.status["A"] is R  # the release happened; the report says it was recalled
    refused(session, lambda: session.record_decision("A", "JPN", "hold", ""), "A was withdrawn by control")
    refused(session, lambda: session.recall("A"), "A was already recalled")
    refused(session, lambda: session.recall("B"), "B has not been released: skip it")
    assert "test target" not in repr(session.cell_view("KOR"))
    assert session.state == fold(scenario, session.events)


def test_live_changes_survive_a_reopen(session, vt):
    started(session, vt, "A")
    session.write_inject("Written", to=["USA"], at=2)
    session.retime("B", 11)
    session.correct("A", "fixed")
    session.recall("A")
    state, path = session.state, session.path
    session.close()
    with Session.open(path, readonly=True) as again:
        assert again.state == state
        assert [i.id for i in again.state.schedule("M1")] == [i.id for i in state.schedule("M1")]


def test_a_written_event_naming_a_taken_id_or_no_move_is_ignored_on_replay(scenario):
    from datetime import datetime, timezone

    from ttx.engine.events import Event

    wall = datetime(2027, 1, 1, tzinfo=timezone.utc)
    events = [Event(1, ev.SESSION_STARTED, wall, 0.0, {}),
              Event(2, ev.INJECT_WRITTEN, wall, 0.0, {"inject": "A", "move": "M1", "title": "dup"}),
              Event(3, ev.INJECT_WRITTEN, wall, 0.0, {"inject": "Z", "move": "M9", "title": "nowhere"})]
    state = fold(scenario, events)
    assert state.inject_by_id["A"].title == "Launch detected" and "Z" not in state.inject_by_id


@pytest.mark.parametrize("call", ["retime", "redirect", "correct", "recall", "write"])
def test_live_changes_need_a_running_session(session, vt, call):
    started(session, vt)
    session.end()
    args = {"retime": ("B", 3), "redirect": ("B", ["USA"]), "correct": ("A", "x"), "recall": ("A",),
            "write": ("T",)}[call]
    with pytest.raises(CommandError, match="has ended"):
        getattr(session, {"write": "write_inject"}.get(call, call))(*args)


def test_a_cell_reading_a_translated_scenario_sees_injects_written_in_play_and_its_translated_ones(tmp_path):
    from pathlib import Path

    from ttx.scenario.load import load_scenario

    root = Path(__file__).resolve().parents[2]
    scenario = load_scenario(root / "scenarios" / "dprk-missile-warning.yaml", root / "injects")
    with Session.create(scenario, tmp_path / "dprk.ttx", durable=False) as session:
        session.start_move("M1")
        session.release("M1-01")
        session.write_inject("Ferry captain calls", to=["JPN"], release=True, body="Written in play, in English.")
        session.send_message("USA", ["JPN"], "Tokyo: the track.", inject="M1-01")
        english, japanese = session.cell_view("JPN"), session.cell_view("JPN", "ja")
        assert [i.id for i in japanese.inbox] == [i.id for i in english.inbox] == ["LIVE-1", "M1-01"]
        assert japanese.inbox[0].title == "Ferry captain calls"           # its only text
        assert japanese.inbox[1].title != english.inbox[1].title          # the scenario's, translated
        assert japanese.messages[0].about == f"M1-01 {japanese.inbox[1].title}"
