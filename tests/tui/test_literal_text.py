"""No user or scenario text ever reaches Textual as markup (issue 14, item 1).

Every field a scenario author or a participant writes carries markup that
Textual would act on: `[/]` (a MarkupError that ends the console), a
`javascript:` link (a clickable OSC 8 link), an `@click` action, a bold
that never closes and a colour that hides the text. Each console is driven
through every place that text appears, and each time the screen must show
the text exactly as typed, with no link and no action in any cell of it.
"""

from __future__ import annotations

import copy
import re

import pytest
from textual.widgets import Input, Select

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.model import Scenario
from ttx.tui.app import EvaluatorApp, FacilitatorApp
from ttx.tui.cell_app import CellApp, CellSeat, RoomApp, RoomSeat

from .conftest import SCENARIO, START, until

pytestmark = pytest.mark.anyio

MARKUP = '[/] [link="javascript:alert(1)"]x[/link] [@click=app.quit]x[/] [b] [#0c181f]hidden[/]'
SIZE = (320, 80)  # wide enough that no field is cut


def typed(tag: str) -> str:
    """A field's text: a tag to tell the fields apart, then every markup trap."""
    return f"{tag} {MARKUP}"


def hostile_scenario() -> Scenario:
    data = copy.deepcopy(SCENARIO)
    data["title"] = typed("SCEN")
    data["objectives"][0]["text"] = typed("OBJ")
    data["cells"][0]["name"] = typed("CELLNAME")
    move = data["moves"][0]
    move["title"] = typed("MOVE")
    move["situation"] = typed("SITUATION")
    move["questions"][1]["text"] = typed("QUESTION")  # put to every cell
    first = move["injects"][0]
    first.update(title=typed("TITLE"), body=typed("BODY"), **{"from": typed("FROM")})
    first["expected_actions"] = [typed("EXPECT")]
    first["decision"]["prompt"] = typed("PROMPT")
    first["decision"]["options"][0]["text"] = typed("OPTION")
    move["injects"][1]["title"] = typed("DUE")        # M1-02 falls due at +5
    move["injects"][4]["title"] = typed("CONTINGENCY")
    return Scenario.model_validate(data)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def screen_strips(app):
    return app.screen._compositor.render_strips()


def shown(app, widget=None) -> str:
    """What the screen shows, inside `widget`'s region if given, whitespace removed
    (wrapped text reads as one run)."""
    strips = screen_strips(app)
    if widget is None:
        return squeeze("".join(s.text for s in strips))
    r = widget.content_region  # inside borders and padding
    return squeeze("".join(s.crop(r.x, r.right).text for s in strips[r.y:r.bottom]))


def assert_shown(app, *tags: str, widget) -> None:
    """Each tag's text is on screen as typed, inside `widget` (a widget or a selector)."""
    if isinstance(widget, str):
        widget = app.screen.query_one(widget)
    text = shown(app, widget)
    for tag in tags:
        assert squeeze(typed(tag)) in text, f"{tag} not shown as typed in {type(app.screen).__name__}"
    assert_inert(app)


def assert_inert(app) -> None:
    """No cell of the screen is a link or runs an action."""
    for strip in screen_strips(app):
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            assert not style.link, f"a link on screen: {segment.text!r} -> {style.link}"
            assert "@click" not in (style.meta or {}), f"an action on screen: {segment.text!r}"


def toasts(app):
    from textual.widgets._toast import Toast

    return list(app.screen.query(Toast))


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


@pytest.fixture
def vt() -> VirtualTime:
    return VirtualTime(START)


@pytest.fixture
def live(tmp_path, vt):
    """A session of the hostile scenario, move 1 running, M1-01 released, USA and
    JPN decided with hostile rationales, USA's shared, a hostile note and hot-wash item."""
    s = Session.create(hostile_scenario(), tmp_path / "hostile.ttx", now=vt.now, durable=False)
    s.start_move("M1")
    s.release("M1-01")
    s.record_decision("M1-01", "USA", "share", typed("RATIONALE"))
    s.record_decision("M1-01", "JPN", "share", typed("JPNWHY"))
    s.share_decision("M1-01", "USA")
    yield s
    s.close()


