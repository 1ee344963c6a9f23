"""What every command shares: finding the workspace, loading a scenario or
stopping with the problems printed as `path:line:col: message`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterable, NoReturn

import click

from ttx.i18n import _
from ttx.scenario.files import FileReadError, not_a_file, read_regular
from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.scenario.plaintext import json_controls_escaped, printable
from ttx.workspace import Workspace, WorkspaceError

EXIT_INVALID = 2  # bad input: scenario, script or session file
EXIT_WRITE = 1    # an output that cannot or may not be written


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
        fail(_("{path}: {errors} error(s); nothing was started").format(path=path, errors=len(result.errors)))
    return ws, result.scenario


def check_lang(option: str | None) -> None:
    """Exit 2 unless --lang is a language tag."""
    import re

    from ttx.scenario.translation import LANG_PATTERN

    if option is not None and not re.match(LANG_PATTERN, option):
        fail(_("--lang {lang!r} is not a language tag: write one as BCP 47 does (ja, ko, en-GB)").format(lang=option))


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


# SQLite's side files of a session `S`: S-wal, S-shm, S-journal, and ttx's presence lock S-lock.
SIDE_FILES = ("-wal", "-shm", "-journal", "-lock")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_output(target: Path, *, force: bool, previous: Path | None = None) -> None:
    """Exit unless `target` may be written: never over a session file (any SQLite database,
    its side files, a link to one), and over another existing file only if it is `previous`
    (what this command writes there when given no --output) or with --force. A refusal
    exits 2 (the command line asked for it); a target that is a folder or a device, 1."""
    shown = str(target)
    for suffix in SIDE_FILES:
        base = Path(shown[: -len(suffix)]) if shown.endswith(suffix) else None
        if base is not None and os.path.lexists(base):
            fail(f"{target}: is the {suffix[1:]} file of {base}, part of a session's record; "
                 "give --output another name")
    what = not_a_file(target)
    if what == "no such file":
        if os.path.islink(target):  # a dangling link: writing through it would land elsewhere
            fail(f"{target}: is a link to nothing; give --output another name")
        return
    if what is not None:
        fail(f"{target}: is {what}; give --output a file name", EXIT_WRITE)
    try:
        with open(target, "rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError:
        head = b""
    if head == _SQLITE_MAGIC:
        fail(f"{target}: is a session file (a SQLite database): writing there would destroy the "
             "exercise record; give --output another name (--force does not change this)")
    if force or (previous is not None and _same_file(target, previous)):
        return
    fail(f"{target} exists; --force replaces it")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


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


# Every command with --output takes it: an existing file is replaced only when asked.
force_option = click.option("--force", is_flag=True, help="Replace --output if it exists (never a session file).")


def deliver(rendered: str | bytes, fmt: str, output: Path | None, default: Path, what: str, *,
            force: bool) -> Path | None:
    """Write to `output` (or `default`) whole, or to standard output for '-' (then return None).
    An existing file is replaced only if it is `default` (an earlier run's) or with `force`."""
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and isinstance(rendered, str):  # a terminal acts on escape sequences: none get through
        rendered = json_controls_escaped(rendered) if fmt == "json" else printable(rendered)
    payload = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    if to_stdout:
        if fmt == "docx" and sys.stdout.isatty():
            fail("a DOCX file is binary: give --output FILE (or redirect standard output)")
        stream = click.get_binary_stream("stdout")  # type: ignore[operator]  # click types it as object
        stream.write(payload)
        stream.flush()
        return None
    target = output or default
    check_output(target, force=force, previous=default)
    try:
        write_whole(target, payload)
    except OSError as exc:
        fail(f"{target}: cannot write {what} ({exc.strerror or exc})", EXIT_WRITE)
    return target


def load_scripts(scenario: Scenario, paths: Iterable[Path]) -> tuple[list, bool]:
    """The rehearsal scripts at `paths`, their problems printed as path:line:col; the flag
    is False when any script was rejected."""
    from ttx.scenario.script import ScriptError, load_script

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
