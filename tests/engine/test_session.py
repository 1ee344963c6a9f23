"""The engine as a facilitator uses it: fold, clock and commands with a fake now()."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from ttx.engine import events as ev
from ttx.engine import rules
from ttx.engine.errors import CommandError, SessionFileError
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus, fold
from ttx.engine.store import Store

P, D, R, H, S, N = (InjectStatus.PENDING, InjectStatus.DUE, InjectStatus.RELEASED, InjectStatus.HELD,
                    InjectStatus.SKIPPED, InjectStatus.NOT_TRIGGERED)


def _edit(path: Path, *statements: str) -> None:
    """Change a closed session file behind ttx's back: run the statements, commit."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def types(events):
    return [e.type for e in events]


def test_file_named_after_scenario_and_utc_start(session, tmp_path):
    assert session.path == tmp_path / "demo-20270412T060000Z.ttx"
    assert types(session.events) == [ev.SESSION_STARTED]
    assert session.state.started and not session.state.ended
    assert session.state.move is None


def test_exercise_time_begins_with_the_first_move(session, vt):
    vt.advance(15 * 60)  # the room is still being set up
    assert session.clock() == 0 and not session.state.running
    session.start_move()
    vt.advance(60)
    assert session.clock() == 60 and session.state.running
    assert types(session.events)[-2:] == [ev.MOVE_STARTED, ev.CLOCK_RESUMED]
    session.pause()  # a break between moves
    session.start_move()  # starting the next move is starting play again
    assert session.state.running and types(session.events)[-2:] == [ev.MOVE_STARTED, ev.CLOCK_RESUMED]


def test_starting_a_move_never_lifts_a_real_world_stop(session):
    session.start_move()
    session.halt("Fire alarm")
    session.start_move()
    assert not session.state.running and session.state.halt == "Fire alarm"


def test_clock_runs_pauses_and_scales(session, vt):
    session.start_move()
    vt.advance(60)
    assert session.clock() == 60
    session.pause()
    vt.advance(600)
    assert session.clock() == 60
    session.resume()
    session.set_speed(2)
    vt.advance(30)
    assert session.clock() == 120
    session.set_speed(0.5)
    vt.advance(60)
    assert session.clock() == 150
    assert fold(session.scenario, session.events).clock_at(vt.wall) == 150


def test_speed_out_of_range_and_double_pause(session):
    for bad in (0.25, 11, "fast"):
        with pytest.raises(CommandError, match="speed"):
            session.set_speed(bad)
    session.start_move()
    session.pause()
    with pytest.raises(CommandError, match="already paused"):
        session.pause()
    session.resume()
    with pytest.raises(CommandError, match="already running"):
        session.resume()


def test_manual_mode_marks_due_and_auto_releases(session, vt):
    session.start_move()
    assert session.state.move == "M1"
    vt.advance(4 * 60)
    assert session.tick() == []
    vt.advance(60)
    new = session.tick()
    assert types(new) == [ev.INJECT_DUE]
    assert session.state.status["A"] is D and session.state.due_injects() == ["A"]
    assert session.tick() == []  # nothing new: no event
    release = session.release("A")
    assert release.data == {"inject": "A", "to": ["USA", "JPN"], "manual": True}
    assert session.state.due_injects() == []
    session.record_decision("A", "JPN", "hold", "Tokyo waits.")
    session.set_auto(True)
    vt.advance(5 * 60)
    new = session.tick()
    # B's condition holds (JPN held), C's does not; both at 10, in file order
    assert [(e.type, e.data["inject"]) for e in new] == [(ev.INJECT_RELEASED, "B"), (ev.INJECT_NOT_TRIGGERED, "C")]
    assert new[0].data["manual"] is False
    vt.advance(10 * 60)
    assert [e.data["inject"] for e in session.tick()] == ["K"]  # the contingency inject X never falls due
    assert session.state.status["X"] is P


def test_auto_releases_injects_already_due(session, vt):
    session.start_move()
    vt.advance(5 * 60)
    session.tick()
    session.set_auto(True)
    assert [(e.type, e.data["inject"]) for e in session.tick()] == [(ev.INJECT_RELEASED, "A")]


