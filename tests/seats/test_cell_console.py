"""The cell console, driven like a note-taker would, while the facilitator
(another process, or a second Session on the same file) runs the exercise."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ttx.cli import main
from ttx.engine.cellview import CellView
from ttx.engine.session import Session
from ttx.tui.cell_app import CELL_ACTS, CellActsProvider, CellApp, CellSeat
from ttx.tui.screens.help import HelpScreen
from ttx.tui.screens.confirm import ConfirmScreen
from ttx.tui.screens.decision import DecisionScreen

SIZE = (100, 30)
pytestmark = pytest.mark.anyio
CONTROLLER_MATERIAL = ("EXPECTED-ACTION", "OBJECTIVE TEXT", "OBJ-1", "CONTROLLER SUMMARY", "CONTINGENCY-BODY",
                       "FACILITATOR-MOVE-NOTE", "FACILITATOR-INJECT-NOTE", "TRIGGER-TEXT")


def release_in_another_process(path: Path, *injects: str) -> None:
    """The facilitator, in its own process, releases injects."""
    script = (
        "import sys\n"
        "from ttx.engine.session import Session\n"
        "with Session.open(sys.argv[1]) as s:\n"
        "    for i in sys.argv[2:]:\n"
        "        s.release(i, force=True)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path), *injects], check=True, timeout=30)


def screen_text(app: CellApp) -> str:
    """The characters on screen now (the top screen, dialogs included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot, predicate, timeout: float = 30.0) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError("timed out")
        await pilot.pause(0.05)
    return time.monotonic() - start


def decide_ready(app: CellApp) -> bool:
    """The decision dialog is up with its options drawn (the fixed pauses this
    replaces were too short on a loaded machine)."""
    return isinstance(app.screen, DecisionScreen) and bool(app.screen.query("#option"))


def open_app(path: Path, cell: str) -> CellApp:
    return CellApp(CellSeat(Session.open(path), cell))


async def test_follows_releases_written_by_another_process(session_path: Path) -> None:
    # "Within a second" is the poll interval's promise; a wall-clock bound here
    # failed CI on a loaded machine, so the test waits for what it asserts.
    app = open_app(session_path, "JPN")
    assert app.poll_seconds is not None and app.poll_seconds <= 1.0
    async with app.run_test(size=SIZE) as pilot:
        assert app.view.inbox == ()
        assert "Nothing has been released" in screen_text(app)
        await asyncio.to_thread(release_in_another_process, session_path, "M1-01")
        await wait_for(pilot, lambda: [i.id for i in app.view.inbox] == ["M1-01"], timeout=30)
        await wait_for(pilot, lambda: "Share the track now?" in screen_text(app), timeout=30)
        text = screen_text(app)
        assert "Launch detected" in text and "Track data for all." in text
        await asyncio.to_thread(release_in_another_process, session_path, "M1-02")
        await wait_for(pilot, lambda: [i.id for i in app.view.inbox] == ["M1-02", "M1-01"], timeout=30)
        # newest first and selected: its markings and its decision drawn
        await wait_for(pilot, lambda: "Tell Seoul?" in screen_text(app), timeout=30)
        assert "REL TO USA, JPN" in screen_text(app)
    app.seat.close()


async def test_an_inject_for_usa_and_jpn_never_reaches_kor(session_path: Path) -> None:
    facilitator = Session.open(session_path, durable=False)
    app = open_app(session_path, "KOR")
    async with app.run_test(size=SIZE) as pilot:
        for inject in ("M1-02", "M1-01", "M1-03"):
            facilitator.release(inject, force=True)
        facilitator.record_decision("M1-02", "USA", "no", "USA-SECRET-RATIONALE")
        facilitator.record_decision("M1-02", "JPN", "yes", "JPN-SECRET-RATIONALE")
        await wait_for(pilot, lambda: len(app.view.inbox) == 2)
        assert [i.id for i in app.view.inbox] == ["M1-03", "M1-01"]
        screens = []
        for key in ("i", "b", "t"):
            await pilot.press(key)
            await pilot.pause(0.1)
            screens.append(screen_text(app))
        for tab in screens:
            for forbidden in ("Allied-only", "SECRET-ALLIED-BODY", "Tell Seoul", "SECRET-RATIONALE",
                              "ALLIED-ONLY QUESTION", *CONTROLLER_MATERIAL):
                assert forbidden not in tab
        assert "Korea-only note" in screens[0]
        assert "What do you tell the public?" in screens[1]
        # the state the console is given holds none of it either
        assert isinstance(app.view, CellView)
        state_text = repr(app.view)
        for forbidden in ("M1-02", "SECRET", "ALLIED-ONLY", *CONTROLLER_MATERIAL):
            assert forbidden not in state_text
        # once the facilitator shares USA's decision, KOR sees that decision (an event)
        facilitator.share_decision("M1-02", "USA")
        await wait_for(pilot, lambda: bool(app.view.shared_decisions))
        await wait_for(pilot, lambda: "USA-SECRET-RATIONALE" in screen_text(app))
        assert "JPN-SECRET-RATIONALE" not in repr(app.view) + screen_text(app)
    app.seat.close()
    facilitator.close()


