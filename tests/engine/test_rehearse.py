"""`ttx rehearse`, `ttx log`, `ttx sessions` — and the rehearsal semantics of the contract."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
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
from ttx.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = [(p.parent.name, p) for p in sorted((ROOT / "rehearsals").glob("*/*.yaml"))
           if (ROOT / "scenarios" / f"{p.parent.name}.yaml").is_file()]

GOOD = """\
ttx: 1
decisions:
  A: {all: share, JPN: hold}
  E:
    USA: {option: go, rationale: Time to leave.}
release: [X]
notes:
  - at: A
    text: JPN debated the threshold.
    objective: OBJ-1
    rating: S
    kind: improvement
  - at: C
    text: never recorded, C is not triggered
expect:
  released: [B, X, F]
  not_triggered: [C]
"""


@pytest.fixture
def workspace(tmp_path, scenario, monkeypatch) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "rehearsals" / "demo").mkdir(parents=True)
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    (tmp_path / "scenarios" / "demo.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    (tmp_path / "rehearsals" / "demo" / "good.yaml").write_text(GOOD)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("scenario_id,script", BUILTIN, ids=[f"{s}/{p.stem}" for s, p in BUILTIN])
def test_builtin_scenarios_take_the_branch_their_script_asks_for(scenario_id, script, tmp_path):
    loaded = load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml", ROOT / "injects")
    from ttx.scenario.script import load_script

    result = rehearse(loaded, load_script(script, loaded), sessions_dir=tmp_path)
    assert result.ok, result.failures
    assert result.script.expect_released or result.script.expect_not_triggered


def test_rehearsal_follows_the_contract(scenario, tmp_path):
    script = parse_script(GOOD, scenario, "good.yaml")
    start = datetime.fromisoformat("2027-04-12T06:00:00+00:00")
    result = rehearse(scenario, script, path=tmp_path / "r.ttx", start=start)
    assert result.ok, result.failures
    with Session.open(result.path, readonly=True) as s:
        st, events = s.state, s.events
    # `all` gives every deciding cell; a named cell beside it wins
    assert {c: r.option for c, r in st.decisions["A"].items()} == {"USA": "share", "JPN": "hold"}
    # a scripted decision is recorded as soon as its inject is released, before later injects fall due
    seq = {(e.type, e.data.get("inject"), e.data.get("cell")): e.seq for e in events}
    assert seq[(ev.INJECT_RELEASED, "A", None)] < seq[(ev.DECISION_RECORDED, "A", "USA")] \
        < seq[(ev.DECISION_RECORDED, "A", "JPN")] < seq[(ev.INJECT_RELEASED, "B", None)]
    # B and C have the same `at`: file order; C's condition (not hold) is false
    assert seq[(ev.INJECT_RELEASED, "B", None)] < seq[(ev.INJECT_NOT_TRIGGERED, "C", None)]
    assert st.status["X"] is InjectStatus.RELEASED and st.released_clock["X"] == 15 * 60
    # moves start at once and run for the later of planned_minutes and the last `at`
    assert st.move_started_clock == {"M1": 0.0, "M2": 30 * 60.0}
    assert events[-1].type == ev.SESSION_ENDED and events[-1].clock == 50 * 60
    assert events[-1].wall == start.replace(minute=50)  # in a rehearsal, wall is the virtual time
    # the note at A comes right after A's decisions; the one at C (not triggered) is not recorded
    note = next(e for e in events if e.type == ev.NOTE_ADDED)
    assert note.seq == seq[(ev.DECISION_RECORDED, "A", "JPN")] + 1
    assert note.data == {"text": "JPN debated the threshold.", "kind": "improvement", "objective": "OBJ-1",
                         "rating": "S", "cell": None}
    assert result.skipped_notes and "C" in result.skipped_notes[0]
    # F holds through USA's share on A; E was decided only by USA
    assert st.status["F"] is InjectStatus.RELEASED
    assert result.open_decisions == [("K", "KOR"), ("E", "JPN"), ("E", "KOR")]


def test_unlisted_contingency_leaves_no_event(scenario, tmp_path):
    result = rehearse(scenario, parse_script("{}", scenario), sessions_dir=tmp_path)
    with Session.open(result.path, readonly=True) as s:
        assert all(e.data.get("inject") != "X" for e in s.events)
    assert result.ok and result.decisions == 0


def test_script_mistakes_are_reported_with_lines_before_anything_runs(workspace):
    bad = workspace / "bad.yaml"
    bad.write_text("""\
decisions:
  A: {USA: maybe, XXX: share, KOR: share}
  B: {USA: share}
  NOPE: {USA: share}
release: [Y]
notes:
  - at: Q
    text: hi
    rating: Z
expect:
  released: [M9]
