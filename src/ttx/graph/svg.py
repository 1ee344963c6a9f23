"""The branch map drawn as SVG from its layout (ttx.graph.layout).

Every piece of scenario text goes through `esc`, which escapes it for XML
text and attributes and replaces characters XML cannot hold, so a title such
as `</text><script>` shows as typed and the file stays well-formed.
"""

from __future__ import annotations

import html
import re

from ttx.graph.layout import BOX_W, FONT, Box, Label, Layout, Route, slices

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

STYLE = """
.lane-bg { fill: #f4f6f8; }
.lane { font-weight: 700; fill: #1b2733; }
.lane-meta { fill: #4a5a6a; }
.box rect { fill: #ffffff; stroke: #8895a3; stroke-width: 1; }
.box.decision rect { stroke: #2c5282; stroke-width: 1.5; }
.box.conditional rect { fill: #fffbea; }
.box.contingency rect { stroke-dasharray: 5 3; }
.box.never-reached rect { stroke: #c05621; stroke-width: 2.5; }
.box.group rect { fill: #eceff2; stroke: #b4bcc5; }
.head { fill: #4a5a6a; }
.title { font-weight: 700; fill: #111; }
.when { font-style: italic; fill: #22543d; }
.badge { font-weight: 700; fill: #9b2c2c; }
.option { fill: #1a202c; }
.effect { fill: #2c5282; }
.group { fill: #4a5a6a; font-style: italic; }
.edge { fill: none; stroke-width: 1.6; }
.edge.unlocks { stroke: #2f855a; }
.edge.blocks { stroke: #c53030; }
.edge.uncovered { stroke-dasharray: 4 3; stroke-width: 1.2; }
.port { fill: #2c5282; }
text { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: %(font)spx; }
""" % {"font": FONT}


def esc(text: object) -> str:
    return html.escape(_NOT_XML.sub("\ufffd", str(text)), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _label(label: Label) -> str:
    classes = " ".join((label.role,) + tuple(f"c{k}" for k in label.runs))
    return (f'<text class="{classes}" x="{_num(label.x)}" y="{_num(label.y + FONT)}">'
            f"{esc(label.text)}</text>")


def _box(box: Box) -> str:
    classes = " ".join(("box",) + box.classes + tuple(f"r{k}" for k in box.released_by))
    ident = f' id="inject-{esc(box.inject)}"' if box.inject else ""
    parts = [f'<g class="{classes}"{ident}><title>{esc(box.tooltip)}</title>',
             f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" height="{_num(box.h)}" rx="4"/>']
    parts += [_label(lab) for lab in box.labels]
    parts += [f'<circle class="port" cx="{_num(box.x + box.w)}" cy="{_num(y)}" r="2.5"/>' for y in box.ports.values()]
    parts.append("</g>")
    return "".join(parts)


def _route(route: Route, covered: bool | None) -> str:
    e = route.edge
    d = "M" + " L".join(f"{_num(x)} {_num(y)}" for x, y in route.points)
    classes = ["edge", e.polarity] + [f"s{k}" for k in route.runs]
    if covered is not None:
        classes.append("covered" if covered else "uncovered")
    marker = "arrow" if e.polarity == "unlocks" else "bar"
    return (f'<path class="{" ".join(classes)}" d="{d}" marker-end="url(#{marker})">'
            f"<title>{esc(e.text())}</title></path>")


def tiles(lay: Layout, *, pages: int = 6) -> list[str]:
    """The map cut into page-sized slices for paper (None of them past `pages`: a map that long
    is left to the screen). Each slice is an <svg> whose viewBox is a window on the map drawn
    once (`<use>` of #branch-map), full width, so every label keeps a readable size."""
    window = slices(lay)
    if len(window) > pages:
        return []
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="tile" viewBox="0 {_num(y)} {_num(w)} {_num(h)}" '
            f'width="{_num(w)}" height="{_num(h)}" aria-hidden="true"><use href="#branch-map"/></svg>'
            for y, w, h in window]


def svg(lay: Layout, title: str, *, coverage: bool) -> str:
    """The map as one <svg> element (styles inside, so the file stands alone)."""
    w, h = _num(lay.width), _num(lay.height)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="branch-map" class="branch-map" viewBox="0 0 {w} {h}" '
           f'width="{w}" height="{h}" role="img" aria-labelledby="map-title">',
           f'<title id="map-title">{esc(title)}</title>',
           f"<style>{STYLE}</style>",
           '<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" '
           'orient="auto"><path d="M0 0 L8 4 L0 8 z" fill="#2f855a"/></marker>'
           '<marker id="bar" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" '
           'orient="auto"><path d="M6 0 L8 0 L8 8 L6 8 z M0 3.3 L6 3.3 L6 4.7 L0 4.7 z" fill="#c53030"/></marker>'
           "</defs>"]
    for lane in lay.lanes:
        top = min(lab.y for lab in lane.labels) - 4
        out.append(f'<rect class="lane-bg" x="{_num(lane.x - 6)}" y="{_num(top)}" '
                   f'width="{_num(BOX_W + 12)}" height="{_num(lay.height - top - 4)}"/>')
        out += [_label(lab) for lab in lane.labels]
    out.append('<g class="edges">')
    out += [_route(r, bool(r.runs) if coverage else None) for r in lay.routes]
    out.append('</g><g class="boxes">')
    out += [_box(b) for b in lay.boxes]
    out.append("</g></svg>")
    return "\n".join(out)
