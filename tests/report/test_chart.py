"""The timeline chart: marks that would overlap are grouped, sized and counted."""

from __future__ import annotations

from tests.report.report_helpers import Log, scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.chart import build_chart
from ttx.report.render import render


def test_a_small_session_draws_one_mark_per_release_and_decision():
    chart = build_chart(analyze(scenario(), standard_log()))
    assert all(m.count == 1 for m in chart.marks)
    releases = [m for m in chart.marks if m.kind == "release"]
    assert len(releases) == 3 + 2 + 1 + 2  # M1-01 to 3 cells, M1-02 to 2, M1-03 to 1, M2-01 to 2
    late = [m for m in chart.marks if m.kind == "late"]
    assert len(late) == 1 and late[0].x0 < late[0].x  # JPN's decision on M1-01, with its latency line


def _crowded_log(n: int) -> list:
    log = Log()
    log.add("session_started", 0).add("move_started", 0, move="M1")
    # every M1 inject released within 30 s; the long move makes those 30 s narrow
    for i, inject in enumerate(("M1-01", "M1-02", "M1-03", "M1-04", "M1-05", "M1-06")):
        log.add("inject_released", 5 + i * 0.1, inject=inject, to=["USA", "JPN", "KOR"], manual=False)
    log.add("move_ended", n, move="M1")
    return log.events


def test_releases_close_together_are_one_counted_mark():
    report = analyze(scenario(), _crowded_log(600))  # six releases in 30 s of a 10-hour run
    chart = build_chart(report)
    usa = [m for m in chart.marks if m.kind == "release" and "USA" in m.title]
    assert len(usa) == 1 and usa[0].count == 6
    assert usa[0].title.startswith("6 injects released to USA, 0:05:00–0:05:30: M1-01, M1-02")
    html = render(report, "html")
    assert ">6</text>" in html and "A larger mark with a number" in html


def test_the_benchmark_session_chart_stays_small():
    from benchmarks.report_render import big_scenario, big_session

    s = big_scenario(moves=3, injects_per_move=300)
    chart = build_chart(analyze(s, big_session(s, n=3000)))
    # thousands of points, a few hundred marks: at most one per kind per 12 px slot per row
    assert sum(m.count for m in chart.marks) > 2000
    assert len(chart.marks) <= 3 * 3 * (1000 // 12 + 1)
