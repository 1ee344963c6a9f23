"""A facilitator's day with a built-in scenario, as keystrokes on the real console.

`Facilitator` presses the keys a facilitator presses (Textual's Pilot) and
reads back only what the console shows or what the session recorded; it
never calls the engine to act. Time is virtual: the clock moves only when
the facilitator's day says so (`run_to`), and the console's 1 s timer is off
(`tick_seconds=None`): `app.tick()` is the timer firing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from textual import events
from textual.keys import _character_to_key

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.load import load_scenario
from ttx.scenario.model import Scenario
from ttx.tui.app import FacilitatorApp
from ttx.tui.widgets.msel import MselTable

REPO = Path(__file__).resolve().parents[2]
SCENARIO_FILE = REPO / "scenarios" / "dprk-missile-warning.yaml"
INJECTS_DIR = REPO / "injects"
SIZE = (120, 40)
# 07:00 JST on 14 September 2027, the scenario's own start: the wall clock of the room.
START = datetime(2027, 9, 13, 22, 0, tzinfo=UTC)

# What the cells decide, where it matters: the branches of the scenario that
# release its conditional injects (J-Alert issued, key rollover, share on all
# paths, a draft resolution). Every other decision takes the second option
# where there is one, so both radio positions are exercised.
CHOICES = {
    ("M1-02", "JPN"): "issue",
    ("M1-07", "USA"): "rollover",
    ("M2-01", "KOR"): "share-all-paths",
    ("M3-01", "USA"): "table-resolution",
}
NOTE = "KOR notice lagged the JCS track by six minutes"
NOTE_RATING = "M"
HALT_MINUTES = 7  # the fire alarm: seven wall minutes of real-world stop
STRENGTH = "Fallback voice relay stood up inside five minutes"
IMPROVEMENT = "No agreed trilateral line when the J-Alert was withdrawn"
CORRECTIVE = "Pre-agree holding lines for a withdrawn alert"
ANALYSIS = "Each capital drafted its own line; none had authority to clear a joint one"
RESPONSIBLE = "JPN Cabinet Secretariat"
DUE = "2027-12-15"


def load() -> Scenario:
    return load_scenario(SCENARIO_FILE, INJECTS_DIR)


def new_session(tmp_path: Path, vt: VirtualTime) -> Session:
    return Session.create(load(), tmp_path / "dark-track.ttx", now=vt.now, durable=False)


def hotwash_objectives(scenario: Scenario) -> tuple[str, str]:
    """The objectives the hot wash ties its strength and its area for improvement to."""
    return scenario.objectives[-1].id, scenario.objectives[0].id


def rationale(inject: str, cell: str) -> str:
    """What the note-taker types as a cell's rationale: unique per decision."""
    return f"Why {cell} chose so on {inject}"


def option_for(scenario: Scenario, inject: str, cell: str) -> str | None:
    decision = scenario.inject_by_id[inject].decision
    assert decision is not None
    if not decision.options:
        return None
    wanted = CHOICES.get((inject, cell))
    if wanted in [o.id for o in decision.options]:
        return wanted
    return decision.options[min(1, len(decision.options) - 1)].id


