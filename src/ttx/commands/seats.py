"""`ttx cell`, `ttx room`, `ttx evaluate` and `ttx serve`: the national cells',
the room's and the evaluators' consoles, in a terminal or a browser.

Imports stay inside the commands so `ttx --help` never loads Textual.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ttx.commands.common import check_lang, fail
from ttx.i18n import _


def _seat_cells(scenario) -> tuple[str, ...]:
    """Cells that may have a console: every cell but the control cell(s)."""
    return tuple(c.id for c in scenario.cells if c.kind != "control")


def _pick_cell(scenario, wanted: str) -> str:
    seats = _seat_cells(scenario)
    for cell in seats:
        if cell.upper() == wanted.strip().upper():
            return cell
    fail(_("no cell {cell!r} to seat in scenario {scenario} (cells: {cells})").format(
        cell=wanted, scenario=scenario.id, cells=", ".join(seats) or _("none")))


# A console's language: --lang, else the cell's `lang:` in the scenario, else the environment.
lang_option = click.option(
    "--lang", "lang", default=None, metavar="LANG",
    help="The console's language (en, ja, ko …): its words, and the scenario's texts where the scenario "
         "is translated into it. Default: the cell's `lang:` in the scenario, else LANG/LC_ALL.")


def _language(option: str | None, scenario=None, cell: str | None = None) -> str:
    """The console's language, made the language of its messages."""
    from ttx import i18n

    default = scenario.cell_by_id[cell].lang if scenario is not None and cell in scenario.cell_by_id else None
    lang = i18n.choose(option, default)
    i18n.use(lang)
    return lang


def _run(session, make_app) -> None:
    """Run the console `make_app()` builds on `session`, close the session however it
    ends (a refused cell, a crash, ctrl+q), and exit with the console's return code."""
    try:
        app = make_app()
        app.run()
    finally:
        session.close()
    if app.return_code:
        raise SystemExit(app.return_code)


def _join(session_path: Path, *, readonly: bool = False):
    """The running session a seat joins, or exit 2 saying why it cannot."""
    from ttx.engine.errors import CommandError, SessionFileError
    from ttx.engine.session import Session

    if not session_path.exists():
        fail(_("{path}: no such session file").format(path=session_path))
    try:
        return Session.open(session_path, readonly=readonly)
    except (SessionFileError, CommandError) as exc:
        fail(str(exc))


@click.command()
@click.argument("session_path", metavar="SESSION", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cell", "cell_id", required=True, metavar="CELL",
              help="The cell whose console this is, e.g. JPN (it sees only what was released to it).")
@lang_option
def cell(session_path: Path, cell_id: str, lang: str | None) -> None:
    """Open CELL's console on a running SESSION file.

    The console follows the session live (the facilitator's releases show
    within a second), shows only the injects released to this cell, this
    move's briefing and questions, and records the cell's decisions.
    """
    from ttx.tui.cell_app import CellApp, CellSeat

    check_lang(lang)
    session = _join(session_path)
    seat = _pick_cell(session.scenario, cell_id)
    language = _language(lang, session.scenario, seat)
    _run(session, lambda: CellApp(CellSeat(session, seat, language)))