def test_no_injects_fall_due_while_paused(session, vt):
    session.start_move()
    session.pause()
    vt.advance(3600)
    assert session.tick() == []
    session.resume()
    vt.advance(5 * 60)
    assert [e.data["inject"] for e in session.tick()] == ["A"]


def test_moving_on_skips_pending_and_records_not_triggered(session, vt):
    session.start_move()
    vt.advance(5 * 60)
    session.tick()
    session.hold("A")
    new = session.start_move()
    # A held -> skipped; B's condition false -> not triggered; C, K pending -> skipped; X contingency: no event
    assert [(e.type, e.data.get("inject") or e.data.get("move")) for e in new] == [
        (ev.INJECT_SKIPPED, "A"), (ev.INJECT_NOT_TRIGGERED, "B"), (ev.INJECT_SKIPPED, "C"),
        (ev.INJECT_SKIPPED, "K"), (ev.MOVE_ENDED, "M1"), (ev.MOVE_STARTED, "M2")]
    assert session.state.status["X"] is P
    assert session.state.move_started_clock == {"M1": 0.0, "M2": 300.0}
    vt.advance(60)
    assert session.move_elapsed() == 60
    with pytest.raises(CommandError, match="last move"):
        session.start_move()
    with pytest.raises(CommandError, match="already been run"):
        session.start_move("M1")
    end = session.end()
    assert types(end)[-2:] == [ev.MOVE_ENDED, ev.SESSION_ENDED]
    assert session.state.ended and session.state.move is None and not session.state.running


def test_command_errors_are_clear(session, vt):
    with pytest.raises(CommandError, match="no move is running"):
        session.release("A")
    session.start_move()
    with pytest.raises(CommandError, match="no inject 'nope'"):
        session.release("nope")
    with pytest.raises(CommandError, match="has not been released"):
        session.record_decision("A", "JPN", "hold")
    session.release("A")
    with pytest.raises(CommandError, match="already released"):
        session.release("A")
    with pytest.raises(CommandError, match="no option 'maybe'"):
        session.record_decision("A", "JPN", "maybe")
    with pytest.raises(CommandError, match="KOR does not decide on A"):
        session.record_decision("A", "KOR", "share")
    with pytest.raises(CommandError, match="no cell 'XXX'"):
        session.record_decision("A", "XXX", "share")
    with pytest.raises(CommandError, match="asks for no decision"):
        session.record_decision("B", "JPN", "share")
    with pytest.raises(CommandError, match="belongs to move M2"):
        session.release("D")
    with pytest.raises(CommandError, match="cannot be held"):
        session.hold("A")
    with pytest.raises(CommandError, match="no objective"):
        session.add_note("x", objective="OBJ-9")
    with pytest.raises(CommandError, match="rating"):
        session.add_note("x", rating="A")
    with pytest.raises(CommandError, match="has recorded no decision"):
        session.share_decision("A", "JPN")
    with pytest.raises(CommandError, match="no options"):
        session.release("K")
        session.record_decision("K", "KOR", "x")
    before = len(session.events)
    with pytest.raises(CommandError):
        session.release("A")
    assert len(session.events) == before  # a refused command leaves no trace
    assert Store.open(session.path, readonly=True).count() == before


def test_not_triggered_needs_force(session, vt):
    session.start_move()
    vt.advance(10 * 60)
    session.tick()
    assert session.state.status["B"] is N
    with pytest.raises(CommandError, match="not triggered.*force"):
        session.release("B")
    assert session.release("B", force=True).data["manual"] is True
    assert session.release("X").data["inject"] == "X"  # contingency: by hand


def test_decisions_latest_wins_and_open_decisions(session, vt):
    session.start_move()
    session.release("A")
    assert session.state.open_decisions() == [("A", "USA"), ("A", "JPN")]
    session.record_decision("A", "JPN", "hold")
    vt.advance(30)
    session.record_decision("A", "JPN", "share", "changed our mind", revise=True)
    record = session.state.decisions["A"]["JPN"]
    assert (record.option, record.rationale, record.clock) == ("share", "changed our mind", 30.0)
    assert session.state.open_decisions() == [("A", "USA")]
    assert len(session.state.decision_log) == 2


