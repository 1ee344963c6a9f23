"""`ttx diff OLD NEW`: what changed between two versions of a scenario, for a reviewer."""

from __future__ import annotations

from pathlib import Path

import click

from ttx.commands.common import load_scenario_or_exit

EXIT_DIFFERENT = 1   # as diff(1): 0 the same, 1 different, 2 trouble


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--label", "labels", multiple=True, metavar="NAME",
              help="Name shown for OLD (first --label) and NEW (second) instead of their paths; "
                   "git difftool passes temporary files.")
def diff(old: str, new: str, labels: tuple[str, ...]) -> None:
    """Show what changed from OLD to NEW (scenario files or ids) as a reviewer
    reads it: injects added, removed, moved, retimed, re-addressed, their
    branches (`when:`) and decisions changed, the option-to-inject edges
    gained or lost, and the texts that changed with a short line diff.

    /dev/null (or an empty file) on one side stands for a scenario added or
    deleted. Both sides resolve `use:` against the current workspace's inject
    library; only errors are printed (ttx validate says the warnings). Exit 0
    when nothing changed, 1 when something did, 2 when a side does not load.
    """
    from ttx.scenario.diff import diff as compare, lines
    from ttx.workspace import Workspace

    ws = Workspace.find()
    sides = [None if _absent(ref) else load_scenario_or_exit(ref, ws, warnings=False)[1] for ref in (old, new)]
    shown = list(labels) + [old, new][len(labels):]
    sections = compare(sides[0], sides[1])
    click.echo("\n".join(lines(sections, shown[0], shown[1])))
    if sections:
        raise SystemExit(EXIT_DIFFERENT)


def _absent(ref: str) -> bool:
    path = Path(ref)
    return ref == "/dev/null" or (path.is_file() and path.stat().st_size == 0)
