"""`ttx translate`: a sibling translation file for a translator to fill in."""

from __future__ import annotations

from pathlib import Path

import click

from ttx.commands.common import deliver, fail, force_option, load_scenario_or_exit
from ttx.i18n import _
from ttx.scenario.translation import LANG_PATTERN
from ttx.scenario.translation_check import read_siblings


@click.command()
@click.argument("scenario")
@click.option("--lang", required=True, help="The language to translate into (BCP 47: ja, ko …).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="Write it to FILE (default: scenarios/<id>.<lang>.yaml beside the scenario; - for standard output).")
@force_option
def translate(scenario: str, lang: str, output: Path | None, force: bool) -> None:
    """Write (or bring up to date) the translation file of SCENARIO into --lang.

    Every text players see gets an entry under its original; what is already
    translated is kept as it is. An existing file is rewritten only with --force
    (its comments are not kept)."""
    import re

    from ttx.scenario.translation_file import skeleton

    if not re.match(LANG_PATTERN, lang):
        fail(_("--lang {lang!r} is not a language tag: write one as BCP 47 does (ja, ko, en-GB)").format(lang=lang))
    ws, s = load_scenario_or_exit(scenario, warnings=False)
    if lang == s.lang:
        fail(_("{scenario} is written in '{lang}' already (its `lang:`)").format(scenario=s.id, lang=lang))
    path = ws.resolve_scenario(scenario)
    sibling = path.with_name(f"{path.stem}.{lang}.yaml")
    if lang in s.translations and lang not in read_siblings(path, str)[0]:
        fail(_("{path} holds its '{lang}' translation itself (translations: {lang}:); edit it there").format(
            path=path, lang=lang))
    if output is None and sibling.exists() and not force:  # a translator's work: never replaced unasked
        fail(_("{file} exists; --force rewrites it with every translated text kept (but not its comments)").format(
            file=sibling))
    text = skeleton(s, lang, s.translations.get(lang))
    written = deliver(text, "yaml", output, sibling, "the translation", force=force)
    if written is not None:
        click.echo(_("wrote {file}; fill it in, then: ttx validate --strict {scenario}").format(
            file=written, scenario=s.id))