def test_changing_a_decision_is_its_own_act_never_a_second_decide(session, vt):
    """Deciding again used to replace the earlier decision silently (issue 13)."""
    session.start_move()
    session.release("A")
    session.record_decision("A", "JPN", "hold", "wait for our own assessment")
    count = len(session.events)
    with pytest.raises(CommandError, match="JPN already decided on A .hold.: changing it is a revision"):
        session.record_decision("A", "JPN", "share", "oops")
    with pytest.raises(CommandError, match="USA has no decision on A to revise"):
        session.record_decision("A", "USA", "share", revise=True)
    assert len(session.events) == count  # nothing written
    event = session.record_decision("A", "JPN", "share", "we share after all", revise=True)
    before = session.state.decision_log[0]
    assert event.data["revises"] == {"option": "hold", "rationale": "wait for our own assessment", "seq": before.seq}
    assert "after" not in event.data  # nothing had followed from it yet


def test_a_revision_after_its_consequences_says_what_had_followed(session, vt):
    """A move-1 decision revised in move 2, after the branch it drove was played."""
    session.start_move()
    session.release("A")
    session.record_decision("A", "JPN", "hold")
    session.record_decision("A", "USA", "share")
    vt.advance(11 * 60)
    session.tick()  # B (JPN chose hold) and C (not: anyone chose hold) fall due
    assert session.state.status["B"] is not InjectStatus.PENDING
    session.start_move("M2")
    event = session.record_decision("A", "JPN", "share", "revised late", revise=True)
    assert event.data["after"] == {"move_ended": "M1", "fell_due": ["B", "C"]}
    # F tests USA's decision on A (not JPN's), C anyone's: a USA revision names both
    vt.advance(9 * 60)
    session.tick()
    assert session.record_decision("A", "USA", "hold", revise=True).data["after"]["fell_due"] == ["C", "F"]


def test_notes_hotwash_and_sharing(session, vt):
    session.start_move()
    session.release("A")
    session.record_decision("A", "JPN", "hold", "wait")
    session.share_decision("A", "JPN")
    session.add_note("JPN debated the threshold", kind="improvement", objective="OBJ-1", rating="S", cell="JPN")
    vt.advance(90)
    session.end()
    vt.advance(600)  # the hot wash comes after the end: the exercise clock has stopped
    item = session.add_hotwash("improvement", "No criteria to restore the link", objective="OBJ-1",
                               corrective_action="Write criteria", responsible="J6", due="2027-06-01")
    with pytest.raises(CommandError, match="unknown hot-wash field"):
        session.add_hotwash("strength", "x", owner="me")
    st = session.state
    assert st.shared == frozenset({("A", "JPN")})
    assert st.notes[0].rating == "S" and st.notes[0].cell == "JPN"
    assert st.hotwash[0].corrective_action == "Write criteria" and st.hotwash[0].capability is None
    assert (st.hotwash[0].clock, st.hotwash[0].wall) == (item.clock, item.wall) == (90.0, vt.wall)


def test_cell_view_is_need_to_know(session, vt):
    session.start_move()
    session.release("A")
    session.release("K")
    session.record_decision("A", "USA", "share", "secret US reasoning")
    session.add_note("controller only: JPN slow", cell="JPN", rating="M")
    jpn = session.cell_view("JPN")
    assert [i.id for i in jpn.inbox] == ["A"]
    assert jpn.inbox[0].marking == "REL TO USA, JPN"
    assert not hasattr(jpn.inbox[0], "expected_actions")
    assert [d.inject for d in jpn.open_decisions] == ["A"]
    assert jpn.open_decisions[0].seconds_left == 600
    assert jpn.own_decisions == () and jpn.shared_decisions == ()
    assert [q.id for q in jpn.move.questions] == ["Q1", "Q2"]
    text = repr(jpn)
    for secret in ("secret US reasoning", "controller only", "JPN alerts", "OBJ-1", "Korea only"):
        assert secret not in text
    session.share_decision("A", "USA")
    jpn = session.cell_view("JPN")
    assert [(d.inject, d.cell, d.option) for d in jpn.shared_decisions] == [("A", "USA", "share")]
    kor = session.cell_view("KOR")
    assert [i.id for i in kor.inbox] == ["K"] and [q.id for q in kor.move.questions] == ["Q2"]
    usa = session.cell_view("USA")
    assert [d.option for d in usa.own_decisions] == ["share"] and usa.shared_decisions == ()
    vt.advance(700)
    assert session.cell_view("JPN").open_decisions[0].seconds_left == -100


