"""User templates are bounded (issue 14 items 5 and 6): each render decides afresh whether a
user template takes part; one that does renders sandboxed in a child process with a time
limit, a memory limit and a cap on its output, and says so when it stops."""

from __future__ import annotations

import shutil

import pytest
from tests.report.report_helpers import scenario, standard_log

from ttx.report import templates
from ttx.report.analysis import analyze
from ttx.report.model import ReportError
from ttx.report.render import render

ESCAPE = "{{ cycler.__init__.__globals__.os.popen('echo ESCAPED').read() }}"


@pytest.fixture
def report():
    return analyze(scenario(), standard_log())


def test_a_template_added_after_a_first_render_is_still_sandboxed(report, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    first = render(report, "md", workspace_templates=folder)  # only built-ins: rendered here
    assert first.startswith("**UNCLASSIFIED")
    (folder / "report.md.j2").write_text(ESCAPE, encoding="utf-8")
    with pytest.raises(ReportError, match="sandbox"):
        render(report, "md", workspace_templates=folder)


def test_an_unedited_copy_of_a_builtin_is_no_override(report, tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(templates.builtin_templates(), folder)
    assert templates.user_templates([folder]) == []
    assert render(report, "html", workspace_templates=folder) == render(report, "html")
    (folder / "report.md.j2").write_text("edited {{ banner }}\n", encoding="utf-8")
    assert templates.user_templates([folder]) == [folder / "report.md.j2"]
    assert render(report, "md", workspace_templates=folder) == "edited UNCLASSIFIED // FOR EXERCISE USE ONLY\n"


def write(tmp_path, body):
    folder = tmp_path / "t"
    folder.mkdir(exist_ok=True)
    (folder / "report.md.j2").write_text(body, encoding="utf-8")
    return folder


def test_a_template_that_loops_without_end_is_stopped(report, tmp_path, monkeypatch):
    monkeypatch.setattr(templates, "TIME_LIMIT", 3.0)
    folder = write(tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    with pytest.raises(ReportError, match=r"report\.md\.j2: the template did not finish within 3 s; stopped"):
        render(report, "md", templates=folder)


def test_a_template_that_writes_without_end_is_stopped(report, tmp_path, monkeypatch):
    monkeypatch.setattr(templates, "OUTPUT_LIMIT", 1 << 20)
    folder = write(tmp_path, "{{ 'a' * 3000000 }}")
    with pytest.raises(ReportError, match=r"report\.md\.j2: the template wrote more than 1 MB; stopped"):
        render(report, "md", templates=folder)


@pytest.mark.parametrize("body", ["{{ '%999999999999d' | format(1) }}", "{{ 'a' * 3000000000 }}"])
def test_a_template_that_allocates_without_end_is_stopped(report, tmp_path, body):
    folder = write(tmp_path, body)
    with pytest.raises(ReportError, match=r"report\.md\.j2: .*(memory|MemoryError|OverflowError)"):
        render(report, "md", templates=folder)
