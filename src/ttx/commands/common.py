"""What every command shares: finding the workspace, loading a scenario or
stopping with the problems printed as `path:line:col: message`."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable, NoReturn

import click

from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.scenario.plaintext import printable
from ttx.workspace import Workspace, WorkspaceError

EXIT_INVALID = 2  # bad input: scenario, script or session file


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    click.echo(printable(f"ttx: {message}"), err=True)  # messages quote file names and scenario text
    raise SystemExit(code)


def load_scenario_or_exit(ref: str, workspace: Workspace | None = None) -> tuple[Workspace, Scenario]:
    ws = workspace or Workspace.find()
    try:
        path = ws.resolve_scenario(ref)
    except WorkspaceError as exc:
        fail(str(exc))
    result = check_scenario(path, ws.injects_dir)
    print_problems(result.problems)
    if result.scenario is None:
        fail(f"{path}: {len(result.errors)} error(s); nothing was started")
    return ws, result.scenario


def read_sheet(path: Path) -> str:
    """The UTF-8 text of a CSV sheet, or exit 2 saying why it cannot be had."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        fail(f"{path}: no such file")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8")
    except OSError as exc:
        fail(f"{path}: cannot read it ({exc.strerror or exc})")


def print_problems(problems: Iterable[object]) -> None:
    for problem in problems:
        click.echo(printable(str(problem)), err=True)


def fail_with_problems(problems: list, outcome: str) -> NoReturn:
    """Print every problem (path:line:col), then stop: `<n> error(s); <outcome>`."""
    print_problems(problems)
    errors = sum(getattr(p, "severity", "error") == "error" for p in problems)
    path = getattr(problems[0], "path", "") if problems else ""
    fail(f"{path}: {errors} error(s); {outcome}")


def write_whole(target: Path, payload: bytes) -> None:
    """Write whole or not at all: a temporary file beside the target, then rename."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
