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
