from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_scenario_commands import ttx
from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ws") / "exercise"
    assert ttx("init", str(target)).returncode == 0
    return target


def imported(workspace: Path, source: Path, scenario_id: str, *args: str) -> tuple[Scenario, str]:
    """Import through the installed `ttx`; the loaded draft and what it printed on stderr."""
    done = ttx("import", str(source), "--id", scenario_id, "--force", *args, cwd=workspace)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    result = check_scenario(workspace / "scenarios" / f"{scenario_id}.yaml", workspace / "injects")
    assert result.scenario is not None, [str(p) for p in result.problems]
    return result.scenario, done.stderr
