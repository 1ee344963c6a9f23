"""The branch map as Mermaid flowchart text, for Markdown docs and pull requests.

Moves are subgraphs, top to bottom in due order (Mermaid ignores a subgraph's own
direction once its nodes link outside it, so the whole chart runs top to bottom); edges go from a decision to the injects its
options unlock (`-->`) or block (`--x`), dotted where no rehearsal script
exercised them. Node ids are generated (n1, n2, …); every piece of scenario
text is written as Mermaid entity codes outside a small safe set, so no title
can close a label or inject HTML into a rendered page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ttx.graph.layout import lane_items
from ttx.scenario.branches import BranchMap
from ttx.scenario.times import offset

if TYPE_CHECKING:
    from ttx.engine.coverage import Coverage

_SAFE = re.compile(r"[A-Za-z0-9 _.,:+\-]")


def text(value: str, limit: int = 60) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return "".join(c if _SAFE.fullmatch(c) else f"#{ord(c)};" for c in value)


def mermaid(branches: BranchMap, coverage: Coverage | None = None) -> str:
    s = branches.scenario
    node: dict[str, str] = {}
    out = [f"%% {' '.join(s.classification.split())}", f"%% Branch map of {s.id}", "flowchart TB"]
    classes: dict[str, list[str]] = {"decision": [], "conditional": [], "contingency": [], "group": [],
                                     "unreached": []}
    never = set(coverage.never_reached) | set(coverage.unreleased_contingencies) if coverage else set()
    for m, move in enumerate(s.moves):
        out.append(f'  subgraph m{m + 1}["{text(move.id + " · " + move.label)}"]')
        out.append("    direction TB")
        chain = []
        for members in lane_items(branches, move):
            nid = f"n{len(node) + 1}"
            for inject in members:
                node[inject.id] = nid
            chain.append(nid)
            first = members[0]
            if len(members) > 1:
                label = text(f"{len(members)} injects: {first.id} … {members[-1].id}")
                out.append(f'    {nid}["{label}"]')
                classes["group"].append(nid)
                continue
            label = text(f"{first.id} {offset(first.at)}") + "<br/>" + text(first.title)
            if first.decision is not None and first.decision.options:
                out.append(f'    {nid}[["{label}"]]')
                classes["decision"].append(nid)
            elif first.contingency:
                out.append(f'    {nid}[/"{label}"/]')
                classes["contingency"].append(nid)
            else:
                out.append(f'    {nid}["{label}"]')
                if first.when is not None:
                    classes["conditional"].append(nid)
            if first.id in never:
                classes["unreached"].append(nid)
        if len(chain) > 1:  # invisible links keep each lane in due order
            out.append("    " + " ~~~ ".join(chain))
        out.append("  end")
    for edge in branches.edges:
        covered = coverage is None or bool(coverage.runs_of(edge))
        arrow = ("-->" if covered else "-.->") if edge.polarity == "unlocks" else ("--x" if covered else "-.-x")
        label = text(f"{edge.cell + ' ' if edge.cell else ''}{edge.option}")
        out.append(f'  {node[edge.decision]} {arrow}|"{label}"| {node[edge.target]}')
    styles = {"decision": "stroke:#2c5282,stroke-width:2px", "conditional": "fill:#fffbea",
              "contingency": "stroke-dasharray:5 3", "group": "fill:#eceff2,color:#4a5a6a",
              "unreached": "stroke:#c05621,stroke-width:3px"}
    for name, ids in classes.items():
        if ids:
            out.append(f"  classDef {name} {styles[name]}")
            out.append(f"  class {','.join(ids)} {name}")
    return "\n".join(out) + "\n"
