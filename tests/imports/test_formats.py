"""`ttx import` of each outside format, with samples written for these tests in
the formats of T3SF (JSON and XLSX), OpenAEV (JSON and .zip) and CMU SEI
Blueprint's three MSEL templates (as CSV sheets)."""

from __future__ import annotations

import json
import zipfile
from datetime import datetime, time

import openpyxl
import pytest

from tests.imports.conftest import SAMPLES, imported


def _t3sf_xlsx(path, *, sheets=("main",)):
    """The T3SF sample as the workbook its authors edit: Real Time as Excel time cells."""
    rows = json.loads((SAMPLES / "t3sf-harbor.json").read_text())
    book = openpyxl.Workbook()
    for n, name in enumerate(sheets):
        ws = book.active if n == 0 else book.create_sheet()
        ws.title = name
        ws.append(list(rows[0]))
        for row in rows:
            values = list(row.values())
            clock = datetime.strptime(row["Real Time"], "%I:%M %p")
            values[1] = time(clock.hour, clock.minute)
            ws.append([v if v != "" else None for v in values])
    book.save(path)


def test_t3sf_json(workspace):
    s, err = imported(workspace, SAMPLES / "t3sf-harbor.json", "t3sf-json")
    injects = s.moves[0].injects
    assert [(i.id, i.at) for i in injects] == [("M1-01", 0), ("M1-02", 8), ("M1-04", 20)]
    # team names become cells, their names kept; the ransom note to two teams is one inject
    assert {c.id: c.name for c in s.cells} == {"INFORMATION-SECURITY": "Information Security",
                                                "PORT-OPERATIONS": "Port Operations", "PR-COMM": "PR/Comm"}
    assert injects[1].to == ("INFORMATION-SECURITY", "PR-COMM")
    assert 't3sf-harbor.json:[1]."Player": warning: entries [1], [2] are one message to 2 recipients' in err
    # clock times are said to be read as such; the weekday times are in-world offsets
    assert "t3sf-harbor.json:[0].\"Real Time\": warning: 'Real Time' holds clock times" in err
    assert [i.situation_time for i in injects] == [0, 25, 50]  # Tuesday 11:40 PM, Wednesday 12:05 AM, 12:30 AM
    # the poll is a decision whose options are the poll's
    decision = injects[2].decision
    assert decision.prompt == "Harbour master asks for a decision" and decision.discussion_only
    assert "no condition tests the decisions of M1-04: marked discussion_only" in err
    assert [(o.id, o.text) for o in decision.options] == [("stop-loading-now", "Stop loading now"),
                                                          ("keep-loading-by-hand", "Keep loading by hand")]
    # columns no field reads are named and kept for the controller
    for column in ("Photo", "Picture Name", "Profile"):
        assert f"column '{column}' is read by no ttx field" in err
    assert "Profile: https://example.org/hm.png" in injects[2].facilitator_notes
    assert "Picture Name: noc.png" in injects[0].facilitator_notes and not injects[0].expected_actions
    # a single line break stays one on the player's screen
    assert injects[0].body == "Telemetry from cranes 4 to 9 stopped at 23:38.\\\nThe vendor portal is unreachable.\n"


def test_t3sf_xlsx_gives_what_its_json_gives(workspace, tmp_path):
    _t3sf_xlsx(tmp_path / "MSEL.xlsx")
    from_json, _ = imported(workspace, SAMPLES / "t3sf-harbor.json", "t3sf-j")
    from_xlsx, err = imported(workspace, tmp_path / "MSEL.xlsx", "t3sf-x")
    assert "MSEL.xlsx:main:2:2: warning: 'Real Time' holds clock times" in err
    assert [i.model_dump() for i in from_xlsx.moves[0].injects] == [i.model_dump() for i in from_json.moves[0].injects]
    assert from_xlsx.cells == from_json.cells


def test_xlsx_sheet_is_chosen_by_name(workspace, tmp_path):
    _t3sf_xlsx(tmp_path / "two.xlsx", sheets=("notes", "msel"))
    s, err = imported(workspace, tmp_path / "two.xlsx", "two-sheets", "--sheet", "msel")
    assert len(s.moves[0].injects) == 3 and "two.xlsx:msel:" in err
    from tests.cli.test_scenario_commands import ttx
    done = ttx("import", str(tmp_path / "two.xlsx"), "--id", "nope", "--sheet", "Sheet9", cwd=workspace)
    assert done.returncode == 2 and "no sheet named 'Sheet9'; its sheets are: notes, msel" in done.stderr


