"""What every command shares: finding the workspace, loading a scenario or
stopping with the problems printed as `path:line:col: message`."""

from __future__ import annotations

from typing import NoReturn

import click

from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.workspace import Workspace, WorkspaceError

EXIT_INVALID = 2  # bad input: scenario, script or session file


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    click.echo(f"ttx: {message}", err=True)
    raise SystemExit(code)


def load_scenario_or_exit(ref: str, workspace: Workspace | None = None) -> tuple[Workspace, Scenario]:
    ws = workspace or Workspace.find()
    try:
        path = ws.resolve_scenario(ref)
    except WorkspaceError as exc:
        fail(str(exc))
    result = check_scenario(path, ws.injects_dir)
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if result.scenario is None:
        fail(f"{path}: {len(result.errors)} error(s); nothing was started")
    return ws, result.scenario
