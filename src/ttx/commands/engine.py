"""`ttx rehearse`, `ttx log`, `ttx sessions`: the engine's commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ttx.commands.common import fail, load_scenario_or_exit, load_scripts
from ttx.scenario.plaintext import cells, json_controls_escaped, ljust, one_line

if TYPE_CHECKING:
    from ttx.scenario.model import Scenario

EXIT_FAILED = 1


@click.command()
@click.argument("scenario", required=False)
@click.option("--script", "script_path", type=click.Path(path_type=Path), help="Rehearsal script (YAML).")
@click.option("--all", "all_", is_flag=True,
              help="Rehearse every script under rehearsals/<scenario-id>/; without SCENARIO, of every scenario.")
@click.option("--session", "session_path", type=click.Path(path_type=Path),
              help="Write the session to this file (default: sessions/<id>-<UTC timestamp>.ttx).")
def rehearse(scenario: str | None, script_path: Path | None, all_: bool, session_path: Path | None) -> None:
    """Run SCENARIO headless at virtual time with a script's decisions and notes.

    `ttx rehearse --all` alone rehearses every scenario's scripts: the check
    to run before committing a change to scenarios or the inject library.
    Exit 1 if a script's `expect:` does not hold, 2 if a scenario or a
    script has mistakes (nothing is run then).
    """
    from ttx.engine.errors import CommandError, SessionFileError
    from ttx.engine.rehearse import rehearse as run, summary
    from ttx.scenario.script import Script
    from ttx.workspace import Workspace

    if all_ and script_path is not None:
        fail("give either --script or --all, not both")
    if scenario is None:
        if not all_:
            fail("give a SCENARIO (path or id), or --all alone to rehearse every scenario's scripts")
        ws = Workspace.find()
        plans: list[tuple[Scenario, list[Path | None]]] = []
        for path in ws.scenario_paths():
            _, loaded = load_scenario_or_exit(str(path), ws)
            found: list[Path | None] = [*ws.rehearsal_scripts(loaded.id)]
            if found:
                plans.append((loaded, found))
        if not plans:
            fail(f"no rehearsal scripts in {ws.rehearsals_dir}")
    else:
        ws, loaded = load_scenario_or_exit(scenario)
        if all_:
            paths: list[Path | None] = [*ws.rehearsal_scripts(loaded.id)]
            if not paths:
                fail(f"no rehearsal scripts in {ws.rehearsals_dir / loaded.id}")
        else:
            paths = [script_path]
        plans = [(loaded, paths)]
    if session_path is not None and sum(len(paths) for _, paths in plans) > 1:
        fail("--session names one file, but --all runs several scripts")
    runs: list[tuple[Scenario, Script]] = []
    bad = False
    for loaded, paths in plans:  # check every script before running any
        if paths == [None]:
            runs.append((loaded, Script()))
            continue
        scripts, ok = load_scripts(loaded, [p for p in paths if p is not None])
        runs += [(loaded, script) for script in scripts]
        bad = bad or not ok
    if bad:
        fail("rehearsal script(s) rejected; nothing was run")
    failed = False
    sessions: dict[str, list[tuple[str, Path]]] = {}   # scenario id -> (script, session file)
    for loaded, script in runs:
        try:
            result = run(loaded, script, path=session_path, sessions_dir=ws.sessions_dir)
        except (SessionFileError, CommandError) as exc:
            fail(str(exc))
        click.echo(summary(result))
        sessions.setdefault(loaded.id, []).append((script.name, result.path))
        failed = failed or not result.ok
    if all_:
        _print_coverage([loaded for loaded, _ in plans], sessions)
    if failed:
        raise SystemExit(EXIT_FAILED)


def _print_coverage(scenarios: list, sessions: dict[str, list[tuple[str, Path]]]) -> None:
    """What the scripts just run covered of each scenario's branches, read back from their sessions."""
    from ttx.engine.coverage import coverage_of
    from ttx.engine.store import read_session

    for scenario in scenarios:
        runs = [(name, read_session(path)[1]) for name, path in sessions.get(scenario.id, [])]
        click.echo("\n".join(coverage_of(scenario, runs).lines()))


def _session_path(ref: str) -> Path:
    path = Path(ref)
    if path.exists():
        return path
    from ttx.workspace import Workspace

    folder = Workspace.find().sessions_dir
    for candidate in (folder / ref, folder / f"{ref}.ttx"):
        if candidate.exists():
            return candidate
    fail(f"{ref}: no such session file (nor in {folder})")


@click.command()
@click.argument("session")
@click.option("--jsonl", is_flag=True, help="One JSON object per event, as the contract's session log.")
def log(session: str, jsonl: bool) -> None:
    """Show the events of SESSION (a session file, or its name under sessions/)."""
    from ttx.engine.errors import SessionFileError
    from ttx.scenario import times
    from ttx.engine.store import read_session

    path = _session_path(session)
    try:
        meta, events = read_session(path)
    except SessionFileError as exc:
        fail(str(exc))
    # Event text is typed by people: nothing in it may reach the terminal as an escape sequence.
    if jsonl:
        if events:
            click.echo("\n".join(json_controls_escaped(event.jsonl()) for event in events))
        return
    click.echo(one_line(f"{path}: scenario {meta.get('scenario_id', '?')}, {len(events)} events"))
    rows = [("seq", "wall (UTC)", "clock", "type", "details")]
    for e in events:
        details = " ".join(f"{k}={_short(v)}" for k, v in e.data.items() if k != "scenario_sha256")
        rows.append((str(e.seq), times.timestamp(e.wall), times.clock(e.clock), one_line(e.type),
                     one_line(details)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        click.echo("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])


def _short(value: object, limit: int = 60) -> str:
    """One line: a list as a,b,c; text with whitespace quoted (its newlines as \\n)."""
    if isinstance(value, list):
        text = ",".join(map(str, value))
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False) if (not value or any(c.isspace() for c in value)) else value
    else:
        text = json.dumps(value)
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@click.command()
@click.option("--dir", "folder", type=click.Path(path_type=Path), help="Sessions folder (default: the workspace's).")
def sessions(folder: Path | None) -> None:
    """List session files: scenario, start, status, event count."""
    from ttx.engine.errors import SessionFileError
    from ttx.engine.sessionfile import session_status
    from ttx.workspace import Workspace

    folder = folder or Workspace.find().sessions_dir
    paths = sorted(folder.glob("*.ttx")) if folder.is_dir() else []
    if not paths:
        click.echo(f"no session files in {folder}")
        return
    rows: list[tuple[str, ...]] = [("file", "scenario", "started (UTC)", "kind", "status", "events")]
    for path in paths:
        try:
            info = session_status(path)
        except SessionFileError as exc:
            rows.append((path.name, "?", "?", "?", f"unreadable: {exc}", "?"))
            continue
        rows.append((path.name, info["scenario"], info["started"], info["kind"], info["status"], str(info["events"])))
    rows = [tuple(one_line(c) for c in r) for r in rows]  # names and meta may hold escapes
    widths = [max(cells(r[i]) for r in rows) for i in range(len(rows[0]))]  # a Japanese file name takes two cells a character
    for r in rows:
        click.echo("  ".join(ljust(c, w) for c, w in zip(r, widths)).rstrip())
