"""Decisions, as the cells and the facilitator take them (issue 13): d opens
the decision the cell owes (the oldest, or a choice of them), the dialog
names its inject, changing a recorded decision is its own confirmed act, a
revision after its consequences alerts the facilitator, both dialogs pick
with the highlight, every dialog fits 80x24, and after the end d refuses."""

from __future__ import annotations

import pytest

from ttx.engine.session import Session
from ttx.scenario.model import Scenario
from ttx.tui.app import FacilitatorApp
from ttx.tui.cell_app import CellApp, CellSeat

from .conftest import fully_shown, until

pytestmark = pytest.mark.anyio

LONG = "a course of action written out in full, as officials write them, so that it wraps onto two lines"
SCENARIO = {
    "ttx": 1, "id": "decide", "title": "Decisions under test",
    "objectives": [{"id": "OBJ-1", "text": "Decide together."}],
    "cells": [{"id": "USA", "name": "United States"}, {"id": "JPN", "name": "Japan"},
              {"id": "KOR", "name": "Republic of Korea"}],
    "moves": [
        {"id": "M1", "title": "Move 1", "planned_minutes": 30, "injects": [
            {"id": "D1", "at": 0, "title": "Evacuation request", "objectives": ["OBJ-1"],
             "decision": {"prompt": "Which route do you take?", "time_limit": 10,
                          "options": [{"id": f"o{n}", "text": f"Option {n}: {LONG}"} for n in range(1, 7)]}},
            {"id": "D2", "at": 5, "title": "Pooling seats", "to": ["USA"],
             "decision": {"prompt": "Pool seats with Tokyo?",
                          "options": [{"id": "pool", "text": "Pool"}, {"id": "own", "text": "Our own"}]}},
        ]},
        {"id": "M2", "title": "Move 2", "injects": [
            {"id": "B1", "at": 1, "title": "Route consequence", "to": ["USA"],
             "when": {"decision": "D1", "cell": "USA", "chose": ["o1"]}},
        ]},
    ],
}


@pytest.fixture
def session(tmp_path, vt):
    s = Session.create(Scenario.model_validate(SCENARIO), tmp_path / "decide.ttx", now=vt.now, durable=False)
    s.start_move("M1")
    yield s
    s.close()


def cell_app(session, cell: str = "USA") -> CellApp:
    return CellApp(CellSeat(session, cell), poll_seconds=None)


def name(app) -> str:
    return type(app.screen).__name__


def console_app(session, vt, console: str):
    return FacilitatorApp(session, now=vt.now, tick_seconds=None) if console == "facilitator" else cell_app(session)


async def open_dialog(app, pilot) -> None:
    """d, on D1 (the facilitator selects it first)."""
    if isinstance(app, FacilitatorApp):
        app.table.select("D1")
        await pilot.pause()
    await pilot.press("d")
    await until(pilot, lambda: name(app) == "DecisionScreen", "the dialog")


async def test_d_opens_the_decision_the_cell_owes_never_the_highlighted_one(session):
    """USA decided D1; D2 arrives; with D1 highlighted, d, text, enter used to
    replace the D1 decision silently. Now d opens D2, the one owed."""
    session.release("D1")
    session.record_decision("D1", "USA", "o2", "the northern route")
    session.release("D2")
    app = cell_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one("#inbox").highlighted = 1  # D1, the decided one
        await pilot.pause()
        await pilot.press("d")
        await until(pilot, lambda: name(app) == "DecisionScreen", "the decision dialog")
        assert app.screen.ask.inject == "D2"
        title = str(app.screen.query_one("#decision-title").render())
        assert "D2" in title and "Pooling seats" in title  # it names its inject
        await pilot.press("enter", *"Tokyo asked")
        await pilot.press("enter")
        await until(pilot, lambda: "D2" in session.state.decisions, "the D2 decision")
        assert session.state.decisions["D1"]["USA"].rationale == "the northern route"  # untouched
        assert session.state.decisions["D2"]["USA"].option == "pool"


async def test_with_several_open_d_offers_them_oldest_first(session, vt):
    session.release("D1")
    vt.advance(60)
    session.release("D2")
    app = cell_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await until(pilot, lambda: name(app) == "PickScreen", "the choice of decisions")
        options = app.screen.query_one("#choices")
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == ["D1", "D2"]
        assert options.highlighted == 0
        await pilot.press("down", "enter")
        await until(pilot, lambda: name(app) == "DecisionScreen", "the decision dialog")
        assert app.screen.ask.inject == "D2"


