"""Every malformed scenario and rehearsal script of the corpus is refused the same
way: exit 2, a `path:line:col:` line that names the file, no traceback.

Most run in-process through click's CliRunner; a sample runs as real `ttx`
subprocesses, so the installed entry point is covered too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.robustness.cases import (HANG_GUARD_S, Case, all_cases, argv, generated_rehearsals,
                                    generated_scenarios, handwritten, hang_guard, located, make_workspace)
from ttx.cli import main
from ttx.scenario.load import check_scenario

CASES = all_cases()
TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or shutil.which("ttx") or "ttx"


def _param(case: Case):
    return pytest.param(case, id=str(case))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_workspace(tmp_path_factory.mktemp("ws"))
    for case in CASES:
        (root / "cases" / case.name).write_bytes(case.raw)
    return root


def test_corpus_is_large_and_varied():
    assert len(handwritten()) >= 60
    assert len(generated_scenarios()) + len(generated_rehearsals()) >= 60
    assert len(CASES) >= 100
    kinds = {c.kind for c in CASES}
    assert kinds == {"scenario", "rehearsal"}


def test_the_demo_scenario_itself_is_valid(workspace):
    """So each case's errors come from its own mistake, not from the base it mutates."""
    result = check_scenario(workspace / "scenarios" / "demo.yaml", workspace / "injects")
    assert result.scenario is not None, [str(p) for p in result.problems]
    assert result.errors == []


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_refused_with_position_and_exit_2(case: Case, workspace: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(workspace)
    session = workspace / "sessions" / f"{case.name}.ttx"
    with hang_guard():
        result = CliRunner().invoke(main, argv(case, session))
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in output
    assert result.exit_code == 2, output[-2000:]
    assert located(case, output), output[-2000:]
    assert not session.exists(), "a rejected script must not start a session"


SAMPLE = CASES[:: max(1, len(CASES) // 10)][:10]


@pytest.mark.parametrize("case", [_param(c) for c in SAMPLE])
def test_sample_as_real_subprocess(case: Case, workspace: Path):
    session = workspace / "sessions" / f"sub-{case.name}.ttx"
    proc = subprocess.run([TTX, *argv(case, session)], cwd=workspace, capture_output=True, text=True,
                          timeout=HANG_GUARD_S * 2, stdin=subprocess.DEVNULL)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    assert proc.returncode == 2, output[-2000:]
    assert located(case, output), output[-2000:]
    assert not session.exists()
