"""Safe YAML with source positions.

Files are composed into node trees (with libyaml where present) and turned
into plain Python data here, so every value keeps the line and column it came
from. Never `yaml.load`: only the core schema's tags are constructed, and
aliases are expanded only within a fixed budget, checked before expanding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ttx.scenario.files import MAX_BYTES, FileReadError, read_regular, too_big

try:  # libyaml is several times faster; positions are the same
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

# Nodes that aliases may add beyond those written in the file.
ALIAS_BUDGET = 100_000
# A scenario nests about a dozen levels; far deeper is a hostile or broken file.
MAX_DEPTH = 100

STR = "tag:yaml.org,2002:str"
_constructor = SafeConstructor()


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        kind = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {kind}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "col": self.col,
                "severity": self.severity, "message": self.message}


class YamlError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Document:
    """One YAML file: its display path, node tree and Python data."""

    path: str
    root: Node
    data: Any
    problems: list[Problem] = field(default_factory=list)

    def at(self, node: Node, message: str, severity: str = "error") -> Problem:
        return Problem(self.path, node.start_mark.line + 1, node.start_mark.column + 1, message, severity)

    def node_at(self, loc: tuple[Any, ...], *, key: bool = False) -> tuple[Node, bool]:
        """The node at a data path, and whether the whole path was found.

        With key=True the last step returns the mapping key's node rather
        than its value (so an unknown key is reported where it is written)."""
        node = self.root
        for i, part in enumerate(loc):
            last = i == len(loc) - 1
            child = child_node(node, part, key=key and last)
            if child is None:
                return node, False
            node = child
        return node, True


def child_node(node: Node, part: Any, *, key: bool = False) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in _pairs(node):
            if isinstance(k, ScalarNode) and k.value == part:
                return k if key else v
    elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def _pairs(node: MappingNode) -> list[tuple[Node, Node]]:
    """A mapping's pairs with YAML merge keys (`<<: *base`) flattened, own keys first."""
    own = [(k, v) for k, v in node.value if not (isinstance(k, ScalarNode) and k.tag == "tag:yaml.org,2002:merge")]
    merged: list[tuple[Node, Node]] = []
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.tag == "tag:yaml.org,2002:merge":
            for src in (v.value if isinstance(v, SequenceNode) else [v]):
                if isinstance(src, MappingNode):
                    merged.extend(_pairs(src))
    return own + merged


def read(path: Path, display: str | None = None) -> Document:
    """Read and compose a YAML file; raise YamlError with a position on failure."""
    shown = display or str(path)
    try:
        raw = read_regular(path)
    except FileReadError as exc:
        raise YamlError(Problem(shown, 1, 1, str(exc))) from None
    return parse(raw, shown)


def parse(raw: bytes, shown: str) -> Document:
    if len(raw) > MAX_BYTES:
        raise YamlError(Problem(shown, 1, 1, too_big(len(raw))))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(Problem(shown, line, col, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded")) from None
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        raise YamlError(Problem(shown, 1, 1, "file is empty"))
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        ctx = f" ({exc.context})" if exc.context else ""
        raise YamlError(Problem(shown, line, col, f"YAML syntax: {what}{ctx}")) from None
    except yaml.YAMLError as exc:
        raise YamlError(Problem(shown, 1, 1, f"YAML syntax: {str(exc).splitlines()[0]}")) from None
    if root is None:
        raise YamlError(Problem(shown, 1, 1, "file is empty"))
    doc = Document(shown, root, None)
    _check_expansion(doc)
    doc.data = _Builder(doc).build(root)
    return doc


def _check_expansion(doc: Document) -> None:
    """Refuse alias bombs and recursive aliases before expanding anything.

    The size a node expands to is computed over the node graph, each node
    once, so the check itself is linear in the file."""
    sizes: dict[int, int] = {}
    unique = 0
    stack: list[tuple[Node, bool, int]] = [(doc.root, False, 1)]
    active: set[int] = set()
    while stack:
        node, done, depth = stack.pop()
        nid = id(node)
        if done:
            active.discard(nid)
            kids = _children(node)
            sizes[nid] = 1 + sum(sizes[id(k)] for k in kids)
            continue
        if nid in sizes:
            continue
        if nid in active:
            raise YamlError(doc.at(node, "recursive alias: a node contains itself"))
        if depth > MAX_DEPTH:
            raise YamlError(doc.at(node, f"nested more than {MAX_DEPTH} levels deep: refusing to read further"))
        unique += 1
        active.add(nid)
        stack.append((node, True, depth))
        for kid in _children(node):
            if id(kid) in active:
                raise YamlError(doc.at(kid, "recursive alias: a node contains itself"))
            if id(kid) not in sizes:
                stack.append((kid, False, depth + 1))
    if sizes[id(doc.root)] > unique + ALIAS_BUDGET:
        raise YamlError(doc.at(doc.root, f"aliases expand this file to over {unique + ALIAS_BUDGET:,} values "
                                         f"(an alias bomb?): refusing to expand it"))


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


class _Builder:
    """Node tree -> Python data, reporting duplicate and non-scalar keys."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.built: dict[int, Any] = {}

    def build(self, node: Node) -> Any:
        nid = id(node)
        if nid in self.built:
            return self.built[nid]
        if isinstance(node, ScalarNode):
            value = node.value if node.tag == STR else self.scalar(node)
        elif isinstance(node, SequenceNode):
            value = [self.build(n) for n in node.value]
        else:
            value = {}
            own = {id(k) for k, _ in node.value}
            seen: dict[str, Node] = {}
            for k, v in _pairs(node):
                if not isinstance(k, ScalarNode):
                    self.doc.problems.append(self.doc.at(k, "a key must be a plain name, not a list or mapping"))
                    continue
                if k.value in seen:  # own keys come first: a merged-in key never overrides one
                    if id(k) in own:
                        first = seen[k.value].start_mark.line + 1
                        self.doc.problems.append(self.doc.at(k, f"duplicate key '{k.value}' (first at line {first})"))
                    continue
                seen[k.value] = k
                value[k.value] = self.build(v)
        self.built[nid] = value
        return value

    def scalar(self, node: ScalarNode) -> Any:
        try:
            return _constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # An unknown tag (`!python/object`, `=`) or an impossible date: report it, keep the text.
            self.doc.problems.append(self.doc.at(node, f"cannot read this value as {node.tag.rpartition(':')[2]!r}; "
                                                       "quote it if it is text"))
            return node.value
