"""The after-action report of a room that talked back: requests answered,
declined and unanswered with their waiting times; who talked to whom and how
fast a product passed on reached each partner; control's log; statements
kept with decisions; the MSEL as run marking what control wrote and changed.
A cell's extract holds only its own part of it."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ttx.engine.clock import VirtualTime
from ttx.engine.session import Session
from ttx.report.analysis import analyze
from ttx.report.model import to_json

from tests.report.report_helpers import scenario

T0 = datetime(2027, 4, 12, tzinfo=timezone.utc)


@pytest.fixture
def played(tmp_path: Path):
    vt = VirtualTime(T0)
    s = Session.create(scenario(), tmp_path / "talk.ttx", now=vt)
    s.start_move("M1")
    vt.advance(5 * 60)
    s.release("M1-01")
    s.release("M1-02")                                   # to USA and JPN only
    s.send_request("JPN", "JPN-QUESTION: what does our embassy report?", inject="M1-01")
    vt.advance(120)
    s.send_message("USA", ["JPN", "KOR"], "USA-MESSAGE: the cable, for Seoul too.", inject="M1-02")
    vt.advance(60)
    s.answer_request("RFI-1", "WHITE-ANSWER: calm in Seoul.", to=["KOR"])  # waited 3 minutes
    s.send_request("KOR", "KOR-QUESTION: the launch order?")
    s.decline_request("RFI-2", "KOR-DECLINE: beyond Seoul's knowledge.")
    vt.advance(30)
    s.send_request("USA", "USA-QUESTION: never answered")
    s.send_message("JPN", ["USA"], "JPN-MESSAGE: thanks.")
    s.add_log("CONTROL-LOG: KOR delegation asks for a break.", speaker="KOR head", cell="KOR")
    s.add_log("<b>not bold</b> [/] as typed")
    s.write_inject("Ferry captain calls", to=["KOR"], release=True, body="LIVE-BODY")
    s.retime("M1-05", 27)
    s.correct("M1-01", "CORRECTED-BODY: impact in the EEZ.")
    s.recall("M1-02", "Released in error.")
    s.record_decision("M1-01", "USA", "share", "")
    vt.advance(10 * 60)
    s.end()
    events = list(s.events)
    s.close()
    return events


def test_requests_with_their_answers_refusals_and_waiting_times(played):
    talk = analyze(scenario(), played).talk
    assert [(r.id, r.cell, r.status) for r in talk.requests] == [
        ("RFI-1", "JPN", "answered"), ("RFI-2", "KOR", "declined"), ("RFI-3", "USA", "open")]
    first = talk.requests[0]
    assert first.waited == 180 and first.reply_to == ("JPN", "KOR") and first.marking == "REL TO JPN, KOR"
    assert (talk.answered, talk.declined, talk.median_wait) == (1, 1, 90)
    (open_,) = talk.unanswered
    assert open_.id == "RFI-3" and open_.waited == 10 * 60  # until the log ends


def test_who_talked_to_whom_and_how_fast_a_product_reached_each_partner(played):
    talk = analyze(scenario(), played).talk
    assert [(m.id, m.sender, m.marking) for m in talk.messages] == [("MSG-1", "USA", "REL TO USA, JPN, KOR"),
                                                                     ("MSG-2", "JPN", "REL TO USA, JPN")]
    assert [(link.sender, link.recipient, link.messages) for link in talk.links] == [
        ("JPN", "USA", 1), ("USA", "JPN", 1), ("USA", "KOR", 1)]
    # M1-02 went to USA and JPN; USA passed it to KOR two minutes after its release
    (reach,) = talk.reach
    assert (reach.inject, reach.partner, reach.via, reach.seconds) == ("M1-02", "KOR", "USA", 120)


def test_controls_log_and_the_msel_as_run(played):
    report = analyze(scenario(), played)
    assert [(e.speaker, e.cell, e.text) for e in report.talk.log] == [
        ("KOR head", "KOR", "CONTROL-LOG: KOR delegation asks for a break."),
        (None, None, "<b>not bold</b> [/] as typed")]
    by_id = {t.inject: t for t in report.timeline}
    assert by_id["LIVE-1"].live.unscripted == "written" and by_id["LIVE-1"].status == "released"
    assert by_id["M1-01-C1"].live.unscripted == "correction" and by_id["M1-01-C1"].live.corrects == "M1-01"
    assert by_id["M1-01"].live.corrected_by == ("M1-01-C1",)
    assert by_id["M1-02"].live.recalled == "Released in error."
    assert by_id["M1-05"].at == 27 and by_id["M1-05"].live.changes == ("retimed at 08:30: at 25 → 27",)
    assert by_id["M1-04"].live.changes == ()
    data = to_json(report)
    assert data["talk"]["requests"][0]["reply"] == "WHITE-ANSWER: calm in Seoul."
    assert data["talk"]["reach"][0]["seconds"] == 120
    assert {t["inject"]: t["live"]["unscripted"] for t in data["timeline"]}["LIVE-1"] == "written"
    json.dumps(data)


def test_a_cells_extract_holds_its_own_part_only(played):
    kor = analyze(scenario(), played, cell="KOR")
    text = json.dumps(to_json(kor))
    # its own declined request; JPN's answer released to it (never JPN's question)
    assert [(r.id, r.status, r.text) for r in kor.talk.requests] == [
        ("RFI-2", "declined", "KOR-QUESTION: the launch order?"), ("RFI-1", "answered", "")]
    assert "JPN-QUESTION" not in text and "USA-QUESTION" not in text
    assert [m.id for m in kor.talk.messages] == ["MSG-1"] and "JPN-MESSAGE" not in text
    assert "CONTROL-LOG" not in text and kor.talk.log == () and kor.talk.reach == ()
    assert "retimed" not in text
    assert {t.inject for t in kor.timeline} == {"M1-03", "LIVE-1", "M1-01", "M1-01-C1"} - {"M1-03"}
    # the marking: MSG-1 is held by USA, JPN, KOR; RFI-1's answer by JPN, KOR; RFI-2 by KOR alone
    assert kor.marking == "KOR ONLY"
    usa = analyze(scenario(), played, cell="USA")
    assert [r.id for r in usa.talk.requests] == ["RFI-3"] and usa.talk.unanswered[0].waited == 600
    assert {t.inject: t.live.recalled for t in usa.timeline}["M1-02"] == "Released in error."
    assert all(t.live.changes == () and t.live.unscripted is None for t in usa.timeline)


def test_a_statement_is_kept_with_the_decision_in_the_report(tmp_path):
    from ttx.scenario.model import Scenario

    sc = Scenario.model_validate({"ttx": 1, "id": "p", "title": "P", "cells": [{"id": "USA"}, {"id": "JPN"}],
                                  "moves": [{"id": "M1", "injects": [{"id": "P", "at": 1, "title": "Presser",
                                             "decision": {"prompt": "Line?", "response": "text"}}]}]})
    vt = VirtualTime(T0)
    with Session.create(sc, tmp_path / "p.ttx", now=vt) as s:
        s.start_move()
        s.release("P")
        s.record_decision("P", "USA", None, "", statement="We stand with our allies.")
        s.share_decision("P", "USA", ["JPN"])
        events = list(s.events)
    (row, _) = analyze(sc, events).decisions
    assert row.statement == "We stand with our allies."
    jpn = analyze(sc, events, cell="JPN")
    assert [(d.cell, d.statement) for d in jpn.decisions if d.cell == "USA"] == [("USA", "We stand with our allies.")]


def _docx_text(data: bytes) -> str:
    import io

    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_format_shows_the_requests_the_messages_and_the_msel_as_run(played, fmt):
    from ttx.report.render import render

    out = render(analyze(scenario(), played), fmt)
    text = _docx_text(out) if fmt == "docx" else out
    assert "Requests for information and messages" in text
    assert "3 requests: 1 answered, 1 declined, 1 unanswered" in text
    assert "Unanswered when the log ends: RFI-3 from USA, waiting 10m" in text.replace("**", "").replace(
        "<strong>", "").replace("</strong>", "")
    assert "JPN-QUESTION: what does our embassy report?" in text and "KOR-DECLINE" in text
    assert "CONTROL-LOG: KOR delegation asks for a break." in text
    assert "written in play" in text and "correction of M1-01" in text and "recalled: Released in error." in text
    assert "retimed at 08:30: at 25 → 27" in text
    assert "REL TO USA, JPN, KOR" in text and "never reached" not in text
    if fmt == "html":  # typed text is escaped: the HTML shows it as typed
        assert "&lt;b&gt;not bold&lt;/b&gt; [/] as typed" in out and "<b>not bold" not in out


def test_a_cells_extract_renders_its_own_part_only(played):
    from ttx.report.render import render

    for fmt in ("md", "html"):
        out = render(analyze(scenario(), played, cell="KOR"), fmt)
        assert "Requests for information and messages" in out and "KOR-QUESTION" in out
        assert "WHITE-ANSWER: calm in Seoul." in out  # released to KOR as well
        for secret in ("JPN-QUESTION", "USA-QUESTION", "CONTROL-LOG", "JPN-MESSAGE", "retimed", "written in play"):
            assert secret not in out, (fmt, secret)


def test_a_session_where_nobody_talked_has_no_such_section(tmp_path):
    from ttx.report.render import render
    from tests.report.report_helpers import standard_log

    out = render(analyze(scenario(), standard_log()), "md")
    assert "Requests for information and messages" not in out


def test_a_statement_shows_in_the_decisions_of_every_format(tmp_path):
    from ttx.report.render import render
    from ttx.scenario.model import Scenario

    sc = Scenario.model_validate({"ttx": 1, "id": "p", "title": "P", "cells": [{"id": "USA"}],
                                  "moves": [{"id": "M1", "injects": [{"id": "P", "at": 1, "title": "Presser",
                                             "decision": {"prompt": "Line?", "response": "text"}}]}]})
    with Session.create(sc, tmp_path / "p.ttx", now=VirtualTime(T0)) as s:
        s.start_move()
        s.release("P")
        s.record_decision("P", "USA", None, "", statement="We stand with our allies.")
        events = list(s.events)
    for fmt in ("md", "html", "docx"):
        out = render(analyze(sc, events), fmt)
        assert "We stand with our allies." in (_docx_text(out) if fmt == "docx" else out), fmt
