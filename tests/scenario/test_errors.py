"""One test per class of mistake: the problem names the right line and column."""

from __future__ import annotations

import time

from tests.scenario.conftest import VALID


def only(result):
    assert result.scenario is None
    return [(p.line, p.col, p.message) for p in result.errors]


def test_valid_scenario_loads(ws):
    result = ws.check(VALID)
    assert result.errors == []
    s = result.scenario
    assert s.inject_by_id["M1-02"].at == 20
    assert s.releasability(s.inject_by_id["M1-01"]) == "REL TO USA, JPN, KOR"
    assert s.deciding_cells(s.inject_by_id["M1-01"]) == ("USA", "JPN")


def test_unknown_key_with_suggestion(ws):
    errors = only(ws.check(VALID.replace("planned_minutes: 30", "planed_minutes: 30")))
    assert errors == [(21, 5, "unknown key 'planed_minutes' (did you mean 'planned_minutes'?)")]


def test_unquoted_boolean_id(ws):
    errors = only(ws.check(VALID.replace("id: hold\n", "id: no\n").replace("chose: [hold]", "chose: [share]")))
    assert len(errors) == 1
    line, col, message = errors[0]
    assert (line, col) == (35, 19)
    assert "boolean" in message and "quote" in message


def test_unknown_cell_reference(ws):
    errors = only(ws.check(VALID.replace("to: [USA, JPN, KOR]", "to: [USA, JPX, KOR]")))
    assert (26, 19) == errors[0][:2]
    assert "unknown cell 'JPX'" in errors[0][2] and "JPN" in errors[0][2]


def test_unknown_objective(ws):
    errors = only(ws.check(VALID.replace("objectives: [OBJ-1]", "objectives: [OBJ-9]")))
    assert errors == [(28, 22, "unknown objective 'OBJ-9' (did you mean 'OBJ-1'?)")]


def test_condition_references(ws):
    errors = only(ws.check(VALID.replace("cell: JPN, chose: [hold]", "cell: KOR, chose: [wait]")))
    assert [e[:2] for e in errors] == [(40, 39), (40, 52)]
    assert "does not decide" in errors[0][2]
    assert "no option 'wait'" in errors[1][2]


def test_condition_unknown_inject(ws):
    errors = only(ws.check(VALID.replace("decision: M1-01, cell", "decision: M9-01, cell")))
    assert errors[0][:2] == (40, 26) and "unknown inject 'M9-01'" in errors[0][2]


def test_decision_cell_must_receive(ws):
    errors = only(ws.check(VALID.replace("to: [USA, JPN, KOR]", "to: [USA, KOR]")))
    assert errors[0][:2] == (31, 24) and "does not receive" in errors[0][2]


def test_duplicate_inject_id(ws):
    errors = only(ws.check(VALID.replace("id: M1-02", "id: M1-01")))
    assert errors == [(37, 13, "duplicate inject id 'M1-01' (first at line 23)")]


def test_duplicate_key(ws):
    errors = only(ws.check(VALID.replace("title: Demo exercise", "title: Demo\ntitle: Again")))
    assert errors[0][:2] == (4, 1) and "duplicate key 'title'" in errors[0][2]


def test_bad_duration(ws):
    errors = only(ws.check(VALID.replace('at: "0:20"', 'at: "twenty"')))
    assert errors[0][:2] == (38, 13) and "not a duration" in errors[0][2]


def test_missing_required_key(ws):
    errors = only(ws.check(VALID.replace("        title: Follow-up\n", "")))
    assert errors[0][:2] == (37, 9) and "missing required key 'title'" in errors[0][2]


def test_unsupported_version(ws):
    errors = only(ws.check(VALID.replace("ttx: 1", "ttx: 2")))
    assert errors[0][:2] == (1, 6) and "unsupported format version 2" in errors[0][2]


def test_all_problems_in_one_run(ws):
    text = VALID.replace("planned_minutes: 30", "planed_minutes: 30").replace(
        "objectives: [OBJ-1]", "objectives: [OBJ-9]").replace("channel: intel", "channel: pigeon")
    errors = only(ws.check(text))
    assert len(errors) == 3


def test_syntax_error(ws):
    errors = only(ws.check(VALID.replace("to: [USA, JPN, KOR]", "to: [USA, JPN, KOR")))
    assert errors[0][0] in (26, 27) and errors[0][2].startswith("YAML syntax")


