from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ttx.scenario.load import check_scenario

VALID = """\
ttx: 1
id: demo
title: Demo exercise
objectives:
  - id: OBJ-1
    text: Share missile warning data within 10 minutes.
    capability: Intelligence and Information Sharing
cells:
  - id: USA
    name: United States
  - id: JPN
    name: Japan
  - id: KOR
    name: Republic of Korea
  - id: WHITE
    name: Control cell
    kind: control
moves:
  - id: M1
    title: Launch
    planned_minutes: 30
    injects:
      - id: M1-01
        at: 5
        title: Launch detected
        to: [USA, JPN, KOR]
        channel: intel
        objectives: [OBJ-1]
        decision:
          prompt: Share now?
          cells: [USA, JPN]
          options:
            - id: share
              text: Share
            - id: hold
              text: Hold
      - id: M1-02
        at: "0:20"
        title: Follow-up
        when: {decision: M1-01, cell: JPN, chose: [hold]}
"""


class Workspace:
    def __init__(self, root: Path):
        self.root = root
        (root / "scenarios").mkdir()
        (root / "injects").mkdir()

    def scenario(self, text: str, name: str = "demo.yaml") -> Path:
        path = self.root / "scenarios" / name
        path.write_text(textwrap.dedent(text))
        return path

    def library(self, text: str, name: str = "lib.yaml") -> Path:
        path = self.root / "injects" / name
        path.write_text(textwrap.dedent(text))
        return path

    def check(self, text: str):
        return check_scenario(self.scenario(text), self.root / "injects", display_root=self.root)


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.chdir(tmp_path)
    return Workspace(tmp_path)
