"""`ttx report`: the after-action report and improvement plan of a session;
`ttx feedback`: the participant feedback form of a scenario."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from ttx.commands.common import (
    EXIT_INVALID,
    deliver,
    force_option,
    fail,
    fail_with_problems,
    print_problems,
    read_sheet,
    write_whole,
)

SUFFIX = {"html": ".html", "md": ".md", "docx": ".docx", "json": ".json", "csv": ".csv"}


@click.command()
@click.argument("session")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "docx", "json"]), default="html", show_default=True,
              help="html: one self-contained file; md: Markdown; docx: Word; json: the analysis data.")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, allow_dash=True),
              help="Where to write it; '-' for standard output (default: beside the session file, "
                   "<session>-aar[-CELL].<ext>).")
@click.option("--cell", "cell", metavar="CELL",
              help="A releasable extract for one cell: only what was released to it and its own decisions.")
@click.option("--templates", "templates", type=click.Path(path_type=Path, file_okay=False),
              help="A folder of templates overriding the built-in ones by file name "
                   "(report.html.j2, report.md.j2, chart.svg.j2, document.css.j2).")
@click.option("--final", is_flag=True, help="The final report: no DRAFT marks.")
@force_option
@click.option("--feedback", "feedback_sheet", type=click.Path(dir_okay=False, path_type=Path),
              help="The returned participant feedback forms, typed into the sheet "
                   "`ttx feedback SCENARIO --format csv` writes: summarized in the report.")
def report(session: str, fmt: str, output: Path | None, cell: str | None, templates: Path | None, final: bool,
           force: bool, feedback_sheet: Path | None) -> None:
    """Render the after-action report / improvement plan of SESSION.

    SESSION is a session file, or its name under the workspace's sessions/.
    The workspace's templates/ folder (and --templates DIR before it)
    override the built-in templates by file name; user templates render in
    Jinja2's sandbox.
    """
    from ttx.engine.errors import SessionFileError
    from ttx.engine.session import Session
    from ttx.report.model import ReportError
    from ttx.workspace import Workspace

    ws = Workspace.find()
    path = _session_path(session, ws.sessions_dir)
    if templates is not None and not templates.is_dir():
        fail(f"--templates {templates}: no such folder")
    try:
        opened = Session.open(path, readonly=True)
    except SessionFileError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{path}: cannot read the session file ({exc.strerror or exc})")
    try:
        scenario, events = opened.scenario, list(opened.events)
    finally:
        opened.close()

    if feedback_sheet is not None and cell:
        fail("--feedback goes into the full report; a cell's extract holds none of the other cells' forms")
    summary = _read_feedback(feedback_sheet, scenario) if feedback_sheet is not None else None
    try:
        rendered, warning = make_report(scenario, events, fmt, ws, cell=cell.upper() if cell else None,
                                        final=final, templates=templates, feedback=summary)
    except ReportError as exc:
        fail(str(exc), EXIT_INVALID)
    if warning:
        click.echo(f"ttx: warning: {warning}", err=True)

    default = path.with_name(f"{path.stem}-aar{'-' + cell.upper() if cell else ''}{SUFFIX[fmt]}")
    target = deliver(rendered, fmt, output, default, "the report", force=force)
    if target is not None:
        click.echo(f"wrote {target}" + ("" if final else " (DRAFT; --final for the final report)"))


@click.command()
@click.argument("scenario")
@click.option("--cell", "cell", metavar="CELL",
              help="A form for one player cell: its name ticked, its own discussion questions.")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "docx", "csv"]), default="html", show_default=True,
              help="html: one printable file; md: Markdown; docx: Word; csv: the blank sheet to type "
                   "the returned forms into, one row a form (then: ttx report SESSION --feedback SHEET).")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, allow_dash=True),
              help="Where to write it; '-' for standard output (default: <scenario>-feedback[-CELL].<ext> "
                   "in the current folder).")
@click.option("--templates", "templates", type=click.Path(path_type=Path, file_okay=False),
              help="A folder of templates overriding the built-in ones by file name (feedback.html.j2, feedback.md.j2).")
@click.option("--lang", "lang", default=None, metavar="LANG",
              help="The form's language (en, ja, ko …): its words, and the scenario's texts where the scenario is "
                   "translated. Default: the cell's `lang:` in the scenario, else LANG/LC_ALL.")
@force_option
def feedback(scenario: str, cell: str | None, fmt: str, output: Path | None, templates: Path | None,
             lang: str | None, force: bool) -> None:
    """Print the participant feedback form (HSEEP) for SCENARIO.

    Players fill it in at the end of the exercise: a rating of each move and
    of the exercise, then strengths, areas for improvement and gaps. It shows
    only what players see (titles and their cell's discussion questions),
    never objectives or expected actions.
    """
    from ttx.commands.common import load_scenario_or_exit
    from ttx.report.model import ReportError
    from ttx.report.feedback import feedback_form
    from ttx.report.render import render_feedback

    ws, loaded = load_scenario_or_exit(scenario)
    if templates is not None and not templates.is_dir():
        fail(f"--templates {templates}: no such folder")
    from ttx import i18n
    from ttx.commands.common import check_lang

    check_lang(lang)
    wanted = cell.upper() if cell else None
    default_lang = loaded.cell_by_id[wanted].lang if wanted in loaded.cell_by_id else None
    try:
        form = feedback_form(loaded, wanted, i18n.choose(lang, default_lang))
        rendered = render_feedback(form, fmt, templates=templates,
                                   workspace_templates=None if ws.builtin else ws.templates_dir)
    except ReportError as exc:
        fail(str(exc), EXIT_INVALID)
    default = Path(f"{loaded.id}-feedback{'-' + form.cell if form.cell else ''}{SUFFIX[fmt]}")
    target = deliver(rendered, fmt, output, default, "the form", force=force)
    if target is not None:
        click.echo(f"wrote {target}")


def make_report(scenario, events, fmt: str, ws, *, cell: str | None = None, final: bool = False,
                templates: Path | None = None, feedback=None) -> tuple[str | bytes, str | None]:
    """The report as `ttx report` makes it, and the warning to give about an older workspace
    template, if any. ReportError when it cannot be made."""
    from ttx.report.analysis import analyze
    from ttx.report.render import render

    data = analyze(scenario, events, cell=cell)
    if feedback is not None:
        data = dataclasses.replace(data, feedback=feedback)
    workspace_templates = None if ws.builtin else ws.templates_dir
    rendered = render(data, fmt, final=final, templates=templates, workspace_templates=workspace_templates)
    return rendered, _template_warning(data, fmt, templates, workspace_templates)


def console_report(session) -> str:
    """The facilitator console's report (the hot wash's ctrl+r): the HTML report, DRAFT,
    written beside the session file as `ttx report SESSION` writes it. The consoles get
    this as a callable: they never import the report or the workspace. Returns what to show."""
    from ttx.workspace import Workspace

    path = Path(session.path)
    hint = f"Session file: {path}\nOther formats: ttx report {path} --format md|docx|json"
    target = path.with_name(f"{path.stem}-aar.html")  # where `ttx report` puts it
    try:
        rendered, warning = make_report(session.scenario, list(session.events), "html", Workspace.find())
        write_whole(target, rendered.encode("utf-8") if isinstance(rendered, str) else rendered)
    except Exception as exc:  # a template error or a full disk: say so, keep the console up
        return f"The report could not be made: {type(exc).__name__}: {exc}\n{hint}"
    return f"Report written (DRAFT): {target}\n" + (f"Warning: {warning}\n" if warning else "") + hint


def _template_warning(data, fmt: str, templates: Path | None, workspace: Path | None) -> str | None:
    """A workspace made by an older `ttx init` holds copies of the report templates, which
    override the built-in ones by name and may not know the newer sections: say so rather
    than leave them out silently."""
    from ttx.report.render import TEMPLATE_NAMES
    from ttx.report.templates import builtin_templates, resolve, template_dirs
    from ttx.scenario.vocabulary import DETAIL_FIELDS

    name = TEMPLATE_NAMES.get(fmt)
    if name is None:
        return None
    used = resolve(name, template_dirs(templates, workspace))
    if used is None or used.parent.resolve() == builtin_templates().resolve():
        return None
    text = used.read_text(encoding="utf-8", errors="replace")
    missing = []
    if data.feedback is not None and "feedback" not in text:
        missing.append("the participant feedback (--feedback)")
    unseen = [f.label.lower() for f in DETAIL_FIELDS if not _shows(text, f)
              and any(o.source == "hotwash" and o.details.get(f.name) for o in data.improvements)]
    if unseen:
        missing.append(f"the areas for improvement's {', '.join(unseen)}")
    if not missing:
        return None
    return (f"{used} overrides the built-in {name} and does not show {' or '.join(missing)}; "
            "copy the built-in template from a new `ttx init`, or add them")


def _shows(template: str, field) -> bool:
    """Whether a report template shows a hot-wash field: by its name, or through the
    lists of fields the built-in templates loop over."""
    import re

    loops = {"plan": ("plan_fields", "p.columns"), "afi": ("afi_fields",)}.get(field.part, ())
    return re.search(rf"\b{field.name}\b", template) is not None or any(word in template for word in loops)


def _read_feedback(sheet: Path, scenario) -> object:
    """The returned forms of `sheet`, summarized; its mistakes print as sheet:line:col (exit 2)."""
    from ttx.report.feedback import feedback_form, read_responses
    from ttx.scenario.msel import SheetError

    try:
        summary, warnings = read_responses(read_sheet(sheet), feedback_form(scenario), path=str(sheet))
    except SheetError as exc:
        fail_with_problems(exc.problems, "no report was written")
    print_problems(warnings)
    return summary


def _session_path(ref: str, folder: Path) -> Path:
    path = Path(ref)
    if path.exists():
        return path
    for candidate in (folder / ref, folder / f"{ref}.ttx"):
        if candidate.exists():
            return candidate
    fail(f"{ref}: no such session file (nor in {folder})")
