"""Fixtures for the facilitator console tests: a small scenario that has every
kind of inject, a session at virtual time, and the app built without a timer."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.model import Scenario

START = datetime(2027, 4, 12, 0, 0, tzinfo=timezone.utc)

SCENARIO = {
    "ttx": 1,
    "id": "drill",
    "title": "Drill: a small scenario for console tests",
    "start": "2027-04-12T06:00:00+09:00",
    "objectives": [
        {"id": "OBJ-1", "text": "Share missile-warning data within 10 minutes.",
         "capability": "Intelligence and Information Sharing"},
        {"id": "OBJ-2", "text": "Agree a public line within the hour.",
         "capability": "Public Information and Warning"},
    ],
    "cells": [
        {"id": "USA", "name": "United States"},
        {"id": "JPN", "name": "Japan"},
        {"id": "KOR", "name": "Republic of Korea"},
        {"id": "WHITE", "name": "Control cell", "kind": "control"},
    ],
    "moves": [
        {
            "id": "M1", "title": "Move 1 — Launch",
            "situation_time": "2027-04-12T06:00:00+09:00", "planned_minutes": 30,
            "situation": "At **06:00** a ballistic missile launch is detected.\n\nThe three capitals convene.",
            "questions": [
                {"id": "Q1-1", "text": "What does each government tell its public in the first hour?",
                 "cells": ["JPN", "KOR"]},
                {"id": "Q1-2", "text": "Who calls whom first?"},
            ],
            "injects": [
                {"id": "M1-01", "at": 0, "situation_time": "+00:02", "title": "Launch detected near Sunan",
                 "from": "INDOPACOM J2", "to": ["USA", "JPN", "KOR"], "channel": "intel",
                 "body": "A **launch** was detected at 05:58 local.\n\n- Track: east\n- Apogee: high",
                 "expected_actions": ["JPN issues J-Alert within 4 minutes"],
                 "objectives": ["OBJ-1"],
                 "decision": {"prompt": "Do you share the track with the other two capitals now?",
                              "cells": ["USA", "JPN"],
                              "options": [{"id": "share", "text": "Share immediately"},
                                          {"id": "hold", "text": "Hold until national assessment"}],
                              "time_limit": 10}},
                {"id": "M1-02", "at": 5, "situation_time": "+00:07", "title": "Impact in the EEZ",
                 "from": "JMSDF", "to": ["JPN"], "channel": "sensor",
                 "body": "Splashdown 200 km west of Okushiri.", "objectives": ["OBJ-2"]},
                {"id": "M1-03", "at": 10, "title": "Press asks for a statement",
                 "from": "NHK", "channel": "news", "body": "Reporters gather at the Kantei."},
                {"id": "M1-04", "at": 15, "title": "Seoul asks why it was not told",
                 "from": "ROK MOFA", "to": ["USA", "KOR"], "channel": "call",
                 "body": "The ROK foreign minister calls.",
                 "when": {"decision": "M1-01", "cell": "JPN", "chose": ["hold"]}},
                {"id": "M1-05", "at": 20, "title": "Rumour of a second launch",
                 "from": "Social media", "channel": "social", "contingency": True,
                 "body": "Unverified posts claim a second launch."},
            ],
        },
        {
            "id": "M2", "title": "Move 2 — Aftermath",
            "situation_time": "2027-04-12T18:00:00+09:00", "planned_minutes": 30,
            "situation": "Twelve hours later, markets are nervous.",
            "questions": [{"id": "Q2-1", "text": "What do you ask of the other two?"}],
            "injects": [
                {"id": "M2-01", "at": 0, "title": "Markets fall", "from": "Nikkei", "channel": "news",
                 "body": "The Nikkei opens down 4%."},
                {"id": "M2-02", "at": 10, "title": "Joint statement draft", "from": "State",
                 "to": ["USA", "JPN", "KOR"], "channel": "email", "body": "A draft is circulated.",
                 "decision": {"prompt": "Do you sign the joint statement?",
                              "options": [{"id": "sign", "text": "Sign"}, {"id": "amend", "text": "Ask for changes"}]}},
            ],
        },
    ],
}


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


async def until(pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (a loaded machine may take its time)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
