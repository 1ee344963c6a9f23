"""The after-action report shows what each cell typed in the language it was typed in,
marked with that language (issue 21): a Japanese rationale in <span lang="ja">, a Korean
note in <span lang="ko">, English and untellable text unmarked, all of it escaped."""

from __future__ import annotations

import re

from tests.report.report_helpers import scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.filters import typed
from ttx.report.render import render
from ttx.scenario.plaintext import script_language


def test_the_script_tells_the_language_only_where_it_is_certain():
    assert script_language("自国の評価を待つべきだ。") == "ja"
    assert script_language("한국의 항적을 먼저 공유해야 한다") == "ko"
    assert script_language("Allies first.") is None
    assert script_language("日米韓") is None  # Han alone: Chinese, Japanese and Korean share it
    assert str(typed("<b>慎重に</b>")) == '<span lang="ja">&lt;b&gt;慎重に&lt;/b&gt;</span>'
    assert str(typed("a < b")) == "a &lt; b" and str(typed(None)) == ""


def test_the_report_marks_each_rationale_and_note_with_its_language():
    events = standard_log()
    for e in events:
        if e.type == "decision_recorded" and e.data["cell"] == "JPN" and e.data["rationale"]:
            e.data["rationale"] = "まず自国の評価を完了させる。<script>"
        if e.type == "decision_recorded" and e.data["cell"] == "KOR":
            e.data["rationale"] = "동맹과 먼저 공유한다"
        if e.type == "note_added" and e.data.get("cell") == "JPN":
            e.data["text"] = "JPNセルはJアラートの基準を議論した。"
    html = render(analyze(scenario(), events), "html")
    assert '<span lang="ja">まず自国の評価を完了させる。&lt;script&gt;</span>' in html
    assert '<span lang="ko">동맹과 먼저 공유한다</span>' in html
    assert '<span lang="ja">JPNセルはJアラートの基準を議論した。</span>' in html
    assert "Allies first." in html and not re.search(r'lang="\w+">Allies first', html)
    assert '<html lang="en">' in html  # the report's own language; what cells typed is marked apart
