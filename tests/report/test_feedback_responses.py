"""Returned participant feedback forms, typed into the sheet `ttx feedback
--format csv` writes, summarized in the after-action report."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from tests.report.report_helpers import scenario, standard_log
from tests.report.test_escaping import PAYLOAD, assert_no_live_markup

from ttx.report.analysis import analyze
from ttx.report.feedback import blank_sheet, feedback_form, read_responses
from ttx.report.render import render
from ttx.scenario.msel import SheetError
from ttx.workspace import builtin_root

TTX = str(Path(sys.executable).parent / "ttx")
ROOT = builtin_root()


def sheet(form, rows: list[dict[str, str]]) -> str:
    """The blank sheet, filled in: each row maps a column id (Cell, Move M1, S2, strengths, …) to a value."""
    header = next(csv.reader(io.StringIO(blank_sheet(form))))
    ids = [h.split(":", 1)[0] for h in header]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(i, "") for i in ids])
    return out.getvalue()


def test_ratings_are_counted_and_answers_kept_with_their_cell():
    form = feedback_form(scenario())
    text = sheet(form, [
        {"Cell": "jpn", "Move M1": "4", "S1": "5", "strengths": "Fast sharing"},
        {"Cell": "USA", "Move M1": "5", "Move M2": "3", "S1": "4", "gaps": "No NEO lift agreement"},
        {},  # a blank line in the sheet
        {"Cell": "JPN", "Move M1": "2"},
    ])
    summary, warnings = read_responses(text, form, path="fb.csv")
    assert warnings == []
    assert summary.forms == 3 and summary.by_cell == (("USA", 1), ("JPN", 2))
    m1, m2 = summary.moves[0], summary.moves[1]
    assert (m1.counts, m1.answered, m1.mean) == ((0, 1, 0, 1, 1), 3, pytest.approx(11 / 3))
    assert (m2.answered, m2.mean) == (1, 3.0)
    assert summary.statements[0].mean == 4.5 and summary.statements[1].mean is None
    answers = {q.key: q.answers for q in summary.answers}
    assert answers["strengths"] == (("JPN", "Fast sharing"),) and answers["gaps"] == (("USA", "No NEO lift agreement"),)


def test_mistakes_are_located_and_stop_the_report():
    form = feedback_form(scenario())
    text = sheet(form, [{"Cell": "USA", "Move M1": "6"}, {"Cell": "FRA", "S2": "3.5"}])
    with pytest.raises(SheetError) as caught:
        read_responses(text, form, path="fb.csv")
    shown = [str(p) for p in caught.value.problems]
    assert "fb.csv:2:3: rating '6' is not a whole number from 1 to 5" in shown
    assert "fb.csv:3:1: 'FRA' is not a player cell (USA, JPN, KOR)" in shown
    assert any(s.startswith("fb.csv:3:") and "'3.5'" in s for s in shown)
    with pytest.raises(SheetError, match="problem"):
        read_responses("Name,M1\nX,3\n", form, path="fb.csv")  # no Cell column


def test_a_column_not_on_the_form_is_a_warning_and_so_is_one_missing():
    form = feedback_form(scenario())
    summary, warnings = read_responses("Cell,Move M1,Shoe size\nUSA,4,44\n", form, path="fb.csv")
    shown = [str(w) for w in warnings]
    assert shown[0] == "fb.csv:1:3: warning: column 'Shoe size' is not on the form; ignored"
    assert shown[1].startswith("fb.csv:1:1: warning: the form's columns ") and "move m2" in shown[1]
    assert summary.moves[0].counts == (0, 0, 0, 1, 0)


def test_a_move_called_like_a_statement_keeps_its_own_column():
    """Moves are 'Move <id>' in the sheet: a move with the id S1 cannot take statement S1's answers."""
    import copy

    from tests.report.report_helpers import SCENARIO

    from ttx.scenario.model import Scenario

    data = copy.deepcopy(SCENARIO)
    data["moves"][0]["id"] = "S1"
    for move in data["moves"]:
        for inject in move["injects"]:
            inject["id"] = inject["id"].replace("M1-", "S1-")
            if "when" in inject:
                inject["when"]["decision"] = inject["when"]["decision"].replace("M1-", "S1-")
    form = feedback_form(Scenario.model_validate(data))
    summary, _ = read_responses(sheet(form, [{"Cell": "USA", "S1": "5"}]), form, path="fb.csv")
    assert summary.statements[0].counts == (0, 0, 0, 0, 1) and summary.moves[0].answered == 0
    twice = "Cell,S1: a,S1: b\nUSA,1,2\n"
    with pytest.raises(SheetError) as caught:
        read_responses(twice, form, path="fb.csv")
    assert "fb.csv:1:3: column 'S1: b' comes twice" in str(caught.value.problems[0])