async def test_the_cell_records_its_decision_and_the_facilitator_sees_it(session_path: Path) -> None:
    facilitator = Session.open(session_path, durable=False)
    facilitator.release("M1-01")
    app = open_app(session_path, "JPN")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: decide_ready(app))
        await pilot.press("down", "enter")  # option "hold", on to the rationale
        await pilot.press(*"National assessment first")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.view.open_decisions == ())
        facilitator.refresh()
        record = facilitator.state.decisions["M1-01"]["JPN"]
        assert (record.option, record.rationale) == ("hold", "National assessment first")
        await pilot.press("t")
        await wait_for(pilot, lambda: "National assessment first" in screen_text(app))
    app.seat.close()
    facilitator.close()


async def test_a_refused_decision_is_a_notification_not_a_crash(session_path: Path) -> None:
    """The dialog was open when the facilitator ended the exercise: saving says why not."""
    facilitator = Session.open(session_path, durable=False)
    facilitator.release("M1-01")
    app = CellApp(CellSeat(Session.open(session_path), "JPN"), poll_seconds=None)  # not yet told of the end
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: decide_ready(app))
        facilitator.end()
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        errors = [n for n in app._notifications if n.severity == "error"]
        assert "ended" in errors[-1].message
        assert not isinstance(app.screen, DecisionScreen)
    app.seat.close()
    facilitator.close()


async def test_help_and_palette_offer_only_cell_acts(session_path: Path) -> None:
    app = open_app(session_path, "USA")
    async with app.run_test(size=SIZE) as pilot:
        assert list(app.get_system_commands(app.screen)) == []
        assert app.COMMANDS == {CellActsProvider}
        ids = {b.action for _, b in app._bindings}
        assert {"decide", "inbox", "briefing", "decisions", "help", "quit"} <= ids
        for controller_act in ("release", "release_next", "hold", "skip", "note", "pause", "end", "contingency"):
            assert controller_act not in ids
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        from rich.console import Console

        from ttx.tui.screens.help import help_table

        # every line of the help (it scrolls past the screen's foot), as the screen holds it
        console = Console(width=120, record=True, file=open("/dev/null", "w"))
        console.print(help_table(app.screen.acts))
        text = console.export_text() + screen_text(app)
        for act in CELL_ACTS:
            assert act.description in text
        for word in ("Release", "Skip", "Contingency", "evaluator", "Expected"):
            assert word not in text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        from textual.command import CommandList

        def offered() -> str:
            lists = app.screen.query(CommandList)
            return " ".join(str(o.prompt) for o in lists.first().options) if lists else ""

        await wait_for(pilot, lambda: all(act.description in offered() for act in CELL_ACTS))

        # what the palette offers before any typing: the cell's acts (all of them, the
        # list scrolling past the screen's foot)
        await pilot.press(*"re")  # "Release" would match, were it offered
        await wait_for(pilot, lambda: "Decide" in screen_text(app) or "Briefing" in screen_text(app))
        palette = screen_text(app)
        assert "Decide" in palette or "Briefing" in palette
        assert "Release" not in palette and "Screenshot" not in palette and "theme" not in palette.lower()
    app.seat.close()


def test_ttx_cell_refuses_an_unknown_or_control_cell(session_path: Path) -> None:
    for cell in ("WHITE", "FRA"):
        result = CliRunner().invoke(main, ["cell", str(session_path), "--cell", cell])
        assert result.exit_code == 2
        assert "no cell" in result.output and "USA, JPN, KOR" in result.output
    result = CliRunner().invoke(main, ["cell", str(session_path.with_name("missing.ttx")), "--cell", "JPN"])
    assert result.exit_code == 2 and "no such session file" in result.output