@click.command()
@click.argument("session_path", metavar="SESSION", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
def room(session_path: Path, lang: str | None) -> None:
    """Open the room's screen on a running SESSION file: for a projector in a plenary.

    It shows what every player cell may see at once (the injects released to
    all of them, the move's briefing and the questions put to all of them),
    follows the session live and takes nothing. The session is opened read-only.
    """
    from ttx.tui.cell_app import RoomApp, RoomSeat

    check_lang(lang)
    session = _join(session_path, readonly=True)
    language = _language(lang)
    _run(session, lambda: RoomApp(RoomSeat(session, language)))


@click.command()
@click.argument("session_path", metavar="SESSION", type=click.Path(dir_okay=False, path_type=Path))
def evaluate(session_path: Path) -> None:
    """Open an evaluator's console on a running SESSION file.

    It shows what the facilitator sees (the MSEL, each inject with its
    expected actions and objectives, the cells' decisions) and follows the
    session live, but its one act is a note: an observation, strength or
    area for improvement, tied to an objective, a cell and a P/S/M/U rating.
    It never releases an inject nor makes one fall due. Like a cell's console,
    while it is open someone is at the table: the exercise clock does not stop
    for the facilitator's console closing (pause it for a break).
    """
    from ttx.tui.app import EvaluatorApp

    session = _join(session_path)
    _run(session, lambda: EvaluatorApp(session))


@click.command()
@click.argument("session_path", metavar="SESSION", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cells", "cells", default=None, metavar="USA,JPN,KOR",
              help="The cells to seat, comma-separated (default: every player cell).")
@click.option("--facilitator/--no-facilitator", default=True, show_default=True,
              help="Also serve the facilitator console (`ttx run --resume SESSION`).")
@click.option("--evaluator/--no-evaluator", default=True, show_default=True,
              help="Also serve an evaluators' console (`ttx evaluate SESSION`): sees all, records notes only.")
@click.option("--room", "room_screen", is_flag=True,
              help="Also serve the room's screen (`ttx room SESSION`): what every player cell may see, for a projector.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default, loopback, is reachable from this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--public-url", default=None, metavar="URL",
              help="The address browsers use (e.g. https://ttx.example.org behind a TLS reverse proxy): "
                   "the printed URLs use it and the seats' websockets accept pages from it.")
def serve(session_path: Path, cells: str | None, facilitator: bool, evaluator: bool, room_screen: bool, host: str,
          port: int, public_url: str | None) -> None:
    """Serve SESSION's consoles to web browsers: one secret URL per seat.

    Each cell's URL opens that cell's console and nothing else; the
    facilitator's URL opens the facilitator console, the evaluator's an
    evaluator's console (`ttx evaluate`), the room's (with --room) the room's
    screen (`ttx room`). A request without a seat's token gets nothing.
    Share each URL with its seat only.
    """
    session_path = session_path.resolve()
    with _join(session_path, readonly=True) as session:
        scenario = session.scenario
    if cells is None:
        chosen = list(scenario.player_cells)
    else:
        chosen = []
        for wanted in cells.split(","):
            if wanted.strip():
                cell = _pick_cell(scenario, wanted)
                if cell not in chosen:
                    chosen.append(cell)
    if not chosen and not facilitator and not evaluator and not room_screen:
        fail("no seat to serve: give --cells, --room, or drop --no-facilitator or --no-evaluator")

    from ttx.web import server as web

    if public_url is not None and web.origin_of(public_url) is None:
        fail(f"--public-url {public_url}: give the whole address, e.g. https://ttx.example.org")

    seats = [web.cell_seat(session_path, cell) for cell in chosen]
    if facilitator:
        seats.append(web.facilitator_seat(session_path))
    if evaluator:
        seats.append(web.evaluator_seat(session_path))
    if room_screen:
        seats.append(web.room_seat(session_path))
    base = (public_url or f"http://{_url_host(host)}:{port}").rstrip("/")

    def ready() -> None:
        click.echo(f"ttx serve: {session_path} ({scenario.title})")
        if _is_loopback(host):
            click.echo(f"Listening on {host}:{port}, loopback only: browsers on this machine only. "
                       "For remote seats use an SSH tunnel (ssh -L) or a TLS reverse proxy; see the README.")
        else:
            click.echo(f"Listening on {host}:{port}: NOT loopback — reachable from the network, unencrypted "
                       "unless a TLS reverse proxy is in front. Anyone with a seat's URL gets that seat.")
        click.echo("One URL per seat; give each only to its seat:")
        width = max(len(s.name) for s in seats)
        for seat in seats:
            click.echo(f"  {seat.name:<{width}}  {base}{seat.path()}")
        click.echo("Ctrl+C stops serving (the session file keeps everything).", nl=True)
        sys.stdout.flush()

    try:
        web.serve(seats, host, port, title=f"ttx — {scenario.title}", on_ready=ready, public_url=public_url)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        import socket

        return socket.gethostname()
    return f"[{host}]" if ":" in host else host