def test_resume_replays_to_the_same_state(session, vt, scenario):
    session.start_move()
    session.set_auto(True)
    vt.advance(5 * 60)
    session.tick()
    session.record_decision("A", "JPN", "hold")
    before = session.state
    path = session.path
    session.store.close()  # a crash: no clean close, no session_closed event
    session._presence.release()
    vt.advance(3 * 3600)  # the laptop was closed for three hours
    again = Session.open(path, now=vt)
    assert types(again.events[-1:]) == [ev.SESSION_OPENED]
    assert again.events[-1].data == {"resumed": True}
    replay = fold(scenario, again.events[:-1])
    assert replay == before
    assert again.clock() == 300  # downtime is not exercise time
    # auto mode fires no burst: only what falls due from now on, tick by tick
    assert again.tick() == []
    vt.advance(5 * 60)
    assert [(e.type, e.data["inject"]) for e in again.tick()] == [
        (ev.INJECT_RELEASED, "B"), (ev.INJECT_NOT_TRIGGERED, "C")]
    assert again.events[-1].clock == 600
    again.close()


def test_resume_goes_on_from_the_heartbeat(session, vt):
    session.start_move()
    for _ in range(8):
        vt.advance(1)
        session.tick()  # a console ticks once a second; the heartbeat notes the clock every 5 s
    path = session.path
    session.store.close()
    session._presence.release()
    vt.advance(7200)
    again = Session.open(path, now=vt)
    assert again.clock() == 6.0  # the last heartbeat (1 s, then every 5 s), not the last event (0), not the downtime
    again.close()


def test_second_console_keeps_the_clock_running(session, vt):
    session.start_move()
    vt.advance(100)
    cell = Session.open(session.path, now=vt)
    assert cell.events[-1].data == {"resumed": False}
    assert cell.clock() == 100
    session.refresh()
    assert session.state == cell.state
    cell.close()


def test_refresh_sees_other_consoles_and_commands_check_fresh_state(session, vt):
    other = Session.open(session.path, now=vt)
    other.start_move()
    other.release("A")
    assert session.state.status["A"] is P  # not refreshed yet ...
    with pytest.raises(CommandError, match="already released"):
        session.release("A")  # ... but the command is checked against the file
    assert session.state.status["A"] is R
    other.close()


def test_every_event_reaches_a_console_once_from_a_command_or_refresh(session, vt):
    other = Session.open(session.path, now=vt)
    other.start_move()
    note = other.add_note("from the evaluator's seat")
    hold = session.hold("A")  # folds other's events before it checks itself ...
    assert session.refresh() == [*other.events[-4:-1], note]  # ... and they are still news here
    assert session.refresh() == [] and hold not in session.refresh()
    vt.advance(10 * 60)
    other.release("A")
    new = session.tick()  # what the others wrote, then what the tick itself wrote
    assert [(e.type, e.data["inject"]) for e in new] == [
        (ev.INJECT_RELEASED, "A"), (ev.INJECT_NOT_TRIGGERED, "B"), (ev.INJECT_DUE, "C")]
    other.close()


@pytest.mark.parametrize("batched", [False, True], ids=["alone", "in a batch"])
def test_exercise_time_never_runs_backwards_on_the_one_write_path(session, vt, batched):
    # A command may carry the clock it happens at (a resume goes on from where the clock
    # stood); never earlier than the last event. The batch path used to skip this check.
    session.start_move()
    vt.advance(120)
    session.add_note("two minutes in")
    with session.batch() if batched else contextlib.nullcontext():
        (event,) = session._write(lambda s, c: rules.opened(s, resumed=True), clock=30.0)
    assert event.clock == 120.0
    assert Store.open(session.path, readonly=True).read_since(0)[-1].clock == 120.0


