"""User templates: override by file name, render in the sandbox, fail clearly."""

from __future__ import annotations

import pytest
from tests.report.report_helpers import scenario, standard_log

from ttx.report.analysis import analyze
from ttx.report.model import ReportError
from ttx.report.render import render


@pytest.fixture
def report():
    return analyze(scenario(), standard_log())


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_user_template_overrides_the_builtin_by_name(report, tmp_path):
    d = write(tmp_path / "t", "report.md.j2", "Custom: {{ report.overview.title }} / {{ banner }}\n")
    assert render(report, "md", templates=d) == "Custom: Strait Test / UNCLASSIFIED // FOR EXERCISE USE ONLY\n"
    # the other formats still come from the built-in templates
    assert "<!DOCTYPE html>" in render(report, "html", templates=d)


def test_user_dir_wins_over_workspace_dir(report, tmp_path):
    ws = write(tmp_path / "ws", "report.md.j2", "workspace\n")
    user = write(tmp_path / "user", "report.md.j2", "user\n")
    assert render(report, "md", templates=user, workspace_templates=ws) == "user\n"
    assert render(report, "md", workspace_templates=ws) == "workspace\n"


def test_a_user_chart_partial_overrides_only_the_chart(report, tmp_path):
    d = write(tmp_path / "t", "chart.svg.j2", "<p>NO CHART {{ '<b>' }}</p>")
    html = render(report, "html", templates=d)
    assert "NO CHART &lt;b&gt;" in html and "Analysis of capabilities" in html


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ report.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ report.overview.title.format.__self__ }}{{ ().__class__.__base__.__subclasses__() }}",
    ],
)
def test_the_sandbox_refuses_python_internals(report, tmp_path, body):
    d = write(tmp_path / "t", "report.html.j2", body)
    with pytest.raises(ReportError) as err:
        render(report, "html", templates=d)
    assert "report.html.j2" in str(err.value)


def test_the_sandbox_refuses_mutation(report, tmp_path):
    d = write(tmp_path / "t", "report.md.j2", "{{ ratings.update({'P': 'x'}) }}")
    with pytest.raises(ReportError, match="sandbox|unsafe"):
        render(report, "md", templates=d)


def test_syntax_error_names_file_and_line(report, tmp_path):
    d = write(tmp_path / "t", "report.md.j2", "line one\n{% for x in %}\n")
    with pytest.raises(ReportError, match=r"report\.md\.j2:2: template syntax error"):
        render(report, "md", templates=d)


def test_runtime_error_in_a_template_is_a_report_error(report, tmp_path):
    d = write(tmp_path / "t", "report.md.j2", "ok\n{{ 1 // 0 }}\n")
    with pytest.raises(ReportError, match="ZeroDivisionError"):
        render(report, "md", templates=d)
    d = write(tmp_path / "u", "report.md.j2", "{{ no_such_thing.x }}")
    with pytest.raises(ReportError, match="undefined"):
        render(report, "md", templates=d)


def test_draft_until_final(report):
    assert "DRAFT" in render(report, "html")
    final = render(report, "html", final=True)
    assert "DRAFT" not in final and "draft-badge" not in final.split("</style>")[1]
    assert "DRAFT" not in render(report, "md", final=True)


def test_banner_top_and_bottom_in_every_text_format(report):
    html = render(report, "html")
    body = html.split("<body>", 1)[1]
    assert body.lstrip().startswith('<div class="banner top">UNCLASSIFIED // FOR EXERCISE USE ONLY</div>')
    assert body.rstrip().endswith('<div class="banner bottom">UNCLASSIFIED // FOR EXERCISE USE ONLY</div>\n</body>\n</html>'.rstrip())
    assert "@top-center { content: \"UNCLASSIFIED \\2f \\2f  FOR EXERCISE USE ONLY\"" in html  # every printed page
    md = render(report, "md").strip().splitlines()
    assert md[0] == md[-1] == "**UNCLASSIFIED // FOR EXERCISE USE ONLY**"


def test_every_builtin_template_is_listed_as_shipped():
    # a workspace's unedited copy of it must follow the built-in (ttx.report.shipped)
    import hashlib

    from ttx.report.shipped import SHIPPED
    from ttx.report.templates import builtin_templates

    for path in sorted(builtin_templates().glob("*.j2")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest in SHIPPED.get(path.name, ()), f'add "{digest}" to SHIPPED["{path.name}"] in ttx/report/shipped.py'
