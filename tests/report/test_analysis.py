"""The analysis as plain data: latency, divergence, participation, ratings, timeline."""

from __future__ import annotations

import json

import pytest
from tests.report.report_helpers import Log, scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.model import ReportError, to_json


@pytest.fixture
def report():
    return analyze(scenario(), standard_log())


def row(report, inject, cell):
    return next(d for d in report.decisions if d.inject == inject and d.cell == cell)


def test_latency_is_from_release_to_the_cells_latest_decision(report):
    assert row(report, "M1-01", "USA").latency == 120  # released at 6 min, decided at 8
    jpn = row(report, "M1-01", "JPN")
    assert jpn.option == "hold" and jpn.option_text == "Hold"
    assert jpn.latency == 720 and jpn.revisions == 1
    assert jpn.rationale == "National assessment first."


def test_time_limit_is_checked(report):
    assert row(report, "M1-01", "JPN").over_limit  # 12 min > 10
    assert not row(report, "M1-01", "KOR").over_limit
    assert row(report, "M1-01", "KOR").time_limit == 600
    assert row(report, "M1-02", "USA").time_limit is None


def test_a_deciding_cell_without_a_decision_shows_as_no_decision(report):
    open_ = row(report, "M1-02", "JPN")
    assert not open_.decided and open_.option is None and open_.latency is None


def test_divergence_names_the_cells_that_chose_differently(report):
    div = {d.inject: d for d in report.divergence}
    m101 = div["M1-01"]
    assert m101.diverged and m101.distinct == 2
    assert [c.cell for c in m101.choices if c.differs] == ["JPN"]
    assert m101.time_to_all == 720  # the last cell decided 12 min after release
    assert not div["M1-02"].diverged and div["M1-02"].undecided == ("JPN",)
    assert div["M1-02"].time_to_all is None


def test_a_prompt_asked_of_one_cell_is_not_counted_as_agreement():
    data = scenario()
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("inject_released", 10, inject="M1-02", to=["USA"], manual=False)  # only USA decides
    log.add("decision_recorded", 11, inject="M1-02", cell="USA", option="no", rationale="")
    r = analyze(data, log.events)
    assert [d.inject for d in r.divergence] == ["M1-01"]
    assert (r.totals.prompts, r.totals.prompts_diverged) == (1, 0)
    assert [d.inject for d in r.decisions if d.cell == "USA"] == ["M1-01", "M1-02"]  # still in the decisions


def test_participation_per_cell(report):
    p = {x.cell: x for x in report.participation}
    assert (p["USA"].injects_received, p["USA"].decisions_asked, p["USA"].decisions_taken) == (2, 2, 2)
    assert p["KOR"].injects_received == 3  # M1-01, M1-03, M2-01
    assert p["JPN"].decisions_taken == 1 and p["JPN"].median_latency == 720 and p["JPN"].over_limit == 1
    assert p["KOR"].median_latency == 240


def test_median_latency_of_an_even_count():
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 5, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("decision_recorded", 6, inject="M1-01", cell="KOR", option="share", rationale="")
    log.add("inject_released", 10, inject="M1-02", to=["USA", "JPN"], manual=False)
    log.add("inject_released", 36, inject="M2-01", to=["JPN", "KOR"], manual=False)
    log.add("decision_recorded", 40, inject="M2-01", cell="KOR", option="wait", rationale="")
    r = analyze(scenario(), log.events)
    kor = next(p for p in r.participation if p.cell == "KOR")
    assert kor.median_latency == (60 + 240) / 2


def test_rating_is_the_latest_rated_note_on_the_objective(report):
    obj = {o.id: o for o in report.objectives}
    assert obj["OBJ-1"].rating == "S"  # M at 19 min, then S at 21 min
    assert obj["OBJ-2"].rating is None and obj["OBJ-2"].rating_text == "Not rated"
    assert [o.text for o in obj["OBJ-1"].strengths] == ["USA shared fast."]
    assert [o.text for o in obj["OBJ-1"].improvements] == ["JPN debated J-Alert threshold.", "Warning data link was slow."]


