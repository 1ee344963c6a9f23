"""Need-to-know, as a property: over random scenarios (random recipients) and
random command sequences, every cell's CellView holds only what was released
to it — never expected actions, objectives, controller notes, ratings,
unreleased or contingency injects, nor other cells' unshared decisions, nor a
request, answer, message, correction or recall not addressed to it, nor
control's log — and the cell's report extract holds exactly what its console
showed; the room only what is addressed to every player cell."""

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
# The room talking back, and live changes to the MSEL (texts marked to be found if they leak).
_cells = st.lists(st.sampled_from(CELLS), min_size=1, max_size=3, unique=True)
_talk = st.one_of(
    st.tuples(st.just("request"), st.sampled_from(CELLS), st.none() | st.sampled_from(INJECTS)),
    st.tuples(st.just("answer"), st.integers(0, 9), st.none() | _cells),
    st.tuples(st.just("decline"), st.integers(0, 9)),
    st.tuples(st.just("message"), st.sampled_from(CELLS), _cells, st.none() | st.sampled_from(INJECTS)),
    st.tuples(st.just("log"), st.sampled_from(CELLS)),
    st.tuples(st.just("write"), _cells, st.booleans()),
    st.tuples(st.just("correct"), st.integers(0, 20)),
    st.tuples(st.just("recall"), st.integers(0, 20)),
    st.tuples(st.just("redirect"), st.sampled_from(INJECTS), _cells),
)
# Weighted towards releases, decisions and shares, so most runs have something to leak.
commands = st.lists(st.one_of(
    st.tuples(st.just("move")),
    _release, _release, _decide, _decide, _decide, _share, _share, _talk, _talk, _talk,
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
                    open_ = [i for i in state.released_injects() if state.inject_by_id[i].decision is not None]
                    if open_:
                        i = open_[k % len(open_)]
                        deciders = session.scenario.deciding_cells(state.inject_by_id[i])
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
                case ("request", c, i):
                    session.send_request(c, f"RFIQ-{c}-{next(n)}#", inject=i)
                case ("answer", k, to):
                    asked = list(session.state.traffic.requests)
                    if asked:
                        session.answer_request(asked[k % len(asked)], f"RFIA-{next(n)}#", to=to)
                case ("decline", k):
                    asked = list(session.state.traffic.requests)
                    if asked:
                        session.decline_request(asked[k % len(asked)], f"RFID-{next(n)}#")
                case ("message", c, to, i):
                    session.send_message(c, to, f"MSGT-{c}-{next(n)}#", inject=i)
                case ("log", c):
                    session.add_log(f"CTRLLOG-{next(n)}#", speaker=f"SPEAKER-{c}", cell=c)
                case ("write", to, release):
                    k = next(n)
                    session.write_inject(f"LIVETITLE-{k}#", body=f"LIVEBODY-{k}#", to=to, release=release,
                                         decision={"prompt": f"LIVEPROMPT-{k}#", "options": [{"id": "a", "text": "A"}]})
                case ("correct", k):
                    out = session.state.released_injects()
                    if out:
                        session.correct(out[k % len(out)], f"CORRBODY-{next(n)}#")
                case ("recall", k):
                    out = session.state.released_injects()
                    if out:
                        session.recall(out[k % len(out)], f"RECALLWHY-{next(n)}#")
                case ("redirect", i, to):
                    session.redirect(i, to)
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
            assert d.inject in released_to_cell and not state.recalled(d.inject)
            assert cell in scenario.deciding_cells(state.inject_by_id[d.inject])
        assert_the_room_talks_back_to_whom_it_addressed(state, text, {cell})
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
    assert_the_room_talks_back_to_whom_it_addressed(state, text, set(CELLS))


def assert_the_room_talks_back_to_whom_it_addressed(state, text: str, who: set[str]) -> None:
    """`text` (what `who` is shown: one cell, or the room) holds no request, answer, message,
    inject written in play, correction or recall not addressed to all of `who`, and never
    control's log."""
    for r in state.traffic.requests.values():
        if {r.cell} != who:
            assert r.text not in text, (who, r)
        if r.reply is not None and not who <= {r.cell, *r.reply.to}:
            assert r.reply.text not in text, (who, r)
    for m in state.traffic.messages:
        if not who <= set(m.holders):
            assert m.text not in text, (who, m)
    for e in state.traffic.log:
        assert e.text not in text and (e.speaker or "") not in text
    for inject_id, inject in state.inject_by_id.items():
        held = state.status[inject_id] is InjectStatus.RELEASED and who <= set(state.released_to[inject_id])
        if not held:
            for piece in (inject.title, inject.body, inject.decision.prompt if inject.decision else None):
                if piece and "#" in piece:  # the marked texts of injects written in play, corrections
                    assert piece not in text, (who, inject_id)
            why = state.msel.recalled.get(inject_id)
            if why:
                assert why not in text, (who, inject_id)

def assert_the_extract_is_what_the_console_showed(extract, view) -> None:
    """The cell's report extract and its console apply one need-to-know rule."""
    cell = view.cell
    assert {t.inject for t in extract.timeline} == {i.id for i in view.inbox}
    assert {(r.id, r.text or None, r.reply or None) for r in extract.talk.requests} == \
        {(r.id, r.question, r.reply) for r in view.requests}
    assert [m.id for m in extract.talk.messages] == [m.id for m in reversed(view.messages)]
    assert extract.talk.log == () and extract.talk.reach == ()
    recalled = {t.inject for t in extract.timeline if t.live.recalled is not None}
    assert recalled == {i.id for i in view.inbox if i.recalled}
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
