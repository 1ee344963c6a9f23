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