def screen_text(app) -> str:
    """The characters on screen now (dialogs included), from the SVG screenshot."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


class Facilitator:
    """The facilitator at the console: keys in, the console and the session out."""

    def __init__(self, app: FacilitatorApp, pilot, vt: VirtualTime) -> None:
        self.app = app
        self.pilot = pilot
        self.vt = vt
        self.scenario = app.scenario
        self.session = app.session
        self.note_objective: str | None = None   # the objective the note dialog offered
        self.halted_in: str | None = None         # the move the real-world stop fell in
        self.contingency: str | None = None       # the contingency inject released

    @property
    def state(self):
        return self.session.state

    async def keys(self, *keys: str) -> None:
        await self.pilot.press(*keys)  # Pilot waits until the console is idle after each key

    async def type(self, text: str) -> None:
        """Type into the focused field: one key event per character, as a terminal
        sends them, without Pilot's idle wait after each (typing stays fast)."""
        driver = self.app._driver
        for char in text:
            key = char if char.isalnum() else _character_to_key(char)
            event = events.Key(key, char)
            event.set_sender(self.app)
            driver.send_message(event)
        await self.pilot.pause()

    def screen(self) -> str:
        return type(self.app.screen).__name__

    def title(self) -> str:
        return str(self.app.query_one("#msel-title").render())

    def status(self, inject: str) -> str:
        return str(self.app.query_one(MselTable).get_cell(inject, "status"))

    # ---- the clock -------------------------------------------------------------
    async def tick(self) -> None:
        self.app.tick()
        await self.pilot.pause()

    async def run_to(self, move_seconds: float) -> None:
        """Let the exercise clock run until `move_seconds` into the current move (one tick)."""
        need = move_seconds - self.state.move_elapsed(self.vt.now())
        if need > 0:
            self.vt.advance(need / float(self.state.speed))
        await self.tick()

    # ---- moves -----------------------------------------------------------------
    async def start_next_move(self) -> str:
        expected = self.state.next_move()
        await self.keys("m")
        assert self.screen() == "BriefingScreen", self.screen()
        await self.keys("enter")
        assert self.screen() == "Screen", self.screen()
        assert self.state.move == expected
        assert self.app.query_one(MselTable).move_id == expected
        return expected

    async def play_move(self, *, leave: Iterable[tuple[str, str]] = (),
                        at_step: Callable[[float], Awaitable[None]] | None = None) -> None:
        """The move as planned: at each inject's time, release what fell due and
        record every open decision (but those in `leave`, which another seat records)."""
        move = self.scenario.move_by_id[self.state.move]
        for at in sorted({i.at for i in move.injects if not i.contingency}):
            await self.run_to(at * 60)
            await self.release_due()
            await self.decide_open(leave=leave)
            if at_step is not None:
                await at_step(at)
        await self.run_to((move.planned_minutes or 0) * 60)

    async def release_due(self) -> list[str]:
        released = []
        while self.state.due_injects():
            due = self.state.due_injects()[0]
            assert f"DUE — space releases {due}" in self.title()
            assert self.status(due) == "● DUE"
            await self.keys("space")
            assert self.state.status[due] == "released", f"space did not release {due}"
            assert self.status(due).startswith("✓")
            released.append(due)
        return released

    # ---- decisions -------------------------------------------------------------
    async def decide_open(self, *, leave: Iterable[tuple[str, str]] = ()) -> None:
        leave = set(leave)
        guard = 0
        while [d for d in self.state.open_decisions() if d not in leave]:
            guard += 1
            assert guard < 20, "the decision modal keeps offering decisions already taken"
            await self.keys("d")
            assert self.screen() == "DecisionScreen", self.screen()
            modal = self.app.screen
            inject, cell = modal.ask.inject, modal.cell
            assert (inject, cell) in self.state.open_decisions(), (
                f"d opened {inject} for {cell}, which is no open decision; open: {self.state.open_decisions()}")
            if (inject, cell) in leave:
                await self.keys("escape")
                return
            await self.record(inject, cell)

    async def record(self, inject: str, cell: str) -> None:
        """In the open decision modal: the option (the highlight picks it; enter goes on
        to the rationale), the rationale, enter."""
        option = option_for(self.scenario, inject, cell)
        decision = self.scenario.inject_by_id[inject].decision
        if option is not None:
            index = [o.id for o in decision.options].index(option)
            await self.pilot.press(*(["down"] * index), "enter")
        await self.type(rationale(inject, cell))
        await self.keys("enter")
        assert self.screen() == "Screen", "the decision modal did not close on enter"
        record = self.state.decisions[inject][cell]
        assert (record.option, record.rationale) == (option, rationale(inject, cell))

    # ---- notes -----------------------------------------------------------------
    async def choose(self, option_label_start: str) -> None:
        """On a focused Select: open it, go down to the option, pick it."""
        select = self.app.focused
        await self.keys("enter")
        for _ in range(12):
            highlighted = self.app.focused.highlighted_option
            if highlighted is not None and str(highlighted.prompt).startswith(option_label_start):
                break
            await self.keys("down")
        await self.keys("enter")
        assert self.app.focused is select

    async def note(self, text: str, *, rating: str, cell: str | None = None) -> None:
        """n, the note, tab to the rating, choose it, ctrl+s."""
        selected = self.app.selected()
        self.note_objective = selected.objectives[0] if selected is not None and selected.objectives else None
        await self.keys("n")
        assert self.screen() == "NoteScreen"
        await self.type(text)
        await self.keys("tab", "tab")                  # kind (stays observation), objective (preset)
        await self.keys("tab")                         # cell
        if cell is not None:
            assert self.app.focused.id == "cell"
            await self.choose(cell)
        await self.keys("tab")
        assert self.app.focused.id == "rating", self.app.focused
        await self.choose(rating)
        await self.keys("ctrl+s")
        assert self.screen() == "Screen"

    # ---- the hot wash ----------------------------------------------------------
    async def field(self, id_: str) -> None:
        """tab until the hot-wash field `id_` has focus."""
        for _ in range(15):
            if self.app.focused is not None and self.app.focused.id == id_:
                return
            await self.keys("tab")
        raise AssertionError(f"tab never reached #{id_}")

    async def hotwash_strength(self, text: str, objective: str) -> None:
        assert self.app.focused.id == "text"
        await self.type(text)
        await self.field("objective")
        await self.choose(objective)
        await self.keys("ctrl+s")

    async def hotwash_improvement(self, text: str, objective: str, *, corrective: str, element: str,
                                  analysis: str, responsible: str, due: str) -> None:
        assert self.app.focused.id == "text"
        await self.keys("shift+tab")                    # the kind: Strength / Area for improvement
        assert self.app.focused.id == "kind"
        await self.keys("down", "enter")
        await self.field("text")
        await self.type(text)
        await self.field("objective")
        await self.choose(objective)
        await self.field("corrective_action")
        await self.type(corrective)
        await self.field("analysis")
        await self.type(analysis)
        await self.field("capability_element")
        await self.choose(element)
        await self.field("responsible")
        await self.type(responsible)
        await self.field("due")
        await self.type(due)
        await self.keys("ctrl+s")


