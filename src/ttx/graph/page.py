"""`ttx graph`'s HTML page: the branch map with its rehearsal coverage, one file with
nothing to fetch (its Content-Security-Policy forbids loading or running anything).

Picking a rehearsal script dims what that script did not exercise; this is plain
CSS (radio buttons and :has()), no script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ttx.graph.layout import Layout, layout
from ttx.graph.svg import esc, svg
from ttx.scenario.branches import BranchMap

if TYPE_CHECKING:
    from ttx.engine.coverage import Coverage

TALL = 2.5   # height/width beyond which the map is left off paper
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

PAGE_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 0 18px; color: #1a202c; font-size: 13px; }
.banner { text-align: center; font-weight: 700; letter-spacing: .04em; padding: 4px; background: #2f6f3e;
          color: #fff; margin: 0 -18px; }
h1 { font-size: 20px; margin: 14px 0 4px; } h2 { font-size: 16px; margin: 18px 0 6px; break-after: avoid; }
.facts { color: #4a5a6a; margin: 0 0 8px; }
.picker { margin: 8px 0; } .picker label { margin-right: 14px; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 6px 0 10px; color: #333; }
.legend span::before { content: ""; display: inline-block; width: 22px; height: 0; margin: 0 6px 3px 0;
                       vertical-align: middle; border-top: 2px solid #2f855a; }
.legend .k-blocks::before { border-top-color: #c53030; }
.legend .k-uncovered::before { border-top-style: dashed; border-top-color: #777; }
.legend .k-never::before { border: 2px solid #c05621; height: 8px; width: 16px; }
.legend .k-cont::before { border: 1px dashed #8895a3; height: 8px; width: 16px; }
.legend .k-cond::before { border: 1px solid #8895a3; background: #fffbea; height: 8px; width: 16px; }
.map { overflow: auto; border: 1px solid #d5dbe1; }
.map svg { display: block; }
table { border-collapse: collapse; margin: 4px 0 10px; } th, td { border: 1px solid #c9d1d9; padding: 3px 6px;
  text-align: left; vertical-align: top; } th { background: #eef1f4; }
.gap { color: #9b2c2c; font-weight: 700; }
ul.findings li { margin: 2px 0; }
.print-note { display: none; font-style: italic; }
@media print {
  @page { size: landscape; margin: 10mm; }
  body { margin: 0; font-size: 10px; } .banner { margin: 0; }
  .picker { display: none; }
  .map { overflow: visible; border: 0; }
  /* the whole map on one landscape page (A4 or Letter, both ~190 mm high less the margins) */
  .map svg { width: auto; height: auto; max-width: 100%; max-height: 150mm; }
  .map.tall { display: none; } .print-note { display: block; }
  table, tr { break-inside: avoid; }
}
"""


def _pick_styles(runs: int) -> str:
    rules = []
    for k in range(runs):
        on = f"body:has(#pick-{k}:checked)"
        rules.append(f"{on} .edge:not(.s{k}) {{ opacity: .12; }}")
        rules.append(f"{on} .box.conditional:not(.r{k}), {on} .box.contingency:not(.r{k}) {{ opacity: .35; }}")
        # the options this script did not choose, and what they would have done
        rules.append(f"{on} .option:not(.c{k}), {on} .effect:not(.c{k}) {{ opacity: .3; }}")
    return "\n".join(rules)


def graph_page(branches: BranchMap, coverage: Coverage | None = None, lay: Layout | None = None) -> str:
    s = branches.scenario
    lay = lay or layout(branches, coverage)
    n = len(s.inject_by_id)
    banner = f'<div class="banner">{esc(s.classification)}</div>'
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>Branch map: {esc(s.title)}</title>",
           f"<style>{PAGE_STYLE}\n{_pick_styles(len(coverage.runs) if coverage else 0)}</style></head><body>",
           banner, f"<h1>Branch map: {esc(s.title)}</h1>",
           '<p class="facts"><b>Controller and evaluator material:</b> branches, triggers and '
           "rehearsal results are not for players.</p>",
           f'<p class="facts">{esc(s.id)} · {len(s.moves)} moves · {n} injects · {len(branches.decisions)} '
           f"decisions with options · {len(branches.conditional)} conditional injects · "
           f"{len(branches.edges)} edges · {len(branches.contingencies)} contingencies"
           + (f" · {sum(lane.grouped for lane in lay.lanes)} injects outside any branch grouped" if any(
               lane.grouped for lane in lay.lanes) else "") + "</p>"]
    if coverage is not None:
        out.append(_picker(coverage))
    out.append(_legend(coverage is not None))
    # A map far taller than a page would print as a sliver: on paper, the tables stand for it.
    tall = lay.height > TALL * lay.width
    out.append(f'<div class="map{" tall" if tall else ""}">'
               f'{svg(lay, f"Branch map of {s.id}", coverage=coverage is not None)}</div>')
    if tall:
        out.append(f'<p class="print-note">The map of {n} injects is too large to print legibly; '
                   "the tables below hold every edge. Open this page on a screen to see the map.</p>")
    if lay.undrawn:
        out.append(f"<p>{len(lay.undrawn)} edges between lanes that are not neighbours are not drawn on a map "
                   "this crowded; each option names the injects it unlocks or blocks, and the table of edges "
                   "lists them all.</p>")
    if coverage is not None:
        out += _coverage_sections(coverage)
    else:
        out += _edges_table(branches, None)
    out += [banner, "</body></html>"]
    return "\n".join(out) + "\n"


