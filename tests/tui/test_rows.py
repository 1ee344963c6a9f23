"""The MSEL rows the console draws, without a terminal."""

from pathlib import Path

from ttx.engine.state import State
from ttx.scenario.load import load_scenario
from ttx.tui import rows

ROOT = Path(__file__).resolve().parents[2]


def test_the_msel_reads_in_the_order_injects_fall_due():
    scenario = load_scenario(ROOT / "scenarios" / "dprk-missile-warning.yaml", ROOT / "injects")
    move = scenario.moves[0]
    assert [i.id for i in move.injects] != [i.id for i in move.schedule]  # the file is not in time order
    ids = [inject_id for inject_id, _ in rows.msel_rows(scenario, State(scenario), move, 0.0)]
    ats = [scenario.inject_by_id[i].at for i in ids]
    assert ats == sorted(ats) and set(ids) == {i.id for i in move.injects}
