"""The note dialog shows the chosen objective's critical tasks (its Exercise Evaluation Guide),
so an evaluator rates against them rather than writing free notes; as typed, never as markup."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from ttx.engine.session import Session
from ttx.scenario.model import Scenario
from ttx.tui.app import EvaluatorApp

from .conftest import until

pytestmark = pytest.mark.anyio


@pytest.fixture
def scenario(scenario: Scenario) -> Scenario:
    doc = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    doc["objectives"][1]["capability_targets"] = [
        {"text": "A common public line", "critical_tasks": ["Agree the line [/] across capitals", "Publish it"]}]
    return Scenario.model_validate(doc)


async def test_the_note_dialog_lists_the_objectives_critical_tasks(session, vt):
    evaluator = Session.open(session.path, now=vt.now, durable=False)
    app = EvaluatorApp(evaluator, now=vt.now, tick_seconds=None)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: type(app.screen).__name__ == "NoteScreen", "the note dialog")
        tasks = app.screen.query_one("#tasks")
        assert str(tasks.render()).strip() == ""          # no objective chosen yet
        app.screen.query_one("#objective", Select).value = "OBJ-2"
        await until(pilot, lambda: "1.2" in str(tasks.render()), "the objective's tasks")
        shown = str(tasks.render())
        assert "1.1  Agree the line [/] across capitals" in shown and "1.2  Publish it" in shown
        app.screen.query_one("#objective", Select).value = "OBJ-1"   # no targets: nothing shown
        await until(pilot, lambda: "1.1" not in str(tasks.render()), "the tasks to clear")
        assert str(tasks.render()).strip() == ""
        await pilot.press("escape")
    evaluator.close()