def test_a_later_unrated_note_does_not_clear_the_rating():
    log = Log()
    log.add("session_started", 0)
    log.add("note_added", 1, text="a", kind="observation", objective="OBJ-2", rating="U", cell=None)
    log.add("note_added", 2, text="b", kind="observation", objective="OBJ-2", rating=None, cell=None)
    assert analyze(scenario(), log.events).objectives[1].rating == "U"


def test_timeline_planned_actual_and_statuses(report):
    t = {x.inject: x for x in report.timeline}
    assert (t["M1-01"].planned_clock, t["M1-01"].actual_clock, t["M1-01"].delay) == (300, 360, 60)
    assert t["M1-03"].status == "released" and t["M1-03"].history == ("held", "released") and t["M1-03"].manual
    assert t["M1-04"].status == "skipped"
    assert t["M1-05"].status == "not_triggered"
    assert t["M1-06"].status == "not_released" and t["M1-06"].contingency
    assert t["M2-01"].planned_clock == 30 * 60 + 5 * 60
    assert t["M3-01"].planned_clock is None  # its move never started
    assert t["M1-02"].releasability == "REL TO USA, JPN"


def test_pauses_are_listed_with_their_wall_length(report):
    (p,) = report.pauses
    assert p.clock == 16 * 60 and p.seconds == 300


def test_improvement_plan_from_hot_wash_and_notes(report):
    plan = report.improvement_plan
    assert [p.area for p in plan] == ["JPN debated J-Alert threshold.", "Warning data link was slow."]
    note_row, hw = plan
    assert note_row.corrective_action == "" and note_row.responsible == ""  # left for the conference
    assert note_row.capability == "Intelligence and Information Sharing"  # from its objective
    assert (hw.corrective_action, hw.capability_element, hw.responsible, hw.point_of_contact, hw.start, hw.due) == (
        "Pre-authorize sharing", "Planning", "MOFA", "J. Doe", "2027-05-01", "2027-09-01")
    assert [s.text for s in report.strengths] == ["USA shared fast.", "Good facilitation."]


def test_moves_as_run(report):
    m = {x.id: x for x in report.overview.moves}
    assert (m["M1"].start_clock, m["M1"].end_clock) == (0, 1800)
    assert m["M3"].start_clock is None


def test_json_is_plain_data(report):
    data = json.loads(json.dumps(to_json(report)))
    assert data["banner"] == "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    assert data["timeline"][0]["from"] == "INDOPACOM J2"
    assert data["decisions"][0]["wall"].endswith("Z")


def test_an_empty_session_gives_an_empty_report():
    r = analyze(scenario(), [])
    assert r.decisions == () and r.overview.duration == 0
    assert all(t.status == "not_released" for t in r.timeline)


def test_unknown_cell_is_a_clear_error():
    with pytest.raises(ReportError, match="no cell 'XXX'"):
        analyze(scenario(), standard_log(), cell="XXX")


def test_an_extract_is_for_a_player_cell_only():
    # the control cell holds everything: an "extract" for it would be marked
    # REL TO every player cell and WHITE while carrying nothing of WHITE's
    with pytest.raises(ReportError, match="no cell 'WHITE'.*player cells: USA, JPN, KOR"):
        analyze(scenario(), standard_log(), cell="WHITE")


def test_a_real_world_stop_is_a_pause_with_its_words(tmp_path):
    from ttx.engine.clock import VirtualTime
    from ttx.engine.session import Session
    from ttx.report.analysis import analyze
    from ttx.report.render import render
    from tests.report.report_helpers import scenario

    vt = VirtualTime()
    session = Session.create(scenario(), tmp_path / "s.ttx", now=vt, durable=False)
    session.start_move()
    vt.advance(60)
    session.halt("Fire alarm: leave by the east stairs.")
    vt.advance(240)
    session.resume()
    report = analyze(session.scenario, session.events)
    (pause,) = report.pauses
    assert pause.real_world == "Fire alarm: leave by the east stairs." and pause.seconds == 240
    assert "Real-world stop:</strong> Fire alarm" in render(report, "html")
    assert "real-world stop: Fire alarm" in render(report, "md")
    session.close()
