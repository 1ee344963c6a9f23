"""The built-in scenario library: every scenario is clean under --strict and
every rehearsal script's `expect:` holds, so a broken branch fails CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_scenario_commands import ttx

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ws") / "exercise"
    assert ttx("init", str(target)).returncode == 0
    return target


def test_library_is_substantial():
    assert len(SCENARIOS) >= 5


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_rehearsal_of_the_scenario_holds(workspace, scenario):
    scripts = sorted((workspace / "rehearsals" / scenario).glob("*.yaml"))
    assert len(scripts) >= 2, f"{scenario}: a rehearsal script per main branch"
    result = ttx("rehearse", scenario, "--all", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(scripts)


def test_rehearse_all_alone_runs_every_scenarios_scripts(workspace):
    scripts = sorted((workspace / "rehearsals").glob("*/*.yaml"))
    result = ttx("rehearse", "--all", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(scripts) >= 2 * len(SCENARIOS)
    for scenario in SCENARIOS:
        assert f" of {scenario}: ok" in result.stdout
    alone = ttx("rehearse", cwd=workspace)
    assert alone.returncode == 2 and "or --all alone" in alone.stderr


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_each_scenario_is_a_full_exercise(scenario_id):
    """The shape a facilitator expects of a built-in exercise (issue 7)."""
    from ttx.scenario.load import load_scenario
    from ttx.scenario.model import DEFAULT_CLASSIFICATION

    s = load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml", ROOT / "injects")
    assert s.classification == DEFAULT_CLASSIFICATION
    assert 3 <= len(s.moves) <= 4
    assert 12 <= len(s.inject_by_id) <= 40  # branches that exclude each other: fewer in any one run
    assert 120 <= sum(m.planned_minutes or 0 for m in s.moves) <= 180
    assert set(s.player_cells) == {"USA", "JPN", "KOR"}
    times = [m.situation_time for m in s.moves]
    assert all(t is not None for t in times) and times == sorted(times), "in-world time jumps forward"
    for move in s.moves:
        assert move.situation.strip() and move.questions
        deciding = {c for i in move.injects for c in s.deciding_cells(i)}
        assert {"USA", "JPN", "KOR"} <= deciding, f"{move.id}: a decision for each player cell"
    assert sum(1 for i in s.inject_by_id.values() if i.when is not None) >= 2
    assert any(i.contingency for i in s.inject_by_id.values())
    assert all(i.from_ for i in s.inject_by_id.values()), "every inject has a believable sender"
    assert len({i.channel for i in s.inject_by_id.values()}) >= 4