@pytest.mark.parametrize("console", [FacilitatorApp, EvaluatorApp])
async def test_console_shows_every_field_as_typed(live, vt, console):
    app = console(live, now=vt.now, tick_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.table.select("M1-01")
        await pilot.pause()
        # header (scenario and move title), MSEL row, the inject pane (from, body, option, objective)
        assert_shown(app, "SCEN", "MOVE", widget="#clock")
        assert_shown(app, "TITLE", widget="#msel")
        assert_shown(app, "TITLE", "FROM", "BODY", "EXPECT", "PROMPT", "OPTION", "OBJ", widget="#detail")
        await pilot.press("n")  # the note dialog, with the inject's objective
        await until(pilot, lambda: type(app.screen).__name__ == "NoteScreen", "the note dialog")
        assert_shown(app, "OBJ", widget="#objective #label")


async def test_an_inject_falling_due_is_announced_as_typed(live, vt):
    app = FacilitatorApp(live, now=vt.now, tick_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        vt.advance(6 * 60)
        app.tick()
        await until(pilot, lambda: any("DUE" in shown(app, t) for t in toasts(app)), "the due toast")
        assert_shown(app, "DUE", widget=next(t for t in toasts(app) if "DUE" in shown(app, t)))


async def test_facilitator_dialogs_show_every_field_as_typed(live, vt):
    app = FacilitatorApp(live, now=vt.now, tick_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.table.select("M1-01")
        await pilot.pause()

        await pilot.press("o")  # the share picker: the cells' rationales
        await until(pilot, lambda: type(app.screen).__name__ == "PickScreen", "the share picker")
        assert_shown(app, "RATIONALE", "JPNWHY", widget="#choices")
        await pilot.press("escape")

        await pilot.press("d")  # the decision dialog: title, prompt, cell names, options
        await until(pilot, lambda: type(app.screen).__name__ == "DecisionScreen", "the decision dialog")
        assert_shown(app, "TITLE", widget="#decision-title")
        assert_shown(app, "PROMPT", widget="#prompt")
        assert_shown(app, "CELLNAME", widget="#cell")
        assert_shown(app, "OPTION", widget="#option")
        await pilot.press("escape")

        await pilot.press("n")  # the note dialog: the objective and the cell, the typed note
        await until(pilot, lambda: type(app.screen).__name__ == "NoteScreen", "the note dialog")
        app.screen.query_one("#cell", Select).value = "USA"
        await type_text(pilot, typed("NOTE"))
        await pilot.pause()
        assert_shown(app, "OBJ", widget="#objective #label")
        assert_shown(app, "CELLNAME", widget="#cell #label")
        assert_shown(app, "NOTE", widget="#text")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(e.type == "note_added" for e in live.events), "the note")
        assert [e.data["text"] for e in live.events if e.type == "note_added"] == [typed("NOTE")]

        await pilot.press("c")  # the contingency picker: inject titles
        await until(pilot, lambda: type(app.screen).__name__ == "PickScreen", "the contingency picker")
        assert_shown(app, "CONTINGENCY", widget="#choices")
        await pilot.press("escape")

        await pilot.press("b")  # the briefing: move title, situation, questions
        await until(pilot, lambda: type(app.screen).__name__ == "BriefingScreen", "the briefing")
        assert_shown(app, "MOVE", widget=".dialog-title")
        assert_shown(app, "SITUATION", "QUESTION", widget="#briefing")
        await pilot.press("escape")
        assert app.is_running


async def test_hot_wash_shows_every_field_as_typed(live, vt):
    live.add_hotwash("strength", typed("KEPT"), objective="OBJ-1")
    live.end()
    app = FacilitatorApp(live, now=vt.now, tick_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HotwashScreen", "the hot wash")
        assert_shown(app, "SCEN", widget="#hotwash-title")
        assert_shown(app, "KEPT", widget="#items")
        app.screen.query_one("#objective", Select).value = "OBJ-1"
        app.screen.query_one("#text", Input).focus()
        await type_text(pilot, typed("HOTWASH"))
        await pilot.pause()
        assert_shown(app, "OBJ", widget="#objective #label")
        assert_shown(app, "HOTWASH", widget="#text")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(live.state.hotwash) == 2, "the hot-wash item")
        assert live.state.hotwash[-1].text == typed("HOTWASH")
        await pilot.pause()
        assert_shown(app, "HOTWASH", widget=app.screen.query_one("#items"))
        await pilot.press("ctrl+o")  # the withdraw picker
        await until(pilot, lambda: type(app.screen).__name__ == "PickScreen", "the withdraw picker")
        assert_shown(app, "KEPT", "HOTWASH", widget="#choices")


async def test_cell_console_shows_every_field_as_typed(live, vt):
    app = CellApp(CellSeat(live, "USA"), poll_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        # status (cell name, move, scenario), inbox row, the inject (title, from, body)
        assert_shown(app, "CELLNAME", "MOVE", "SCEN", widget="#cell-status")
        assert_shown(app, "TITLE", widget="#inbox")
        assert_shown(app, "TITLE", "FROM", "BODY", widget="#inject")
        # another release and another shared decision reach the cell
        live.release("M1-04", force=True)
        live.share_decision("M1-01", "JPN")
        app.poll()
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert_shown(app, "MOVE", "SITUATION", "QUESTION", widget="#briefing")
        await pilot.press("t")
        await pilot.pause()
        assert_shown(app, "RATIONALE", "OPTION", "JPNWHY", widget="#decisions")
        await pilot.press("i")
        await pilot.press("r")  # revise USA's decision on M1-01: the prompt, the options, the rationale
        await until(pilot, lambda: type(app.screen).__name__ == "DecisionScreen", "the decision dialog")
        assert_shown(app, "TITLE", widget="#decision-title")
        assert_shown(app, "PROMPT", widget="#prompt")
        assert_shown(app, "OPTION", widget="#option")
        assert_shown(app, "RATIONALE", widget="#taken")


async def test_cell_notification_shows_a_new_inject_title_as_typed(live, vt):
    app = CellApp(CellSeat(live, "JPN"), poll_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        live.release("M1-02", force=True)
        app.poll()
        await until(pilot, lambda: any("DUE" in shown(app, t) for t in toasts(app)), "the new-inject toast")
        assert_shown(app, "DUE", widget=next(t for t in toasts(app) if "DUE" in shown(app, t)))


async def test_room_shows_every_field_as_typed(live, vt):
    app = RoomApp(RoomSeat(live), poll_seconds=None)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert_shown(app, "MOVE", "SCEN", widget="#cell-status")
        assert_shown(app, "TITLE", widget="#inbox")
        assert_shown(app, "TITLE", "FROM", "BODY", widget="#inject")
        await pilot.press("b")
        await pilot.pause()
        assert_shown(app, "SITUATION", "QUESTION", widget="#briefing")


def test_payload_is_markup_textual_would_act_on():
    """The traps are real: parsed as markup, each one breaks or changes the text."""
    from textual.content import Content
    from textual.markup import MarkupError

    with pytest.raises(MarkupError):
        Content.from_markup(MARKUP)
    assert Content.from_markup('[link="javascript:alert(1)"]x[/link]').plain == "x"
