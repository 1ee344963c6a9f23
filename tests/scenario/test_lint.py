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


# ---- steering: decisions that change what follows; contingencies that say when

def test_a_decision_no_when_tests_is_named(ws):
    text = VALID.replace("        when: {decision: M1-01, cell: JPN, chose: [hold]}\n", "")
    found = warnings(ws.check(text))
    assert any(line == 30 and "no `when` tests the decision on 'M1-01'" in msg and "discussion_only" in msg
               for line, msg in found)


def test_discussion_only_says_it_is_meant(ws):
    text = VALID.replace("        when: {decision: M1-01, cell: JPN, chose: [hold]}\n", "").replace(
        "          prompt: Share now?\n", "          prompt: Share now?\n          discussion_only: true\n")
    assert warnings(ws.check(text)) == []


def test_discussion_only_yet_tested(ws):
    text = VALID.replace("          prompt: Share now?\n", "          prompt: Share now?\n          discussion_only: true\n")
    found = warnings(ws.check(text))
    assert any(line == 31 and "marked discussion_only, but a `when` tests it" in msg for line, msg in found)


def test_a_contingency_needs_a_trigger_or_a_when(ws):
    extra = ("      - id: M1-03\n        at: 25\n        title: Rumour\n        contingency: true\n"
             "        expected_actions: [Cells check the rumour]\n")
    found = warnings(ws.check(VALID + extra))
    assert any(line == 44 and "contingency inject 'M1-03' has no `trigger:` and no `when:`" in msg
               for line, msg in found)
    assert warnings(ws.check(VALID + extra + "        trigger: Use if nobody asks about a second launch.\n")) == []
    # a conditional contingency says when by its condition
    assert warnings(ws.check(VALID + "        contingency: true\n        expected_actions: [x]\n")) == []


# ---- the agenda: the timing plan of the whole event

AGENDA = """\
agenda:
  - {title: Opening brief, minutes: 15}
  - {move: M1}
  - {title: Hot wash, minutes: "0:20"}
"""


def test_an_agenda_counts_the_whole_event(ws):
    result = ws.check(VALID + AGENDA)
    assert warnings(result) == []
    assert result.scenario.event_minutes == 15 + 30 + 20


def test_an_agenda_that_misses_a_move_or_repeats_one(ws):
    second = "  - id: M2\n    planned_minutes: 10\n    injects:\n      - {id: M2-01, at: 1, title: Later}\n"
    found = warnings(ws.check(VALID + second + AGENDA))
    assert (46, "the agenda does not plan move 'M2'") in found
    twice = AGENDA + "  - {move: M1}\n"
    found = warnings(ws.check(VALID + twice))
    assert any(line == 45 and "plans move 'M1' twice" in msg for line, msg in found)
    reversed_ = AGENDA.replace("  - {move: M1}\n", "  - {move: M2}\n  - {move: M1}\n")
    found = warnings(ws.check(VALID + second + reversed_))
    assert (46, "the agenda lists the moves out of the order they are played: M1, M2") in found


def test_agenda_items_that_cannot_be_counted_are_errors(ws):
    bad = AGENDA + "  - {move: M11}\n  - {title: Lunch}\n  - {move: M1, minutes: 5}\n"
    result = ws.check(VALID + bad)
    assert result.scenario is None
    found = [(p.line, p.message) for p in result.errors]
    assert (45, "unknown move 'M11' (did you mean 'M1'?)") in found
    assert (46, "agenda: an agenda item needs a `move:`, or a `title:` with `minutes:`") in found
    assert any(line == 47 and "either a `move:`" in msg for line, msg in found)


def test_todo_left_where_players_or_the_report_see_it(ws):
    """An imported draft's TODOs (summary, situations, objectives, TODO(…) in a body) are named
    by `validate --strict` until written, instead of reaching the consoles and the AAR."""
    found = warnings(ws.check(VALID.replace("title: Demo exercise", "title: Demo exercise (TODO name it)")))
    assert (3, "TODO left where players or the report will see it: 'Demo exercise (TODO name it)'") in found
    found = warnings(ws.check(VALID.replace("title: Launch detected", "title: Dear TODO(user.firstname)")))
    assert (25, "TODO left where players or the report will see it: 'Dear TODO(user.firstname)'") in found
    assert warnings(ws.check(VALID.replace("title: Launch detected", "title: Todo list"))) == []