colour: red
""")
    result = CliRunner().invoke(main, ["rehearse", "demo", "--script", str(bad)])
    assert result.exit_code == 2
    err = result.output
    for where, what in [(":2:12:", "no option 'maybe'"), (":2:19:", "no cell 'XXX'"),
                        (":2:31:", "KOR does not decide on A"), (":3:3:", "B asks for no decision"),
                        (":4:3:", "no inject 'NOPE'"), (":5:11:", "no inject 'Y'"), (":7:9:", "no inject 'Q'"),
                        (":9:13:", "rating: 'Z' is not one of P, S, M, U"), (":11:14:", "no inject 'M9'"), (":12:1:", "unknown key 'colour'")]:
        assert any(where in line and what in line for line in err.splitlines()), (where, what, err)
    assert "nothing was run" in err
    assert not (workspace / "sessions").exists()


def test_quoted_ids_and_booleans(scenario):
    with pytest.raises(ScriptError, match="boolean"):
        parse_script("decisions:\n  A: {USA: yes}\n", scenario)


def test_expect_that_does_not_hold_fails_naming_the_inject(workspace):
    script = workspace / "wrong.yaml"
    script.write_text("decisions:\n  A: {all: share}\nexpect:\n  released: [B]\n  not_triggered: [F]\n")
    result = CliRunner().invoke(main, ["rehearse", "demo", "--script", str(script)])
    assert result.exit_code == 1, result.output
    assert "wrong.yaml:4: B was expected released, but it was not triggered" in result.output
    assert "wrong.yaml:5: F was expected not triggered, but it was released" in result.output


def test_rehearse_all_log_and_sessions(workspace):
    result = cli("rehearse", "demo", "--all")
    assert result.exit_code == 0, result.output
    assert "rehearsal good of demo: ok" in result.output
    assert "branch taken:  B released; C not triggered; F released" in result.output
    files = sorted((workspace / "sessions").glob("demo-*.ttx"))
    assert len(files) == 1
    listing = cli("sessions")
    assert files[0].name in listing.output and "ended" in listing.output and "rehearsal" in listing.output
    table = cli("log", str(files[0]))
    assert table.exit_code == 0 and "inject_released" in table.output
    assert cli("log", files[0].name).exit_code == 0  # by name, under sessions/


CONTRACT_FIELDS = {
    "session_started": {"scenario", "scenario_sha256"},
    "move_started": {"move"}, "move_ended": {"move"},
    "inject_released": {"inject", "to", "manual"},
    "inject_skipped": {"inject"}, "inject_not_triggered": {"inject"},
    "decision_recorded": {"inject", "cell", "option", "rationale"},
    "note_added": {"text", "kind", "objective", "rating", "cell"},
    "clock_paused": set(), "clock_resumed": set(), "clock_speed_set": {"speed"}, "session_ended": set(),
}


def test_log_jsonl_matches_the_contract(workspace, scenario, vt):
    path = workspace / "live.ttx"
    with Session.create(scenario, path, now=vt) as s:
        s.start_move()
        vt.advance(90)
        s.pause()
        s.resume()
        s.set_speed(2)
        s.release("A")
        s.record_decision("A", "JPN", "hold", "wait")
        s.release("K")
        s.record_decision("K", "KOR", None, "We say nothing.")
        s.add_note("obs")
        s.skip("B")
        s.start_move()
        s.end()
    result = cli("log", str(path), "--jsonl")
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [o["seq"] for o in lines] == list(range(1, len(lines) + 1))
    seen = set()
    for obj in lines:
        assert {"seq", "type", "wall", "clock"} <= obj.keys()
        assert obj["wall"].endswith("Z") and datetime.fromisoformat(obj["wall"].replace("Z", "+00:00"))
        assert isinstance(obj["clock"], (int, float))
        if obj["type"] in CONTRACT_FIELDS:
            assert CONTRACT_FIELDS[obj["type"]] <= obj.keys(), obj
            seen.add(obj["type"])
    assert lines[0]["type"] == "session_started" and lines[0]["scenario"] == "demo"
    with sqlite3.connect(path) as conn:
        text = conn.execute("SELECT value FROM meta WHERE key = 'scenario_text'").fetchone()[0]
    import hashlib

    assert lines[0]["scenario_sha256"] == hashlib.sha256(text.encode()).hexdigest()
    assert seen >= set(CONTRACT_FIELDS) - {"inject_not_triggered"}
    speed = next(o for o in lines if o["type"] == "clock_speed_set")
    assert speed["speed"] == 2 and speed["clock"] == 90
    no_options = next(o for o in lines if o["type"] == "decision_recorded" and o["inject"] == "K")
    assert no_options["option"] is None


def test_log_of_a_newer_or_broken_file_is_a_clear_error(workspace, scenario, vt):
    path = workspace / "x.ttx"
    Session.create(scenario, path, now=vt).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 2")
    result = CliRunner().invoke(main, ["log", str(path)])
    assert result.exit_code == 2 and "newer ttx" in result.output
    junk = workspace / "junk.ttx"
    junk.write_text("hello")
    result = CliRunner().invoke(main, ["log", str(junk)])
    assert result.exit_code == 2 and "not a ttx session file" in result.output
    result = CliRunner().invoke(main, ["log", "missing.ttx"])
    assert result.exit_code == 2 and "no such session file" in result.output