async def test_the_cell_revises_its_decision_starting_from_the_current_choice(session_path: Path) -> None:
    facilitator = Session.open(session_path, durable=False)
    facilitator.release("M1-01")
    facilitator.record_decision("M1-01", "JPN", "hold", "National assessment first")
    app = open_app(session_path, "JPN")
    async with app.run_test(size=SIZE) as pilot:
        assert app.view.open_decisions == ()
        assert "yours: hold (r revises it)" in screen_text(app)
        await pilot.press("r")
        await wait_for(pilot, lambda: decide_ready(app))
        await wait_for(pilot, lambda: "JPN decided: hold — National assessment first" in screen_text(app))
        assert app.screen.query_one("#option").highlighted_option.id == "hold"
        assert app.screen.query_one("#rationale").value == "National assessment first"
        await pilot.press("up", "enter", "ctrl+u")  # option "share", a new rationale
        await pilot.press(*"Seoul asked")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # a revision asks first
        assert "hold → share" in app.screen.message
        await pilot.press("y")
        await wait_for(pilot, lambda: any(n.title == "Decision revised" for n in app._notifications))
        facilitator.refresh()
        record = facilitator.state.decisions["M1-01"]["JPN"]
        assert (record.option, record.rationale) == ("share", "Seoul asked")  # the later one replaces
        assert [(d.inject, d.option) for d in app.view.own_decisions] == [("M1-01", "share")]
    app.seat.close()
    facilitator.close()


def test_the_seat_offers_only_the_cells_own_taken_decisions_to_change(session_path: Path) -> None:
    facilitator = Session.open(session_path, durable=False)
    facilitator.release("M1-01")
    facilitator.release("M1-02")
    facilitator.record_decision("M1-01", "USA", "share")
    facilitator.record_decision("M1-02", "USA", "no")
    facilitator.record_decision("M1-01", "KOR", "hold")
    with Session.open(session_path) as session:
        kor = CellSeat(session, "KOR")
        assert [d.inject for d in kor.view().taken_prompts] == ["M1-01"]
        jpn = CellSeat(session, "JPN")
        assert jpn.view().taken_prompts == ()
    facilitator.close()


async def test_a_real_world_stop_stands_above_the_cell_console_until_resumed(session_path: Path) -> None:
    facilitator = Session.open(session_path, durable=False)
    app = open_app(session_path, "KOR")
    async with app.run_test(size=SIZE) as pilot:
        facilitator.halt("Fire alarm: leave the building by the east stairs.")
        await wait_for(pilot, lambda: "REAL-WORLD STOP" in screen_text(app))
        assert "Fire alarm: leave the building by the east stairs." in screen_text(app)
        assert "HALTED" in screen_text(app)
        facilitator.resume()
        await wait_for(pilot, lambda: "REAL-WORLD STOP" not in screen_text(app))
    app.seat.close()
    facilitator.close()


async def test_a_huge_inject_body_is_drawn_only_in_part_and_says_so(tmp_path: Path) -> None:
    """A 1.9 MB body took 32 s to draw (issue 14): the screen draws the first
    DRAWN_LIMIT characters and says how many it left out."""
    import copy

    from ttx.scenario.model import Scenario
    from ttx.tui.format import DRAWN_LIMIT, drawn

    from .conftest import SCENARIO

    data = copy.deepcopy(SCENARIO)
    line = "The harbour is closed to all traffic after the port authority's notice.\n"
    body = line * (300_000 // len(line))
    data["moves"][0]["injects"][0]["body"] = body
    path = tmp_path / "big.ttx"
    with Session.create(Scenario.model_validate(data), path, durable=False) as s:
        s.start_move("M1")
        s.release("M1-01")
    app = open_app(path, "USA")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Launch detected" in screen_text(app), timeout=30)
        view = app.query_one("#inject")
        assert view.virtual_size.height < DRAWN_LIMIT // 20  # a line per 70-odd characters drawn, no more
        view.scroll_end(animate=False)
        shown, left_out = drawn(body)
        assert DRAWN_LIMIT // 2 < len(shown) <= DRAWN_LIMIT and left_out == len(body) - len(shown)
        await wait_for(pilot, lambda: f"{left_out:,} more characters are not shown" in screen_text(app))


async def test_closing_while_the_poll_timer_fires_raises_nothing(session_path: Path) -> None:
    """The timer fires while the app shuts down and its widgets go: on a loaded
    machine a poll landed there and raised NoMatches('#cell-status') (issue 13).
    A timer firing every millisecond makes that moment certain."""
    for _ in range(5):
        app = CellApp(CellSeat(Session.open(session_path), "USA"), poll_seconds=0.001)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.02)
        app.seat.close()
