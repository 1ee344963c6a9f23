"""Property: any sequence of commands, replayed from the file, gives the state the session showed live."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttx.engine.clock import VirtualTime
from ttx.engine.errors import CommandError
from ttx.engine.session import Session
from ttx.engine.state import fold
from ttx.engine.store import Store
from ttx.report.analysis import analyze
from ttx.report.model import to_json

from tests.engine.conftest import T0, demo_scenario

SCENARIO = demo_scenario()
INJECTS = sorted(SCENARIO.inject_by_id) + ["nope"]
CELLS = ["USA", "JPN", "KOR", "WHITE"]
OPTIONS = ["share", "hold", "go", "wait", None]

command = st.one_of(
    st.tuples(st.just("advance"), st.integers(0, 900)),
    st.tuples(st.just("tick")),
    st.tuples(st.just("start_move"), st.sampled_from([None, "M1", "M2"])),
    st.tuples(st.just("release"), st.sampled_from(INJECTS), st.booleans()),
    st.tuples(st.just("hold"), st.sampled_from(INJECTS)),
    st.tuples(st.just("skip"), st.sampled_from(INJECTS)),
    st.tuples(st.just("decide"), st.sampled_from(INJECTS + ["LIVE-1"]), st.sampled_from(CELLS),
              st.sampled_from(OPTIONS)),
    st.tuples(st.just("share"), st.sampled_from(INJECTS), st.sampled_from(CELLS)),
    st.tuples(st.just("note"), st.sampled_from(["observation", "strength", "improvement"]),
              st.sampled_from([None, "P", "S", "M", "U"])),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("halt")),
    st.tuples(st.just("speed"), st.sampled_from([0.5, 1, 2, 10])),
    st.tuples(st.just("auto"), st.booleans()),
    st.tuples(st.just("hotwash"), st.sampled_from(["strength", "improvement"])),
    st.tuples(st.just("withdraw")),
    st.tuples(st.just("end")),
    st.tuples(st.just("reopen"), st.booleans()),
    # the room talks back, and control changes the MSEL in play
    st.tuples(st.just("request"), st.sampled_from(CELLS), st.sampled_from([None, *INJECTS])),
    st.tuples(st.just("answer"), st.integers(1, 4), st.sampled_from([None, ["KOR"], ["USA", "JPN"]])),
    st.tuples(st.just("decline"), st.integers(1, 4)),
    st.tuples(st.just("message"), st.sampled_from(CELLS), st.sampled_from([["JPN"], ["USA", "KOR"]]),
              st.sampled_from([None, *INJECTS])),
    st.tuples(st.just("log")),
    st.tuples(st.just("write"), st.sampled_from([None, "M1", "M2"]), st.integers(0, 20), st.booleans()),
    st.tuples(st.just("retime"), st.sampled_from(INJECTS + ["LIVE-1"]), st.integers(0, 30)),
    st.tuples(st.just("redirect"), st.sampled_from(INJECTS + ["LIVE-1"]),
              st.sampled_from([["KOR"], ["USA", "JPN"]])),
    st.tuples(st.just("correct"), st.sampled_from(INJECTS + ["LIVE-1"])),
    st.tuples(st.just("recall"), st.sampled_from(INJECTS + ["LIVE-1", "A-C1"])),
)


def run(session: Session, cmd: tuple) -> None:
    name, *args = cmd
    if name == "tick":
        session.tick()
    elif name == "start_move":
        session.start_move(args[0])
    elif name == "release":
        session.release(args[0], force=args[1])
    elif name == "hold":
        session.hold(args[0])
    elif name == "skip":
        session.skip(args[0])
    elif name == "decide":
        session.record_decision(args[0], args[1], args[2], "because")
    elif name == "share":
        session.share_decision(args[0], args[1])
    elif name == "note":
        session.add_note("seen", kind=args[0], rating=args[1], objective="OBJ-1")
    elif name == "pause":
        session.pause()
    elif name == "resume":
        session.resume()
    elif name == "halt":
        session.halt("Real-world emergency")
    elif name == "speed":
        session.set_speed(args[0])
    elif name == "auto":
        session.set_auto(args[0])
    elif name == "hotwash":
        session.add_hotwash(args[0], "item", responsible="J3")
    elif name == "withdraw":
        session.withdraw_hotwash(session.state.hotwash[0].seq if session.state.hotwash else -1)
    elif name == "end":
        session.end()
    elif name == "request":
        session.send_request(args[0], "what now?", inject=args[1])
    elif name == "answer":
        session.answer_request(f"RFI-{args[0]}", "this", to=args[1])
    elif name == "decline":
        session.decline_request(f"RFI-{args[0]}", "no")
    elif name == "message":
        session.send_message(args[0], args[1], "hello", inject=args[2])
    elif name == "log":
        session.add_log("said", speaker="JPN lead", cell="JPN")
    elif name == "write":
        session.write_inject("new", move=args[0], at=args[1], release=args[2],
                             decision={"prompt": "?", "options": [{"id": "go", "text": "Go"}]})
    elif name == "retime":
        session.retime(args[0], args[1])
    elif name == "redirect":
        session.redirect(args[0], args[1])
    elif name == "correct":
        session.correct(args[0], "corrected")
    elif name == "recall":
        session.recall(args[0], "withdrawn")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(command, max_size=40))
def test_replay_from_file_equals_live_state(commands):
    with tempfile.TemporaryDirectory() as folder:
        vt = VirtualTime(T0)
        session = Session.create(SCENARIO, Path(folder) / "p.ttx", now=vt, durable=False)
        try:
            for cmd in commands:
                if cmd[0] == "advance":
                    vt.advance(cmd[1])
                    continue
                if cmd[0] == "reopen":
                    before = session.state
                    assert fold(SCENARIO, session.events) == before
                    before = fold(SCENARIO, session.events)  # a copy: close() appends to the live one
                    if cmd[1]:
                        session.close()
                    else:  # a crash
                        session.store.close()
                        session._presence.release()
                    session = Session.open(Path(folder) / "p.ttx", now=vt, durable=False)
                    n = len(session.events) - (1 if session.events[-1].type == "session_opened" else 0)
                    if cmd[1] and not before.ended:
                        n -= 1  # the clean close's session_closed
                    assert fold(SCENARIO, session.events[:n]) == before
                    if cmd[1] or before.ended:  # a clean close counts the time up to the close
                        assert session.clock() == before.clock_at(vt.wall)
                    else:  # a crash: from the last event or heartbeat; never the downtime
                        assert before.last_clock <= session.clock() <= before.clock_at(vt.wall)
                    continue
                try:
                    run(session, cmd)
                except CommandError:
                    pass
            live = session.state
            assert fold(SCENARIO, session.events) == live
            store = Store.open(Path(folder) / "p.ttx", readonly=True)
            try:
                from_file = store.read_since(0)
            finally:
                store.close()
            assert from_file == session.events
            assert fold(SCENARIO, from_file) == live  # State.__eq__ compares every field (snapshot)
            assert to_json(analyze(SCENARIO, from_file)) == to_json(analyze(SCENARIO, session.events))
            replayed = Session.open(Path(folder) / "p.ttx", readonly=True)
            assert replayed.state == live
            replayed.close()
        finally:
            session.close()


def test_the_snapshot_replay_is_checked_through_holds_every_field_of_the_state(tmp_path):
    # Replay == live means something only if State equality sees every field the consoles
    # show and the report reads: change any one field and the states must differ.
    vt = VirtualTime(T0)
    with Session.create(SCENARIO, tmp_path / "s.ttx", now=vt, durable=False) as session:
        session.start_move()
        events = list(session.events)
    fields = [name for name in vars(fold(SCENARIO, events)) if name != "scenario"]
    assert "released_manual" in fields and "started_wall" in fields
    for name in fields:
        changed = fold(SCENARIO, events)
        setattr(changed, name, _altered(getattr(changed, name)))
        assert changed != fold(SCENARIO, events), f"State.snapshot() leaves out {name}"


def _altered(value):
    """A value of the same kind that differs (the snapshot copies dicts and lists)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, dict):
        return {**value, "altered": {}}
    if isinstance(value, list):
        return [*value, "altered"]
    return "altered"
