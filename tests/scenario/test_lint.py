from __future__ import annotations

from tests.scenario.conftest import VALID


def warnings(result):
    assert result.errors == []
    return [(p.line, p.message) for p in result.warnings]


def test_valid_scenario_has_no_warnings(ws):
    assert warnings(ws.check(VALID)) == []


def test_when_testing_a_later_decision(ws):
    text = VALID.replace("at: 5\n", "at: 25\n")  # M1-01 now falls due after M1-02 (at 20)
    found = warnings(ws.check(text))
    assert any(line == 40 and "never taken in time" in msg for line, msg in found)


def test_objective_exercised_by_no_inject(ws):
    text = VALID.replace("        objectives: [OBJ-1]\n", "")
    found = warnings(ws.check(text))
    assert (5, "objective 'OBJ-1' is exercised by no inject") in found


def test_player_cell_receiving_nothing_in_a_move(ws):
    text = VALID.replace("to: [USA, JPN, KOR]", "to: [USA, JPN]") + "        to: [USA]\n"
    found = warnings(ws.check(text))
    assert (19, "player cell KOR receives no inject in move 'M1'") in found


def test_inject_past_planned_minutes(ws):
    found = warnings(ws.check(VALID.replace('at: "0:20"', "at: 45")))
    assert any(line == 38 and "after its move's planned_minutes (30)" in msg for line, msg in found)


def test_contingency_without_purpose(ws):
    text = VALID + "        contingency: true\n"
    found = warnings(ws.check(text))
    assert any(line == 41 and "nothing says what it steers play back to" in msg for line, msg in found)
