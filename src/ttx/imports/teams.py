"""Recipients named in free text ("Information Security", "PR/Comm", "USA, ROK")
become cells: an id derived from the name, the name kept. No cell is invented:
a source without recipients gets one cell of players, said in a warning; the
names of the built-in three (ROK, Japan, United States …) become USA, JPN and
KOR only when every cell of the source is one of them."""

from __future__ import annotations

import re
from typing import Iterable

from ttx.imports.draft import free, slug
from ttx.scenario.vocabulary import CELL_ID_PATTERN

ALL_WORDS = ("all", "all cells", "all players", "all teams", "everyone", "everybody", "all participants")
CONTROL_CELLS = ("WHITE", "CONTROL", "EXCON", "SIMCELL")  # the usual names of a control cell
BUILTIN = {
    "USA": ("United States", ("USA", "US", "U.S.", "U.S.A.", "UNITED STATES", "UNITED STATES OF AMERICA")),
    "JPN": ("Japan", ("JPN", "JP", "JAPAN")),
    "KOR": ("Republic of Korea", ("KOR", "ROK", "KR", "KOREA", "SOUTH KOREA", "REPUBLIC OF KOREA")),
}
_ALIAS = {alias: cid for cid, (_, aliases) in BUILTIN.items() for alias in aliases}
_SHORT_ID = re.compile(r"^[A-Z0-9]{2,6}$")


def names(text: str) -> list[str] | None:
    """The recipient names in a cell, once each in order; None for "all" (or nothing).
    Names split at commas, semicolons and line breaks; at spaces and slashes only
    when every part is a short upper-case id (`USA JPN`, `USA/KOR`), so
    `Information Security` and `PR/Comm` stay whole."""
    pieces = [p.strip() for p in re.split(r"[,;\n]+", text) if p.strip()]
    if not pieces or any(p.lower() in ALL_WORDS for p in pieces):
        return None
    out: list[str] = []
    for piece in pieces:
        parts = [p for p in re.split(r"[\s/]+", piece) if p]
        words = parts if len(parts) > 1 and all(_SHORT_ID.match(p) for p in parts) else [piece]
        out += [w for w in words if w and w not in out]
    return out or None


class Cells:
    """The cells of one import, named as the source names them."""

    def __init__(self) -> None:
        self.by_name: dict[str, str] = {}  # source name -> cell id
        self.names: dict[str, str] = {}  # cell id -> the name it was given

    def ids(self, found: Iterable[str]) -> list[str]:
        out = []
        for name in found:
            if name not in self.by_name:
                wanted = name if re.fullmatch(CELL_ID_PATTERN, name) else slug(name, upper=True) or "CELL"
                cid = free(wanted, set(self.names))
                self.by_name[name], self.names[cid] = cid, name
            out.append(self.by_name[name])
        return list(dict.fromkeys(out))

    def builtin_aliases(self) -> dict[str, str]:
        """cell id -> built-in id when every non-control cell is one of USA, JPN, KOR by
        some name, else {}: ROK is KOR only in a sheet of the three."""
        players = [c for c in self.names if c not in CONTROL_CELLS]
        mapped = {c: _ALIAS.get(self.names[c].upper().strip()) for c in players}
        if not players or None in mapped.values():
            return {}
        return {c: b for c, b in mapped.items() if b and b != c}

    def entries(self, rename: dict[str, str]) -> dict[str, dict[str, str | None]]:
        """cell id -> its name and kind, for the draft (the built-in three by their names)."""
        out: dict[str, dict[str, str | None]] = {}
        for cid, name in self.names.items():
            final = rename.get(cid, cid)
            shown = BUILTIN[final][0] if final in BUILTIN else (name if name != final else None)
            out.setdefault(final, {"name": shown, "kind": "control" if final in CONTROL_CELLS else None})
        return out
