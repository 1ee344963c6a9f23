"""The `ttx` command line.

Commands are listed here with their one-line help and loaded only when run,
so `ttx --help` and `ttx validate` never import Textual or Jinja2.
"""

from __future__ import annotations

import importlib
import sys

import click

# name -> (module:function, one-line help). The one table behind `ttx --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("ttx.commands.scenario:init", "Create a new workspace from the built-in one."),
    "validate": ("ttx.commands.scenario:validate", "Check scenarios; print problems as path:line:col."),
    "list": ("ttx.commands.scenario:list_", "List the workspace's scenarios."),
    "schema": ("ttx.commands.scenario:schema", "Print or write the JSON Schemas of scenario and library files."),
    "translate": ("ttx.commands.translate:translate", "Write a scenario's translation file for a translator to fill in."),
    "msel": ("ttx.commands.scenario:msel", "Print the planned MSEL as a controller's sheet (CSV or Markdown)."),
    "import": ("ttx.commands.exchange:import_", "Turn an MSEL (CSV, XLSX, T3SF, OpenAEV) into a draft scenario."),
    "import-msel": ("ttx.commands.exchange:import_", "The same as `ttx import` (its former name)."),
    "export": ("ttx.commands.exchange:export", "Write a scenario's MSEL as an XLSX or CSV sheet that `ttx import` reads back."),
    "graph": ("ttx.commands.graph:graph", "Draw a scenario's branch map with its rehearsal coverage (HTML, SVG, Mermaid)."),
    "diff": ("ttx.commands.diff:diff", "Show what changed between two versions of a scenario, for a reviewer."),
    "rehearse": ("ttx.commands.engine:rehearse", "Run a scenario headless at virtual time with scripted decisions."),
    "log": ("ttx.commands.engine:log", "Show a session's events."),
    "sessions": ("ttx.commands.engine:sessions", "List session files."),
    "run": ("ttx.commands.consoles:run", "Run a scenario live in the facilitator console."),
    "cell": ("ttx.commands.seats:cell", "Open a national cell's console on a running session."),
    "room": ("ttx.commands.seats:room", "Open the room's screen: what every player cell may see, for a projector."),
    "evaluate": ("ttx.commands.seats:evaluate", "Open an evaluator's console (sees all, records notes only)."),
    "serve": ("ttx.commands.seats:serve", "Serve the consoles to web browsers, one tokened URL per seat."),
    "report": ("ttx.commands.report:report", "Render the after-action report (AAR/IP) of a session."),
    "pack": ("ttx.commands.pack:pack", "Write the pre-exercise documents: Situation Manual, Exercise Plan, handbook."),
    "feedback": ("ttx.commands.report:feedback", "Print the participant feedback form (HSEEP) of a scenario."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, _, attr = COMMANDS[name][0].partition(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ttx")
def main() -> None:
    """ttx — tabletop-exercise facilitation toolkit.

    Scenarios are YAML files in a workspace (the nearest folder upwards that
    holds scenarios/); SCENARIO arguments take a path or a scenario id.
    """
    from ttx import i18n

    i18n.use(i18n.choose())  # messages in the environment's language (a console's --lang overrides)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
