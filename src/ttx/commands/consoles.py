"""`ttx run`: the facilitator console.

Imports stay inside the command so `ttx --help` never loads Textual, and the
console's first frame needs only what it draws.
"""

from __future__ import annotations

from pathlib import Path

import click

from ttx.commands.common import EXIT_INVALID, fail
from ttx.engine.clock import MAX_SPEED, MIN_SPEED


@click.command()
@click.argument("scenario", required=False, metavar="[SCENARIO]")
@click.option("--session", "session_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the session to FILE (default: sessions/<scenario>-<time>.ttx in the workspace).")
@click.option("--speed", type=click.FloatRange(MIN_SPEED, MAX_SPEED), default=None,
              help=f"Exercise clock speed, {MIN_SPEED:g} to {MAX_SPEED:g} (default 1).")
@click.option("--auto", is_flag=True, help="Release due injects automatically (contingencies never).")
@click.option("--resume", "resume", type=click.Path(dir_okay=False, path_type=Path), metavar="SESSION",
              help="Continue a run from its session file, where it stood.")
def run(scenario: str | None, session_path: Path | None, speed: float | None, auto: bool, resume: Path | None) -> None:
    """Run SCENARIO (a path or an id) live in the facilitator console.

    Every act is written to the session file before the screen shows it:
    quit, crash or close the terminal, then `ttx run --resume SESSION`.
    """
    from ttx.engine.errors import CommandError, SessionFileError

    if resume is not None:
        if scenario is not None or session_path is not None:
            fail("--resume continues a session with its own scenario: give no SCENARIO or --session")
        from ttx.engine.session import Session

        try:
            session = Session.open(resume)
            if speed is not None and speed != session.state.speed and not session.state.ended:
                session.set_speed(speed)
            if auto and not session.state.auto and not session.state.ended:
                session.set_auto(True)
        except (SessionFileError, CommandError) as exc:
            fail(str(exc))
    else:
        if scenario is None:
            fail("give a SCENARIO (path or id) to run, or --resume SESSION")
        from ttx.commands.common import load_scenario_or_exit

        workspace, loaded = load_scenario_or_exit(scenario)
        from ttx.engine.session import Session

        try:
            session = Session.create(loaded, session_path, sessions_dir=workspace.sessions_dir)
            if speed is not None and speed != 1.0:
                session.set_speed(speed)
            if auto:
                session.set_auto(True)
        except (SessionFileError, CommandError) as exc:
            fail(str(exc))

    from ttx.commands.report import console_report
    from ttx.tui.app import FacilitatorApp

    app = FacilitatorApp(session, report=console_report)
    try:
        app.run()
    finally:
        app.close_session()
    click.echo(f"Session saved: {session.path}")
    if not session.state.ended:
        click.echo(f"Continue with: ttx run --resume {session.path}")
    else:
        click.echo(f"Report: ttx report {session.path}")
    if app.return_code:
        raise SystemExit(app.return_code)


__all__ = ["run", "EXIT_INVALID"]
