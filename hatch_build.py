"""Build hook: compile the message catalogues (src/ttx/locale/*/LC_MESSAGES/ttx.po) into the
.mo files gettext reads, for a wheel and for an editable install alike. The .mo files are
build output (not in git): the .po files are the source a translator edits."""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(self.root, "src", "ttx", "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=po.parent.parent.name)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as fh:
                write_mo(fh, catalog)
            build_data["artifacts"].append(str(mo.relative_to(self.root)))
