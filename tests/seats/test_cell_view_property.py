"""Need-to-know, as a property: over random scenarios (random recipients) and
random command sequences, every cell's CellView holds only what was released
to it — never expected actions, objectives, controller notes, ratings,
unreleased or contingency injects, nor other cells' unshared decisions — and
the cell's report extract holds exactly what its console showed."""

from __future__ import annotations

import itertools
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ttx.engine.cellview import ROOM, build_cell_view, build_room_view
from ttx.engine.errors import CommandError
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus
from ttx.report.analysis import analyze
from ttx.scenario.model import Scenario

CELLS = ("USA", "JPN", "KOR")
INJECTS = [f"M{m}-0{n}" for m in (1, 2) for n in (1, 2, 3, 4)]
T0 = datetime(2027, 4, 12, tzinfo=timezone.utc)

recipients = st.lists(st.sampled_from(CELLS), min_size=1, max_size=3, unique=True)


@st.composite
def scenarios(draw) -> Scenario:
    moves = []
    for m in (1, 2):
        injects = []
        for n in (1, 2, 3, 4):
            iid = f"M{m}-0{n}"
            to = draw(recipients)
            inject = {
                "id": iid, "at": n * 3, "title": f"TITLE-{iid}", "to": to,
                "body": f"BODY-{iid}", "expected_actions": [f"EXPECTED-{iid}"],
                "objectives": ["OBJ-1"], "contingency": n == 4,
            }
            if draw(st.booleans()):
                deciders = draw(st.lists(st.sampled_from(to), min_size=1, unique=True))
                inject["decision"] = {"prompt": f"PROMPT-{iid}", "cells": deciders,
                                      "options": [{"id": "a", "text": f"OPTA-{iid}"},
                                                  {"id": "b", "text": f"OPTB-{iid}"}]}
            injects.append(inject)
        questions = [{"id": f"Q{m}-{c}", "text": f"QUESTION-{m}-{c}", "cells": [c]} for c in CELLS]
        questions.append({"id": f"Q{m}-ALL", "text": f"QUESTION-{m}-ALL"})  # put to every player cell
        moves.append({"id": f"M{m}", "title": f"Move {m}", "situation": f"SITUATION-M{m}",
                      "questions": questions, "injects": injects})
    return Scenario.model_validate({
        "ttx": 1, "id": "prop", "title": "Prop", "summary": "SUMMARY-CONTROLLER",
        "objectives": [{"id": "OBJ-1", "text": "OBJECTIVE-TEXT"}],
        "cells": [{"id": c} for c in CELLS] + [{"id": "WHITE", "kind": "control"}],
        "moves": moves,
    })


_release = st.tuples(st.just("release"), st.sampled_from(INJECTS))
# decide / share pick among what can be decided / shared (indices), so most runs have some.
_decide = st.tuples(st.just("decide"), st.integers(0, 7), st.integers(0, 2), st.sampled_from(["a", "b"]))
# shared with some cells (to=), or with every player cell (the default)
_share = st.tuples(st.just("share"), st.integers(0, 20), st.none() | st.lists(st.sampled_from(CELLS), min_size=1,
                                                                                unique=True))
# Weighted towards releases, decisions and shares, so most runs have something to leak.
commands = st.lists(st.one_of(
    st.tuples(st.just("move")),
    _release, _release, _decide, _decide, _decide, _share, _share,
    st.tuples(st.just("hold"), st.sampled_from(INJECTS)),
    st.tuples(st.just("skip"), st.sampled_from(INJECTS)),
    st.tuples(st.just("note"), st.sampled_from(CELLS), st.sampled_from(["P", "S", "M", "U"])),
    st.tuples(st.just("pause")),
), min_size=8, max_size=40).flatmap(lambda cmds: st.sampled_from([[("move",), *cmds], [("move",), *cmds, ("end",)]]))


