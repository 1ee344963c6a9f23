"""Scenario Markdown (summaries, briefings, inject bodies) for the report: one parser, three outputs.

The consoles show this text through Rich's Markdown, which parses it with
markdown-it-py (CommonMark, plus tables and strikethrough). The report parses
it with the same parser, raw HTML off, and walks the one syntax tree into
HTML (`to_html`), Markdown (`to_markdown`, for the Markdown report) or a Word
document (`ttx.report.word.markdown` walks `parse`'s tree), so headings, links,
lists and code come out in every format as in the console.

Nothing the author writes reaches the output as markup of its own: raw HTML is
text (escaped), a link keeps only what markdown-it's link check lets through
(no javascript:, vbscript:, file: or data: URLs), and an image is shown as its
alt text, never fetched. Headings move down under the heading the text sits
beneath (`level`): a `# Heading` in an inject body never outranks the report's
own sections.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from markupsafe import Markup, escape


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Rich's Markdown: MarkdownIt().enable("strikethrough").enable("table"); raw HTML off here
    return MarkdownIt("commonmark", {"html": False}).enable(["strikethrough", "table"])


def parse(text: str | None) -> SyntaxTreeNode:
    """The syntax tree of `text` (its children are the blocks)."""
    return SyntaxTreeNode(_parser().parse(str(text or "")))


def heading_level(node: SyntaxTreeNode, level: int) -> int:
    """A heading's level once moved under a heading of `level` (at most 6)."""
    return min(6, level + int(node.tag[1:]))


def inline_text(node: SyntaxTreeNode) -> str:
    """The text of an inline node without its markup (code spans keep their text)."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(inline_text(c) for c in node.children)


def image_text(node: SyntaxTreeNode) -> str:
    """What an image shows instead of being fetched: its alt text, else its address."""
    return inline_text(node) or str(node.attrs.get("src", ""))


# ---------------------------------------------------------------------- HTML

_HTML_INLINE = {"strong": "strong", "em": "em", "s": "s"}


def to_html(text: str | None, level: int = 3) -> Markup:
    """`text` as safe HTML, its headings under a heading of `level`."""
    if not text:
        return Markup("")
    return Markup("".join(_html_block(b, level) for b in parse(text).children))


def _html_block(node: SyntaxTreeNode, level: int, tight: bool = False) -> str:
    t = node.type
    if t == "paragraph":
        inner = _html_inline(node.children[0])
        return inner if tight else f"<p>{inner}</p>"
    if t == "heading":
        h = f"h{heading_level(node, level)}"
        return f"<{h}>{_html_inline(node.children[0]).replace('<br>', ' ')}</{h}>"  # one line, as in Markdown out
    if t in ("bullet_list", "ordered_list"):
        tag = "ul" if t == "bullet_list" else "ol"
        start = node.attrs.get("start")
        opening = f'<ol start="{int(start)}">' if tag == "ol" and start not in (None, 1) else f"<{tag}>"
        loose = _loose(node)
        items = "".join(
            "<li>" + "".join(_html_block(b, level, tight=not loose) for b in item.children) + "</li>"
            for item in node.children
        )
        return f"{opening}{items}</{tag}>"
    if t in ("fence", "code_block"):
        return f"<pre><code>{escape(node.content.removesuffix(chr(10)))}</code></pre>"
    if t == "blockquote":
        return "<blockquote>" + "".join(_html_block(b, level) for b in node.children) + "</blockquote>"
    if t == "hr":
        return "<hr>"
    if t == "table":
        return _html_table(node)
    return str(escape(node.content))  # nothing else reaches here with raw HTML off


def _loose(node: SyntaxTreeNode) -> bool:
    """A list is tight when markdown-it hid its items' paragraphs."""
    return any(not b.hidden for item in node.children for b in item.children if b.type == "paragraph")