@pytest.mark.parametrize("packed", [False, True], ids=["json", "zip"])
def test_openaev_export(workspace, tmp_path, packed):
    source = SAMPLES / "openaev-harbor.json"
    if packed:
        source = tmp_path / "scenario-harbour.zip"
        with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(SAMPLES / "openaev-harbor.json", "Harbour cranes held to ransom.json")
    s, err = imported(workspace, source, "openaev-zip" if packed else "openaev-json")
    assert s.title == "Harbour cranes held to ransom"
    assert s.summary.startswith("A port operator's crane fleet is locked by ransomware.\\\nThe exercise tests:\n- ")
    assert {c.id: c.name for c in s.cells} == {"COMMUNICATIONS": "Communications", "PORT-OPERATIONS": "Port Operations"}
    assert [(o.id, o.text) for o in s.objectives] == [("OBJ-1", "Escalation: Escalate to the port authority within "
                                                                "30 minutes.")]
    first, press, spare = s.moves[0].injects  # in the clock's order, not the export's
    assert [(i.at, i.channel) for i in (first, press, spare)] == [(0, "email"), (20, "email"), (60, "other")]
    assert "1230 s rounded to 20 minutes" in err
    # HTML becomes Markdown; variables are substituted, and what OpenAEV fills per recipient is a TODO
    assert first.body == "All cranes at berths 4–9 stopped at 23:38.\n\n- Vendor portal down\n- Ransom note found\n"
    assert press.title == "Are the cranes at Port of Kessel hacked?"
    assert press.body == ("Hello,\\\nwe hear the cranes at **Port of Kessel** stopped.\n\n"
                          "Comment by TODO(user.firstname)?\n")
    assert "variables substituted: ${port_name} = 'Port of Kessel'" in err
    assert press.to == ("COMMUNICATIONS",) and first.to is None  # all teams: every player cell
    # expectations are expected actions; the dependency and the controller's description are notes
    assert press.expected_actions == ("Holding line: A holding statement within 20 minutes.",)
    assert press.facilitator_notes == ("OpenAEV name: 2 - Press enquiry",
                                       "OpenAEV description: Play the journalist as pushy.",
                                       "OpenAEV dependency: after M1-01 (Execution eq True)")
    assert spare.contingency and "disabled in OpenAEV: imported as a contingency" in err
    assert "challenges are not imported" in err


def test_blueprint_standard_msel(workspace):
    s, err = imported(workspace, SAMPLES / "blueprint-standard.csv", "bp-standard")
    move = s.moves[0]
    assert (move.id, move.title) == ("Phase-1", "Phase 1")
    one, two = move.injects
    assert [(i.id, i.at) for i in move.injects] == [("C-01", 0), ("C-02", 25)]
    assert one.situation_time == datetime(2027, 3, 9, 6, 0)
    assert one.body == "Substation 12 reports a breaker trip.\\\nLoad shed in sector 3.\n"  # Details: shown to players
    assert "Description: Controller view: alarm is real" in one.facilitator_notes  # controller-only there
    assert one.expected_actions == ("Activate the EOC",)
    assert two.to == ("EMERGENCY-MANAGEMENT", "PUBLIC-HEALTH") and two.from_ == "County Health"
    for column in ("Group", "Assigned To", "Status", "Description"):
        assert f"column '{column}' is read by no ttx field" in err


def test_blueprint_mitre_msel(workspace):
    s, err = imported(workspace, SAMPLES / "blueprint-mitre.csv", "bp-mitre")
    one, two = s.moves[0].injects
    assert [(i.id, i.at, i.channel) for i in (one, two)] == [("M-1", 0, "email"), ("M-2", 35, "call")]
    assert two.to == ("SOC", "IT")
    assert "Measure of Performance: Ticket within 15 minutes" in one.facilitator_notes
    assert one.facilitator_notes[0] == "Watch for escalation"  # MITRE's Notes are facilitator notes
    assert "'Local Time' holds clock times" in err


def test_blueprint_hseep_msel(workspace):
    s, err = imported(workspace, SAMPLES / "blueprint-hseep.csv", "bp-hseep")
    one, three = s.moves[0].injects
    # no Subject column: the title is the message's first sentence, the body the whole message
    assert one.title == "The river gauge at Millbrook reads 6.1 m and is rising."
    assert one.body.startswith("The river gauge at Millbrook reads 6.1 m and is rising. Crest expected")
    assert "no Subject column: each title is the first sentence of 'Message'" in err
    # the Expected Action row belongs to the inject above it; a Contingency Inject is a contingency
    assert "County EOC issues an evacuation advisory for zone A." in one.expected_actions
    assert three.contingency and (three.at, three.situation_time) == (45, datetime(2027, 6, 1, 10, 45))
    assert three.facilitator_notes == ("Use only if no advisory by 10:40",)
    assert [(o.id, o.text) for o in s.objectives] == [("OBJ-1", "Evaluate the county's ability to issue timely "
                                                                "warnings")]
    assert one.objectives == three.objectives == ("OBJ-1",)


def test_validate_strict_names_the_drafts_todos(workspace):
    from tests.cli.test_scenario_commands import ttx

    imported(workspace, SAMPLES / "openaev-harbor.json", "todo-draft")
    done = ttx("validate", "--strict", "todo-draft", cwd=workspace)
    assert done.returncode == 2
    for where in ("todo-draft.yaml:24:14: warning: TODO left where players or the report will see it: "
                  "'TODO: the situation update read to all players.'",
                  "TODO left where players or the report will see it: 'Comment by TODO(user.firstname)?'"):
        assert where in done.stderr, done.stderr
