"""Rehearsal scripts that talk back: requests with answers or refusals, messages,
control's log and live changes to the MSEL, checked with file:line:col before
anything runs and played at their points of the rehearsal."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ttx.cli import main
from ttx.engine import events as ev
from ttx.engine.rehearse import rehearse
from ttx.scenario.script import ScriptError, parse_script
from ttx.engine.session import Session
from ttx.engine.state import InjectStatus

TALKING = """\
ttx: 1
decisions:
  A: {all: share}
  LIVE-FERRY: {KOR: busan}
requests:
  - at: A
    cell: JPN
    text: What does our embassy report?
    inject: A
    answer:
      at: K
      text: The embassy reports calm.
      to: [KOR]
  - at: A
    cell: USA
    text: Can we see the launch order?
    decline: Beyond what Washington would know.
  - cell: KOR
    text: Never answered.
messages:
  - at: A
    from: USA
    to: [JPN, KOR]
    text: We hold the track too.
    inject: A
  - at: LIVE-FERRY
    from: KOR
    to: JPN
    text: Busan, then.
log:
  - at: A
    speaker: JPN head of delegation
    cell: JPN
    text: Tokyo wants a joint statement before noon.
msel:
  - at: A
    write:
      id: LIVE-FERRY
      title: Ferry captain calls
      to: [JPN, KOR]
      channel: call
      at: 11
      decision:
        prompt: Where does it dock?
        options: [{id: busan, text: Busan}, {id: fukuoka, text: Fukuoka}]
  - at: A
    retime: {inject: K, at: 14}
  - at: A
    redirect: {inject: K, to: [KOR, JPN]}
  - at: K
    correct: {inject: A, body: "Track revised: impact in the EEZ."}
  - at: K
    recall: {inject: C, text: Released in error.}
expect:
  released: [LIVE-FERRY, A-C1, K]
