"""Each facilitator act: keys pressed, the session's events and the screen asserted."""

from __future__ import annotations

import pytest
from textual.command import CommandList

from ttx.tui.app import FacilitatorApp
from ttx.tui.bindings import ACTS
from ttx.tui.screens.help import help_table
from ttx.tui.widgets.msel import MselTable

from .conftest import until

pytestmark = pytest.mark.anyio


def screen_text(app) -> str:
    """What the terminal shows, as plain text (from the SVG screenshot)."""
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def help_text() -> str:
    from rich.console import Console

    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    console.print(help_table())
    return console.export_text()


def types(session) -> list[str]:
    return [e.type for e in session.events]


def last(session, type_: str):
    return [e for e in session.events if e.type == type_][-1]


def cell(app: FacilitatorApp, inject: str, column: str) -> str:
    table = app.query_one(MselTable)
    return str(table.get_cell(inject, column))


async def start_move(app, pilot, vt, minutes: float = 0) -> None:
    await pilot.press("m")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    vt.advance(minutes * 60)
    app.tick()
    await pilot.pause()


async def test_first_frame_shows_move_one_before_it_starts(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)):
        table = app.query_one(MselTable)
        assert table.row_count == 5
        assert "Not started" in str(app.query_one("#clock").render())
        assert cell(app, "M1-01", "status") == "pending"


async def test_next_move_shows_briefing_then_starts(make_app, session):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert type(app.screen).__name__ == "BriefingScreen"
        text = screen_text(app)
        assert "ballistic missile" in text and "Q1-1" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert last(session, "move_started").data["move"] == "M1"
        assert "Move 1" in str(app.query_one("#clock").render())


async def test_escape_on_briefing_does_not_start_the_move(make_app, session):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m", "escape")
        await pilot.pause()
        assert "move_started" not in types(session)


async def test_due_injects_stand_out_and_space_releases_the_next(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt, minutes=6)
        assert cell(app, "M1-01", "status") == "● DUE"
        assert cell(app, "M1-02", "status") == "● DUE"
        assert "2 DUE" in str(app.query_one("#msel-title").render())
        await pilot.press("space")
        await pilot.pause()
        released = last(session, "inject_released")
        assert released.data["inject"] == "M1-01" and released.data["manual"] is True
        assert cell(app, "M1-01", "status").startswith("✓")
        assert app.query_one(MselTable).selected_id == "M1-01"


