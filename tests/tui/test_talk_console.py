"""The facilitator console as control uses it while the room talks back: the
queue of requests with their age (q), answering to the cell or released to
more cells, declining; every message (g); control's log (l); and live control
of the MSEL — a new inject (i), retime (t), redirect (v), correct (u),
recall (z). Keys pressed, the session's events and the screen asserted, at
80×24. Bad input gets a clear message and nothing is written."""

from __future__ import annotations

import pytest

from ttx.tui.bindings import ACT_BY_ID, EVALUATOR_ACTS
from ttx.tui.widgets.msel import MselTable

from .conftest import until

pytestmark = pytest.mark.anyio
SMALL = (80, 24)


def shown(app) -> str:
    """The characters on screen now (the top screen, dialogs included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def told(app, words: str) -> bool:
    """A toast said `words` (a toast may wrap on a narrow screen)."""
    return any(words in n.message for n in app._notifications)


def types(session) -> list[str]:
    return [e.type for e in session.events]


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "[": "left_square_bracket", "]": "right_square_bracket",
                           "/": "slash", "?": "question_mark", ",": "comma", ".": "full_stop",
                           ":": "colon"}.get(ch, ch))


async def started(app, pilot, session, vt, *release: str) -> None:
    session.start_move("M1")
    vt.advance(60)
    for inject in release:
        session.release(inject)
    app.sync(full=True)
    await pilot.pause()


async def test_the_queue_shows_each_request_with_its_age_and_control_answers_it(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await started(app, pilot, session, vt, "M1-01")
        session.send_request("JPN", "What does our embassy [/] report?", inject="M1-01")
        vt.advance(200)
        app.tick()
        await until(pilot, lambda: "1 REQUEST WAITING" in shown(app), "the requests line")
        assert "oldest RFI-1 from JPN, 03:20 — q answers" in shown(app)
        await pilot.press("q")
        await until(pilot, lambda: "Requests for information — 1 waiting" in shown(app), "the queue")
        screen = shown(app)
        assert "RFI-1  JPN  waiting 03:20" in screen and "What does our embassy [/] report?" in screen
        assert "About M1-01 Launch detected near Sunan" in screen
        before = len(session.events)
        await pilot.press("ctrl+s")  # nothing written yet
        await pilot.pause()
        assert len(session.events) == before
        await pilot.press("tab")
        await type_text(pilot, "The embassy reports calm.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "0 waiting, 1 replied" in shown(app), "the answer")
        assert session.events[-1].data == {"rfi": "RFI-1", "text": "The embassy reports calm.", "to": ["JPN"]}
        assert "answered" in shown(app) and "(JPN ONLY)" in shown(app)
        await pilot.press("escape")
        await until(pilot, lambda: "REQUEST WAITING" not in shown(app), "the line to go")


async def test_an_answer_released_to_more_cells_and_a_decline(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await started(app, pilot, session, vt)
        session.send_request("KOR", "Will Tokyo take our evacuees?")
        session.send_request("USA", "Can we see the launch order?")
        app.tick()
        await pilot.press("q")
        await until(pilot, lambda: "2 waiting" in shown(app), "the queue")
        assert "Release to as well" in shown(app)
        await pilot.press("tab")
        await type_text(pilot, "Fukuoka opens to evacuees.")
        app.screen.query_one("#also-JPN").value = True
        assert not app.screen.query_one("#also-KOR").display  # the asking cell gets it anyway
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "1 waiting, 1 replied" in shown(app), "the answer")
        assert session.events[-1].data["to"] == ["KOR", "JPN"]
        assert session.cell_view("JPN").requests[0].reply == "Fukuoka opens to evacuees."
        await pilot.press("tab")
        await type_text(pilot, "Beyond what Washington knows.")
        await pilot.press("ctrl+d")
        await until(pilot, lambda: "0 waiting, 2 replied" in shown(app), "the decline")
        assert session.events[-1].type == "rfi_declined"
        assert session.cell_view("USA").requests[0].status == "declined"


async def test_control_sees_every_message_and_keeps_its_log(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await started(app, pilot, session, vt, "M1-01")
        session.send_message("USA", ["JPN"], "Tokyo: a call at 0715? [b]not bold[/b]", inject="M1-01")
        session.send_message("KOR", ["USA", "JPN"], "Seoul has the track.")
        app.tick()
        await until(pilot, lambda: "2 messages between cells" in shown(app), "the messages count")
        await pilot.press("g")
        await until(pilot, lambda: "Messages and requests" in shown(app), "the messages")
        screen = shown(app)
        assert "KOR → USA, JPN  REL TO USA, JPN, KOR" in screen
        assert "USA → JPN  REL TO USA, JPN  passes on M1-01" in screen
        assert "[b]not bold[/b]" in screen
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("l")
        await until(pilot, lambda: "Control's log" in shown(app), "the log form")
        await pilot.press("ctrl+s")  # empty: refused, nothing written
        await pilot.pause()
        assert "log_entry" not in types(session)
        await type_text(pilot, "Seoul will not go public before Tokyo.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "log_entry" in types(session), "the log line")
        assert "Seoul will not go public before Tokyo." in shown(app)
        assert session.events[-1].data["text"] == "Seoul will not go public before Tokyo."


async def test_a_new_inject_written_in_play_shows_in_the_msel_and_reaches_its_cells(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await started(app, pilot, session, vt)
        await pilot.press("i")
        await until(pilot, lambda: "New inject, written in play — M1" in shown(app), "the form")
        await pilot.press("ctrl+s")  # no title: refused
        await pilot.pause()
        assert "inject_written" not in types(session)
        await type_text(pilot, "Ferry captain calls")
        app.screen.query_one("#live-to-USA").value = False
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "inject_released" in types(session), "the new inject")
        assert session.events[-2].data["to"] == ["JPN", "KOR"]
        await until(pilot, lambda: "✎ LIVE-1 Ferry captain calls" in shown(app), "the MSEL row")
        assert app.query_one(MselTable).selected_id == "LIVE-1"
        assert "written in play" in shown(app)
        assert session.cell_view("KOR").inbox[0].title == "Ferry captain calls"
        assert session.cell_view("USA").inbox == ()


async def test_retime_redirect_correct_and_recall_from_the_msel(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await started(app, pilot, session, vt, "M1-01")
        table = app.query_one(MselTable)
        table.select("M1-03")
        await pilot.pause()
        await pilot.press("t")
        await until(pilot, lambda: "Retime M1-03" in shown(app), "the retime form")
        field = app.screen.query_one("#field")
        field.value = ""
        await type_text(pilot, "soon")
        await pilot.press("enter")
        await until(pilot, lambda: told(app, "not a duration"), "the refusal")
        assert "inject_retimed" not in types(session)
        field.value = "25"
        await pilot.press("enter")
        await until(pilot, lambda: "inject_retimed" in types(session), "the retime")
        assert session.state.inject_by_id["M1-03"].at == 25
        await until(pilot, lambda: "⟲ M1-03" in shown(app), "the changed mark")
        table.select("M1-03")
        await pilot.pause()
        await pilot.press("v")
        await until(pilot, lambda: "Redirect M1-03" in shown(app), "the redirect form")
        for cell in ("USA", "KOR", "WHITE"):
            app.screen.query_one(f"#to-{cell}").value = False
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "inject_redirected" in types(session), "the redirect")
        assert session.events[-1].data["to"] == ["JPN"]
        table.select("M1-01")
        await pilot.pause()
        await pilot.press("t")  # released: cannot be retimed
        await until(pilot, lambda: told(app, "only a pending, due or held inject can be retimed"), "refusal")
        await pilot.press("u")
        await until(pilot, lambda: "Correct M1-01" in shown(app), "the correction form")
        await type_text(pilot, "Track revised: impact in the EEZ.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "inject_written" in types(session), "the correction")
        assert session.state.msel.corrects == {"M1-01-C1": "M1-01"}
        await until(pilot, lambda: "± M1-01-C1 Correction: Launch detected" in shown(app), "the correction row")
        table.select("M1-01")
        await pilot.pause()
        await pilot.press("z")
        await until(pilot, lambda: "Recall M1-01" in shown(app), "the recall form")
        await type_text(pilot, "Released in error.")
        await pilot.press("enter")
        await until(pilot, lambda: "inject_recalled" in types(session), "the recall")
        await until(pilot, lambda: "✗ M1-01" in shown(app), "the recalled mark")
        assert session.cell_view("JPN").inbox[-1].recalled


async def test_an_evaluator_sees_the_messages_and_keeps_the_log_but_answers_nothing(session, vt):
    from ttx.tui.app import EvaluatorApp

    ids = {act.id for act in EVALUATOR_ACTS}
    assert {"traffic", "log"} <= ids and not ids & {"requests", "write", "retime", "redirect", "correct", "recall"}
    session.start_move("M1")
    session.send_request("JPN", "A question")
    app = EvaluatorApp(session, now=vt.now, tick_seconds=None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert "q answers" not in shown(app)
        await pilot.press("q", "i")
        await pilot.pause()
        assert type(app.screen).__name__ == "Screen"
        await pilot.press("g")
        await until(pilot, lambda: "A question" in shown(app), "the messages and requests")


def test_every_new_act_has_one_key_of_its_own():
    keys = [k for act in ACT_BY_ID.values() for k in act.keys]
    assert len(keys) == len(set(keys))
    for act in ("requests", "traffic", "log", "write", "retime", "redirect", "correct", "recall"):
        assert act in ACT_BY_ID
