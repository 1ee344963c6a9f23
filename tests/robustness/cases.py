"""The malformed corpus: hand-written files under corpus/, plus cases generated here.

A case is (name, kind, bytes): kind "scenario" goes through `ttx validate`,
kind "rehearsal" through `ttx rehearse demo --script`. Every one must be
refused with exit 2, a `path:line:col:` line naming it, and no traceback.
"""

from __future__ import annotations

import contextlib
import copy
import re
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

CORPUS = Path(__file__).parent / "corpus"
DEMO = (CORPUS / "demo.yaml").read_text()  # the valid scenario every case is a mistake in
DEMO_DATA = yaml.safe_load(DEMO)

LIBRARY = """\
ttx: 1
injects:
  - id: lib-press-query
    title: Press asks for comment
    channel: news
    body: A reporter asks whether the launch was tracked.
"""

HANG_GUARD_S = 60  # generous: a hang guard, not a speed check


@dataclass(frozen=True)
class Case:
    name: str  # file name, unique across the corpus
    kind: str  # "scenario" | "rehearsal"
    raw: bytes

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


def handwritten() -> list[Case]:
    cases = []
    for kind, folder in (("scenario", "scenarios"), ("rehearsal", "rehearsals")):
        for path in sorted((CORPUS / folder).glob("*.yaml")):
            cases.append(Case(f"hw-{kind[0]}-{path.name}", kind, path.read_bytes()))
    return cases


# ---- generated scenario cases -------------------------------------------------------------


