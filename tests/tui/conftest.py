"""Fixtures for the facilitator console tests: a small scenario that has every
kind of inject, a session at virtual time, and the app built without a timer."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.model import Scenario

from tests.support.build import decide, inject, move, objective, question, scenario_data

START = datetime(2027, 4, 12, 0, 0, tzinfo=timezone.utc)

SCENARIO = scenario_data(
    "drill", "Drill: a small scenario for console tests",
    move("M1",
         inject("M1-01", 0, "Launch detected near Sunan", situation_time="+00:02", from_="INDOPACOM J2",
                to=["USA", "JPN", "KOR"], channel="intel",
                body="A **launch** was detected at 05:58 local.\n\n- Track: east\n- Apogee: high",
                expected_actions=["JPN issues J-Alert within 4 minutes"], objectives=["OBJ-1"],
                decision=decide("Do you share the track with the other two capitals now?", cells=["USA", "JPN"],
                                share="Share immediately", hold="Hold until national assessment", time_limit=10)),
         inject("M1-02", 5, "Impact in the EEZ", situation_time="+00:07", from_="JMSDF", to=["JPN"],
                channel="sensor", body="Splashdown 200 km west of Okushiri.", objectives=["OBJ-2"]),
         inject("M1-03", 10, "Press asks for a statement", from_="NHK", channel="news",
                body="Reporters gather at the Kantei."),
         inject("M1-04", 15, "Seoul asks why it was not told", from_="ROK MOFA", to=["USA", "KOR"], channel="call",
                body="The ROK foreign minister calls.", when={"decision": "M1-01", "cell": "JPN", "chose": ["hold"]}),
         inject("M1-05", 20, "Rumour of a second launch", from_="Social media", channel="social", contingency=True,
                body="Unverified posts claim a second launch."),
         title="Move 1 — Launch", situation_time="2027-04-12T06:00:00+09:00", planned_minutes=30,
         situation="At **06:00** a ballistic missile launch is detected.\n\nThe three capitals convene.",
         questions=[question("Q1-1", "What does each government tell its public in the first hour?", ["JPN", "KOR"]),
                    question("Q1-2", "Who calls whom first?")]),
    move("M2",
         inject("M2-01", 0, "Markets fall", from_="Nikkei", channel="news", body="The Nikkei opens down 4%."),
         inject("M2-02", 10, "Joint statement draft", from_="State", to=["USA", "JPN", "KOR"], channel="email",
                body="A draft is circulated.",
                decision=decide("Do you sign the joint statement?", sign="Sign", amend="Ask for changes")),
         title="Move 2 — Aftermath", situation_time="2027-04-12T18:00:00+09:00", planned_minutes=30,
         situation="Twelve hours later, markets are nervous.",
         questions=[question("Q2-1", "What do you ask of the other two?")]),
    start="2027-04-12T06:00:00+09:00",
    objectives=[objective("OBJ-1", "Share missile-warning data within 10 minutes.",
                          "Intelligence and Information Sharing"),
                objective("OBJ-2", "Agree a public line within the hour.", "Public Information and Warning")],
)


@pytest.fixture
def scenario() -> Scenario:
    return Scenario.model_validate(SCENARIO)


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime(START)


@pytest.fixture
def session(scenario: Scenario, vt: VirtualTime, tmp_path: Path):
    s = Session.create(scenario, tmp_path / "drill.ttx", now=vt.now, durable=False)
    yield s
    s.close()


@pytest.fixture
def make_app(session, vt):
    from ttx.commands.report import console_report  # what `ttx run` passes the console
    from ttx.tui.app import FacilitatorApp

    def make(s=None):
        return FacilitatorApp(s or session, report=console_report, now=vt.now, tick_seconds=None)

    return make


async def until(pilot, condition, what: str, timeout: float = 30.0) -> None:
    """Let the app run until `condition()` holds (a loaded machine may take its time)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


def fully_shown(app, widget) -> bool:
    """Is all of `widget` on the screen now (not cut by the screen's edge or a scrolling parent)?"""
    shown = app.screen._compositor.visible_widgets.get(widget)
    if shown is None:
        return False
    region, clip = shown
    return clip.contains_region(region) and app.screen.region.contains_region(region)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