def test_root_not_mapping(ws):
    errors = only(ws.check("- a\n- b\n"))
    assert errors[0][:2] == (1, 1) and "must be a mapping" in errors[0][2]


def test_empty_file(ws):
    assert only(ws.check("# only a comment\n")) == [(1, 1, "file is empty")]


def test_invalid_utf8(ws):
    path = ws.scenario("")
    path.write_bytes(VALID.encode().replace(b"Demo exercise", b"Demo \xff exercise"))
    from ttx.scenario.load import check_scenario

    errors = only(check_scenario(path, ws.root / "injects"))
    assert errors[0][:2] == (3, 13) and "not UTF-8" in errors[0][2]


def test_alias_bomb_fails_fast(ws):
    lines = ["ttx: 1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]" for i in range(1, 10)]
    start = time.perf_counter()
    errors = only(ws.check("\n".join(lines) + "\n"))
    assert time.perf_counter() - start < 5  # generous guard against a hang; speed is for benchmarks
    assert "alias" in errors[0][2] and len(errors[0][2]) < 200


def test_recursive_alias(ws):
    errors = only(ws.check("ttx: 1\na: &x [*x]\n"))
    assert "recursive alias" in errors[0][2]


def test_oversized_file(ws):
    path = ws.scenario("")
    path.write_bytes(b"ttx: 1\n" + b"# padding padding padding padding padding\n" * 500_000)
    from ttx.scenario.load import check_scenario

    errors = only(check_scenario(path, None))
    assert errors[0][:2] == (1, 1) and "limit" in errors[0][2]


LIB = """\
ttx: 1
injects:
  - id: nk-launch
    title: Launch detected near Sunan
    channel: sensor
    body: Track data.
    objectives: [OBJ-1]
"""


def test_library_use_with_override(ws):
    ws.library(LIB)
    text = VALID + "      - use: nk-launch\n        at: 25\n        to: [JPN]\n"
    result = ws.check(text)
    assert result.errors == []
    inj = result.scenario.inject_by_id["nk-launch"]
    assert (inj.at, inj.to, inj.channel) == (25, ("JPN",), "sensor")
    assert result.scenario.releasability(inj) == "JPN ONLY"


def test_library_twice_with_id_override(ws):
    ws.library(LIB)
    text = VALID + ("      - use: nk-launch\n        at: 25\n"
                    "      - use: nk-launch\n        id: nk-launch-2\n        at: 28\n")
    result = ws.check(text)
    assert result.errors == [] and {"nk-launch", "nk-launch-2"} <= set(result.scenario.inject_by_id)


def test_error_inside_library_inject_names_both_lines(ws):
    ws.library(LIB.replace("channel: sensor", "channel: radar"))
    text = VALID + "      - use: nk-launch\n        at: 25\n"
    errors = only(ws.check(text))
    lib_errors = [p for p in ws.check(text).errors if p.path.startswith("injects")]
    assert any(p.line == 5 and p.col == 14 and "used at scenarios/demo.yaml:41" in p.message for p in lib_errors)
    assert errors


def test_unknown_library_id(ws):
    ws.library(LIB)
    errors = only(ws.check(VALID + "      - use: nk-lunch\n        at: 25\n"))
    assert errors == [(41, 14, "use: no library inject 'nk-lunch' (did you mean 'nk-launch'?)")]


def test_merge_keys_are_read_and_errors_point_into_the_anchor(ws):
    text = VALID.replace("      - id: M1-02\n", "      - &followup\n        id: M1-02\n") + (
        "      - <<: *followup\n        id: M1-03\n        at: 25\n")
    result = ws.check(text)
    assert result.errors == []
    assert result.scenario.inject_by_id["M1-03"].title == "Follow-up"
    bad = text.replace("title: Follow-up", "title: [not, text]")
    lines = {(line, col) for line, col, _ in only(ws.check(bad))}
    assert (40, 16) in lines  # reported once per use, at the anchor where it is written


def test_a_moves_schedule_is_due_order_file_order_on_ties(ws):
    text = VALID.replace('at: "0:20"', "at: 5") + "      - {id: M1-00, at: 1, title: First}\n"
    move = ws.check(text).scenario.moves[0]
    assert [i.id for i in move.injects] == ["M1-01", "M1-02", "M1-00"]
    assert [i.id for i in move.schedule] == ["M1-00", "M1-01", "M1-02"]
