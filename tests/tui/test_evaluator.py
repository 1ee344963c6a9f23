"""An evaluator's seat: the facilitator's view, but only notes. Evaluators
observe and record; they never release, decide or run the clock."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ttx.cli import main
from ttx.engine.session import Session
from ttx.tui.app import EvaluatorApp
from ttx.tui.bindings import ACTS, EVALUATOR_ACTS

pytestmark = pytest.mark.anyio


def footer_text(app) -> str:
    return " ".join(str(w.render()) for w in app.query("FooterKey"))


async def test_the_evaluator_sees_the_msel_and_records_notes_but_runs_nothing(session, vt):
    session.start_move("M1")
    vt.advance(60)
    session.tick()  # M1-01 falls due on the facilitator's console
    evaluator = Session.open(session.path, now=vt.now, durable=False)
    app = EvaluatorApp(evaluator, now=vt.now, tick_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "the facilitator releases M1-01" in str(app.query_one("#msel-title").render())
        assert str(app.query_one("#clock").render()).startswith("EVALUATOR · Drill")
        before = len(evaluator.events)
        for key in ("space", "r", "h", "s", "d", "p", "m", "e", "exclamation_mark", "a", "plus"):
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == 1, f"{key} opened a dialog"
        evaluator.refresh()
        assert len(evaluator.events) == before, "an evaluator's key changed the exercise"
        assert evaluator.state.status["M1-01"] == "due"
        # the one act: a note, with objective, cell and rating
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteScreen"
        await pilot.press(*"JPN hesitated over J-Alert")
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = [e for e in evaluator.events if e.type == "note_added"][-1]
        assert note.data["text"] == "JPN hesitated over J-Alert"
        # help and footer list the evaluator's acts only
        for act in ACTS:
            shown = act.description in footer_text(app)
            assert not shown or act in EVALUATOR_ACTS, f"{act.id} in the evaluator's footer"
        await pilot.press("f1")
        await pilot.pause()
        text = str(app.screen.query_one("Static.dialog-title").render())
        assert text == "Keys — evaluator's console"
        app.run_act("release_next")  # the palette's way in is shut too
        await pilot.press("escape")
    session.refresh()
    assert session.state.status["M1-01"] == "due"
    assert [e.data["text"] for e in session.events if e.type == "note_added"] == ["JPN hesitated over J-Alert"]
    evaluator.close()


async def test_the_evaluator_console_never_ticks_the_clock(session, vt):
    evaluator = Session.open(session.path, now=vt.now, durable=False)
    app = EvaluatorApp(evaluator, now=vt.now, tick_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        header = str(app.query_one("#clock").render())
        assert "Not started" in header and "m starts" not in header  # m is the facilitator's key
        session.start_move("M1")
        app.tick()
        await pilot.pause()
        vt.advance(600)
        app.tick()  # its timer: follows the file, lets nothing fall due
        await pilot.pause()
        assert not [e for e in evaluator.events if e.type in ("inject_due", "inject_released")]
        session.tick()  # the facilitator's console does
        app.tick()
        await pilot.pause()
        assert "DUE" in str(app.query_one("#msel-title").render())
        session.halt()  # a real-world stop shows on this console too, with who resumes it
        app.tick()
        await pilot.pause()
        assert "the facilitator resumes the exercise" in str(app.query_one("#halt").render())
    evaluator.close()


def test_ttx_evaluate_refuses_a_missing_or_damaged_session(tmp_path):
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "missing.ttx")])
    assert result.exit_code == 2 and "no such session file" in result.output
    (tmp_path / "junk.ttx").write_bytes(b"not a session")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "junk.ttx")])
    assert result.exit_code == 2 and "Traceback" not in result.output
