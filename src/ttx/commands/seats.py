"""`ttx cell` and `ttx serve`: the national cells' consoles, in a terminal or a browser.

Imports stay inside the commands so `ttx --help` never loads Textual.
"""

from __future__ import annotations

from pathlib import Path

import click

from ttx.commands.common import fail


def _seat_cells(scenario) -> tuple[str, ...]:
    """Cells that may have a console: every cell but the control cell(s)."""
    return tuple(c.id for c in scenario.cells if c.kind != "control")


def _pick_cell(scenario, wanted: str) -> str:
    seats = _seat_cells(scenario)
    for cell in seats:
        if cell.upper() == wanted.strip().upper():
            return cell
    fail(f"no cell {wanted!r} to seat in scenario {scenario.id} (cells: {', '.join(seats) or 'none'})")


@click.command()
@click.argument("session_path", metavar="SESSION", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cell", "cell_id", required=True, metavar="CELL",
              help="The cell whose console this is, e.g. JPN (it sees only what was released to it).")
def cell(session_path: Path, cell_id: str) -> None:
    """Open CELL's console on a running SESSION file.

    The console follows the session live (the facilitator's releases show
    within a second), shows only the injects released to this cell, this
    move's briefing and questions, and records the cell's decisions.
    """
    from ttx.engine.errors import CommandError, SessionFileError
    from ttx.engine.session import Session

    if not session_path.exists():
        fail(f"{session_path}: no such session file")
    try:
        session = Session.open(session_path)
    except (SessionFileError, CommandError) as exc:
        fail(str(exc))
    try:
        chosen = _pick_cell(session.scenario, cell_id)
        from ttx.tui.cell_app import CellApp, CellSeat

        app = CellApp(CellSeat(session, chosen))
        app.run()
    finally:
        session.close()
    if app.return_code:
        raise SystemExit(app.return_code)
