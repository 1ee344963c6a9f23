"""The participant feedback form: what a player may see, in every format,
and `ttx feedback` end to end through the installed command."""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.report.report_helpers import SCENARIO, scenario
from tests.report.test_escaping import assert_no_live_markup, hostile_scenario

from ttx.report.model import ReportError
from ttx.report.feedback import STATEMENTS, feedback_form
from ttx.report.render import render_feedback
from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.workspace import builtin_root

TTX = str(Path(sys.executable).parent / "ttx")
ROOT = builtin_root()


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_cell_gets_its_own_questions_only():
    sc = scenario()
    jpn = [q for m in feedback_form(sc, "JPN").moves for q in m.questions]
    kor = [q for m in feedback_form(sc, "KOR").moves for q in m.questions]
    anyone = [q for m in feedback_form(sc).moves for q in m.questions]
    assert jpn == ["What do you tell the public?", "Allied-only question"]
    assert kor == ["What do you tell the public?"]
    assert anyone == []  # no question of this scenario went to all three player cells
    assert [m.id for m in feedback_form(sc).moves] == [m.id for m in sc.moves]


def test_only_a_player_cell_gets_a_form():
    with pytest.raises(ReportError, match="WHITE is not a player cell"):
        feedback_form(scenario(), "WHITE")


def test_every_format_has_the_banner_and_the_statements_but_nothing_controller_only():
    sc = scenario()
    form = feedback_form(sc, "JPN")
    html = render_feedback(form, "html")
    md = render_feedback(form, "md")
    doc = Document(io.BytesIO(render_feedback(form, "docx")))
    docx_text = "\n".join([p.text for p in doc.paragraphs]
                          + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    assert html.count('<div class="banner') == 2 and sc.classification in html
    assert md.startswith(f"**{sc.classification}**") and md.rstrip().endswith(f"**{sc.classification}**")
    for section in doc.sections:
        assert sc.classification in section.header.paragraphs[0].text
        assert sc.classification in section.footer.paragraphs[0].text
    controller_only = [o.text for o in sc.objectives] + [a for i in sc.inject_by_id.values() for a in i.expected_actions]
    controller_only += [n for m in sc.moves for n in m.facilitator_notes]
    controller_only += [n for i in sc.inject_by_id.values() for n in (*i.facilitator_notes, i.trigger or "") if n]
    assert len(controller_only) > len(sc.objectives) + 3  # the notes and the trigger are among them
    for text in (html, md, docx_text):
        for statement in STATEMENTS:
            assert statement in text
        assert "Allied-only question" in text
        for secret in controller_only:
            assert secret not in text


def test_html_escapes_everything_from_the_scenario():
    html = render_feedback(feedback_form(hostile_scenario(), "JPN"), "html")
    assert_no_live_markup(html)


def test_docx_numbers_each_moves_questions_from_one():
    sc = check_scenario(ROOT / "scenarios" / "dprk-missile-warning.yaml", ROOT / "injects").scenario
    form = feedback_form(sc, "KOR")
    texts = [p.text for p in Document(io.BytesIO(render_feedback(form, "docx"))).paragraphs]
    expected = [f"{i}. {q}" for m in form.moves for i, q in enumerate(m.questions, start=1)]
    assert len(expected) > len(form.moves)  # several moves ask several questions
    assert [t for t in texts if t in expected] == expected


def test_cli_writes_the_form_for_a_cell(tmp_path):
    done = ttx("feedback", "dprk-missile-warning", "--cell", "kor", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "dprk-missile-warning-feedback-KOR.html"
    assert done.stdout.strip() == f"wrote {out.name}"
    html = out.read_text(encoding="utf-8")
    assert "For the Republic of Korea cell (KOR)" in html
    assert 'class="tick on"></span>KOR' in html


def test_cli_markdown_to_stdout_and_docx_to_a_file(tmp_path):
    done = ttx("feedback", "taiwan-evacuation", "--format", "md", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "# Participant feedback form:" in done.stdout
    done = ttx("feedback", "taiwan-evacuation", "--format", "docx", "-o", "form.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert Document(str(tmp_path / "form.docx")).paragraphs


def test_cli_refuses_bad_input_without_a_traceback(tmp_path):
    for args, code, message in (
        (("taiwan-evacuation", "--cell", "WHITE"), 2, "WHITE is not a player cell of taiwan-evacuation"),
        (("no-such-scenario",), 2, "no-such-scenario"),
        (("taiwan-evacuation", "-o", str(tmp_path)), 1, "is a folder"),
    ):
        done = ttx("feedback", *args, cwd=tmp_path)
        assert done.returncode == code, done.stderr
        assert message in done.stderr and "Traceback" not in done.stderr


def test_a_workspace_template_overrides_the_builtin_form(tmp_path):
    assert ttx("init", "ws", cwd=tmp_path).returncode == 0
    (tmp_path / "ws" / "templates" / "feedback.md.j2").write_text("OUR FORM for {{ form.title }}\n")
    done = ttx("feedback", "cyber-space", "--format", "md", "-o", "-", cwd=tmp_path / "ws")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("OUR FORM for ")


PLAYERS = ("USA", "JPN", "KOR")


@given(st.lists(st.one_of(st.none(), st.lists(st.sampled_from(PLAYERS), min_size=1, unique=True)),
                min_size=1, max_size=6))
@settings(max_examples=150, deadline=None)
def test_no_cell_is_asked_what_was_put_to_others(addressed):
    """Need-to-know on paper: a cell's form lists exactly the questions put to it
    (None: all player cells); the form for any player only those put to all three."""
    data = copy.deepcopy(SCENARIO)
    data["moves"][0]["questions"] = [
        {"id": f"Q{n}", "text": f"QUESTION-{n}", **({} if cells is None else {"cells": cells})}
        for n, cells in enumerate(addressed)
    ]
    sc = Scenario.model_validate(data)
    for cell in (*PLAYERS, None):
        asked = {q for m in feedback_form(sc, cell).moves for q in m.questions}
        expected = {f"QUESTION-{n}" for n, cells in enumerate(addressed)
                    if cells is None or (cell in cells if cell else set(cells) == set(PLAYERS))}
        assert asked == expected
