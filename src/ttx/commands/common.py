"""What every command shares: finding the workspace, loading a scenario or
stopping with the problems printed as `path:line:col: message`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable, NoReturn

import click

from ttx.scenario.files import FileReadError, read_regular
from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.scenario.plaintext import json_controls_escaped, printable
from ttx.workspace import Workspace, WorkspaceError

EXIT_INVALID = 2  # bad input: scenario, script or session file
EXIT_WRITE = 1    # an output that cannot be written


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    click.echo(printable(f"ttx: {message}"), err=True)  # messages quote file names and scenario text
    raise SystemExit(code)


def load_scenario_or_exit(ref: str, workspace: Workspace | None = None, *,
                          warnings: bool = True) -> tuple[Workspace, Scenario]:
    ws = workspace or Workspace.find()
    try:
        path = ws.resolve_scenario(ref)
    except WorkspaceError as exc:
        fail(str(exc))
    result = check_scenario(path, ws.injects_dir)
    print_problems(p for p in result.problems if warnings or p.severity == "error")
    if result.scenario is None:
        fail(f"{path}: {len(result.errors)} error(s); nothing was started")
    return ws, result.scenario


def read_sheet(path: Path) -> str:
    """The UTF-8 text of a CSV sheet (at most the scenarios' size limit), or exit 2 saying
    why it cannot be had."""
    try:
        return read_regular(path).decode("utf-8")
    except FileReadError as exc:
        fail(f"{path}: {exc}")
    except UnicodeDecodeError as exc:
        fail(f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8")


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


def deliver(rendered: str | bytes, fmt: str, output: Path | None, default: Path, what: str) -> Path | None:
    """Write to `output` (or `default`) whole, or to standard output for '-' (then return None)."""
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and isinstance(rendered, str):  # a terminal acts on escape sequences: none get through
        rendered = json_controls_escaped(rendered) if fmt == "json" else printable(rendered)
    payload = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    if to_stdout:
        if fmt == "docx" and sys.stdout.isatty():
            fail("a DOCX file is binary: give --output FILE (or redirect standard output)")
        stream = click.get_binary_stream("stdout")
        stream.write(payload)
        stream.flush()
        return None
    target = output or default
    if target.is_dir():
        fail(f"{target}: is a folder; give --output a file name", EXIT_WRITE)
    try:
        write_whole(target, payload)
    except OSError as exc:
        fail(f"{target}: cannot write {what} ({exc.strerror or exc})", EXIT_WRITE)
    return target


def load_scripts(scenario: Scenario, paths: Iterable[Path]) -> tuple[list, bool]:
    """The rehearsal scripts at `paths`, their problems printed as path:line:col; the flag
    is False when any script was rejected."""
    from ttx.engine.rehearse import ScriptError, load_script

    scripts, ok = [], True
    for path in paths:
        try:
            script = load_script(path, scenario, display=shown_path(path))
        except ScriptError as exc:
            print_problems(exc.problems)
            ok = False
            continue
        print_problems(script.warnings)
        scripts.append(script)
    return scripts, ok


def shown_path(path: Path) -> str:
    """`path` relative to the current folder when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
