"""`ttx import` (alias `import-msel`): another tool's MSEL as a draft scenario;
`ttx export`: a scenario's MSEL as a sheet that `ttx import` reads back inject
for inject. The readers live in ttx.imports, the sheet in ttx.scenario.msel;
this only wires them to the command line."""

from __future__ import annotations

import re
from pathlib import Path

import click

from ttx.commands.common import (
    EXIT_INVALID,
    check_output,
    fail,
    fail_with_problems,
    force_option,
    load_scenario_or_exit,
    print_problems,
    write_whole,
)
from ttx.scenario.files import FileReadError, TooBig, read_regular
from ttx.scenario.load import check_scenario
from ttx.scenario.yamlsrc import Problem
from ttx.workspace import Workspace


@click.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "scenario_id", required=True, help="The new scenario's id (lower case, digits, hyphens).")
@click.option("--title", help="Its title (default: the source's, else the id).")
@click.option("--sheet", help="The workbook's sheet to read (default: the first).")
@click.option("--start", help="Count clock times from this time (19:00, or 2027-09-14 07:00) instead of "
                              "from the first inject.")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: scenarios/<id>.yaml in the workspace).")
@force_option
def import_(source: Path, scenario_id: str, title: str | None, sheet: str | None, start: str | None,
            output: Path | None, force: bool) -> None:
    """Turn an MSEL into a first draft of a scenario.

    SOURCE is a CSV or XLSX sheet, T3SF's MSEL (JSON) or an OpenAEV scenario
    export (.zip or .json); the kind is told from the content. Sheets are read
    by their column names (ttx's own, common MEL sheets, T3SF, CMU SEI
    Blueprint's templates); a column no field reads is named in a warning and
    kept in each inject's facilitator notes. Clock times become minutes after
    each move's first inject (or --start). Every uncertain reading is said as a
    warning. Mistakes print as sheet:line:col (file:path in JSON) and nothing
    is written. The draft marks TODO what the source did not say (summary,
    objectives, situations); `ttx validate --strict` names each until written.
    """
    from ttx.imports import MAX_BYTES, SheetError, read
    from ttx.scenario.vocabulary import SCENARIO_ID_PATTERN

    if not re.fullmatch(SCENARIO_ID_PATTERN, scenario_id):
        fail(f"--id {scenario_id!r}: a scenario id is lower-case letters, digits and hyphens")
    ws = Workspace.find()
    if ws.builtin and output is None:
        fail("outside a workspace: give --output FILE, or make one with `ttx init DIR`")
    target = output or ws.scenarios_dir / f"{scenario_id}.yaml"
    check_output(target, force=force)
    try:
        draft, warnings = read(_read_bounded(source, MAX_BYTES), str(source), sheet=sheet, start=start)
    except SheetError as exc:
        fail_with_problems(exc.problems, "nothing was written")
    print_problems(warnings)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_whole(target, draft.to_yaml(scenario_id, title, source.name).encode("utf-8"))
    except OSError as exc:
        fail(f"{target}: cannot write it ({exc.strerror or exc})", 1)
    result = check_scenario(target, ws.injects_dir)
    todos = [p for p in result.problems if p.message.startswith("TODO left")]  # the draft's own, said below
    print_problems(p for p in result.problems if p not in todos)
    injects = len(result.scenario.inject_by_id) if result.scenario else 0
    cells = len(result.scenario.cells) if result.scenario else 0
    click.echo(f"Wrote {target}: {injects} injects, {cells} cells, from {draft.kind} ({len(warnings)} import "
               f"warning(s) above). Write its {len(todos)} TODO(s), then: ttx validate --strict {target}")
    if result.scenario is None:
        raise SystemExit(EXIT_INVALID)


@click.command()
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write it (default: <id>-msel.xlsx or .csv here).")
@force_option
def export(scenario: str, fmt: str, output: Path | None, force: bool) -> None:
    """Write the MSEL of SCENARIO as a sheet to edit in a spreadsheet.

    The columns of `ttx msel` (condition, trigger, facilitator notes) and
    what `ttx import` needs to give every inject back: decision options (one
    a line, `id: text`), deciding cells, time limit. Every cell is text,
    never a formula. The
    scenario's summary, objectives' text, cells' names and moves' situations
    and questions are not in an MSEL: `ttx import` marks them TODO.
    """
    from ttx.scenario.msel import to_csv, to_xlsx

    _, s = load_scenario_or_exit(scenario)
    target = output or Path(f"{s.id}-msel.{fmt}")
    check_output(target, force=force)
    payload = to_xlsx(s) if fmt == "xlsx" else to_csv(s, exchange=True).encode("utf-8")
    try:
        write_whole(target, payload)
    except OSError as exc:
        fail(f"{target}: cannot write it ({exc.strerror or exc})", 1)
    click.echo(f"Wrote {target}: {len(s.inject_by_id)} injects. Edit it, then: ttx import {target} --id {s.id}-2")


def _read_bounded(path: Path, limit: int) -> bytes:
    """A regular file's bytes, never more than its limit plus one byte, or exit 2 saying why not."""
    try:
        return read_regular(path, limit)
    except TooBig as exc:
        fail_with_problems([Problem(str(path), 1, 1, str(exc))], "nothing was written")
    except FileReadError as exc:
        fail(f"{path}: {exc}")
