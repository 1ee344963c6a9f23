"""No English left in a cell's console (issue 21): every word the console itself
draws goes through the catalogue.

The console runs in a pseudo-language whose catalogue writes every message of
the template in full-width letters (Ｄｅｃｉｄｅ, {placeholders} kept), on the
scenario translated into Japanese. Then every Latin word on screen must come
from what the cell was sent (its view: ids, markings, the banner, option ids,
Latin words inside the Japanese texts) or be a key's name: a word the code
wrote in English without `_()` shows in plain ASCII, and fails the test with
its screen. The walk opens what a cell sees: the inbox, the briefing, the
Decisions and Talk tabs, the help, every dialog (decide, revise and its
confirmation, ask control, message), the toasts of what arrives; and the
room's screen.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.i18n.test_catalogues import TEMPLATE
from ttx import i18n
from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.load import load_scenario
from ttx.tui.bindings import NAVIGATION
from ttx.tui.cell_app import CELL_ACTS, ROOM_ACTS, CellApp, CellSeat, RoomApp, RoomSeat
from ttx.tui.screens.confirm import ConfirmScreen
from ttx.tui.screens.decision import DecisionScreen
from ttx.tui.screens.help import HelpScreen
from ttx.tui.screens.talk import AskControlScreen, MessageScreen

ROOT = Path(__file__).resolve().parents[2]
SIZE = (100, 60)  # tall: the help and the dialogs show whole (layout is the snapshots' business)
pytestmark = pytest.mark.anyio
_FIELD = re.compile(r"(\{[^{}]*\}|%\(\w+\)s)")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def pseudo(message: str) -> str:
    """`message` in full-width letters, its placeholders as written."""
    return "".join(part if _FIELD.fullmatch(part) else
                   "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalpha() else c for c in part)
                   for part in _FIELD.split(message))


class Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message) if message in TEMPLATE else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def test_the_pseudo_language_leaves_no_latin_letter_but_the_placeholders():
    assert pseudo("Decide {inject} now") == "Ｄｅｃｉｄｅ {inject} ｎｏｗ"
    assert not _LATIN.search(_FIELD.sub("", pseudo("Message from {cell}: %(n)s (ctrl+s)")))


@pytest.fixture
def pseudo_language(monkeypatch):
    monkeypatch.setattr(i18n, "_active", Pseudo())
    yield
    i18n.use("en")


@pytest.fixture
def session(tmp_path: Path):
    scenario = load_scenario(ROOT / "scenarios" / "dprk-missile-warning.yaml", ROOT / "injects")
    vt = VirtualTime(datetime(2027, 9, 13, 22, 0, tzinfo=timezone.utc))
    s = Session.create(scenario, tmp_path / "dprk.ttx", now=vt.now, durable=False)
    s.start_move("M1")
    for inject in ("M1-01", "M1-02", "M1-06"):
        vt.advance(120)
        s.release(inject)
    yield s
    s.close()


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    elif hasattr(value, "model_dump"):  # the scenario's pydantic parts (a decision's options)
        value = value.model_dump()
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for v in value for s in _strings(v)]
    return []


def _keys() -> str:
    return " ".join([act.key_label for act in CELL_ACTS + ROOM_ACTS] + [keys for keys, _ in NAVIGATION])


class Walk:
    """What the console showed, screen after screen, and the Latin words no data explains."""

    def __init__(self, app: CellApp) -> None:
        self.app = app
        self.sent = ""  # everything the cell was sent, in its language: its views as they came
        self.leaks: dict[str, str] = {}

    def look(self, where: str) -> None:
        self.sent += "\n".join(_strings(self.app.view)) + "\n"
        text = "\n".join(strip.text.rstrip() for strip in self.app.screen._compositor.render_strips()).strip("\n")
        # and the toasts, which may not have drawn yet
        text += "".join(f"\n▶ {n.title}: {n.message}" for n in self.app._notifications)
        allowed = self.sent + _keys()
        for word in _LATIN.findall(text):
            if word not in allowed:
                self.leaks.setdefault(word, f"{where}:\n{text}")


async def until(pilot, predicate, what: str) -> None:
    deadline = time.monotonic() + 30  # a failure bound only: it waits for the condition
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def _report(walk: Walk) -> str:
    words = sorted(walk.leaks)
    first = walk.leaks[words[0]] if words else ""
    return f"English on the console, not from the catalogue: {words}\nfirst seen on {first}"


async def test_every_word_of_the_cell_console_comes_from_the_catalogue(session, pseudo_language):
    app = CellApp(CellSeat(session, "JPN", "ja"), poll_seconds=None)
    walk = Walk(app)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.view.inbox), "the inbox")
        await pilot.pause()
        walk.look("the inbox")
        for key, where in (("b", "the briefing"), ("t", "the Decisions tab"), ("c", "the Talk tab")):
            await pilot.press(key)
            await pilot.pause()
            walk.look(where)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        walk.look("the help screen")
        await pilot.press("escape")
        await pilot.press("i")
        for key, screen in (("a", AskControlScreen), ("m", MessageScreen)):
            await pilot.press(key)
            await until(pilot, lambda: isinstance(app.screen, screen), screen.__name__)
            await pilot.pause()
            walk.look(screen.__name__)
            await pilot.press("ctrl+s")  # empty: the form says what is missing
            await pilot.pause()
            walk.look(f"{screen.__name__}, sent empty")
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.screen_stack[0], "the form closed")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DecisionScreen), "the decision dialog")
        await pilot.pause()
        walk.look("the decision dialog")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(app.view.own_decisions), "the decision recorded")
        await pilot.pause()
        walk.look("the decision recorded (its toast)")
        await pilot.press("t")
        await pilot.pause()
        walk.look("the Decisions tab with a decision")
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, DecisionScreen), "the revision")
        await pilot.pause()
        walk.look("the decision dialog, revising")
        await pilot.press("down", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the confirmation")
        await pilot.pause()
        walk.look("the revision's confirmation")
        await pilot.press("y")
        await until(pilot, lambda: app.screen is app.screen_stack[0], "the revision recorded")
        await pilot.press("d")  # nothing more is open: the toast says so
        await pilot.pause()
        walk.look("no decision waiting")
        # what arrives: a request answered, a message, a new inject, a recall
        session.send_request("JPN", "在外公館からの報告は？")
        session.answer_request("RFI-1", "報告なし。")
        session.send_message("USA", ["JPN"], "了解。")
        session.release("M1-03")
        session.recall("M1-01", "誤配信のため。")
        app.poll()
        await pilot.pause()
        walk.look("what arrived (its toasts)")
        await pilot.press("c")
        await pilot.pause()
        walk.look("the Talk tab with talk")
    assert not walk.leaks, _report(walk)


async def test_every_word_of_the_room_s_screen_comes_from_the_catalogue(session, pseudo_language):
    app = RoomApp(RoomSeat(session, "ja"), poll_seconds=None)
    walk = Walk(app)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: bool(app.view.inbox), "the inbox")
        await pilot.pause()
        walk.look("the room's inbox")
        for key, where in (("b", "the briefing"), ("c", "the Talk tab")):
            await pilot.press(key)
            await pilot.pause()
            walk.look(where)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        walk.look("the help screen")
    assert not walk.leaks, _report(walk)
