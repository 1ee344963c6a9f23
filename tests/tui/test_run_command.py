"""`ttx run` argument handling: clear refusals, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ttx.commands.consoles import run
from ttx.engine.clock import MAX_SPEED, MIN_SPEED


def test_run_needs_a_scenario_or_resume():
    result = CliRunner().invoke(run, [])
    assert result.exit_code == 2
    assert "give a SCENARIO" in result.output


def test_resume_takes_no_scenario(tmp_path: Path):
    result = CliRunner().invoke(run, ["drill", "--resume", str(tmp_path / "x.ttx")])
    assert result.exit_code == 2
    assert "--resume continues" in result.output


def test_resume_of_a_missing_session_file(tmp_path: Path):
    result = CliRunner().invoke(run, ["--resume", str(tmp_path / "missing.ttx")])
    assert result.exit_code == 2
    assert "missing.ttx" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("speed", ["20", "0.1"])
def test_speed_out_of_range_is_refused_before_anything_is_recorded(tmp_path: Path, speed: str):
    scenario = Path(__file__).resolve().parents[2] / "scenarios" / "dprk-missile-warning.yaml"
    session = tmp_path / "run.ttx"
    result = CliRunner().invoke(run, [str(scenario), "--session", str(session), "--speed", speed])
    assert result.exit_code == 2, result.output
    assert f"{MIN_SPEED:g}" in result.output and f"{MAX_SPEED:g}" in result.output  # the engine's range
    assert list(tmp_path.iterdir()) == []  # refused before a session file was made