def run(session: Session, cmds) -> None:
    n = itertools.count()
    for cmd in cmds:
        try:
            match cmd:
                case ("move",):
                    session.start_move()
                case ("release", i):
                    session.release(i, force=True)
                case ("hold", i):
                    session.hold(i)
                case ("skip", i):
                    session.skip(i)
                case ("decide", k, j, o):
                    state = session.state
                    open_ = [i for i in state.released_injects()
                             if session.scenario.inject_by_id[i].decision is not None]
                    if open_:
                        i = open_[k % len(open_)]
                        deciders = session.scenario.deciding_cells(session.scenario.inject_by_id[i])
                        c = deciders[j % len(deciders)]
                        session.record_decision(i, c, o, f"RATIONALE-{c}-{i}-{next(n)}#")
                case ("share", k, to):
                    taken = [(i, c) for i, by in session.state.decisions.items() for c in by]
                    if taken:
                        session.share_decision(*taken[k % len(taken)], to=to)
                case ("note", c, r):
                    session.add_note(f"NOTE-{c}-{next(n)}", kind="observation", objective="OBJ-1", rating=r, cell=c)
                case ("pause",):
                    session.resume() if not session.state.running else session.pause()
                case ("end",):
                    session.end()
        except CommandError:
            pass


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios(), cmds=commands, minutes=st.integers(0, 90))
def test_a_cell_view_holds_only_what_was_released_to_that_cell(scenario: Scenario, cmds, minutes: int) -> None:
    wall = [T0]

    def now() -> datetime:
        wall[0] += timedelta(seconds=7)
        return wall[0]

    with tempfile.TemporaryDirectory() as tmp:
        session = Session.create(scenario, Path(tmp) / "p.ttx", now=now, durable=False)
        run(session, cmds)
        state = session.state
        clock = state.clock_at(wall[0] + timedelta(minutes=minutes))
        events = list(session.events)
        session.close()
    notes = [n.text for n in state.notes]
    for cell in CELLS:
        view = build_cell_view(state, cell, clock)
        text = repr(view)
        # no controller material, ever
        for forbidden in ("EXPECTED-", "OBJECTIVE-TEXT", "OBJ-1", "SUMMARY-CONTROLLER", "NOTE-", *notes):
            assert forbidden not in text, (cell, forbidden)
        # the inbox is exactly the injects released to this cell
        released_to_cell = {
            i for i in state.released_injects()
            if state.status[i] is InjectStatus.RELEASED and cell in state.released_to[i]
        }
        assert {i.id for i in view.inbox} == released_to_cell
        for iid in INJECTS:
            if iid not in released_to_cell:
                assert f"BODY-{iid}" not in text and f"TITLE-{iid}" not in text
                assert f"PROMPT-{iid}" not in text
        # newest first
        order = [i for i in state.released_injects() if i in released_to_cell]
        assert [i.id for i in view.inbox] == order[::-1]
        # open decisions: only this cell's, only on its injects
        for d in view.open_decisions:
            assert d.inject in released_to_cell
            assert cell in scenario.deciding_cells(scenario.inject_by_id[d.inject])
        assert all(r.cell == cell for r in view.own_decisions)
        # other cells' rationales only when the facilitator shared them
        for record in state.decision_log:
            if record.cell == cell:
                continue
            shared = cell in state.shared_with(record.inject, record.cell) and \
                state.decisions[record.inject][record.cell] == record
            if not shared:
                assert record.rationale not in text, (cell, record)
        for s in view.shared_decisions:
            assert cell in state.shared_with(s.inject, s.cell) and s.cell != cell
        # briefing: this move's situation, and only this cell's questions
        if view.move is not None:
            assert all(q.id.endswith((cell, "ALL")) for q in view.move.questions)
            other_moves = {m.id for m in scenario.moves} - {view.move.id}
            for m in other_moves:
                assert f"SITUATION-{m}" not in text
        else:
            assert "SITUATION-" not in text

        assert_the_extract_is_what_the_console_showed(analyze(scenario, events, cell=cell), view)

    # the room's screen: what every player cell may see, so what each one may
    room = build_room_view(state, clock)
    views = [build_cell_view(state, cell, clock) for cell in CELLS]
    assert room.cell == ROOM
    assert [i.id for i in room.inbox] == [i.id for i in views[0].inbox if all(i in v.inbox for v in views)]
    assert room.open_decisions == room.own_decisions == room.shared_decisions == ()
    text = repr(room)
    for forbidden in ("EXPECTED-", "OBJECTIVE-TEXT", "OBJ-1", "SUMMARY-CONTROLLER", "NOTE-", "RATIONALE-", *notes):
        assert forbidden not in text, forbidden
    if room.move is not None:
        assert [q.id for q in room.move.questions] == [f"{room.move.id.replace('M', 'Q')}-ALL"]


def assert_the_extract_is_what_the_console_showed(extract, view) -> None:
    """The cell's report extract and its console apply one need-to-know rule."""
    cell = view.cell
    assert {t.inject for t in extract.timeline} == {i.id for i in view.inbox}
    own = [r for r in extract.decisions if r.cell == cell]
    assert {(r.inject, r.option, r.rationale) for r in own if r.decided} == \
        {(d.inject, d.option, d.rationale) for d in view.own_decisions}
    assert {r.inject for r in own if not r.decided} == {d.inject for d in view.open_decisions}
    others = [r for r in extract.decisions if r.cell != cell]
    assert sorted((r.inject, r.cell, r.option, r.option_text, r.rationale) for r in others) == \
        sorted((s.inject, s.cell, s.option, s.option_text, s.rationale) for s in view.shared_decisions)
    inbox = {i.id for i in view.inbox}
    for r in others:  # a decision on an inject the cell never received: nothing of the inject
        if r.inject not in inbox:
            assert (r.title, r.prompt, r.released_clock, r.latency) == ("", "", None, None)
    if view.move is not None:
        move = next(m for m in extract.overview.moves if m.id == view.move.id)
        assert move.questions == tuple((q.id, q.text) for q in view.move.questions)