def test_ended_session_refuses_play(session):
    session.start_move()
    session.end()
    for act in (session.pause, lambda: session.release("A"), session.start_move, session.end):
        with pytest.raises(CommandError, match="ended"):
            act()
    session.add_note("hot wash: good energy")  # notes still allowed after the end
    path = session.path
    session.close()
    reopened = Session.open(path)
    assert reopened.state.ended and reopened.events[-1].type == ev.NOTE_ADDED  # nothing appended
    reopened.close()


def test_durability_pragmas(session):
    assert session.store.pragma("synchronous") == 2  # FULL
    assert session.store.pragma("journal_mode") == "wal"


def test_session_file_errors(tmp_path, session):
    missing = tmp_path / "nope.ttx"
    with pytest.raises(SessionFileError, match="no such session file"):
        Session.open(missing)
    junk = tmp_path / "junk.ttx"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(SessionFileError, match="not a ttx session file"):
        Session.open(junk)
    other = tmp_path / "other.ttx"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(SessionFileError, match="not a ttx session file"):
        Session.open(other)
    path = session.path
    session.close()
    _edit(path, "PRAGMA user_version = 7")
    with pytest.raises(SessionFileError, match="newer ttx.*format 7"):
        Session.open(path)


def test_tampered_scenario_is_detected(session):
    path = session.path
    session.close()
    _edit(path, "UPDATE meta SET value = replace(value, 'Demo exercise', 'Other') WHERE key = 'scenario_text'")
    with pytest.raises(SessionFileError, match="sha256"):
        Session.open(path)


def test_create_never_overwrites(scenario, vt, tmp_path):
    path = tmp_path / "x.ttx"
    Session.create(scenario, path, now=vt).close()
    with pytest.raises(SessionFileError, match="already exists"):
        Session.create(scenario, path, now=vt)
    a = Session.create(scenario, sessions_dir=tmp_path, now=vt)
    b = Session.create(scenario, sessions_dir=tmp_path, now=vt)
    assert a.path != b.path and b.path.name == "demo-20270412T060000Z-2.ttx"
    a.close(), b.close()


def test_readonly_open_appends_nothing(session):
    session.start_move()
    n = len(session.events)
    ro = Session.open(session.path, readonly=True)
    assert len(ro.events) == n and ro.state == session.state
    with pytest.raises(CommandError, match="read-only"):
        ro.pause()
    ro.close()


def test_batch_commits_once_and_rolls_back_on_error(session, vt):
    with session.batch():
        session.start_move()
        session.release("A")
        assert Store.open(session.path, readonly=True).count() == 1  # not yet committed
    # session_started, then move_started + clock_resumed + inject_released in one commit
    assert Store.open(session.path, readonly=True).count() == 4
    with pytest.raises(RuntimeError):
        with session.batch():
            session.release("K")
            raise RuntimeError("boom")
    assert session.state.status["K"] is P and len(session.events) == 4


def test_a_suspended_console_does_not_count_the_gap(session, vt):
    session.max_tick_gap = 30  # on by default only with the real clock
    session.start_move()
    vt.advance(1)
    session.tick()
    vt.advance(4 * 3600)  # the lid was closed with the console open
    new = session.tick()
    assert [(e.type, e.data) for e in new] == [(ev.SESSION_OPENED, {"resumed": True, "gap": 14400.0})]
    assert session.clock() == 1
    due = []
    for _ in range(30):  # a console ticking every 10 s
        vt.advance(10)
        due += [(e.type, e.data["inject"], e.clock) for e in session.tick()]
    assert due == [(ev.INJECT_DUE, "A", 301)]  # one tick's worth, no burst


def test_suspension_detection_is_on_with_the_real_clock(scenario, tmp_path):
    live = Session.create(scenario, sessions_dir=tmp_path)
    assert live.max_tick_gap == 30
    live.close()


