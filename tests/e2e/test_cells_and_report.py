"""The same day with a cell at the table: while the facilitator's console runs
move 1, KOR's note-taker opens the KOR cell console on the same session file
and records KOR's decision there; the facilitator sees it land. After the
hot wash, `ttx report SESSION --cell KOR --format md` (the installed command)
is KOR's releasable extract: what was released to KOR and KOR's decisions,
none of the other cells' choices, notes, hot wash or MSEL material.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.e2e import day
import pytest
from tests.e2e.day import Facilitator

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.commands.report import console_report
from ttx.tui.app import FacilitatorApp
from ttx.tui.cell_app import CellApp, CellSeat
from ttx.tui.screens.decision import DecisionScreen

pytestmark = pytest.mark.anyio

KOR_RATIONALE = "Seoul names the ICBM first"


def kor_at_the_console(scenario):
    """The first decision of move 1 put to KOR that comes whatever the cells choose:
    the one KOR's note-taker records at the KOR console. Its last option is KOR's."""
    for inject in scenario.moves[0].injects:
        if (inject.decision and inject.decision.options and inject.when is None and not inject.contingency
                and "KOR" in scenario.deciding_cells(inject) and "KOR" in scenario.recipients(inject)):
            return inject, inject.decision.options[-1].id
    raise AssertionError("move 1 puts no decision to KOR")


def cell_text(app: CellApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("ttx")   # the venv's installed console script
    return subprocess.run([str(exe), *args], check=False, cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NO_COLOR": "1"})


async def test_kor_decides_at_its_console_and_gets_only_its_extract(tmp_path):
    vt = VirtualTime(day.START)
    session = day.new_session(tmp_path, vt)
    scenario = session.scenario
    seen: dict[str, object] = {}
    kor_inject, kor_option = kor_at_the_console(scenario)

    app = FacilitatorApp(session, report=console_report, now=vt.now, tick_seconds=None)
    async with app.run_test(size=day.SIZE) as pilot:
        f = Facilitator(app, pilot, vt)

        async def kor_note_taker(move: str, at: float) -> None:
            if (move, at) != (scenario.moves[0].id, kor_inject.at):
                return
            inject, cell = kor_inject.id, "KOR"
            assert (inject, cell) in f.state.open_decisions()
            assert "0/1" in str(app.query_one("#msel").get_cell(inject, "decision"))
            # the KOR console on the same file, its own Session, the room's clock
            seat = CellSeat(Session.open(session.path, now=vt.now), cell)
            kor = CellApp(seat, poll_seconds=None)
            try:
                async with kor.run_test(size=day.SIZE) as kpilot:
                    released_to_kor = [i for i in f.state.released_injects() if cell in f.state.released_to[i]]
                    assert [i.id for i in kor.view.inbox] == released_to_kor[::-1]   # newest first
                    assert [d.inject for d in kor.view.open_decisions] == [inject]
                    await kpilot.press("d")
                    await kpilot.pause()
                    assert isinstance(kor.screen, DecisionScreen)
                    options = [o.id for o in scenario.inject_by_id[inject].decision.options]
                    await kpilot.press(*["down"] * options.index(kor_option), "enter")
                    await kpilot.press(*KOR_RATIONALE)
                    await kpilot.press("enter")
                    await kpilot.pause()
                    assert not isinstance(kor.screen, DecisionScreen)
                    assert kor.view.open_decisions == ()
                    await kpilot.press("t")
                    await kpilot.pause()
                    seen["kor screen"] = cell_text(kor)
            finally:
                seat.close()
            # the facilitator's next refresh shows KOR's decision
            await f.tick()
            record = f.state.decisions[inject][cell]
            assert (record.option, record.rationale) == (kor_option, KOR_RATIONALE)
            assert str(app.query_one("#msel").get_cell(inject, "decision")) == f"✓ {kor_option}"
            assert (inject, cell) not in f.state.open_decisions()

        await day.run_the_day(f, leave=[(kor_inject.id, "KOR")], on_step=kor_note_taker)

    assert KOR_RATIONALE in seen["kor screen"]
    state = session.state
    assert state.ended
    assert state.decisions[kor_inject.id]["KOR"].rationale == KOR_RATIONALE
    assert not state.open_decisions()

    # ---- KOR's extract, and the full report it is cut from
    result = ttx("report", str(session.path), "--cell", "KOR", "--format", "md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    extract_path = session.path.with_name(f"{session.path.stem}-aar-KOR.md")
    assert str(extract_path) in result.stdout
    extract = extract_path.read_text(encoding="utf-8")
    full_path = tmp_path / "full.md"
    result = ttx("report", str(session.path), "--format", "md", "-o", str(full_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    full = full_path.read_text(encoding="utf-8")

    def shown(text: str, doc: str) -> bool:
        return text in doc

    # KOR's own decisions, the console's one among them, with their rationales
    kor_decisions = [r for r in state.decision_log if r.cell == "KOR"]
    assert len(kor_decisions) > 1
    for r in kor_decisions:
        assert shown(r.rationale, extract), r
        options = {o.id: o.text for o in scenario.inject_by_id[r.inject].decision.options}
        assert shown(f"| KOR | {options[r.option]} | {r.rationale} |", extract), r
    # no other cell's rationale (each is in the full report)
    others = [r for r in state.decision_log if r.cell != "KOR"]
    assert others
    for r in others:
        assert shown(r.rationale, full) and not shown(r.rationale, extract), r
    # no notes, no hot wash, no expected actions
    for text in (day.NOTE, day.STRENGTH, day.IMPROVEMENT, day.CORRECTIVE):
        assert shown(text, full) and not shown(text, extract), text
    expected_actions = [a for i in scenario.inject_by_id.values() for a in i.expected_actions]
    assert expected_actions
    for action in expected_actions:
        assert not shown(action, extract), action
    released = set(state.released_injects())
    assert any(shown(a, full) for i in released for a in scenario.inject_by_id[i].expected_actions)
    # only the injects released to KOR: the others not even by id
    to_kor = {i for i in released if "KOR" in state.released_to[i]}
    assert released - to_kor     # some went to the others only
    for inject in scenario.inject_by_id.values():
        in_extract = re.search(rf"\b{re.escape(inject.id)}\b", extract) is not None
        assert in_extract == (inject.id in to_kor), inject.id
        if inject.id in to_kor:
            assert inject.title in extract or inject.title.replace('"', "") in extract, inject.title
    assert "DRAFT" in extract and "KOR" in extract