def _paths(node: Any, prefix: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _set(data: Any, path: tuple, value: Any) -> Any:
    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return data


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def _slug(path: tuple) -> str:
    return "-".join(str(p) for p in path).replace("_", "").lower() or "root"


# Data paths whose value is an id reference; replaced by an id nobody defined.
REFERENCES = [
    ("moves", 0, "questions", 0, "cells", 0),
    ("moves", 0, "injects", 0, "to", 1),
    ("moves", 0, "injects", 0, "objectives", 0),
    ("moves", 0, "injects", 0, "decision", "cells", 1),
    ("moves", 0, "injects", 1, "when", "decision"),
    ("moves", 0, "injects", 1, "when", "cell"),
    ("moves", 0, "injects", 1, "when", "chose", 0),
]


def generated_scenarios() -> list[Case]:
    cases: list[Case] = []
    # an unknown key in every mapping of the file
    for path, node in _paths(DEMO_DATA):
        if isinstance(node, dict):
            bad = copy.deepcopy(node)
            bad["colour"] = "blue"
            data = _set(DEMO_DATA, path, bad) if path else {**DEMO_DATA, "colour": "blue"}
            cases.append(Case(f"gen-unknown-key-{_slug(path)}.yaml", "scenario", _dump(data)))
    # every scalar replaced by a mapping (a wrong type wherever it stands)
    for path, node in _paths(DEMO_DATA):
        if path and not isinstance(node, (dict, list)):
            data = _set(DEMO_DATA, path, {"oops": [1, 2]})
            cases.append(Case(f"gen-mapping-for-{_slug(path)}.yaml", "scenario", _dump(data)))
    # references to ids that do not exist
    for path in REFERENCES:
        data = _set(DEMO_DATA, path, "ZZZ-404")
        cases.append(Case(f"gen-dangling-{_slug(path)}.yaml", "scenario", _dump(data)))
    # truncated mid-flow: cut right after each `[` and `{`
    for n, match in enumerate(re.finditer(r"[\[{]", DEMO)):
        cases.append(Case(f"gen-truncated-{n}.yaml", "scenario", DEMO[: match.end() + 2].encode()))
    # sizes
    pad = b"# " + b"x" * 1022 + b"\n"
    cases.append(Case("gen-size-over-limit.yaml", "scenario", DEMO.encode() + pad * (11 * 1024)))
    cases.append(Case("gen-size-deep-flow.yaml", "scenario", DEMO.encode() + b"deep: " + b"[" * 5000 + b"]" * 5000 + b"\n"))
    cases.append(Case("gen-size-nested-600.yaml", "scenario",
                      DEMO.encode() + b"nested: " + b"[" * 600 + b"]" * 600 + b"\n"))
    cases.append(Case("gen-size-10000-duplicate-ids.yaml", "scenario",
                      DEMO.encode() + "".join(f"      - id: M1-01\n        at: {i}\n        title: again\n"
                                              for i in range(10000)).encode()))
    cases.append(Case("gen-size-wide-alias.yaml", "scenario", DEMO.encode() + b"big: &big [" + b"x, " * 2000
                      + b"x]\n" + b"many: [" + b", ".join([b"*big"] * 200) + b"]\n"))
    # encodings
    cases.append(Case("gen-enc-utf32.yaml", "scenario", DEMO.encode("utf-32")))
    cases.append(Case("gen-enc-utf16le-no-bom.yaml", "scenario", DEMO.encode("utf-16-le")))
    cases.append(Case("gen-enc-cp1252.yaml", "scenario",
                      DEMO.replace("title: Launch detected", "title: \u201cLaunch\u201d detected").encode("cp1252")))
    cases.append(Case("gen-enc-surrogate.yaml", "scenario", DEMO.encode().replace(b"Follow-up", b"Follow\xed\xa0\x80up")))
    cases.append(Case("gen-enc-bom-then-latin1.yaml", "scenario",
                      b"\xef\xbb\xbf" + DEMO.replace("Japan", "J\u00e4pan").encode("latin-1")))
    return cases


# ---- generated rehearsal scripts ------------------------------------------------------------

REHEARSAL_VALUES: list[tuple[str, str]] = [
    ("decisions-scalar", "decisions: everyone shares\n"),
    ("decisions-int", "decisions: 3\n"),
    ("decision-list", "decisions:\n  M1-01: [USA, share]\n"),
    ("decision-string", "decisions:\n  M1-01: share\n"),
    ("decision-int-key", "decisions:\n  12: {USA: share}\n"),
    ("decision-option-int", "decisions:\n  M1-01: {USA: 1}\n"),
    ("decision-option-null", "decisions:\n  M1-01: {USA: null}\n"),
    ("decision-all-unknown", "decisions:\n  M1-01: {all: maybe}\n"),
    ("decision-cell-bool", "decisions:\n  M1-01: {no: share}\n"),
    ("release-int", "release: 7\n"),
    ("release-mapping", "release: {M1-01: yes}\n"),
    ("release-bool-item", "release: [yes]\n"),
    ("notes-scalar", "notes: remember to share\n"),
    ("note-scalar-item", "notes:\n  - just text\n"),
    ("note-text-int", "notes:\n  - text: 42\n"),
    ("note-text-blank", "notes:\n  - text: '   '\n"),
    ("note-rating-lower", "notes:\n  - text: ok\n    rating: s\n"),
    ("note-unknown-key", "notes:\n  - text: ok\n    author: me\n"),
    ("note-cell-unknown", "notes:\n  - text: ok\n    cell: GBR\n"),
    ("expect-list", "expect: [M1-01]\n"),
    ("expect-released-int", "expect:\n  released: 3\n"),
    ("expect-not-triggered-unknown", "expect:\n  not_triggered: [M7-07]\n"),
    ("ttx-text", "ttx: '1'\n"),
    ("ttx-list", "ttx: [1]\n"),
]


def generated_rehearsals() -> list[Case]:
    cases = [Case(f"gen-r-{name}.yaml", "rehearsal", text.encode()) for name, text in REHEARSAL_VALUES]
    cases.append(Case("gen-r-size-over-limit.yaml", "rehearsal", b"decisions: {}\n" + b"#" * (11 * 1024 * 1024)))
    cases.append(Case("gen-r-deep-flow.yaml", "rehearsal", b"decisions: " + b"{a: " * 3000 + b"}" * 3000 + b"\n"))
    cases.append(Case("gen-r-nested-600.yaml", "rehearsal", b"decisions: " + b"[" * 600 + b"]" * 600 + b"\n"))
    cases.append(Case("gen-r-nul.yaml", "rehearsal", b"decisions:\n  M1-01: {USA: sh\x00are}\n"))
    return cases


def all_cases() -> list[Case]:
    cases = handwritten() + generated_scenarios() + generated_rehearsals()
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "corpus case names must be unique"
    return cases


# ---- running ----------------------------------------------------------------------------------


def make_workspace(root: Path) -> Path:
    """A workspace with the valid demo scenario and a small library; cases go under cases/."""
    for folder in ("scenarios", "injects", "cases", "sessions"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "scenarios" / "demo.yaml").write_text(DEMO)
    (root / "injects" / "lib.yaml").write_text(LIBRARY)
    return root


def ended_session(root: Path, name: str, notes: list[str]) -> Path:
    """A session of the demo in `root`'s workspace: started, `notes` taken, ended, closed."""
    from ttx.engine.session import Session
    from ttx.scenario.load import check_scenario

    scenario = check_scenario(root / "scenarios" / "demo.yaml", root / "injects").scenario
    path = root / "sessions" / name
    session = Session.create(scenario, path)
    session.start_move()
    for note in notes:
        session.add_note(note)
    session.end()
    session.close()
    return path


def argv(case: Case, session: Path) -> list[str]:
    if case.kind == "scenario":
        return ["validate", f"cases/{case.name}"]
    return ["rehearse", "demo", "--script", f"cases/{case.name}", "--session", str(session)]


def located(case: Case, output: str) -> bool:
    """A `path:line:col: ` line naming the case's file, with 1-based numbers."""
    pattern = rf"(?m)^(?:ttx: )?\S*{re.escape(case.name)}:([1-9]\d*):([1-9]\d*): \S"
    return re.search(pattern, output) is not None


class Hang(Exception):
    pass


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_GUARD_S) -> Iterator[None]:
    """Fail (rather than hang the suite) if the block runs longer than `seconds`."""
    def alarm(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
