"""How `ttx import` reads times and recipients, and that it says so: each reading
checked on a small sheet through ttx.imports.read (bytes in, draft out)."""

from __future__ import annotations

import pytest

from ttx.imports import SheetError, read


def _sheet(text: str, **options):
    draft, warnings = read(text.encode("utf-8"), "s.csv", **options)
    injects = [i for m in draft.moves for i in m.injects]
    return draft, injects, [str(w) for w in warnings]


@pytest.mark.parametrize("times, expected", [
    (["19:29", "19:41", "20:05"], [0, 12, 36]),  # clock times: minutes after the first
    (["07:29 PM", "07:30 PM", "08:00 PM"], [0, 1, 31]),
    (["0900", "0915", "1000"], [0, 15, 60]),  # military time, not 900 minutes
    (["23:50", "00:10"], [0, 20]),  # past midnight
    (["2027-09-14 07:00", "2027-09-14 09:30 +0900"], [0, 150]),
    (["T+5", "T+1:30", "+2:00"], [5, 90, 120]),
    (["0:05", "0:12", "1:10"], [5, 12, 70]),  # a bare H:MM from 0:00 counts into the move
    (["5", "12", "90"], [5, 12, 90]),
])
def test_times(times, expected):
    rows = "".join(f"{t},Inject {n}\n" for n, t in enumerate(times))
    _, injects, _ = _sheet("Time,Subject\n" + rows)
    assert [i["at"] for i in injects] == expected


def test_a_clock_reading_is_said_and_start_moves_it():
    _, injects, warnings = _sheet("Time,Subject\n19:29,A\n19:41,B\n")
    assert any("s.csv:2:1: warning: 'Time' holds clock times (the first is not 0:MM and none passes 24:00"
               in w for w in warnings), warnings
    _, injects, warnings = _sheet("Time,Subject\n19:29,A\n19:41,B\n", start="19:00")
    assert [i["at"] for i in injects] == [29, 41]
    with pytest.raises(SheetError, match="problem"):
        _sheet("Time,Subject\n19:29,A\n", start="20:00")  # before --start


def test_seconds_and_minutes_headers():
    _, injects, warnings = _sheet("Delay (s),Subject\n720,A\n1230,B\n")
    assert [i["at"] for i in injects] == [12, 20] and any("20.5 minutes rounded to 20" in w for w in warnings)
    _, injects, _ = _sheet("T+min,Subject\n5,A\n90,B\n")
    assert [i["at"] for i in injects] == [5, 90]


def test_each_move_counts_from_its_own_first_inject():
    _, injects, _ = _sheet("Move,Time,Subject\nM1,09:00,A\nM1,09:20,B\nM2,13:00,C\nM2,13:15,D\n")
    assert [i["at"] for i in injects] == [0, 20, 0, 15]


def test_recipients_from_team_names():
    draft, injects, _ = _sheet("Time,Team,Subject\n0,Information Security,A\n1,\"PR/Comm, SRE\",B\n2,USA JPN,C\n")
    assert [i["to"] for i in injects] == [["INFORMATION-SECURITY"], ["PR-COMM", "SRE"], ["USA", "JPN"]]
    assert draft.cells["INFORMATION-SECURITY"]["name"] == "Information Security"
    assert draft.cells["PR-COMM"]["name"] == "PR/Comm"


def test_rok_is_kor_only_beside_the_builtin_three():
    draft, injects, warnings = _sheet("Time,To,Subject\n0,\"ROK, Japan\",A\n1,US,B\n")
    assert [i["to"] for i in injects] == [["KOR", "JPN"], ["USA"]]
    assert set(draft.cells) == {"USA", "JPN", "KOR"} and any("ROK read as KOR" in w for w in warnings)
    draft, injects, _ = _sheet("Time,To,Subject\n0,ROK,A\n1,Information Security,B\n")
    assert set(draft.cells) == {"ROK", "INFORMATION-SECURITY"}  # a company's sheet keeps its own names


def test_no_recipients_column_invents_no_national_cells():
    draft, _, warnings = _sheet("Time,Subject\n0,A\n")
    assert draft.cells == {"PLAYERS": {"name": "Players", "kind": None}}
    assert any("no column names the recipients" in w for w in warnings)


def test_to_all_is_said():
    _, injects, warnings = _sheet("Time,To,Subject\n0,All,A\n1,USA,B\n")
    assert "to" not in injects[0] and any("'All' read as every player cell" in w for w in warnings)


def test_poll_and_options_become_decision_options():
    _, injects, _ = _sheet("Time,Subject,Decision Prompt,Options\n0,Ransom,Pay?,Pay the ransom | Don't pay it\n"
                           "1,Share,,\"share: Share now\nhold: Hold\"\n")
    assert injects[0]["decision"] == {"prompt": "Pay?", "options": [
        {"id": "pay-the-ransom", "text": "Pay the ransom"}, {"id": "dont-pay-it", "text": "Don't pay it"}],
        "discussion_only": True}  # nothing in the sheet tests it
    assert injects[1]["decision"]["options"] == [{"id": "share", "text": "Share now"}, {"id": "hold", "text": "Hold"}]


def test_a_subject_missing_in_one_row_comes_from_its_body():
    _, injects, warnings = _sheet("Time,Subject,Message\n0,,The grid fails. Call the mayor.\n")
    assert injects[0]["title"] == "The grid fails."
    assert any("s.csv:2:2: warning: no subject: the title is the body's first sentence" in w for w in warnings)


def test_unnamed_columns_with_values_are_kept():
    _, injects, warnings = _sheet("Time,Subject,\n0,A,remember the map\n")
    assert "column C: remember the map" in injects[0]["facilitator_notes"]
    assert any("column 'column C' is read by no ttx field" in w for w in warnings)


def test_trailing_spaces_leave_a_body_a_literal_block():
    draft, _, _ = _sheet('Time,Subject,Message\n0,A,"Hello, \nWorld  \nagain"\n')
    text = draft.to_yaml("d", "D", "s.csv")
    assert "body: |\n      Hello,\\\n      World\\\n      again\n" in text  # Markdown hard breaks, no quoted string


def test_every_builtin_condition_reads_back_from_its_msel_text():
    """The Condition column ttx msel writes (msel.condition_text) parses back to the same `when`."""
    from pathlib import Path

    from ttx.imports.conditions import parse
    from ttx.scenario.load import check_scenario
    from ttx.scenario.model import Inject
    from ttx.scenario.msel import condition_text
    from ttx.workspace import Workspace

    root = Path(__file__).resolve().parents[2]
    seen = 0
    for path in Workspace(root).scenario_paths():
        scenario = check_scenario(path, root / "injects").scenario
        for inj in scenario.inject_by_id.values():
            if inj.when is not None:
                back = Inject.model_validate({"id": "x", "at": 0, "title": "t", "when": parse(condition_text(inj.when))})
                assert back.when == inj.when, condition_text(inj.when)
                seen += 1
    assert seen > 20