def _html_table(node: SyntaxTreeNode) -> str:
    out = ["<table>"]
    for part in node.children:  # thead, tbody
        out.append(f"<{part.tag}>")
        for tr in part.children:
            cells = []
            for cell in tr.children:
                align = _align(cell)
                attr = f' style="text-align:{align}"' if align else ""
                inner = _html_inline(cell.children[0]) if cell.children else ""
                cells.append(f"<{cell.tag}{attr}>{inner}</{cell.tag}>")
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append(f"</{part.tag}>")
    out.append("</table>")
    return "".join(out)


def _align(cell: SyntaxTreeNode) -> str:
    """left | center | right | "" (markdown-it gives text-align styles)."""
    style = str(cell.attrs.get("style", ""))
    return style.split(":", 1)[1] if style.startswith("text-align:") else ""


def _html_inline(node: SyntaxTreeNode, in_link: bool = False) -> str:
    out = []
    for c in node.children:
        t = c.type
        if t == "text":
            out.append(str(escape(c.content)))
        elif t == "softbreak":
            out.append(" ")
        elif t == "hardbreak":
            out.append("<br>")
        elif t == "code_inline":
            out.append(f"<code>{escape(c.content)}</code>")
        elif t in _HTML_INLINE:
            tag = _HTML_INLINE[t]
            out.append(f"<{tag}>{_html_inline(c, in_link)}</{tag}>")
        elif t == "link" and in_link:  # an autolink inside a link's text: its text
            out.append(_html_inline(c, in_link))
        elif t == "link":
            href = escape(str(c.attrs.get("href", "")))
            out.append(f'<a href="{href}" rel="noopener noreferrer">{_html_inline(c, True)}</a>')
        elif t == "image":
            out.append(str(escape(image_text(c))))
        else:
            out.append(str(escape(inline_text(c))))
    return "".join(out)


# ------------------------------------------------------------------ Markdown

# In text, everything Markdown could read as markup is backslash-escaped (and
# &, <, > written as entities: no raw HTML, no autolinks), so the Markdown
# report shows the author's text and only the structure the parser found.
_MD_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# A _ between two letters or digits is no emphasis (corrective_action), and a ! only
# matters where a link may follow.
_MD_SPECIAL = re.compile(r"[&<>\\`*\[\]~|]|(?<![^\W_])_|_(?![^\W_])|!$")
# What would start a block at the beginning of a paragraph's line: a heading, a
# list item, a setext underline or a thematic break (* and _ are escaped anywhere,
# > is an entity). Inside a paragraph only a list numbered 1 with text can start.
_MD_FIRST_LINE = re.compile(r"^( *)(#{1,6}(?=[ \t]|$)|[+-](?=[ \t]|$)|=+[ \t]*$|-[- \t]*$|\d{1,9}[.)](?=[ \t]|$))")
_MD_NEXT_LINE = re.compile(r"^( *)(#{1,6}(?=[ \t]|$)|[+-](?=[ \t]+\S)|=+[ \t]*$|-[- \t]*$|1[.)](?=[ \t]+\S))",
                           re.MULTILINE)


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITY.get(m.group(), "\\" + m.group()), text)


def _line_starts(markdown: str) -> str:
    def fix(m: re.Match[str]) -> str:
        mark = m.group(2)
        if mark[0].isdigit():  # a list number's digits cannot be escaped, its . or ) can
            return m.group(1) + mark[:-1] + "\\" + mark[-1]
        return m.group(1) + "\\" + mark

    first, sep, rest = markdown.partition("\n")
    return _MD_FIRST_LINE.sub(fix, first) + sep + _MD_NEXT_LINE.sub(fix, rest)


def escape_markdown(text: str) -> str:
    """`text` as Markdown that shows exactly `text` (markup characters escaped; Markdown
    shows no spaces at the start of a line, so none are kept there)."""
    return _line_starts(_escape(re.sub(r"(?m)^[ \t]+", "", text)))


def to_markdown(text: str | None, level: int = 3) -> str:
    """`text` as Markdown holding only what the parser found (no raw HTML, no images),
    its headings under a heading of `level`."""
    if not text:
        return ""
    return _md_blocks(parse(text).children, level)