async def test_r_releases_the_selected_inject_early(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        app.query_one(MselTable).select("M1-03")
        await pilot.press("r")
        await pilot.pause()
        assert last(session, "inject_released").data["inject"] == "M1-03"
        assert cell(app, "M1-03", "status").startswith("✓")


async def test_hold_then_skip(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        app.query_one(MselTable).select("M1-02")
        await pilot.press("h")
        await pilot.pause()
        assert last(session, "inject_held").data["inject"] == "M1-02"
        assert "held" in cell(app, "M1-02", "status")
        app.query_one(MselTable).select("M1-03")
        await pilot.press("s")
        await pilot.pause()
        assert last(session, "inject_skipped").data["inject"] == "M1-03"
        assert cell(app, "M1-03", "status") == "skipped"


async def test_not_triggered_inject_is_released_only_after_a_warning(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt, minutes=16)   # M1-04's condition (JPN chose hold) is false
        assert cell(app, "M1-04", "status") == "untriggered"
        app.query_one(MselTable).select("M1-04")
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n")
        await pilot.pause()
        assert not [e for e in session.events if e.type == "inject_released" and e.data["inject"] == "M1-04"]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert last(session, "inject_released").data["inject"] == "M1-04"


async def test_contingency_inject_from_the_picker(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        assert cell(app, "M1-05", "status") == "contingency"
        await pilot.press("c")
        await pilot.pause()
        assert type(app.screen).__name__ == "PickScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert last(session, "inject_released").data["inject"] == "M1-05"


async def test_record_a_decision_in_the_modal(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("space")   # release M1-01, which asks USA and JPN
        await pilot.pause()
        assert "0/2" in cell(app, "M1-01", "decision")
        await pilot.press("d")
        await pilot.pause()
        assert type(app.screen).__name__ == "DecisionScreen"
        await pilot.press("enter")            # the first option: share; on to the rationale
        await pilot.press(*"Allies first")
        await pilot.press("enter")
        await pilot.pause()
        record = last(session, "decision_recorded")
        assert record.data["inject"] == "M1-01" and record.data["cell"] == "USA"
        assert record.data["option"] == "share" and record.data["rationale"] == "Allies first"
        assert "1/2" in cell(app, "M1-01", "decision")
        assert "✓ share" in str(app.query_one("#decisions").render())


async def test_decision_overdue_is_shown(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("space")
        await pilot.pause()
        vt.advance(11 * 60)
        app.tick()
        await pilot.pause()
        assert cell(app, "M1-01", "decision").startswith("OVER 0/2")


async def test_add_a_note_tied_to_objective_cell_and_rating(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "NoteScreen"
        app.screen.query_one("#cell").value = "JPN"
        app.screen.query_one("#rating").value = "S"
        await pilot.press(*"JPN debated the J-Alert threshold")
        await pilot.press("ctrl+s")  # enter starts a new line: notes are paragraphs
        await pilot.pause()
        note = last(session, "note_added").data
        assert note["text"] == "JPN debated the J-Alert threshold"
        assert note["objective"] == "OBJ-1"  # the selected inject's objective, preset
        assert note["cell"] == "JPN" and note["rating"] == "S" and note["kind"] == "observation"


async def test_keys_in_a_dialog_do_not_act_behind_it(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("n", "tab", "s", "h", "p")   # focus on the kind radio set: s/h/p do nothing
        await pilot.pause()
        assert not {"inject_skipped", "inject_held", "clock_paused"} & set(types(session))


async def test_pause_resume_and_speed(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("p")
        await pilot.pause()
        assert types(session)[-1] == "clock_paused"
        assert "PAUSED" in str(app.query_one("#clock").render())
        await pilot.press("p")
        await pilot.pause()
        assert types(session)[-1] == "clock_resumed"
        await pilot.press("plus")
        await pilot.pause()
        assert last(session, "clock_speed_set").data["speed"] == 1.5
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert last(session, "clock_speed_set").data["speed"] == 0.5
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")   # 0.5 -> 2
        await pilot.pause()
        assert last(session, "clock_speed_set").data["speed"] == 2.0
        assert "×2" in str(app.query_one("#clock").render())


async def test_auto_mode_releases_due_injects(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("a")
        await pilot.pause()
        assert last(session, "auto_set").data["auto"] is True
        assert "auto on" in str(app.query_one("#clock").render())
        vt.advance(6 * 60)
        app.tick()
        await pilot.pause()
        released = [e.data["inject"] for e in session.events if e.type == "inject_released"]
        assert released == ["M1-01", "M1-02"]
        assert cell(app, "M1-02", "status").startswith("✓")


async def test_second_move_replaces_the_msel(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("m")  # M1 is not finished: it asks first
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("y")
        await start_move(app, pilot, vt)
        assert last(session, "move_started").data["move"] == "M2"
        table = app.query_one(MselTable)
        assert table.row_count == 2 and table.move_id == "M2"
        await pilot.press("m")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]  # no M3: a notice, no dialog


def item_seq(session, text: str) -> int:
    return next(e.seq for e in session.events if e.type == "hotwash_item" and e.data["text"] == text)


async def test_end_and_hot_wash(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "session_ended" in types(session)
        assert type(app.screen).__name__ == "HotwashScreen"
        await pilot.press(*"Fast J-Alert")
        app.screen.query_one("#objective").value = "OBJ-1"
        await pilot.press("enter")
        await pilot.pause()
        item = last(session, "hotwash_item").data
        assert item["kind"] == "strength" and item["text"] == "Fast J-Alert"
        assert item["objective"] == "OBJ-1" and item["capability"] == "Intelligence and Information Sharing"
        # an area for improvement needs a corrective action, a responsible and a due date
        app.screen.query_one("#kind").query("RadioButton")[1].value = True
        await pilot.press(*"Slow ROK notification")
        app.screen.query_one("#objective").value = "OBJ-2"
        await pilot.press("enter")
        await pilot.pause()
        assert len([e for e in session.events if e.type == "hotwash_item"]) == 1
        app.screen.query_one("#corrective_action").value = "Hotline drill"
        app.screen.query_one("#responsible").value = "KOR"
        app.screen.query_one("#due").value = "2027-06-30"
        app.screen.query_one("#reference").value = "Trilateral hotline arrangement"
        app.screen.query_one("#analysis").value = "No duty officer held the number"
        await app.screen.run_action("add")
        await pilot.pause()
        item = last(session, "hotwash_item").data
        assert item["kind"] == "improvement" and item["due"] == "2027-06-30" and item["responsible"] == "KOR"
        assert (item["reference"], item["analysis"]) == ("Trilateral hotline arrangement", "No duty officer held the number")
        assert app.screen.query_one("#analysis").value == ""   # the form is cleared for the next item
        assert "Slow ROK notification" in str(app.screen.query_one("#items").render())
        # an item typed in error is withdrawn: the log keeps it, the hot wash (and report) drop it
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert type(app.screen).__name__ == "PickScreen"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert last(session, "hotwash_withdrawn").data["item"] == item_seq(session, "Slow ROK notification")
        assert [h.text for h in session.state.hotwash] == ["Fast J-Alert"]
        assert "Slow ROK notification" not in str(app.screen.query_one("#items").render())
        await pilot.click("#report")
        await pilot.pause()
        status = str(app.screen.query_one("#report-status").render())
        assert "Report written" in status and str(session.path) in status
        assert session.path.with_name("drill-aar.html").is_file()


async def test_leaving_the_hot_wash_keeps_a_half_typed_item(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("e", "y")
        await pilot.pause()
        await pilot.press(*"Liaison officers late")
        app.screen.query_one("#corrective_action").value = "Pre-position liaison officers"
        await pilot.press("escape")          # back to the console to look something up
        await pilot.pause()
        assert len(app.screen_stack) == 1     # the console itself
        await pilot.press("w")
        await pilot.pause()
        assert type(app.screen).__name__ == "HotwashScreen"
        assert app.screen.query_one("#text").value == "Liaison officers late"
        assert app.screen.query_one("#corrective_action").value == "Pre-position liaison officers"
        assert not [e for e in session.events if e.type == "hotwash_item"]  # nothing recorded until added
        # what another console adds meanwhile shows when the hot wash is opened again
        await pilot.press("escape")
        await pilot.pause()
        session.add_hotwash("strength", "Added on the served facilitator seat", objective="OBJ-1")
        await pilot.press("w")
        await pilot.pause()
        assert "Added on the served facilitator seat" in str(app.screen.query_one("#items").render())


async def test_help_lists_every_act(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == "HelpScreen"
            text = help_text()
            for act in ACTS:
                assert act.name in text and act.key_label in text
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is app.screen_stack[0]


async def test_footer_bindings_come_from_the_table(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)):
        shown = {b.binding.action for b in app.active_bindings.values() if b.binding.show}
        assert shown - {"command_palette"} == {a.id for a in ACTS if a.footer}


async def test_command_palette_runs_an_act(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: bool(app.screen.query(CommandList)), "the palette")
        await pilot.press(*"Pause")
        await until(pilot, lambda: any("Pause" in str(o.prompt) for o in app.screen.query_one(CommandList).options),
                    "the palette to offer Pause")
        await pilot.press("enter")
        await until(pilot, lambda: types(session)[-1] == "clock_paused", "the clock to pause")


async def test_engine_refusal_is_a_notice_not_a_crash(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        app.query_one(MselTable).select("M1-03")
        await pilot.press("s", "h")   # skipped: cannot be held
        await pilot.pause()
        assert app.is_running
        assert any("cannot be held" in n.message for n in app._notifications)


async def test_mouse_selects_a_row_and_footer_keys_click(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        table = app.query_one(MselTable)
        await pilot.click(MselTable, offset=(10, 3))   # header is row 0: the third inject
        await pilot.pause()
        assert table.selected_id == "M1-03"
        assert "M1-03" in screen_text(app)
        pause_key = next(k for k in app.query("FooterKey") if k.action == "pause")
        await pilot.click(pause_key)
        await pilot.pause()
        assert types(session)[-1] == "clock_paused"


async def test_a_failing_session_is_reported_once_not_every_second(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)

        def broken():
            raise OSError("disk I/O error")

        session.tick = broken
        for _ in range(3):
            app.tick()
        await pilot.pause()
        errors = [n for n in app._notifications if "disk I/O error" in n.message]
        assert len(errors) == 1 and app.is_running
        alert = app.query_one("#alert")
        assert alert.display and "NOT RECORDING" in str(alert.render()) and str(session.path) in str(alert.render())
        del session.tick  # the disk has room again: the next act is recorded and the alert goes
        await pilot.press("p")
        await pilot.pause()
        assert types(session)[-1] == "clock_paused" and not alert.display


async def test_the_title_column_takes_the_width_the_terminal_gives_on_resize(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        title = "M1-04 Seoul asks why it was not told"
        assert title not in screen_text(app)     # cut short at 100 columns
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        await pilot.pause()
        assert title in screen_text(app)         # drawn in full once the terminal widens
        assert app.query_one(MselTable).columns[next(
            k for k in app.query_one(MselTable).columns if k.value == "title")].width > 60


async def test_real_world_stop_is_one_key_and_p_resumes(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert last(session, "real_world_stop").data["text"].startswith("This is a real-world emergency")
        assert "REAL-WORLD STOP" in screen_text(app) and " HALTED " in screen_text(app)
        assert not session.state.running
        await pilot.press("p")
        await pilot.pause()
        assert types(session)[-1] == "clock_resumed" and "REAL-WORLD STOP" not in screen_text(app)


async def test_share_a_cells_decision_with_the_other_cells(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("space")   # release M1-01, which asks USA and JPN
        await pilot.pause()
        session.record_decision("M1-01", "USA", "share", "Allies first")
        await pilot.press("o")
        await pilot.pause()
        assert type(app.screen).__name__ == "PickScreen" and "USA: share" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        shared = last(session, "decision_shared")
        assert (shared.data["inject"], shared.data["cell"]) == ("M1-01", "USA")
        assert session.cell_view("KOR").shared_decisions[0].rationale == "Allies first"


async def test_the_decision_form_starts_from_a_cells_current_choice(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        await pilot.press("space")   # release M1-01, which asks USA and JPN
        await pilot.pause()
        session.record_decision("M1-01", "USA", "hold", "Wait for our own assessment")
        app.table.select("M1-01")
        await pilot.press("d")
        await pilot.pause()
        form = app.screen  # JPN still waits: it comes first, on a clean form
        assert form.cell == "JPN" and form.query_one("#cell").highlighted == 1
        assert form.query_one("#option").highlighted == 0 and form.query_one("#rationale").value == ""
        form.query_one("#cell").highlighted = 0  # USA: its choice shows
        await pilot.pause()
        assert form.query_one("#option").highlighted_option.id == "hold"
        assert form.query_one("#rationale").value == "Wait for our own assessment"
        form.query_one("#cell").highlighted = 1  # back to JPN: clean again
        await pilot.pause()
        assert form.query_one("#option").highlighted == 0 and form.query_one("#rationale").value == ""
        await pilot.press("escape")
        session.record_decision("M1-01", "JPN", "share", "Tokyo shares")
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        assert form.cell == "USA" and form.query_one("#option").highlighted_option.id == "hold"
        form.query_one("#cell").highlighted = 1  # JPN: its choice shows
        await pilot.pause()
        assert form.query_one("#rationale").value == "Tokyo shares"
        assert form.query_one("#option").highlighted_option.id == "share"
        form.query_one("#option").highlighted = 1  # JPN changes its mind: a revision, confirmed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen" and "share → hold" in app.screen.message
        await pilot.press("y")
        await pilot.pause()
        assert session.state.decisions["M1-01"]["JPN"].option == "hold"
        assert session.state.decisions["M1-01"]["JPN"].rationale == "Tokyo shares"
        assert last(session, "decision_recorded").data["revises"]["option"] == "share"


async def test_ending_says_what_is_still_open_held_injects_included(make_app, session, vt):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_move(app, pilot, vt)
        session.hold("M1-02")
        await pilot.press("e")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmScreen"
        assert "1 inject held (M1-02)" in app.screen.message and "ending skips the injects" in app.screen.message
        # ending early also says what was never reached
        assert [m.id for m in session.scenario.moves] == ["M1", "M2"]
        pending = [i for i in session.scenario.move_by_id["M1"].injects if session.state.status[i.id] == "pending"]
        pending = [i for i in pending if not i.contingency]  # a contingency never falls due
        assert pending and f"{len(pending)} injects not yet due ({pending[0].id}" in app.screen.message
        assert "move M2 not played" in app.screen.message
        await pilot.press("n")


async def test_a_long_decision_option_wraps_instead_of_being_cut():
    from types import SimpleNamespace

    from textual.app import App

    from ttx.tui.screens.decision import Ask, DecisionScreen

    text = "Level 3: avoid all travel; urge nationals without essential reasons to leave by air"
    options = (SimpleNamespace(id="depart-now", text=text), SimpleNamespace(id="hold", text="wait"))

    class Narrow(App):
        def on_mount(self):
            self.push_screen(DecisionScreen(Ask("M1-04", "Travel advice", "Raise the level?", options),
                                            [("JPN", "Japan")], {}))

    app = Narrow()
    async with app.run_test(size=(50, 24)) as pilot:
        await pilot.pause()
        shown = " ".join(" ".join(strip.text.split()) for strip in app.screen._compositor.render_strips())
        assert "leave by air" in shown and "…" not in shown


async def test_closing_while_the_clock_timer_fires_raises_nothing(session):
    """The 1 s timer can fire while the console shuts down and its widgets go
    (NoMatches on a loaded machine, issue 13); a 1 ms timer makes it certain."""
    for _ in range(5):
        app = FacilitatorApp(session, tick_seconds=0.001)
        app.close_session = lambda: None  # the same session serves every round
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.02)
