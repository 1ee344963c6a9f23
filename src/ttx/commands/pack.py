"""`ttx pack`: the pre-exercise documents of a scenario (HSEEP's Situation Manual,
Exercise Plan and Controller/Evaluator handbook)."""

from __future__ import annotations

from pathlib import Path

import click

from ttx.commands.common import EXIT_INVALID, deliver, fail, force_option, load_scenario_or_exit

SUFFIX = {"html": ".html", "md": ".md", "docx": ".docx"}
DOCS = ("sitman", "explan", "handbook")


@click.command()
@click.argument("scenario")
@click.option("--doc", "docs", type=click.Choice(DOCS), multiple=True,
              help="sitman: the players' Situation Manual; explan: the Exercise Plan; handbook: the "
                   "Controller/Evaluator handbook with the MSEL, branch map and evaluation guides "
                   "(default: all three).")
@click.option("--cell", "cell", metavar="CELL",
              help="A player cell's own Situation Manual: the questions put to it.")
@click.option("--format", "fmt", type=click.Choice(list(SUFFIX)), default="html", show_default=True,
              help="html: print-ready, self-contained; md: Markdown; docx: Word.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True,
              help="The paper the printed pages are laid out for.")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, allow_dash=True),
              help="Where to write one document; '-' for standard output (default: "
                   "<scenario>-<doc>[-CELL].<ext> in the current folder).")
@click.option("--templates", "templates", type=click.Path(path_type=Path, file_okay=False),
              help="A folder of templates overriding the built-in ones by file name (pack.html.j2, pack.md.j2).")
@force_option
def pack(scenario: str, docs: tuple[str, ...], cell: str | None, fmt: str, paper: str, output: Path | None,
         templates: Path | None, force: bool) -> None:
    """Write SCENARIO's pre-exercise documents, each with its banner.

    The Situation Manual holds only what players may see: purpose, scope,
    objectives, participants, schedule, the road to crisis and each move's
    situation and discussion questions; never an inject, an expected action,
    a note, a trigger or a branch. The handbook holds all of that, for
    controllers and evaluators only.
    """
    from ttx.report.model import ReportError
    from ttx.report.handbook import handbook
    from ttx.report.pack import explan, sitman
    from ttx.report.pack_render import render_pack

    ws, loaded = load_scenario_or_exit(scenario)
    if templates is not None and not templates.is_dir():
        fail(f"--templates {templates}: no such folder")
    cell = cell.upper() if cell else None
    wanted = list(dict.fromkeys(docs)) or (["sitman"] if cell else list(DOCS))
    if cell and wanted != ["sitman"]:
        fail("--cell makes a player cell's Situation Manual; the Exercise Plan is the same for everyone and "
             "the handbook is controller material (drop --cell, or give --doc sitman)")
    if output is not None and len(wanted) > 1:
        fail("--output names one file; give one --doc")
    build = {"sitman": lambda: sitman(loaded, cell), "explan": lambda: explan(loaded),
             "handbook": lambda: handbook(loaded)}
    for kind in wanted:
        try:
            rendered = render_pack(build[kind](), fmt, paper=paper, templates=templates,
                                   workspace_templates=None if ws.builtin else ws.templates_dir)
        except ReportError as exc:
            fail(str(exc), EXIT_INVALID)
        default = Path(f"{loaded.id}-{kind}{'-' + cell if cell else ''}{SUFFIX[fmt]}")
        target = deliver(rendered, fmt, output, default, f"the {kind}", force=force)
        if target is not None:
            click.echo(f"wrote {target}")