def test_every_format_shows_the_summary_and_the_html_escapes_the_answers():
    form = feedback_form(scenario())
    summary, _ = read_responses(sheet(form, [{"Cell": "KOR", "Move M1": "4", "strengths": PAYLOAD},
                                             {"Cell": "USA", "Move M1": "5", "design": "Shorter move 2"}]),
                                form, path="fb.csv")
    import dataclasses

    report = dataclasses.replace(analyze(scenario(), standard_log()), feedback=summary)
    html = render(report, "html")
    assert "7. Participant feedback" in html and "2 feedback forms returned: USA 1, KOR 1" in html
    assert "<td class=\"num\">4.5</td>" in html and "Shorter move 2" in html
    assert_no_live_markup(html)
    md = render(report, "md")
    assert "## 7. Participant feedback" in md and "| 2 | 4.5 |" in md
    doc = Document(io.BytesIO(render(report, "docx")))
    assert "7. Participant feedback" in [p.text for p in doc.paragraphs]
    assert any(c.text == "4.5" for t in doc.tables for row in t.rows for c in row.cells)
    assert "7. Participant feedback" not in render(analyze(scenario(), standard_log()), "html")


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_from_blank_sheet_to_report_through_the_cli(tmp_path):
    assert ttx("feedback", "dprk-missile-warning", "--format", "csv", "-o", "sheet.csv", cwd=tmp_path).returncode == 0
    header = (tmp_path / "sheet.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("Cell,Organization and role,Move M1: Move 1") and ",S1: The exercise was" in header
    with (tmp_path / "sheet.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write("JPN,MOFA,5,4,4,3,4,4,4,4,4,4,4,4,4,J-Alert drill worked,,,\r\n")
    script = ROOT / "rehearsals" / "dprk-missile-warning" / "link-nominal.yaml"
    done = ttx("rehearse", "dprk-missile-warning", "--script", str(script), "--session", "s.ttx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = ttx("report", "s.ttx", "--feedback", "sheet.csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "s-aar.html").read_text(encoding="utf-8")
    assert "1 feedback form returned: JPN 1" in html and "J-Alert drill worked" in html
    refused = ttx("report", "s.ttx", "--feedback", "sheet.csv", "--cell", "KOR", cwd=tmp_path)
    assert refused.returncode == 2 and "full report" in refused.stderr
    (tmp_path / "bad.csv").write_text(header + "\r\nJPN,MOFA,9\r\n", encoding="utf-8")
    (tmp_path / "s-aar.html").unlink()
    bad = ttx("report", "s.ttx", "--feedback", "bad.csv", cwd=tmp_path)
    assert bad.returncode == 2 and "bad.csv:2:3: rating '9'" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "s-aar.html").exists()


def test_an_older_workspace_template_is_named_when_it_hides_the_feedback(tmp_path):
    """`ttx init` copies the report templates; a copy from before --feedback would drop the section
    silently, so the report says which template and what it leaves out."""
    assert ttx("init", "ws", cwd=tmp_path).returncode == 0
    work = tmp_path / "ws"
    (work / "templates" / "report.md.j2").write_text("OLD REPORT {{ report.overview.title }}\n", encoding="utf-8")
    assert ttx("feedback", "dprk-missile-warning", "--format", "csv", "-o", "sheet.csv", cwd=work).returncode == 0
    script = work / "rehearsals" / "dprk-missile-warning" / "link-nominal.yaml"
    assert ttx("rehearse", "dprk-missile-warning", "--script", str(script), "--session", "s.ttx",
               cwd=work).returncode == 0
    done = ttx("report", "s.ttx", "--feedback", "sheet.csv", "--format", "md", "-o", "-", cwd=work)
    assert done.returncode == 0 and done.stdout.startswith("OLD REPORT")
    assert "report.md.j2 overrides the built-in report.md.j2 and does not show the participant feedback" in done.stderr
    plain = ttx("report", "s.ttx", "--format", "html", "-o", "-", cwd=work)  # the built-in HTML: no warning
    assert plain.returncode == 0 and "warning" not in plain.stderr
