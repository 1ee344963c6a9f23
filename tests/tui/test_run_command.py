"""`ttx run` argument handling: clear refusals, never a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ttx.commands.consoles import run


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


def test_speed_out_of_range_is_refused():
    result = CliRunner().invoke(run, ["drill", "--speed", "20"])
    assert result.exit_code == 2
