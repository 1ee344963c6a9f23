"""A whole built-in exercise, as a facilitator runs it: every move started from
its briefing, every due inject released, every decision recorded in the modal,
a rated note, a real-world stop and the resume, a contingency inject, the end,
the hot wash and the report — keys on the real console, virtual time, 120x40.
"""

from __future__ import annotations

import re
from html import escape

from tests.e2e import day
import pytest
from tests.e2e.day import Facilitator

from ttx.engine.clock import VirtualTime
from ttx.commands.report import console_report
from ttx.tui.app import FacilitatorApp

pytestmark = pytest.mark.anyio


async def test_a_facilitators_day_with_dark_track(tmp_path):
    vt = VirtualTime(day.START)
    session = day.new_session(tmp_path, vt)
    scenario = session.scenario

    app = FacilitatorApp(session, report=console_report, now=vt.now, tick_seconds=None)
    async with app.run_test(size=day.SIZE) as pilot:
        f = Facilitator(app, pilot, vt)
        await day.run_the_day(f)

    # ---- what the session recorded
    events = list(session.events)
    kinds = [e.type for e in events]
    state = session.state
    moves = [m.id for m in scenario.moves]
    assert [e.data["move"] for e in events if e.type == "move_started"] == moves
    assert [e.data["move"] for e in events if e.type == "move_ended"] == moves
    assert state.ended and kinds.count("session_ended") == 1

    # every inject that fell due was released by hand; none was left waiting
    assert not state.due_injects()
    released = state.released_injects()
    assert all(e.data["manual"] for e in events if e.type == "inject_released")
    contingencies = [i.id for i in scenario.inject_by_id.values() if i.contingency]
    assert [i for i in contingencies if i in released] == [f.contingency]   # the one picked with c
    # the branches the cells' choices opened were played, the others were not
    conditional = [i for i in scenario.inject_by_id.values() if i.when is not None]
    played = [i for i in conditional if state.status[i.id] == "released"]
    closed = [i for i in conditional if state.status[i.id] == "not_triggered"]
    assert played and closed and len(played) + len(closed) == len(conditional)
    assert all(state.condition_holds(i.when) for i in played)
    assert not any(state.condition_holds(i.when) for i in closed)

    # a decision from every deciding cell of every released decision inject, with its rationale
    expected = {
        (i, c) for i in released if scenario.inject_by_id[i].decision
        for c in scenario.deciding_cells(scenario.inject_by_id[i])
    }
    assert not state.open_decisions()
    assert {(r.inject, r.cell) for r in state.decision_log} == expected
    assert len(state.decision_log) == len(expected)   # none recorded twice
    by_cell: dict[str, list[str]] = {}
    for r in state.decision_log:
        assert r.rationale == day.rationale(r.inject, r.cell)
        assert r.option == day.option_for(scenario, r.inject, r.cell)
        by_cell.setdefault(r.cell, []).append(r.inject)
    assert sorted(by_cell) == sorted(scenario.player_cells)   # every cell was asked and answered

    # the halt and the resume, seven minutes apart on the wall, no exercise time lost
    stop = next(e for e in events if e.type == "real_world_stop")
    resumed = events[kinds.index("real_world_stop") + 1]
    assert stop.data["text"].startswith("This is a real-world emergency")
    assert resumed.type == "clock_resumed"
    assert (resumed.wall - stop.wall).total_seconds() == day.HALT_MINUTES * 60
    assert resumed.clock == stop.clock
    assert state.move_started_clock[f.halted_in] < stop.clock < state.move_ended_clock[f.halted_in]

    [note] = state.notes
    assert (note.text, note.rating, note.cell, note.kind) == (day.NOTE, "M", "KOR", "observation")
    assert note.objective == f.note_objective is not None   # the selected inject's, preset

    strength, improvement = state.hotwash
    strength_objective, improvement_objective = day.hotwash_objectives(scenario)
    assert (strength.kind, strength.text, strength.objective) == ("strength", day.STRENGTH, strength_objective)
    assert strength.capability == scenario.objective_by_id[strength_objective].capability
    assert (improvement.kind, improvement.text, improvement.objective) == (
        "improvement", day.IMPROVEMENT, improvement_objective)
    assert (improvement.corrective_action, improvement.capability_element, improvement.responsible,
            improvement.due) == (day.CORRECTIVE, "Planning", day.RESPONSIBLE, day.DUE)
    assert (improvement.analysis, improvement.reference) == (day.ANALYSIS, None)

    # ---- the report beside the session
    report = session.path.with_name(f"{session.path.stem}-aar.html")
    assert report.is_file()
    html = report.read_text(encoding="utf-8")
    for r in state.decision_log:
        assert escape(r.rationale) in html
    assert day.NOTE in html and "rated M" in html
    plan = html[html.index('id="improvement-plan"'):]
    plan = plan[:plan.index("</section>")]
    assert escape(day.IMPROVEMENT) in plan and escape(day.CORRECTIVE) in plan and day.DUE in plan
    assert escape(day.STRENGTH) not in plan
    assert escape(day.ANALYSIS) in html   # the AFI's root-cause analysis, beside it in the findings
    banner = escape(scenario.classification)
    assert f'<div class="banner top">{banner}</div>' in html
    assert f'<div class="banner bottom">{banner}</div>' in html
    assert "DRAFT" in html
    assert re.search(r"This is a real-world emergency", html)  # the stop, in the pauses


async def test_decisions_that_pile_up_are_recorded_one_after_another_with_d(tmp_path):
    """The room talks through the first quarter hour; the facilitator releases
    what fell due, then presses d for each waiting decision. Each d opens a
    decision still waiting, never the one just recorded (the cursor sits on it)."""
    vt = VirtualTime(day.START)
    session = day.new_session(tmp_path, vt)
    app = FacilitatorApp(session, report=console_report, now=vt.now, tick_seconds=None)
    async with app.run_test(size=day.SIZE) as pilot:
        f = Facilitator(app, pilot, vt)
        await f.start_next_move()
        move = session.scenario.move_by_id[f.state.move]
        deciding = [i for i in move.injects if i.decision and not i.when and not i.contingency]
        assert len(deciding) >= 2
        await f.run_to(deciding[1].at * 60)
        released = await f.release_due()
        waiting = list(f.state.open_decisions())
        assert len({i for i, _ in waiting}) >= 2 and app.table.selected_id == released[-1]
        await f.decide_open()   # d opens a waiting decision each time, or fails
        assert not f.state.open_decisions()
        assert {(r.inject, r.cell) for r in f.state.decision_log} == set(waiting)
        assert len(f.state.decision_log) == len(waiting)   # none taken twice
