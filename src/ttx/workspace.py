"""Where scenarios, the inject library, rehearsals, templates and sessions live.

The workspace is the nearest folder, from the current directory upwards,
that holds `scenarios/` (as git finds `.git`); outside any workspace ttx uses
its built-in one read-only and writes sessions to the user's data directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ttx

FOLDERS = ("scenarios", "injects", "rehearsals", "templates", "schema")


class WorkspaceError(Exception):
    """A scenario reference that names no file and no scenario id."""

    def __init__(self, ref: str, reason: str) -> None:
        super().__init__(f"{ref}: {reason}")
        self.ref, self.reason = ref, reason


def builtin_root() -> Path:
    """The built-in workspace: shipped in the wheel, or the source checkout."""
    if (_shipped() / "scenarios").is_dir():
        return _shipped()
    return _shipped().parent.parent.parent  # editable install: the repository root


def _shipped() -> Path:
    return Path(ttx.__file__).resolve().parent / "workspace"


@dataclass(frozen=True)
class Workspace:
    root: Path
    builtin: bool = False

    @classmethod
    def find(cls, start: Path | None = None) -> "Workspace":
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "scenarios").is_dir():
                return cls(folder, builtin=folder == builtin_root())
        return cls(builtin_root(), builtin=True)

    @property
    def scenarios_dir(self) -> Path:
        return self.root / "scenarios"

    @property
    def injects_dir(self) -> Path:
        return self.root / "injects"

    @property
    def rehearsals_dir(self) -> Path:
        return self.root / "rehearsals"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def sessions_dir(self) -> Path:
        if self.root == _shipped():  # the wheel's copy is read-only by contract
            from platformdirs import user_data_path

            return user_data_path("ttx") / "sessions"
        return self.root / "sessions"

    def scenario_paths(self) -> list[Path]:
        """The scenario files; a sibling translation (`<id>.ja.yaml` beside `<id>.yaml`) is part of its scenario."""
        from ttx.scenario.translation_check import sibling_lang

        found = sorted(self.scenarios_dir.glob("*.yaml")) + sorted(self.scenarios_dir.glob("*.yml"))
        return [p for p in found if sibling_lang(p) is None]

    def resolve_scenario(self, ref: str) -> Path:
        """A scenario by path or by id."""
        path = Path(ref)
        if path.suffix in (".yaml", ".yml") or path.exists():
            if not path.exists():
                raise WorkspaceError(ref, "no such scenario file")
            return path  # whatever it is (a folder, a pipe), reading it says so at its path
        for candidate in (self.scenarios_dir / f"{ref}.yaml", self.scenarios_dir / f"{ref}.yml"):
            if candidate.is_file():
                return candidate
        known = ", ".join(p.stem for p in self.scenario_paths()) or "none"
        raise WorkspaceError(ref, f"no scenario with that id in {self.scenarios_dir} (known: {known})")

    def rehearsal_scripts(self, scenario_id: str) -> list[Path]:
        return sorted((self.rehearsals_dir / scenario_id).glob("*.y*ml"))

