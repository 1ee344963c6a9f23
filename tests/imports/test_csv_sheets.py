"""`ttx import` of CSV sheets (and its old name `import-msel`): a spreadsheet MSEL
becomes a draft scenario that validates; its mistakes print as sheet:line:col
and nothing is written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_scenario_commands import ttx
from ttx.imports import SheetError, read
from ttx.imports.draft import plain_to_markdown
from ttx.scenario.load import check_scenario
from ttx.scenario.msel import condition_text

ROOT = Path(__file__).resolve().parents[2]


def from_csv(text: str, *, path: str, scenario_id: str, title: str) -> tuple[str, list]:
    draft, warnings = read(text.encode("utf-8"), path)
    return draft.to_yaml(scenario_id, title, path), warnings


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ws") / "exercise"
    assert ttx("init", str(target)).returncode == 0
    return target


@pytest.mark.parametrize("scenario", ["dprk-missile-warning", "taiwan-evacuation"])
def test_what_ttx_msel_writes_comes_back_inject_for_inject(workspace, scenario):
    sheet = workspace / f"{scenario}.csv"
    sheet.write_text(ttx("msel", scenario, cwd=workspace).stdout, encoding="utf-8")
    done = ttx("import-msel", str(sheet), "--id", f"{scenario}-copy", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "TODO(s), then: ttx validate --strict" in done.stdout
    original = check_scenario(workspace / "scenarios" / f"{scenario}.yaml", workspace / "injects").scenario
    copy = check_scenario(workspace / "scenarios" / f"{scenario}-copy.yaml", workspace / "injects").scenario
    assert copy is not None and original is not None
    assert [m.id for m in copy.moves] == [m.id for m in original.moves]
    for move in original.moves:
        twin = copy.move_by_id[move.id]
        assert [i.id for i in twin.injects] == [i.id for i in move.schedule]
        for inj in move.injects:
            got = copy.inject_by_id[inj.id]
            assert (got.at, got.title, got.from_, got.channel, got.body.strip(), got.expected_actions,
                    got.objectives, got.contingency, got.trigger, got.facilitator_notes) == (
                inj.at, inj.title, inj.from_, inj.channel, inj.body.strip(), inj.expected_actions,
                inj.objectives, inj.contingency, inj.trigger,
                inj.facilitator_notes + ((f"Condition: {condition_text(inj.when)}",) if inj.when else ()))
            # ttx msel writes no decision options, so a condition comes back as a note (said), not a `when`
            assert got.when is None
            assert copy.recipients(got) == original.recipients(inj)
            assert copy.releasability(got) == original.releasability(inj)
            assert copy.situation_time(twin, got) == original.situation_time(move, inj)
            assert (got.decision.prompt if got.decision else None) == (inj.decision.prompt if inj.decision else None)


def test_a_common_mel_sheet_with_personas_and_teams(workspace):
    sheet = workspace / "mel.csv"
    sheet.write_text(
        "Number,Time,From,Faction,To,Team,Method,Subject,Message,Expected Action\n"
        '1,00:05:00,KCNA,DPRK,Duty officer,KOR,Phone,Launch claimed,"KCNA claims a satellite launch.",Confirm with JCS\n'
        "2,0:12,Pentagon,US,Press desk,USA JPN,Carrier pigeon,Statement due,,Draft a line; Clear it with Tokyo\n",
        encoding="utf-8",
    )
    done = ttx("import-msel", str(sheet), "--id", "mel-draft", "--title", "From a MEL", cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "mel.csv:3:7: warning: method 'Carrier pigeon' is not a ttx channel; imported as other" in done.stderr
    s = check_scenario(workspace / "scenarios" / "mel-draft.yaml", workspace / "injects").scenario
    first, second = s.moves[0].injects
    assert (first.at, first.to, first.channel, first.body) == (5, ("KOR",), "call",
                                                              "**For:** Duty officer\n\nKCNA claims a satellite launch.\n")
    assert (second.at, second.to, second.channel) == (12, ("USA", "JPN"), "other")
    # the sender's faction is no ttx field: named once, kept for the controller
    assert "mel.csv:1:4: warning: column 'Faction' is read by no ttx field" in done.stderr
    assert second.expected_actions == ("Draft a line", "Clear it with Tokyo")
    assert second.facilitator_notes == ("Faction: US",)
    assert s.title == "From a MEL" and [c.id for c in s.cells] == ["USA", "JPN", "KOR"]
    assert [c.name for c in s.cells] == ["United States", "Japan", "Republic of Korea"]


def test_mistakes_in_the_sheet_are_located_and_nothing_is_written(workspace):
    sheet = workspace / "bad.csv"
    sheet.write_text(
        "Move,Time,To,Subject,Inject ID,Objectives\n"
        "M1,soon,USA,A,X-1\n"
        "M1,+0:10,Japan,B,X-1\n"
        "M1,0:20,USA,,X-3\n"
        "M1,0:30,USA,D,X-4,#1\n",
        encoding="utf-8",
    )
    done = ttx("import-msel", str(sheet), "--id", "bad-draft", cwd=workspace)
    assert done.returncode == 2
    for where in ("bad.csv:2:2: 'soon' is not a time", "bad.csv:3:5: inject id 'X-1' is used twice",
                  "bad.csv:4:4: an inject needs a subject"):
        assert where in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "nothing was written" in done.stderr
    assert not (workspace / "scenarios" / "bad-draft.yaml").exists()
    assert ttx("import-msel", str(sheet), "--id", "bad-draft", cwd=workspace).returncode == 2  # the old name


@pytest.mark.parametrize("content, message", [
    (b"", "the sheet is empty"),
    (b"Number,From,To\n1,A,USA\n", "no column for Time"),
    (b"Time,Subject\n19:00,A\n5,B\n", "is not a clock time like the rest"),
    (b"Time,Subject\n", "no injects"),
    (b"Time,Subject\n0:05,Caf\xe9\n", "not UTF-8 text"),
    (b"Time,Subject\n0:05,\"" + b"x" * 200_000 + b"\"\n", "not a readable CSV sheet"),
], ids=["empty", "no-time-column", "mixed-clock", "no-rows", "latin-1", "huge-field"])
def test_a_sheet_that_cannot_be_read_says_why(workspace, content, message):
    sheet = workspace / "odd.csv"
    sheet.write_bytes(content)
    done = ttx("import-msel", str(sheet), "--id", "odd-draft", cwd=workspace)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_it_never_overwrites_by_accident(workspace):
    sheet = workspace / "one.csv"
    sheet.write_text("Time,Subject\n0:05,Hello\n", encoding="utf-8")
    existing = workspace / "scenarios" / "cyber-space.yaml"
    before = existing.read_bytes()
    done = ttx("import-msel", str(sheet), "--id", "cyber-space", cwd=workspace)
    assert done.returncode == 2 and "exists; --force replaces it" in done.stderr
    assert existing.read_bytes() == before
    assert ttx("import-msel", str(sheet), "--id", "Not An Id", cwd=workspace).returncode == 2


CELL = st.sampled_from(["USA", "JPN", "KOR", "WHITE", "all", ""])
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
    # what YAML would read as something else were it written bare
    st.sampled_from(["yes", "No", "on", "~", "null", "1:30", "0x1F", "- x", "#x", "*a", "&a", "!x", "@x",
                     "%x", "'q'", '"q"', "{a: b}", "[a]", "a: b", "2027-09-14", "line\n  indented\n"]),
)
FIELDS = ["Move", "Time", "To", "Method", "Subject", "Message", "Expected Action", "Contingency", "Objectives"]
ROW = st.fixed_dictionaries({
    "Move": st.sampled_from(["M1", "M2", "Move 3", ""]),
    "Time": st.one_of(st.integers(0, 12_000).map(str),
                      st.integers(0, 12_000).map(lambda m: f"+{m // 60}:{m % 60:02d}")),
    "To": st.lists(CELL, max_size=3).map(", ".join),
    "Method": st.sampled_from(["news", "Phone", "fax", ""]),
    "Subject": TEXT.filter(lambda t: t.strip()),
    "Message": TEXT,
    "Expected Action": TEXT,
    "Contingency": st.sampled_from(["yes", "", "no"]),
    "Objectives": st.lists(st.sampled_from(["OBJ-1", "OBJ-2", "obj.3"]), max_size=3).map(", ".join),
})


@given(st.lists(ROW, min_size=1, max_size=12))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_well_formed_sheet_gives_a_draft_that_validates(tmp_path_factory, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    # a subject of its own for each row: rows alike but for their recipients are one inject (tested apart)
    rows = [{**r, "Subject": f"{r['Subject']} #{n}"} for n, r in enumerate(rows)]
    writer.writerows(rows)
    try:
        draft, _ = from_csv(out.getvalue(), path="sheet.csv", scenario_id="prop", title="Property")
    except SheetError as exc:  # only a time past a week may be refused
        errors = [p for p in exc.problems if p.severity == "error"]
        assert errors and all("more than a week" in p.message for p in errors), exc.problems
        return
    folder = tmp_path_factory.mktemp("draft")
    (folder / "prop.yaml").write_text(draft, encoding="utf-8")
    result = check_scenario(folder / "prop.yaml")
    assert result.scenario is not None, [str(p) for p in result.problems]
    assert len(result.scenario.inject_by_id) == len(rows)
    # every subject and message comes back to the letter, move by move in sheet order
    by_move: dict[str, list[dict]] = {}
    for row in rows:
        by_move.setdefault(row["Move"].strip() or "M1", []).append(row)
    got = [(i.title, i.body.strip()) for m in result.scenario.moves for i in m.injects]
    assert got == [(" ".join(r["Subject"].split()), plain_to_markdown(r["Message"]).strip())
                   for group in by_move.values() for r in group]