def test_a_new_file_always_holds_its_start(session):
    store = Store.open(session.path, readonly=True)
    assert store.count() == 1 and store.read_since(0)[0].type == ev.SESSION_STARTED
    store.close()


def test_now_must_be_timezone_aware(scenario, tmp_path):
    from datetime import datetime

    with pytest.raises(TypeError, match="timezone-aware"):
        Session.create(scenario, sessions_dir=tmp_path, now=lambda: datetime(2027, 1, 1))


def test_unwritable_folder_is_a_clear_error(scenario, tmp_path, vt):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(SessionFileError, match="cannot create the session file"):
        Session.create(scenario, sessions_dir=blocker / "sessions", now=vt)


def test_an_edited_event_is_detected_by_the_checksum_chain(session):
    session.start_move()
    session.add_note("observation number 17: slow")
    session.add_note("another")
    path = session.path
    session.close()
    _edit(path, "UPDATE events SET data = replace(data, '17', '71') WHERE type = 'note_added'")  # same length, valid JSON
    with pytest.raises(SessionFileError, match="event 4 is damaged"):  # after start, move, clock
        Session.open(path, readonly=True)
    _edit(path, "UPDATE events SET data = replace(data, '71', '17') WHERE type = 'note_added'",
          "DELETE FROM events WHERE seq = 4")
    with pytest.raises(SessionFileError, match="missing"):
        Session.open(path, readonly=True)


def test_disk_errors_read_as_such():
    from ttx.engine.store import _explain

    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = 10 | (3 << 8)  # SQLITE_IOERR_WRITE
    assert "the disk is full or refuses the write" in _explain(Path("x.ttx"), exc)


def test_sessions_folder_that_is_a_file(scenario, tmp_path, vt):
    (tmp_path / "sessions").write_text("")
    with pytest.raises(SessionFileError, match="cannot be created|is not a folder"):
        Session.create(scenario, sessions_dir=tmp_path / "sessions", now=vt)


def test_the_decision_clock_warns_when_a_time_limit_passes(session, vt):
    session.start_move()
    session.release("A")
    session.release("K")
    vt.advance(11 * 60)
    a, k = (session.state.decision_clock(i, session.clock()) for i in ("A", "K"))
    assert (a.used, a.left, a.over) == (660.0, -60.0, True)
    assert (k.used, k.left, k.over) == (660.0, None, False)  # no time limit
    assert session.state.decision_clock("C", session.clock()) is None  # not released


def test_jumping_ahead_settles_the_moves_passed_over(scenario, vt, tmp_path):
    data = scenario.model_dump(by_alias=True, exclude_none=True)
    data["moves"] = [*data["moves"], {"id": "M3", "injects": [{"id": "G", "at": 1, "title": "Aftermath"}]}]
    three = type(scenario).model_validate(data)
    with Session.create(three, sessions_dir=tmp_path, now=vt) as session:
        session.start_move()
        vt.advance(5 * 60)
        session.tick()
        session.release("A")
        session.record_decision("A", "JPN", "hold")
        new = session.start_move("M3")
        # M1 ends as moving on ends it (B's condition holds now: it is skipped, not
        # triggered only when false); M2 was never run: no move_started/move_ended for it,
        # its injects are skipped (F's condition is false: not triggered)
        assert [(e.type, e.data.get("inject") or e.data.get("move")) for e in new] == [
            (ev.INJECT_SKIPPED, "B"), (ev.INJECT_NOT_TRIGGERED, "C"), (ev.INJECT_SKIPPED, "K"),
            (ev.MOVE_ENDED, "M1"),
            (ev.INJECT_SKIPPED, "D"), (ev.INJECT_SKIPPED, "E"), (ev.INJECT_NOT_TRIGGERED, "F"),
            (ev.MOVE_STARTED, "M3")]
        state = session.state
        assert "M2" not in state.move_started_clock and "M2" not in state.move_ended_clock
        assert state.status["X"] is P  # an unreleased contingency inject leaves no event
        assert not any(s is P or s is InjectStatus.DUE for i, s in state.status.items() if i != "G" and i != "X")
        assert state.next_move() is None
        # from the very start too: every move before the target is passed over
    with Session.create(three, sessions_dir=tmp_path, now=vt) as session:
        new = session.start_move("M2")
        assert [e.data.get("inject") or e.data.get("move") for e in new] == ["A", "B", "C", "K", "M2", None]
        assert types(new) == [ev.INJECT_SKIPPED, ev.INJECT_NOT_TRIGGERED, ev.INJECT_SKIPPED,
                              ev.INJECT_SKIPPED, ev.MOVE_STARTED, ev.CLOCK_RESUMED]  # play begins
        assert session.state == fold(three, session.events)


