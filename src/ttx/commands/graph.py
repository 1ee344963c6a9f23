"""`ttx graph`: a scenario's branch map, with what its rehearsal scripts cover."""

from __future__ import annotations

from pathlib import Path

import click

from ttx.commands.common import deliver, fail, force_option, load_scenario_or_exit, load_scripts

SUFFIX = {"html": ".html", "svg": ".svg", "mermaid": ".mmd"}


@click.command()
@click.argument("scenario")
@click.option("--format", "fmt", type=click.Choice(list(SUFFIX)), default="html", show_default=True,
              help="html: one self-contained page with the coverage tables; svg: the map alone; "
                   "mermaid: flowchart text for Markdown.")
@click.option("--output", "-o", "output", type=click.Path(path_type=Path, allow_dash=True),
              help="Where to write it; '-' for standard output (default: <scenario>-graph.<ext> "
                   "in the current folder).")
@click.option("--no-coverage", is_flag=True,
              help="Draw the branches only; do not rehearse the scenario's scripts.")
@force_option
def graph(scenario: str, fmt: str, output: Path | None, no_coverage: bool, force: bool) -> None:
    """Draw SCENARIO's branch map: moves as lanes, injects in due order, each
    decision's options with the injects they unlock or block, contingencies.

    Unless --no-coverage, the scripts under rehearsals/<scenario-id>/ are
    rehearsed at virtual time (their sessions are not kept) and the map shows
    which edges each exercised, which branches no script reaches, which
    decisions lead nowhere and which objectives no inject exercises.
    """
    from ttx.engine.coverage import rehearsal_coverage
    from ttx.scenario.branches import BranchMap

    ws, loaded = load_scenario_or_exit(scenario)
    coverage = None
    if not no_coverage:
        scripts, ok = load_scripts(loaded, ws.rehearsal_scripts(loaded.id))
        if not ok:
            fail("rehearsal script(s) rejected; no map was drawn (--no-coverage draws it without them)")
        coverage = rehearsal_coverage(loaded, scripts)
    branches = coverage.branches if coverage else BranchMap(loaded)
    if fmt == "mermaid":
        from ttx.graph.mermaid import mermaid

        rendered = mermaid(branches, coverage)
    elif fmt == "svg":
        from ttx.graph.layout import layout
        from ttx.graph.svg import svg

        rendered = svg(layout(branches, coverage), f"Branch map of {loaded.id}", coverage=coverage is not None)
        rendered = '<?xml version="1.0" encoding="UTF-8"?>\n' + rendered + "\n"
    else:
        from ttx.graph.page import graph_page

        rendered = graph_page(branches, coverage)
    target = deliver(rendered, fmt, output, Path(f"{loaded.id}-graph{SUFFIX[fmt]}"), "the map", force=force)
    if target is not None:
        click.echo(f"wrote {target}")
    if coverage is not None:
        click.echo("\n".join(coverage.lines()), err=target is None)
