"""Keystrokes and text in the consoles' forms (issue 13): no typed key is lost,
focus always shows, a burst of keys fills each field in turn, a paste stays
whole in its field, and a note takes paragraphs."""

from __future__ import annotations

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Button, Input, TextArea

from ttx.engine.session import Session
from ttx.tui.app import FacilitatorApp
from ttx.tui.cell_app import CellApp, CellSeat

from .conftest import until

pytestmark = pytest.mark.anyio


TAB = ("tab",)


async def burst(pilot, *parts: str | tuple[str, ...]) -> None:
    """Send keys as a terminal does when they come at once (tmux send-keys, a paste
    without bracketed paste mode): all queued before the first is handled. A str
    is typed character by character; a tuple holds key names."""
    app = pilot.app
    for part in parts:
        for key in part:
            name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
            event = events.Key(name, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)
    await pilot.pause()


def screen_name(app) -> str:
    return type(app.screen).__name__


async def test_a_burst_of_keys_fills_each_field_in_turn(session, vt):
    """Three fields typed with tabs between, sent in one burst: each text in its field
    (before, tab was handled after the burst, so all three went into the first)."""
    session.start_move("M1")
    session.end()
    app = FacilitatorApp(session, now=vt.now, tick_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: screen_name(app) == "HotwashScreen" and app.screen.focused, "the hot wash")
        app.screen.query_one("#responsible", Input).focus()
        await pilot.pause()
        await burst(pilot, "KOR MOFA", TAB, "Duty officer", TAB, "2027-06-01")
        await until(pilot, lambda: app.screen.query_one("#start", Input).value == "2027-06-01",
                    "the third field's text")
        assert app.screen.query_one("#responsible", Input).value == "KOR MOFA"
        assert app.screen.query_one("#point_of_contact", Input).value == "Duty officer"


async def test_a_key_typed_on_a_list_goes_to_the_rationale(tmp_path):
    """The cell's dialog opens on the option list: typing there used to go nowhere."""
    from tests.seats.conftest import make_scenario

    path = tmp_path / "s.ttx"
    with Session.create(make_scenario(), path, durable=False) as s:
        s.start_move("M1")
        s.release("M1-01")
    app = CellApp(CellSeat(Session.open(path), "USA"), poll_seconds=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d")
        await until(pilot, lambda: screen_name(app) == "DecisionScreen", "the decision dialog")
        assert app.screen.focused.id == "option"
        await pilot.press(*"Because")
        field = app.screen.query_one("#rationale", Input)
        await until(pilot, lambda: field.value == "Because", "the typed rationale")
        assert app.screen.focused is field
    app.seat.close()


async def test_a_pasted_paragraph_stays_whole_in_a_one_line_field(make_app, session, vt):
    session.start_move("M1")
    session.release("M1-01")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.table.select("M1-01")
        await pilot.press("d")
        await until(pilot, lambda: screen_name(app) == "DecisionScreen", "the decision dialog")
        field = app.screen.query_one("#rationale", Input)
        field.focus()
        await pilot.pause()
        app.post_message(events.Paste("We share now:\nthe track is firm.\n"))
        await until(pilot, lambda: field.value == "We share now: the track is firm.", "the pasted text")


async def test_a_note_takes_paragraphs(make_app, session):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: screen_name(app) == "NoteScreen", "the note dialog")
        await pilot.press(*"First point.", "enter", *"Second point.")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(e.type == "note_added" for e in session.events), "the note")
        note = [e for e in session.events if e.type == "note_added"][-1]
        assert note.data["text"] == "First point.\nSecond point."


def look(widget) -> list:
    """The frame and background of a widget and of its parts (a Select draws its own)."""
    return [(w.styles.border_top, w.styles.background) for w in (widget, *widget.children)]


@pytest.mark.parametrize("key", ["d", "n"])
async def test_focus_shows_on_every_field_and_never_rests_on_a_button(make_app, session, key):
    """Tab through a form: focus visits only fields, and each looks different
    focused (a framed or lit field) from unfocused."""
    session.start_move("M1")
    session.release("M1-01")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.table.select("M1-01")
        await pilot.press(key)
        await until(pilot, lambda: app.screen is not app.screen_stack[0], "the dialog")
        screen = app.screen
        seen = []
        for _ in range(12):
            focused = screen.focused
            assert focused is not None and not isinstance(focused, Button)
            looks = look(focused)
            seen.append(focused)
            await pilot.press("tab")
            await pilot.pause()
            if focused is not screen.focused:
                assert look(focused) != looks, (
                    f"{focused!r} looks the same focused and unfocused")
        assert any(isinstance(w, (Input, TextArea)) for w in seen)
