"""--cell: the releasable extract holds only what was released to that cell (need-to-know: ttx.engine.need_to_know)."""

from __future__ import annotations

import json

import pytest
from tests.report.report_helpers import Log, scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.model import to_json
from ttx.report.render import render

SECRETS = [
    "SECRET ALLIED BODY",  # M1-02 body, to USA and JPN only
    "Allied-only cable",  # M1-02 title
    "Tell Seoul?",  # M1-02 decision prompt
    "USA SECRET RATIONALE",  # USA's decision on M1-02
    "Allies first.",  # USA's rationale on M1-01
    "National assessment first.",  # JPN's rationale on M1-01
    "JPN issues J-Alert",  # expected action
    "USA briefs JPN",
    "JPN debated J-Alert threshold.",  # notes
    "USA shared fast.",
    "General observation.",
    "Warning data link was slow.",  # hot wash
    "Pre-authorize sharing",
    "No one was authorized to push data",  # its root-cause analysis
    "Controllers only",  # the summary
    "Allied-only question",  # a discussion question for USA and JPN
    "NEVER BRIEFED",  # the situation of a move never played
    "Skipped inject",
    "Conditional inject",
    "Contingency",
    "OBJ-1",
    "FACILITATOR MOVE NOTE",  # controller-only notes on a played move and on an inject KOR received
    "FACILITATOR INJECT NOTE",
    "TRIGGER TEXT",
]


@pytest.fixture
def kor():
    return analyze(scenario(), standard_log(), cell="KOR")


def test_kor_extract_data(kor):
    assert [t.inject for t in kor.timeline] == ["M1-01", "M1-03", "M2-01"]
    assert {d.cell for d in kor.decisions} == {"KOR"}
    assert kor.objectives == () and kor.observations == () and kor.improvement_plan == ()
    assert kor.divergence == () and all(t.expected_actions == () for t in kor.timeline)
    assert all(t.planned_clock is None for t in kor.timeline)
    assert [p.cell for p in kor.participation] == ["KOR"]


@pytest.mark.parametrize("fmt", ["html", "md", "json", "docx"])
def test_nothing_not_released_to_kor_appears_in_any_format(kor, fmt):
    out = render(kor, fmt)
    if fmt == "docx":
        from docx import Document
        import io

        doc = Document(io.BytesIO(out))
        parts = [p.text for p in doc.paragraphs]
        for t in doc.tables:
            for r in t.rows:
                parts.extend(c.text for c in r.cells)
        for s in doc.sections:
            parts.extend(p.text for p in s.header.paragraphs + s.footer.paragraphs)
        out = "\n".join(parts)
    for secret in SECRETS:
        assert secret not in out, f"{secret!r} leaked into the KOR extract ({fmt})"
    assert "KOR RATIONALE" in out and "Korea only." in out and "KOR ONLY" in out


def test_marking_is_the_narrowest_audience_of_its_content():
    # KOR's own decisions make the extract KOR ONLY
    assert analyze(scenario(), standard_log(), cell="KOR").marking == "KOR ONLY"
    # Only an inject to all three, no decision: releasable to all three
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 5, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    assert analyze(scenario(), log.events, cell="KOR").marking == "REL TO USA, JPN, KOR"
    # plus an inject to JPN and KOR: the intersection
    log.add("move_started", 30, move="M2")
    log.add("inject_released", 35, inject="M2-01", to=["JPN", "KOR"], manual=False)
    r = analyze(scenario(), log.events, cell="KOR")
    assert r.marking == "REL TO JPN, KOR"
    assert r.banner.endswith("// REL TO JPN, KOR")


def test_a_shared_decision_reaches_the_extract_only_when_shared():
    jpn = analyze(scenario(), standard_log(), cell="JPN")
    assert ("USA", "M1-02") in {(d.cell, d.inject) for d in jpn.decisions}  # shared with JPN
    assert ("USA", "M1-01") not in {(d.cell, d.inject) for d in jpn.decisions}  # not shared
    assert all(d.shared_with == () for d in jpn.decisions)
    assert "Allies first." not in json.dumps(to_json(jpn))


def test_an_explicit_releasability_makes_the_extract_cell_only():
    data = json.loads(json.dumps(scenario().model_dump(by_alias=True, mode="json", exclude_none=True)))
    data["moves"][0]["injects"][0]["releasability"] = "REL TO FVEY"
    from ttx.scenario.model import Scenario

    sc = Scenario.model_validate(data)
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 5, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    r = analyze(sc, log.events, cell="KOR")
    assert r.marking == "KOR ONLY"
    assert r.timeline[0].releasability == "REL TO FVEY"


def test_a_share_without_recipients_goes_to_every_player_cell_as_the_engine_reads_it():
    # the first sessions wrote decision_shared without `to`: shared with all
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    log.add("inject_released", 6, inject="M1-01", to=["USA", "JPN", "KOR"], manual=False)
    log.add("decision_recorded", 8, inject="M1-01", cell="USA", option="share", rationale="USA WHY")
    log.add("decision_shared", 9, inject="M1-01", cell="USA")
    kor = analyze(scenario(), log.events, cell="KOR")
    assert {(d.inject, d.cell) for d in kor.decisions} == {("M1-01", "USA"), ("M1-01", "KOR")}


def test_a_decision_shared_with_a_cell_that_never_had_its_inject_is_in_its_extract_as_its_console_showed_it():
    # M1-02 went to USA and JPN only; the facilitator shares USA's decision on it with KOR:
    # KOR's console shows who decided what and why, never the inject's title or prompt;
    # its extract shows the same, and nothing of the inject's timing.
    log = Log()
    log.events = standard_log()[:-1]
    log.add("decision_shared", 62, inject="M1-02", cell="USA", to=["KOR"])
    kor = analyze(scenario(), log.events, cell="KOR")
    row = next(d for d in kor.decisions if d.cell == "USA")
    assert (row.inject, row.option, row.option_text, row.rationale) == ("M1-02", "no", "No", "USA SECRET RATIONALE")
    assert (row.title, row.prompt, row.move, row.released_clock, row.latency) == ("", "", "", None, None)
    assert "M1-02" not in [t.inject for t in kor.timeline]
    for fmt in ("html", "md", "json"):
        out = render(kor, fmt)
        assert "USA SECRET RATIONALE" in out
        for secret in ("Allied-only cable", "Tell Seoul?", "SECRET ALLIED BODY"):
            assert secret not in out, (fmt, secret)