Step = Callable[[str, float], Awaitable[None]]


async def run_the_day(f: Facilitator, *, leave: Iterable[tuple[str, str]] = (), on_step: Step | None = None) -> None:
    """The whole exercise at the console, from the first briefing to the report.

    Move 1: a rated note once the J-Alert is out. Move 2: a fire alarm (the
    real-world stop, seven wall minutes, then p) and a contingency inject.
    Moves 3 and 4 as planned. Then e, y, the hot wash (a strength and an area
    for improvement) and ctrl+r. `on_step(move, at)` runs after each planned
    step's releases and decisions (another seat acting while the console runs);
    the decisions in `leave` are left to it.
    """
    app, scenario = f.app, f.scenario
    screen = screen_text(app)
    assert "Not started — m starts M1" in screen
    assert screen.count(scenario.classification) == 2  # the banner, top and bottom

    def steps(move) -> list[float]:
        return sorted({i.at for i in move.injects if not i.contingency})

    first, second = scenario.moves[0], scenario.moves[1]
    note_at = (first.id, steps(first)[1])                           # once the first injects are out
    halt_at = (second.id, steps(second)[len(steps(second)) // 2])   # mid-move 2

    async def step(at: float) -> None:
        move = f.state.move
        if (move, at) == note_at:
            await f.note(NOTE, rating=NOTE_RATING, cell="KOR")
        if (move, at) == halt_at:
            await real_world_stop(f)
        if on_step is not None:
            await on_step(move, at)

    for move in scenario.moves:
        assert await f.start_next_move() == move.id
        await f.play_move(leave=leave, at_step=step)
        contingency = next((i.id for i in move.injects if i.contingency), None)
        if contingency is not None and f.contingency is None:   # the first move that has one
            await f.keys("c")
            assert f.screen() == "PickScreen" and contingency in screen_text(app)
            await f.keys("enter")
            assert f.state.status[contingency] == "released" and f.status(contingency).startswith("✓")
            f.contingency = contingency
            await f.decide_open(leave=leave)
    assert f.contingency is not None, "the scenario has no contingency inject to release"
    await f.keys("m")
    assert f.screen() == "Screen"   # no move 5: a notice, not a briefing

    await f.keys("e")
    assert f.screen() == "ConfirmScreen"
    await f.keys("y")
    assert f.state.ended and f.screen() == "HotwashScreen"
    strength_objective, improvement_objective = hotwash_objectives(scenario)
    await f.hotwash_strength(STRENGTH, f"{strength_objective} —")
    await f.hotwash_improvement(IMPROVEMENT, f"{improvement_objective} —", corrective=CORRECTIVE, element="Planning",
                                analysis=ANALYSIS, responsible=RESPONSIBLE, due=DUE)
    items = str(app.screen.query_one("#items").render())
    assert STRENGTH in items and IMPROVEMENT in items
    await f.keys("ctrl+r")
    status = str(app.screen.query_one("#report-status").render())
    assert "Report written (DRAFT)" in status, status


async def real_world_stop(f: Facilitator) -> None:
    """!, the room empties for HALT_MINUTES while the console stays up, then p."""
    app = f.app
    clock = app.clock()
    f.halted_in = f.state.move
    await f.keys("exclamation_mark")
    assert f.state.halt is not None and not f.state.running
    text = screen_text(app)
    assert "REAL-WORLD STOP" in text and " HALTED " in text
    f.vt.advance(HALT_MINUTES * 60)
    await f.tick()
    assert app.clock() == clock, "the exercise clock ran during a real-world stop"
    assert "REAL-WORLD STOP" in screen_text(app)
    await f.keys("p")
    assert f.state.halt is None and f.state.running
    assert "REAL-WORLD STOP" not in screen_text(app)