async def test_revising_is_its_own_act_and_asks_first(session):
    session.release("D1")
    session.record_decision("D1", "USA", "o2", "the northern route")
    app = cell_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")  # nothing owed: d says so and opens nothing
        await pilot.pause()
        assert name(app) == "Screen"
        assert "r revises one your cell took" in list(app._notifications)[-1].message
        for answer, option in (("n", "o2"), ("y", "o3")):
            await pilot.press("r")
            await until(pilot, lambda: name(app) == "DecisionScreen", "the dialog")
            assert app.screen.query_one("#option").highlighted_option.id == "o2"  # from the current choice
            await pilot.press("down", "ctrl+s")
            await until(pilot, lambda: name(app) == "ConfirmScreen", "the question")
            assert "o2 → o3" in app.screen.message
            await pilot.press(answer)
            await until(pilot, lambda: name(app) == "Screen", "the console")
            assert session.state.decisions["D1"]["USA"].option == option
        assert [e.data.get("revises", {}).get("option") for e in session.events
                if e.type == "decision_recorded"] == [None, "o2"]


async def test_a_revision_after_its_consequences_alerts_the_facilitator(session, vt):
    session.release("D1")
    session.record_decision("D1", "USA", "o1", "the southern route")
    session.start_move("M2")
    vt.advance(2 * 60)
    session.tick()  # B1, which tests USA's choice on D1, falls due
    facilitator = FacilitatorApp(session, now=vt.now, tick_seconds=None)
    async with facilitator.run_test(size=(120, 40), notifications=True) as fpilot:
        other = Session.open(session.path, now=vt.now, durable=False)  # the cell's own console
        try:
            other.record_decision("D1", "USA", "o4", "changed course", revise=True)
        finally:
            other.close()
        facilitator.tick()
        await until(fpilot, lambda: any(n.title == "Decision revised late" for n in facilitator._notifications),
                    "the alert")
        alert = next(n for n in facilitator._notifications if n.title == "Decision revised late")
        assert alert.severity == "warning"
        assert "USA revised its decision on D1: o1 → o4" in alert.message
        assert "M1 has ended; B1 already fell due on it" in alert.message
        event = [e for e in session.events if e.type == "decision_recorded"][-1]
        assert event.data["after"] == {"move_ended": "M1", "fell_due": ["B1"]}


@pytest.mark.parametrize("console", ["facilitator", "cell"])
async def test_both_dialogs_pick_the_option_with_the_highlight(session, vt, console):
    """In the facilitator's dialog the highlight did not pick: ctrl+s said
    "Choose the option the cell took". One behaviour now: the highlight is the choice."""
    session.release("D1")
    app = console_app(session, vt, console)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dialog(app, pilot)
        await pilot.press("down", "down", "ctrl+s")
        await until(pilot, lambda: "USA" in session.state.decisions.get("D1", {}), "the decision")
        assert session.state.decisions["D1"]["USA"].option == "o3"


@pytest.mark.parametrize("console", ["facilitator", "cell"])
async def test_every_field_and_button_of_the_decision_dialog_is_reachable_at_80x24(session, vt, console):
    """Six long options and three cells: the rationale and the Record button fell off."""
    from textual.widgets import Button

    session.release("D1")
    app = console_app(session, vt, console)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(app, pilot)
        await pilot.pause()
        screen = app.screen
        for button in screen.query(Button):
            assert fully_shown(app, button), f"{button.id} is not on screen"
        fields = [w for w in screen.query("*") if w.focusable]
        assert {w.id for w in fields} >= {"option", "rationale"}
        for _ in range(len(fields) + 1):
            await pilot.press("tab")
            await pilot.pause()
            assert fully_shown(app, screen.focused), f"{screen.focused} has focus but is not all on screen"


@pytest.mark.parametrize("console", ["facilitator", "cell"])
async def test_after_the_end_d_refuses_at_once(session, vt, console):
    session.release("D1")
    session.end()
    app = console_app(session, vt, console)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.screen is not None, "the console")
        if console == "facilitator":
            await until(pilot, lambda: name(app) == "HotwashScreen", "the hot wash")
            app.pop_screen()
            await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert name(app) == "Screen"
        assert "ended" in list(app._notifications)[-1].message
