"""Facilitator notes and a contingency's trigger are controller material: the
facilitator's and the evaluator's consoles show them (an inject's in its
controller-only box, a move's in its briefing); cell consoles never do (see
tests/seats and tests/report for the cell, room and extract side)."""

from __future__ import annotations

import copy

import pytest

from tests.tui.conftest import SCENARIO, until
from ttx.engine.session import Session
from ttx.scenario.model import Scenario
from ttx.tui.app import EvaluatorApp, FacilitatorApp
from ttx.tui.widgets.inject import InjectView

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


def noted_scenario() -> Scenario:
    data = copy.deepcopy(SCENARIO)
    move = data["moves"][0]
    move["facilitator_notes"] = ["If a cell raises Dokdo, park it: this move is about the launch."]
    move["injects"][0]["facilitator_notes"] = ["J-Alert thresholds are Japan's call [not] the room's."]
    move["injects"][4]["trigger"] = "Use if no cell has mentioned a second launch by minute 20."
    return Scenario.model_validate(data)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot, predicate) -> None:
    await until(pilot, predicate, "the console")


def detail_text(app) -> str:
    return "\n".join(str(s.render()) for s in app.query_one(InjectView).query("Static"))


@pytest.mark.parametrize("console", [FacilitatorApp, EvaluatorApp])
async def test_the_controller_consoles_show_notes_and_triggers(console, tmp_path, vt):
    with Session.create(noted_scenario(), tmp_path / "noted.ttx", now=vt.now, durable=False) as s:
        app = console(s, now=vt.now, tick_seconds=None)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("b")  # the move's briefing, read again
            await wait_for(pilot, lambda: "park it" in screen_text(app))
            assert "CONTROLLER ONLY" in screen_text(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: len(app.screen_stack) == 1)
            # M1-01 is selected to begin with
            await wait_for(pilot, lambda: "Facilitator notes" in detail_text(app))
            assert "[not] the room's" in detail_text(app)  # typed text, not markup
            for _ in range(4):
                await pilot.press("down")
            await wait_for(pilot, lambda: "When to use" in detail_text(app))
            assert "second launch by minute 20" in detail_text(app)