def _md_blocks(blocks: list[SyntaxTreeNode], level: int, sep: str = "\n\n", flip: bool = False) -> str:
    """Blocks joined; two lists in a row stay two lists (the second takes the other marker),
    and so does a list that opens a list item (`flip`: "- - -" would be a rule)."""
    out, previous, alternate = [], "", flip
    for b in blocks:
        if b.type == previous:
            alternate = not alternate
        out.append(_md_block(b, level, alternate))
        previous = b.type
    return sep.join(out)


def _md_block(node: SyntaxTreeNode, level: int, alternate: bool = False) -> str:
    t = node.type
    if t == "paragraph":
        return _line_starts(_md_inline(node.children[0]))
    if t == "heading":
        text = _md_inline(node.children[0]).replace("\\\n", " ").replace("\n", " ")  # a setext heading's breaks
        text = re.sub(r"(^|[ \t])(#+[ \t]*)$", r"\1\\\2", text)  # not a closing sequence
        return "#" * heading_level(node, level) + " " + text
    if t in ("bullet_list", "ordered_list"):
        start = int(node.attrs.get("start", 1) or 1)
        loose = _loose(node)
        sep = "\n\n" if loose else "\n"
        items = []
        for i, item in enumerate(node.children):
            marker = ("*" if alternate else "-") if t == "bullet_list" else f"{start + i}{')' if alternate else '.'}"
            body = _md_blocks(item.children, level, sep, flip=not alternate)
            pad = " " * (len(marker) + 1)
            items.append(marker + " " + body.replace("\n", "\n" + pad).replace("\n" + pad + "\n", "\n\n"))
        return sep.join(items)
    if t in ("fence", "code_block"):
        fence = "`" * max(3, _longest_run(node.content, "`") + 1)
        body = node.content if not node.content or node.content.endswith("\n") else node.content + "\n"
        return f"{fence}\n{body}{fence}"
    if t == "blockquote":
        inner = _md_blocks(node.children, level)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if t == "hr":
        return "___"  # never "- ---" (a rule itself) inside a list item
    if t == "table":
        return _md_table(node)
    return _escape(node.content)


def _longest_run(text: str, char: str) -> int:
    return max((len(m) for m in re.findall(re.escape(char) + "+", text)), default=0)


def _md_table(node: SyntaxTreeNode) -> str:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for part in node.children:
        for tr in part.children:
            rows.append([_md_inline(c.children[0]).replace("\n", " ") if c.children else "" for c in tr.children])
            if not aligns:
                aligns = [_align(c) for c in tr.children]
    rule = {"left": ":--", "center": ":-:", "right": "--:"}
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + "|".join(rule.get(a, "---") for a in aligns) + "|")
    return "\n".join(lines)


def _md_inline(node: SyntaxTreeNode, in_link: bool = False) -> str:
    out = []
    for c in node.children:
        t = c.type
        if t == "text":
            out.append(_escape(c.content))
        elif t == "softbreak":
            out.append("\n")
        elif t == "hardbreak":
            out.append("\\\n")
        elif t == "code_inline":
            ticks = "`" * (_longest_run(c.content, "`") + 1)
            code = c.content  # the parser strips one space off both ends: give it one to strip
            pad = " " if code[:1] == "`" or code[-1:] == "`" or (code[:1] == code[-1:] == " " and code.strip()) else ""
            out.append(f"{ticks}{pad}{c.content}{pad}{ticks}")
        elif t in ("strong", "em", "s"):
            mark = c.markup or {"strong": "**", "em": "*", "s": "~~"}[t]  # the author's delimiters
            out.append(f"{mark}{_md_inline(c, in_link)}{mark}")
        elif t == "link" and in_link:
            out.append(_md_inline(c, in_link))
        elif t == "link":
            href = str(c.attrs.get("href", ""))
            dest = f"<{href}>" if re.search(r"[\s()<>]", href) else href
            out.append(f"[{_md_inline(c, True)}]({dest})")
        elif t == "image":
            out.append(_escape(image_text(c)))
        else:
            out.append(_escape(inline_text(c)))
    return "".join(out)
