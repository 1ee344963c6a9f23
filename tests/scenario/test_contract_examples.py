"""Every example of the format contract (scenario-format.md) loads."""

from pathlib import Path

from ttx.scenario.load import check_scenario

HERE = Path(__file__).parent / "contract"


def test_contract_scenario_example_loads_with_the_library(tmp_path):
    (tmp_path / "injects").mkdir()
    (tmp_path / "injects" / "lib.yaml").write_text((HERE / "library.yaml").read_text())
    result = check_scenario(HERE / "scenario.yaml", tmp_path / "injects")
    assert result.errors == []
    s = result.scenario
    assert s.id == "taiwan-evacuation" and [m.id for m in s.moves] == ["M1"]
    used = s.inject_by_id["nk-icbm-impact-eez"]
    assert used.at == 20 and used.contingency is False and used.when is not None
    first = s.inject_by_id["M1-01"]
    assert first.situation_time == 7 and first.decision.time_limit == 10
    assert s.releasability(first) == "REL TO USA, JPN, KOR"
    assert s.deciding_cells(first) == ("USA", "JPN")
    assert [n for n, _ in s.objectives[0].critical_tasks()] == ["1.1", "1.2"]
    assert s.exercise is not None and s.exercise.sponsor == "Trilateral Secretariat"


SCENARIO_FOR_THE_SCRIPT = """\
ttx: 1
id: contract-rehearsal
title: The scenario the contract's rehearsal example is written against
objectives:
  - {id: OBJ-1, text: Share warning data within 10 minutes.}
cells:
  - {id: USA, name: United States}
  - {id: JPN, name: Japan}
  - {id: KOR, name: Republic of Korea}
moves:
  - id: M1
    planned_minutes: 30
    injects:
      - id: M1-01
        at: 5
        title: Launch detected
        objectives: [OBJ-1]
        decision:
          prompt: Share the track now?
          cells: [USA, JPN]
          options: [{id: share, text: Share}, {id: hold, text: Hold}]
      - {id: M1-09, at: 20, title: Steer back, contingency: true, objectives: [OBJ-1]}
  - id: M2
    planned_minutes: 30
    injects:
      - {id: M2-03, at: 2, title: JPN held, when: {decision: M1-01, cell: JPN, chose: [hold]}}
      - id: M2-04
        at: 5
        title: Evacuate?
        decision:
          prompt: Evacuate now?
          options: [{id: evacuate, text: Evacuate}, {id: wait, text: Wait}]
      - {id: M2-05, at: 8, title: USA held, when: {decision: M1-01, cell: USA, chose: [hold]}}
      - id: M2-06
        at: 10
        title: Protest?
        to: [KOR]
        decision:
          prompt: Protest publicly?
          options: [{id: protest, text: Protest}, {id: quiet, text: Quiet diplomacy}]
"""


def test_contract_rehearsal_example_runs_and_its_expect_holds(tmp_path):
    from ttx.engine.rehearse import rehearse
    from ttx.scenario.script import load_script
    from ttx.engine.session import Session

    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO_FOR_THE_SCRIPT)
    result = check_scenario(path)
    assert result.errors == []
    script = load_script(HERE / "rehearsal.yaml", result.scenario)
    run = rehearse(result.scenario, script, path=tmp_path / "r.ttx")
    assert run.ok, run.failures
    assert "M1-09" in run.released and run.not_triggered == ["M2-05"]
    session = Session.open(run.path, readonly=True)
    state = session.state
    session.close()
    assert state.decisions["M2-04"].keys() == {"USA", "JPN", "KOR"}
    assert state.decisions["M2-06"]["KOR"].rationale == "Seoul wants a public line first."
    assert [(n.rating, n.kind) for n in state.notes] == [("S", "improvement")]
    # the room talks back: a request answered later to two cells, a message, control's log
    (request,) = state.traffic.requests.values()
    assert (request.cell, request.status, request.reply.to) == ("JPN", "answered", ("JPN", "KOR"))
    assert request.reply.clock > request.clock
    assert [(m.sender, m.to, m.inject) for m in state.traffic.messages] == [("USA", ("JPN", "KOR"), "M1-01")]
    assert [e.speaker for e in state.traffic.log] == ["JPN head of delegation"]
    # live control of the MSEL: written, retimed, redirected, corrected, recalled
    assert state.inject_by_id["M2-05"].at == 9 and state.released_to["M2-06"] == ("KOR", "JPN")
    assert state.msel.corrects == {"M2-04-C1": "M2-04"} and "M2-03" in state.msel.recalled
    assert run.skipped_notes == []
