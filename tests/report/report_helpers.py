"""Hand-built scenarios and session logs for the report tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from ttx.engine.events import Event
from ttx.scenario.model import Scenario

from tests.support.build import cells, decide, inject, move, objective, question, scenario_data

T0 = datetime(2027, 4, 12, 0, 0, tzinfo=timezone.utc)

SCENARIO: dict[str, Any] = scenario_data(
    "strait-test", "Strait Test",
    move("M1",
         inject("M1-01", 5, "Launch detected", from_="INDOPACOM J2", channel="intel", body="Track data.",
                expected_actions=["JPN issues J-Alert"],
                facilitator_notes=["FACILITATOR INJECT NOTE: the threshold is national."], objectives=["OBJ-1"],
                decision=decide("Share the track now?", share="Share now", hold="Hold", time_limit=10)),
         inject("M1-02", 10, "Allied-only cable", to=["USA", "JPN"], channel="cable", body="SECRET ALLIED BODY",
                expected_actions=["USA briefs JPN"], decision=decide("Tell Seoul?", yes="Yes", no="No")),
         inject("M1-03", 15, "Held inject", to=["KOR"], body="Korea only."),
         inject("M1-04", 20, "Skipped inject"),
         inject("M1-05", 25, "Conditional inject", when={"decision": "M1-01", "cell": "JPN", "chose": ["hold"]}),
         inject("M1-06", 28, "Contingency", contingency=True, trigger="TRIGGER TEXT: use if nobody shares."),
         title="Move 1 — Launch", planned_minutes=30, situation="A launch is detected.",
         facilitator_notes=["FACILITATOR MOVE NOTE: steer a Dokdo analogy back."],
         questions=[question("Q1", "What do you tell the public?", ["JPN", "KOR"]),
                    question("Q2", "Allied-only question", ["USA", "JPN"])]),
    move("M2",
         inject("M2-01", 5, "Ferry request", to=["JPN", "KOR"], decision=decide("Send ferries?", send="Send", wait="Wait")),
         title="Move 2 — Evacuation", planned_minutes=30),
    move("M3", inject("M3-01", 1, "Never"), title="Move 3 — never played", situation="NEVER BRIEFED"),
    summary="Controllers only: in move 2 the ferry sinks.",
    background="Tension rises in the strait.\n\n- item one\n- item **two**",
    objectives=[objective("OBJ-1", "Share warning data within 10 minutes.", "Intelligence and Information Sharing"),
                objective("OBJ-2", "Coordinate evacuation.", "Operational Coordination")],
    cells=[{**cell, "roles": ["NSC", "State"]} if cell["id"] == "USA" else cell for cell in cells()],
)


def scenario(**overrides: Any) -> Scenario:
    data = {**SCENARIO, **overrides}
    return Scenario.model_validate(data)


class Log:
    """Builds a session log: `log.add(type, clock_minutes, **fields)`."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, type_: str, minutes: float, wall_extra: float = 0.0, **data: Any) -> "Log":
        seq = len(self.events) + 1
        clock = minutes * 60
        wall = T0 + timedelta(seconds=clock + wall_extra)
        self.events.append(Event(seq, type_, wall, clock, data))
        return self


def standard_log() -> list[Event]:
    """M1 starts at 0, M2 at 30 (exercise minutes)."""
    log = Log()
    log.add("session_started", 0, scenario="strait-test", scenario_sha256="x")
    log.add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("decision_recorded", 8, inject="M1-01", cell="USA", option="share", rationale="Allies first.")
    log.add("decision_recorded", 9, inject="M1-01", cell="JPN", option="share", rationale="first thought")
    log.add("decision_recorded", 18, inject="M1-01", cell="JPN", option="hold", rationale="National assessment first.")
    log.add("decision_recorded", 10, inject="M1-01", cell="KOR", option="share", rationale="KOR RATIONALE")
    log.add("inject_released", 10, inject="M1-02", to=["USA", "JPN"], manual=False)
    log.add("decision_recorded", 12, inject="M1-02", cell="USA", option="no", rationale="USA SECRET RATIONALE")
    log.add("decision_shared", 13, inject="M1-02", cell="USA", to=["JPN"])
    log.add("inject_held", 15, inject="M1-03")
    log.add("clock_paused", 16)
    log.add("clock_resumed", 16, wall_extra=300)
    log.add("inject_skipped", 20, inject="M1-04")
    log.add("inject_released", 22, inject="M1-03", to=["KOR"], manual=True)
    log.add("inject_not_triggered", 25, inject="M1-05")
    log.add("note_added", 19, text="JPN debated J-Alert threshold.", kind="improvement", objective="OBJ-1", rating="M", cell="JPN")
    log.add("note_added", 21, text="USA shared fast.", kind="strength", objective="OBJ-1", rating="S", cell="USA")
    log.add("note_added", 22, text="General observation.", kind="observation", objective=None, rating=None, cell=None)
    log.add("move_ended", 30, move="M1")
    log.add("move_started", 30, move="M2")
    log.add("inject_released", 36, inject="M2-01", to=["JPN", "KOR"], manual=False)
    log.add("decision_recorded", 40, inject="M2-01", cell="KOR", option="send", rationale="")
    log.add("move_ended", 60, move="M2")
    log.add(
        "hotwash_item", 61, kind="improvement", text="Warning data link was slow.", objective="OBJ-1",
        capability=None, corrective_action="Pre-authorize sharing", capability_element="Planning",
        responsible="MOFA", point_of_contact="J. Doe", start="2027-05-01", due="2027-09-01",
        reference="Trilateral missile warning data-sharing arrangement",
        analysis="No one was authorized to push data without a national review.",
    )
    log.add("hotwash_item", 61, kind="strength", text="Good facilitation.", objective=None, capability=None)
    log.add("session_ended", 62)
    return log.events
