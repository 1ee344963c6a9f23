"""A cell's console in its own language (issue 21): the Japanese and Korean cells
read dprk-missile-warning in Japanese and Korean at 80×24 — the scenario's texts and the
console's own words (panes, keys, dialogs) — wide characters wrapped inside their
panes; ids, markings, the banner, key letters and times as written.

Update the baselines with: pytest tests/seats/test_cell_console_languages.py --snapshot-update
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from ttx import i18n
from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.scenario.load import load_scenario
from ttx.tui.cell_app import CellApp, CellSeat

ROOT = Path(__file__).resolve().parents[2]
SIZE = (80, 24)


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


@pytest.fixture(autouse=True)
def english_after():
    yield
    i18n.use("en")  # the language is the process's, as for a console: back to English for the next test


def _app(session, cell: str, lang: str | None) -> CellApp:
    i18n.use(lang or "en")  # what `ttx cell --lang` does before the console starts
    return CellApp(CellSeat(session, cell, lang), poll_seconds=None)


def test_the_japanese_cell_reads_its_inbox_in_japanese(snap_compare, session):
    assert snap_compare(_app(session, "JPN", "ja"), terminal_size=SIZE)


def test_the_korean_cell_reads_its_inbox_in_korean(snap_compare, session):
    assert snap_compare(_app(session, "KOR", "ko"), terminal_size=SIZE)


def test_the_japanese_cell_s_briefing(snap_compare, session):
    assert snap_compare(_app(session, "JPN", "ja"), terminal_size=SIZE, press=["b"])


def test_the_seat_s_view_is_in_its_language_and_keeps_what_is_never_translated(session):
    english = CellSeat(session, "JPN").view()
    japanese = CellSeat(session, "JPN", "ja").view()
    korean = CellSeat(session, "KOR", "ko").view()
    assert japanese.cell_name == "日本" and korean.cell_name == "대한민국"
    assert japanese.move.title == "第1ムーブ：日本上空通過"
    first = {i.id: i for i in japanese.inbox}["M1-01"]
    assert first.title == "データリンク：順安付近で弾道ミサイルの発射を探知"
    assert "07:12:40 JST" in first.body
    assert [i.id for i in japanese.inbox] == [i.id for i in english.inbox]
    assert [i.marking for i in japanese.inbox] == [i.marking for i in english.inbox]
    assert japanese.classification == english.classification == "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    decision = {d.inject: d for d in korean.open_decisions}["M1-06"]
    assert decision.prompt == "합참 공지를 어떻게 갱신하는가?"
    assert [o.id for o in decision.options] == ["announce-icbm", "announce-generic"]


@pytest.mark.anyio
async def test_the_console_s_own_words_are_in_its_language(session):
    app = _app(session, "JPN", "ja")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        for words in ("受信箱（新しい順）", "未決の判断", "インジェクト", "ブリーフィング", "発信元", "演習時間"):
            assert words in text, words
        assert "UNCLASSIFIED // FOR EXERCISE USE ONLY" in text and "JPN ONLY" in text



def test_the_japanese_cell_s_decision_dialog(snap_compare, session):
    assert snap_compare(_app(session, "JPN", "ja"), terminal_size=SIZE, press=["d"])


def test_the_korean_cell_s_decision_dialog(snap_compare, session):
    assert snap_compare(_app(session, "KOR", "ko"), terminal_size=SIZE, press=["d"])
