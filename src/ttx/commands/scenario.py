"""Commands on scenario files: init, validate, list, schema, msel."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Sequence

import click

from ttx.commands.common import (
    EXIT_INVALID,
    check_output,
    deliver,
    fail,
    force_option,
    load_scenario_or_exit,
    print_problems,
    write_whole,
)
from ttx.i18n import _
from ttx.scenario.load import check_library, check_scenario, display_path, load_library
from ttx.scenario.plaintext import cells, ljust, one_line
from ttx.scenario.translation_check import scenario_of
from ttx.scenario.yamlsrc import Problem
from ttx.workspace import FOLDERS, Workspace, WorkspaceError, builtin_root


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new workspace in DIRECTORY from the built-in one."""
    if (directory / "scenarios").exists():
        fail(_("{directory} already holds a workspace (scenarios/ exists); nothing was copied").format(
            directory=directory))
    src = builtin_root()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in FOLDERS:
            if (src / name).is_dir():
                shutil.copytree(src / name, directory / name)
    except OSError as exc:
        fail(_("cannot create the workspace: {reason}").format(reason=exc))
    count = len(Workspace(directory).scenario_paths())
    click.echo(_("Created a workspace in {directory} with {count} scenarios. Edit scenarios/*.yaml, "
                 "then: ttx validate").format(directory=directory, count=count))


@click.command()
@click.argument("refs", nargs=-1, metavar="[PATH|ID]...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--coverage", is_flag=True,
              help="Also rehearse each scenario's scripts and print what they cover of its branches "
                   "(as ttx graph draws it); a script with mistakes is an error.")
def validate(refs: tuple[str, ...], strict: bool, fmt: str, coverage: bool) -> None:
    """Check scenarios (default: all of the workspace, and its inject library).

    Problems print as path:line:col: message. Exit 0 when clean, 2 on errors
    (and on warnings with --strict)."""
    if coverage and fmt == "json":
        fail(_("--coverage prints text; --format json prints only the problems"))
    ws = Workspace.find()
    library = load_library(ws.injects_dir)
    problems: set[Any] = set()
    checked: list[str] = []
    targets: list[Path] = []
    library_files: list[Path] = []
    for ref in refs or [str(p) for p in ws.scenario_paths()]:
        try:
            path = ws.resolve_scenario(ref)
        except WorkspaceError as exc:  # say so, and check the rest
            problems.add(Problem(exc.ref, 1, 1, exc.reason))
            continue
        if path.resolve().is_relative_to(ws.injects_dir.resolve()):
            library_files.append(path)
        elif scenario_of(path) not in targets:  # a sibling translation is checked with its scenario
            targets.append(scenario_of(path))
    if not refs or library_files:
        wanted = {p.resolve() for p in library_files}
        problems.update(p for p in check_library(library) if not wanted or Path(p.path).resolve() in wanted)
    covered: list[str] = []
    for path in targets:
        result = check_scenario(path, ws.injects_dir, library=library)
        problems.update(result.problems)
        problems.update([g.problem for g in result.gaps] if strict else result.gap_summary)
        if result.scenario is not None:
            s = result.scenario
            checked.append(_("{path}: {scenario} — {moves} moves, {injects} injects").format(
                path=display_path(path), scenario=s.id, moves=len(s.moves), injects=len(s.inject_by_id)))
            if coverage:
                covered += _coverage_lines(s, ws, problems)
    ordered = sorted(problems)
    errors = [p for p in ordered if p.severity == "error"]
    warnings = [p for p in ordered if p.severity == "warning"]
    if fmt == "json":
        click.echo(json.dumps([p.to_json() for p in ordered], indent=2))
    else:
        print_problems(ordered)
        for line in checked:
            click.echo(_("ok {scenario}").format(scenario=line))
        for line in covered:
            click.echo(line)
        click.echo(_("{scenarios} scenario(s) checked: {errors} error(s), {warnings} warning(s)").format(
            scenarios=len(targets), errors=len(errors), warnings=len(warnings))
                   + (_(" (--strict: warnings count as errors)") if strict and warnings else ""))
    if errors or (strict and warnings):
        raise SystemExit(EXIT_INVALID)


