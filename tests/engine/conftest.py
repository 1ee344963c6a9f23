from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.model import Scenario

from tests.support.build import build, cells, decide, inject, move, objective, question

T0 = datetime(2027, 4, 12, 6, 0, tzinfo=timezone.utc)


def demo_scenario() -> Scenario:
    """Two moves; a decision with options, branches on it, a contingency inject."""
    return build(
        "demo", "Demo exercise",
        move("M1",
             inject("A", 5, "Launch detected", to=["USA", "JPN"], body="Track.", expected_actions=["JPN alerts"],
                    objectives=["OBJ-1"], decision=decide("Share?", share="Share now", hold="Hold", time_limit=10)),
             inject("B", 10, "Partners ask", when={"decision": "A", "cell": "JPN", "chose": ["hold"]}),
             inject("C", 10, "Joint picture", when={"not": {"decision": "A", "chose": ["hold"]}}),
             inject("K", 12, "Korea only", to=["KOR"], decision=decide("Anything to say?")),
             inject("X", 15, "Contingency", contingency=True),
             planned_minutes=30, situation="Launch.",
             questions=[question("Q1", "What now?", ["JPN"]), question("Q2", "Who talks?")]),
        move("M2",
             inject("D", 0, "Next day"),
             inject("E", 5, "Evacuation", decision=decide("Evacuate?", go="Go", wait="Wait")),
             inject("F", 8, "Follow-up", when={"any": [{"decision": "E", "chose": ["go"]},
                                                        {"decision": "A", "cell": "USA", "chose": ["share"]}]}),
             planned_minutes=20),
        objectives=[objective("OBJ-1", "Share warning data")],
        cells=cells(names=False),
    )


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