"""


def run(scenario, text: str, tmp_path: Path):
    script = parse_script(text, scenario, "talk.yaml")
    return script, rehearse(scenario, script, path=tmp_path / "r.ttx")


def test_a_script_talks_back_at_its_points_of_the_rehearsal(scenario, tmp_path):
    script, result = run(scenario, TALKING, tmp_path)
    assert result.ok, result.failures
    assert result.skipped_notes == []
    with Session.open(result.path, readonly=True) as session:
        state = session.state
        types = [e.type for e in session.events]
        traffic = state.traffic
        jpn, kor, usa = (traffic.requests[r] for r in ("RFI-1", "RFI-2", "RFI-3"))
        # the answer came when K was released (at 14, retimed): the request waited 9 minutes
        assert (jpn.cell, jpn.status, jpn.reply.to) == ("JPN", "answered", ("JPN", "KOR"))
        assert jpn.waited(0) == 9 * 60
        assert (kor.cell, kor.status, kor.reply.text) == ("USA", "declined", "Beyond what Washington would know.")
        assert (usa.cell, usa.status) == ("KOR", "open")  # asked after the last move, never answered
        assert [(m.sender, m.to, m.inject) for m in traffic.messages] == [("USA", ("JPN", "KOR"), "A"),
                                                                           ("KOR", ("JPN",), None)]
        assert [e.text for e in traffic.log] == ["Tokyo wants a joint statement before noon."]
        # the live MSEL: written, retimed and redirected, corrected, recalled
        assert state.status["LIVE-FERRY"] is InjectStatus.RELEASED
        assert state.decisions["LIVE-FERRY"]["KOR"].option == "busan"
        assert state.released_to["K"] == ("KOR", "JPN")
        assert state.msel.corrects == {"A-C1": "A"} and state.released_to["A-C1"] == ("USA", "JPN")
        assert "C" in state.msel.recalled
        # in due order: K fell due at 14 (retimed), after LIVE-FERRY at 11
        released = state.released_injects()
        assert released.index("LIVE-FERRY") < released.index("K")
        assert types.count(ev.INJECT_WRITTEN) == 2 and types.count(ev.INJECT_RECALLED) == 1
    assert "K" in scenario.inject_by_id and scenario.inject_by_id["K"].at == 12  # never changed


def test_an_act_that_cannot_be_made_when_its_point_comes_is_a_warning(scenario, tmp_path):
    text = textwrap.dedent("""\
        requests:
          - at: B
            cell: JPN
            text: B is not triggered when no cell holds
        messages:
          - at: A
            from: KOR
            to: [USA]
            text: KOR never had A
            inject: A
    """)
    _, result = run(scenario, text, tmp_path)
    assert result.skipped_notes == [  # in the order the rehearsal met them: A at 5, B at 10
        "message (line 6) not done: A was not released to KOR",
        "request at B (line 2) not done: B was not triggered",
    ]


@pytest.mark.parametrize("text, where, message", [
    ("requests:\n  - {cell: CHN, text: hi}\n", "2:5", "no player cell 'CHN'"),
    ("requests:\n  - {cell: WHITE, text: hi}\n", "2:5", "no player cell 'WHITE'"),
    ("requests:\n  - {cell: JPN, text: ''}\n", "2:5", "text: is empty: write it"),
    ("requests:\n  - {cell: JPN, text: hi, at: NOPE}\n", "2:5", "no inject 'NOPE'"),
    ("requests:\n  - {cell: JPN, text: hi, answer: fine, decline: sorry}\n", "2:5", "answered or declined, not both"),
    ("requests:\n  - {cell: JPN, text: hi, answer: {text: a, to: [CHN]}}\n", "2:5", "no player cell 'CHN'"),
    ("requests:\n  - {cell: JPN, text: hi, decline: {to: [USA]}}\n", "2:5", "a decline goes to the asking cell only"),
    ("requests:\n  - {cell: JPN, txt: hi}\n", "2:5", "unknown key 'txt' in a request (known: at, cell, text"),
    ("messages:\n  - {from: USA, to: [USA], text: hi}\n", "2:5", "no player cell 'USA' to send to"),
    ("messages:\n  - {from: USA, text: hi}\n", "2:5", "missing required key 'to'"),
    ("messages:\n  - from: USA\n    to: JPN\n    text: " + "x" * 4001 + "\n", "4:11", "at most 4,000"),
    ("log:\n  - {text: ' '}\n", "2:5", "text: is empty"),
    ("msel:\n  - {write: {id: N, title: T}}\n", "2:5", "missing required key 'at'"),
    ("msel:\n  - {at: A, write: {id: A, title: T}}\n", "2:5", "there is already an inject A"),
    ("msel:\n  - {at: A, write: {id: N}}\n", "2:5", "missing required key 'title'"),
    ("msel:\n  - {at: A, write: {id: N, title: T, channel: fax}}\n", "2:5", "channel 'fax' is not one of"),
    ("msel:\n  - {at: A, write: {id: N, title: T, decision: {prompt: P, response: both}}}\n", "2:5",
     "response: both needs options"),
    ("msel:\n  - {at: A, write: {id: N, title: T, to: [JPN], decision: {prompt: P, cells: [USA]}}}\n", "2:5",
     "USA decides on N but does not receive it"),
    ("msel:\n  - {at: A, retime: {inject: B, at: soon}}\n", "2:5", "not a duration"),
    ("msel:\n  - {at: A, redirect: {inject: NOPE, to: [JPN]}}\n", "2:5", "no inject 'NOPE'"),
    ("msel:\n  - {at: A, retime: {inject: B, at: 3}, recall: {inject: A}}\n", "2:5", "one of write, retime"),
    ("decisions:\n  N: {JPN: a}\n", "2:3", "no inject 'N'"),
])
def test_mistakes_are_named_at_their_line_and_nothing_runs(scenario, text, where, message):
    with pytest.raises(ScriptError) as info:
        parse_script(text, scenario, "bad.yaml")
    shown = str(info.value)
    assert message in shown, shown
    line = where.split(":")[0]
    assert f"bad.yaml:{line}:" in shown, shown


def test_a_decision_on_an_inject_the_script_writes_is_checked_against_its_options(scenario):
    text = TALKING.replace("LIVE-FERRY: {KOR: busan}", "LIVE-FERRY: {KOR: osaka}")
    with pytest.raises(ScriptError, match="LIVE-FERRY has no option 'osaka'"):
        parse_script(text, scenario, "t.yaml")


def test_expect_may_name_a_correction_the_script_makes(scenario):
    script = parse_script(TALKING, scenario, "t.yaml")
    assert [i for i, _ in script.expect_released] == ["LIVE-FERRY", "A-C1", "K"]


def test_statements_in_a_script(tmp_path):
    from ttx.scenario.model import Scenario

    scenario = Scenario.model_validate({"ttx": 1, "id": "p", "title": "P", "cells": [{"id": "USA"}],
                                        "moves": [{"id": "M1", "injects": [{"id": "P", "at": 1, "title": "P",
                                                   "decision": {"prompt": "Line?", "response": "text"}}]}]})
    with pytest.raises(ScriptError, match="P asks for a written statement"):
        parse_script("decisions:\n  P: {USA: {rationale: r}}\n", scenario, "s.yaml")
    script = parse_script("decisions:\n  P: {USA: {statement: We stand firm.}}\n", scenario, "s.yaml")
    result = rehearse(scenario, script, path=tmp_path / "s.ttx")
    with Session.open(result.path, readonly=True) as session:
        assert session.state.decisions["P"]["USA"].statement == "We stand firm."


def test_ttx_rehearse_runs_a_talking_script_and_never_changes_the_scenario(scenario, tmp_path, monkeypatch):
    (tmp_path / "scenarios").mkdir()
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    path = tmp_path / "scenarios" / "demo.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    before = path.read_bytes()
    (tmp_path / "talk.yaml").write_text(TALKING)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["rehearse", "demo", "--script", "talk.yaml", "--session", "t.ttx"])
    assert result.exit_code == 0, result.output
    assert "rehearsal talk of demo: ok" in result.output
    assert path.read_bytes() == before
    log = CliRunner().invoke(main, ["log", "t.ttx"])
    assert "rfi_answered" in log.output and "inject_written" in log.output and "message_sent" in log.output
    (tmp_path / "bad.yaml").write_text(TALKING.replace("cell: USA\n    text: Can", "cell: CHN\n    text: Can"))
    bad = CliRunner().invoke(main, ["rehearse", "demo", "--script", "bad.yaml"])
    assert bad.exit_code == 2
    assert "bad.yaml:15:11: no player cell 'CHN'" in bad.output
