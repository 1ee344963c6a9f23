"""The branch map and its rehearsal coverage, against scripts whose branches are known by hand
(graph_scenarios.branchy documents its edges)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from tests.graph.graph_scenarios import branchy

from ttx.engine.coverage import coverage_of, rehearsal_coverage
from ttx.engine.events import Event
from ttx.scenario.script import parse_script
from ttx.scenario.branches import BranchMap, condition_text
from ttx.scenario.model import Scenario

SHARE_THEN_GO = """
decisions:
  A: {all: share}
  E: {all: go}
"""
SPLIT_THEN_WAIT = """
decisions:
  A: {USA: share, JPN: hold}
  E: {all: wait}
release: [X]
"""
HB = ("A", "hold", "JPN", "B", "unlocks")
HC = ("A", "hold", None, "C", "blocks")
GF = ("E", "go", None, "F", "unlocks")
SF = ("A", "share", "USA", "F", "unlocks")
WG_USA = ("E", "wait", "USA", "G", "unlocks")
WG_JPN = ("E", "wait", "JPN", "G", "unlocks")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return branchy()


def test_edges_and_their_polarity(scenario):
    b = BranchMap(scenario)
    assert [e.key for e in b.edges] == [HB, HC, GF, SF, WG_USA, WG_JPN]
    assert [i.id for i in b.decisions] == ["A", "E", "N"]   # K offers no options
    assert [i.id for i in b.conditional] == ["B", "C", "F", "G"]
    assert [i.id for i in b.dead_ends] == ["N"]
    assert b.idle_options == {}
    assert b.unexercised_objectives == ("OBJ-3",)
    assert [i.id for i in b.contingencies] == ["X"]
    assert b.involved == {"A", "B", "C", "E", "F", "G", "N", "X"}


def test_double_negation_unlocks():
    doc = branchy().model_dump(by_alias=True, exclude_defaults=True)
    doc["moves"][0]["injects"][2]["when"] = {"not": {"not": {"decision": "A", "chose": ["hold"]}}}
    b = BranchMap(Scenario.model_validate(doc))
    assert ("A", "hold", None, "C", "unlocks") in [e.key for e in b.edges]


def test_condition_text_says_every_cell_once(scenario):
    texts = {i.id: condition_text(i.when) for i in BranchMap(scenario).conditional}
    assert texts == {"B": "A JPN chose hold", "C": "not (A any cell chose hold)",
                     "F": "any of (E any cell chose go; A USA chose share)",
                     "G": "E USA and JPN chose wait"}


def _coverage(scenario, *scripts: str):
    parsed = []
    for k, text in enumerate(scripts):
        script = parse_script(text, scenario, f"script-{k}.yaml")
        script.path = f"script-{k}.yaml"
        parsed.append(script)
    return rehearsal_coverage(scenario, parsed)


def test_one_script_covers_its_own_path_only(scenario):
    cov = _coverage(scenario, SHARE_THEN_GO)
    (run,) = cov.runs
    # A: both share, so B (JPN hold) is not triggered and C (not hold) plays; E go releases F.
    assert run.edges == {GF, SF}
    assert {e.key for e in cov.unexercised} == {HB, HC, WG_USA, WG_JPN}
    assert cov.never_reached == ("B", "G")
    assert cov.never_skipped == ("C", "F")
    assert cov.unreleased_contingencies == ("X",)
    assert cov.untaken_options == (("A", "hold"), ("E", "wait"))  # N leads nowhere: not listed
    assert cov.unreached_objectives == ("OBJ-4",)                 # only B carries it
    text = "\n".join(cov.lines())
    assert "edges exercised:   2/6 (33%)" in text
    assert "never reached:     B, G" in text
    assert "leads nowhere:     N (decisions no when: names, not marked discussion_only)" in text
    assert "contingencies:     X" in text
    assert "objectives:        OBJ-3 (no inject exercises them)" in text


def test_two_scripts_cover_every_edge(scenario):
    cov = _coverage(scenario, SHARE_THEN_GO, SPLIT_THEN_WAIT)
    first, second = cov.runs
    # JPN holds: B plays, C (not hold) is blocked; USA shares: F plays; both wait: G plays.
    assert second.edges == {HB, HC, SF, WG_USA, WG_JPN}
    assert cov.unexercised == ()
    assert cov.runs_of(BranchMap(scenario).edges[3]) == (0, 1)   # A share USA -> F, both scripts
    assert cov.never_reached == ()
    assert cov.never_skipped == ("F",)
    assert cov.unreleased_contingencies == ()
    assert cov.untaken_options == ()
    assert cov.unreached_objectives == ()


def _event(seq: int, kind: str, **data) -> Event:
    return Event(seq, kind, datetime(2027, 1, 1, tzinfo=timezone.utc), float(seq), data)


def test_the_choice_that_counts_is_the_one_standing_when_the_inject_falls_due(scenario):
    events = [
        _event(1, "inject_released", inject="A"),
        _event(2, "decision_recorded", inject="A", cell="JPN", option="hold"),
        _event(3, "decision_recorded", inject="A", cell="JPN", option="share"),  # replaces hold
        _event(4, "inject_not_triggered", inject="B"),
        _event(5, "decision_recorded", inject="A", cell="JPN", option="hold"),   # too late for B
    ]
    (run,) = coverage_of(scenario, [("live", events)]).runs
    assert run.edges == set()
    assert run.not_triggered == {"B"}
    assert run.chosen == {("A", "hold"), ("A", "share")}


def test_a_decision_marked_discussion_only_does_not_lead_nowhere():
    doc = branchy().model_dump(by_alias=True, exclude_defaults=True)
    doc["moves"][1]["injects"][2]["decision"]["discussion_only"] = True     # N
    b = BranchMap(Scenario.model_validate(doc))
    assert b.dead_ends == () and [i.id for i in b.discussion_only] == ["N"]


def test_the_text_names_at_most_a_dozen_of_a_list_and_says_when_no_script_runs(scenario):
    doc = branchy().model_dump(by_alias=True, exclude_defaults=True)
    doc["moves"][1]["injects"] = list(doc["moves"][1]["injects"]) + [{"id": f"Q{k}", "at": 9, "title": "q", "when": {"decision": "E", "chose": ["go"]}}
                                   for k in range(20)]
    many = Scenario.model_validate(doc)
    text = "\n".join(_coverage(many, SPLIT_THEN_WAIT).lines())
    assert "never reached:     C, Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10 and 9 more (conditional" in text
    assert "… and 9 more edges no script exercised" in text                    # 21 unexercised, 12 named
    none = "\n".join(coverage_of(many, []).lines())
    assert none.startswith("coverage of branchy: no rehearsal scripts (rehearsals/branchy/)")
    assert "never reached" not in none and "edges exercised:   0/26 (0%)" in none
