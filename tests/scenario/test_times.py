"""One duration parser and one formatter per kind of time, with one rounding
rule: whole seconds, cut toward zero, in the consoles, the log and the report."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tests.scenario.conftest import VALID
from ttx.engine.events import Event
from ttx.report.analysis import analyze
from ttx.report.render import render
from ttx.scenario import times
from ttx.scenario.schema import scenario_schema
from ttx.tui import format as fmt


def test_a_clock_never_shows_a_second_not_yet_passed():
    # 3599.7 s: the console showed 59:59 and the report 1:00:00
    assert fmt.clock(3599.7) == "59:59"
    assert times.clock(3599.7, hours=True) == "0:59:59"
    assert times.clock(3600) == "1:00:00"
    assert times.duration(59.9) == "59s" and times.duration(3599.9) == "59m 59s"
    assert times.clock(-3) == "00:00"  # a clock never reads negative


def test_the_report_and_the_console_agree_on_a_fractional_release(ws):
    scenario = ws.check(VALID).scenario
    t0 = datetime(2027, 1, 1, tzinfo=timezone.utc)
    log = [(0, "session_started", {}), (0, "move_started", {"move": "M1"}),
           (3599.7, "inject_released", {"inject": "M1-01", "to": ["USA", "JPN", "KOR"], "manual": False}),
           (3700, "session_ended", {})]
    events = [Event(n, kind, t0 + timedelta(seconds=c), c, data) for n, (c, kind, data) in enumerate(log, 1)]
    report = analyze(scenario, events)
    [row] = [t for t in report.timeline if t.inject == "M1-01"]
    assert fmt.clock(row.actual_clock) == "59:59"
    md = render(report, "md")
    line = next(line for line in md.splitlines() if line.startswith("| M1-01 |"))
    assert "0:59:59" in line and "1:00:00" not in line


@given(st.text(alphabet="0123456789:+", max_size=9))
def test_the_schema_pattern_accepts_what_the_loader_accepts(text):
    """The JSON Schema an editor checks against is built from the parser's own pieces."""
    pattern = scenario_schema()["$defs"]["Inject"]["properties"]["at"]["anyOf"][1]["pattern"]
    assert pattern == times.DURATION_PATTERN
    assert (re.search(pattern, text) is not None) == (times.parse_minutes(text) is not None)


def test_durations_in_every_spelling():
    assert [times.parse_minutes(t) for t in ("90", "+90", "1:30", "+1:30", " 1:30 ")] == [90] * 5
    assert times.parse_minutes("1:30:00") is None  # seconds only on a spreadsheet
    assert times.parse_minutes("1:30:30", seconds=True) == 91
    assert times.parse_minutes("1:60") is None and times.parse_minutes("") is None


def test_a_plus_offset_loads_as_the_schema_says(ws):
    """`at: "+90"` was valid by the JSON Schema and refused by the loader."""
    result = ws.check(VALID.replace("at: 5", 'at: "+90"'))
    assert result.scenario is not None, [str(p) for p in result.problems]
    assert result.scenario.moves[0].injects[0].at == 90