def _picker(coverage: Coverage) -> str:
    if not coverage.runs:
        return '<p class="picker gap">No rehearsal scripts: nothing below is covered.</p>'
    items = ['<label><input type="radio" name="pick" id="pick-all" checked> every script</label>']
    items += [f'<label><input type="radio" name="pick" id="pick-{k}"> {esc(run.name)}</label>'
              for k, run in enumerate(coverage.runs)]
    return '<p class="picker">Show what one rehearsal script exercised: ' + "".join(items) + "</p>"


def _legend(with_coverage: bool) -> str:
    items = ['<span class="k-unlocks">choosing the option can release the inject</span>',
             '<span class="k-blocks">choosing it holds the inject back</span>',
             '<span class="k-cond">conditional inject (its <i>when</i> in italics)</span>',
             '<span class="k-cont">contingency: released only by the facilitator</span>']
    if with_coverage:
        items += ['<span class="k-uncovered">no rehearsal script exercised this edge</span>',
                  '<span class="k-never">no script reaches this branch</span>',
                  "<em>● an option some script chose, ○ one no script chose</em>"]
    return '<div class="legend">' + "".join(items) + "</div>"


def _coverage_sections(coverage: Coverage) -> list[str]:
    b = coverage.branches
    s = coverage.scenario
    done = len(b.edges) - len(coverage.unexercised)
    out = ["<h2>Rehearsal coverage</h2>", '<ul class="findings">',
           f"<li>Edges exercised: <b>{done} of {len(b.edges)}</b></li>",
           f"<li>Branches reached: <b>{len(b.conditional) - len(coverage.never_reached)} of "
           f"{len(b.conditional)}</b> conditional injects released by some script</li>"]
    findings = [
        ("Branches no script reaches", coverage.never_reached),
        ("Branches every script plays (the path without them is never rehearsed)", coverage.never_skipped),
        ("Options no script chooses", [f"{d} {o}" for d, o in coverage.untaken_options]),
        ("Decisions that lead nowhere (no when: names their options, and they are not marked "
         "discussion_only)", [i.id for i in b.dead_ends]),
        ("Decisions for discussion only", [i.id for i in b.discussion_only]),
        ("Contingencies no script releases", coverage.unreleased_contingencies),
        ("Objectives no inject exercises", b.unexercised_objectives),
        ("Objectives whose injects no script releases", coverage.unreached_objectives),
    ]
    for label, items in findings:
        if items:
            out.append(f'<li>{esc(label)}: <span class="gap">{esc(", ".join(items))}</span></li>')
    out.append("</ul>")
    out += ["<h2>Scripts</h2>", "<table><tr><th>script</th><th>edges exercised</th><th>branches released</th>"
            "<th>contingencies released</th></tr>"]
    cond = {i.id for i in b.conditional}
    cont = {i.id for i in b.contingencies}
    for run in coverage.runs:
        out.append(f"<tr><td>{esc(run.name)}</td><td>{len(run.edges)}</td>"
                   f"<td>{esc(', '.join(sorted(run.released & cond)) or '-')}</td>"
                   f"<td>{esc(', '.join(sorted(run.released & cont)) or '-')}</td></tr>")
    out.append("</table>")
    out += _edges_table(b, coverage)
    out += ["<h2>Objectives</h2>", "<table><tr><th>objective</th><th>injects</th><th>released by</th></tr>"]
    for o in s.objectives:
        injects = [i.id for m in s.moves for i in m.schedule if o.id in i.objectives]
        runs = sorted({coverage.runs[k].name for i in injects for k in coverage.released_by(i)})
        out.append(f"<tr><td>{esc(o.id)}: {esc(o.text)}</td>"
                   f"<td>{esc(', '.join(injects)) if injects else '<span class=gap>none</span>'}</td>"
                   f"<td>{esc(', '.join(runs)) if runs else '<span class=gap>no script</span>'}</td></tr>")
    out.append("</table>")
    return out


def _edges_table(b: BranchMap, coverage: Coverage | None) -> list[str]:
    if not b.edges:
        return ["<h2>Edges</h2>", "<p>No inject has a <i>when</i>: the scenario does not branch.</p>"]
    head = "<tr><th>decision</th><th>cell</th><th>option</th><th>effect</th><th>inject</th>"
    head += "<th>exercised by</th></tr>" if coverage is not None else "</tr>"
    out = ["<h2>Edges</h2>", "<table>", head]
    for edge in b.edges:
        row = (f"<tr><td>{esc(edge.decision)}</td><td>{esc(edge.cell or 'any')}</td><td>{esc(edge.option)}</td>"
               f"<td>{edge.polarity}</td><td>{esc(edge.target)}</td>")
        if coverage is not None:
            names = [coverage.runs[k].name for k in coverage.runs_of(edge)]
            row += f"<td>{esc(', '.join(names))}</td>" if names else '<td class="gap">no script</td>'
        out.append(row + "</tr>")
    out.append("</table>")
    return out