def _coverage_lines(scenario, ws: Workspace, problems: set) -> list[str]:
    """The coverage text of `scenario`'s rehearsal scripts; their mistakes go to `problems`."""
    from ttx.engine.coverage import rehearsal_coverage
    from ttx.scenario.script import ScriptError, load_script

    scripts = []
    for path in ws.rehearsal_scripts(scenario.id):
        try:
            script = load_script(path, scenario, display=display_path(path))
        except ScriptError as exc:
            problems.update(exc.problems)
            continue
        problems.update(script.warnings)
        scripts.append(script)
    return rehearsal_coverage(scenario, scripts).lines()


@click.command("list")
def list_() -> None:
    """List the workspace's scenarios: id, title, moves, injects, cells, planned minutes."""
    ws = Workspace.find()
    library = load_library(ws.injects_dir)
    rows = [(_("ID"), _("TITLE"), _("MOVES"), _("INJECTS"), _("PLAYER CELLS"), _("MINUTES"))]
    for path in ws.scenario_paths():
        result = check_scenario(path, ws.injects_dir, library=library)
        s = result.scenario
        if s is None:
            rows.append((path.stem, _("INVALID: {errors} error(s), see ttx validate").format(errors=len(result.errors)),
                         "", "", "", ""))
            continue
        minutes = sum(m.planned_minutes or m.run_minutes for m in s.moves)
        rows.append((s.id, s.title, str(len(s.moves)), str(len(s.inject_by_id)),
                     ", ".join(s.player_cells), str(minutes)))
    if len(rows) == 1:
        click.echo(_("No scenarios in {folder}").format(folder=ws.scenarios_dir))
        return
    click.echo(_table(rows))
    click.echo("\n" + _("{count} scenario(s) in {folder}").format(count=len(rows) - 1, folder=ws.scenarios_dir))


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    rows = [tuple(one_line(c) for c in r) for r in rows]  # titles and file names may hold escapes
    widths = [max(cells(r[i]) for r in rows) for i in range(len(rows[0]))]  # cells: CJK takes two
    return "\n".join("  ".join(ljust(c, w) for c, w in zip(r, widths)).rstrip() for r in rows)


@click.command()
@click.option("--kind", type=click.Choice(["scenario", "injects", "translation"]), default="scenario",
              show_default=True)
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write every schema into this folder instead of printing one.")
def schema(kind: str, write_dir: Path | None) -> None:
    """Print the JSON Schema of scenario (or library, or translation) files."""
    from ttx.scenario.schema import SCHEMAS, dumps

    if write_dir is None:
        click.echo(dumps(SCHEMAS[kind]()), nl=False)
        return
    targets = {f"{name}.schema.json": make() for name, make in SCHEMAS.items()}
    for name in targets:  # the schemas' own names: replaced without asking, unless a session file
        check_output(write_dir / name, force=False, previous=write_dir / name)
    try:
        write_dir.mkdir(parents=True, exist_ok=True)
        for name, value in targets.items():
            write_whole(write_dir / name, dumps(value).encode("utf-8"))
    except OSError as exc:
        fail(_("cannot write the schemas: {reason}").format(reason=exc))
    click.echo(_("Wrote {files}").format(files=", ".join(f"{write_dir}/{name}" for name in targets)))


@click.command()
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["csv", "md"]), default="csv", show_default=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="Write it to FILE (default: standard output).")
@force_option
def msel(scenario: str, fmt: str, output: Path | None, force: bool) -> None:
    """Print the planned MSEL of SCENARIO as a controller's sheet."""
    from ttx.scenario.msel import to_csv, to_markdown

    s = load_scenario_or_exit(scenario)[1]
    sheet = to_csv(s) if fmt == "csv" else to_markdown(s)
    stdout = Path("-")
    if deliver(sheet, fmt, output or stdout, stdout, "the MSEL", force=force) is not None:
        click.echo(_("wrote {file}").format(file=output))