def test_a_shared_decision_reaches_only_the_cells_it_was_shared_with(session):
    session.start_move()
    session.release("A")  # to USA and JPN only
    session.record_decision("A", "USA", "share", "US reasoning")
    shared = session.share_decision("A", "USA", to=["KOR"])
    assert shared.data["to"] == ["KOR"]
    assert session.state.shared_with("A", "USA") == {"KOR"}
    assert session.cell_view("JPN").shared_decisions == ()  # JPN was not told
    kor = session.cell_view("KOR")
    assert kor.inbox == ()  # KOR never got A ...
    [seen] = kor.shared_decisions  # ... so it sees the decision, not the inject
    assert seen == ("A", "USA", "share", "Share now", "US reasoning", "")  # no statement was asked for
    for secret in ("Launch detected", "Track.", "Share?"):  # A's title, body, prompt
        assert secret not in repr(kor)
    with pytest.raises(CommandError, match="already shared"):
        session.share_decision("A", "USA", to=["KOR"])
    with pytest.raises(CommandError, match="no cell 'XXX'"):
        session.share_decision("A", "USA", to=["XXX"])
    with pytest.raises(CommandError, match="no cell to share"):
        session.share_decision("A", "USA", to=["USA"])
    again = session.share_decision("A", "USA")  # the default: every player cell; only JPN is new
    assert again.data["to"] == ["JPN"]
    assert session.state.shared_with("A", "USA") == {"KOR", "JPN"}
    assert [s.cell for s in session.cell_view("JPN").shared_decisions] == ["USA"]
    assert session.cell_view("WHITE").shared_decisions == ()  # a control cell was not in `to`
    assert session.cell_view("USA").shared_decisions == ()  # its own decision is not "shared" to it
    assert session.state == fold(session.scenario, session.events)


def test_real_world_stop_halts_play_everywhere_until_resumed(session, vt):
    session.start_move()
    vt.advance(60)
    session.halt("Fire alarm in the building: evacuate now.")
    assert session.events[-1].type == ev.REAL_WORLD_STOP
    assert session.state.halt == "Fire alarm in the building: evacuate now." and not session.state.running
    stood = session.clock()
    vt.advance(600)
    assert session.clock() == stood and session.tick() == []  # nothing falls due during the stop
    for cell in session.scenario.player_cells:
        assert session.cell_view(cell).halt == "Fire alarm in the building: evacuate now."
    reopened = Session.open(session.path, now=vt, readonly=True)
    assert reopened.state.halt == session.state.halt  # every console, the cells' included, reads it
    reopened.close()
    session.resume()
    assert session.state.halt is None and session.state.running
    assert session.cell_view("JPN").halt is None
    session.halt("")
    assert session.state.halt.startswith("This is a real-world emergency")


def test_a_hot_wash_item_can_be_withdrawn_and_the_log_keeps_both(session, vt):
    session.start_move()
    kept = session.add_hotwash("strength", "J-Alert inside four minutes", objective="OBJ-1")
    wrong = session.add_hotwash("improvement", "typed into the wrong field")
    session.end()
    session.withdraw_hotwash(wrong.seq)
    assert [h.text for h in session.state.hotwash] == ["J-Alert inside four minutes"]
    assert [e.type for e in session.events][-1] == ev.HOTWASH_WITHDRAWN
    assert fold(session.scenario, session.events).hotwash == session.state.hotwash
    with pytest.raises(CommandError, match="no hot-wash item"):
        session.withdraw_hotwash(wrong.seq)
    assert kept.seq != wrong.seq
