from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.model import Scenario

T0 = datetime(2027, 4, 12, 6, 0, tzinfo=timezone.utc)


def demo_scenario() -> Scenario:
    """Two moves; a decision with options, branches on it, a contingency inject."""
    return Scenario.model_validate({
        "ttx": 1, "id": "demo", "title": "Demo exercise",
        "objectives": [{"id": "OBJ-1", "text": "Share warning data"}],
        "cells": [{"id": "USA"}, {"id": "JPN"}, {"id": "KOR"}, {"id": "WHITE", "kind": "control"}],
        "moves": [
            {"id": "M1", "planned_minutes": 30, "situation": "Launch.",
             "questions": [{"id": "Q1", "text": "What now?", "cells": ["JPN"]},
                           {"id": "Q2", "text": "Who talks?"}],
             "injects": [
                 {"id": "A", "at": 5, "title": "Launch detected", "to": ["USA", "JPN"], "body": "Track.",
                  "expected_actions": ["JPN alerts"], "objectives": ["OBJ-1"],
                  "decision": {"prompt": "Share?", "options": [{"id": "share", "text": "Share now"},
                                                               {"id": "hold", "text": "Hold"}],
                               "time_limit": 10}},
                 {"id": "B", "at": 10, "title": "Partners ask", "when": {"decision": "A", "cell": "JPN",
                                                                         "chose": ["hold"]}},
                 {"id": "C", "at": 10, "title": "Joint picture", "when": {"not": {"decision": "A",
                                                                                 "chose": ["hold"]}}},
                 {"id": "K", "at": 12, "title": "Korea only", "to": ["KOR"],
                  "decision": {"prompt": "Anything to say?"}},
                 {"id": "X", "at": 15, "title": "Contingency", "contingency": True},
             ]},
            {"id": "M2", "planned_minutes": 20, "injects": [
                {"id": "D", "at": 0, "title": "Next day"},
                {"id": "E", "at": 5, "title": "Evacuation", "decision": {
                    "prompt": "Evacuate?", "options": [{"id": "go", "text": "Go"}, {"id": "wait", "text": "Wait"}]}},
                {"id": "F", "at": 8, "title": "Follow-up", "when": {"any": [
                    {"decision": "E", "chose": ["go"]}, {"decision": "A", "cell": "USA", "chose": ["share"]}]}},
            ]},
        ],
    })


@pytest.fixture
def scenario() -> Scenario:
    return demo_scenario()


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime(T0)


@pytest.fixture
def session(scenario: Scenario, vt: VirtualTime, tmp_path: Path):
    s = Session.create(scenario, sessions_dir=tmp_path, now=vt)
    yield s
    s.close()
