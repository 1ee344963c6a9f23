"""Hypothesis fuzzing of the scenario loader: 2,000 edits of a valid scenario's text
(the kinds of slip a hand editor makes, plus YAML's sharp edges), each parsed in
memory and checked as a file. Whatever the text, the loader answers with its
own problems at 1-based positions, never with an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.robustness.cases import DEMO
from ttx.scenario.load import check_scenario
from ttx.scenario.yamlsrc import YamlError, parse

LINES = DEMO.splitlines(keepends=True)

TOKENS = ["&a ", "*a", "<<: *a", "- ", ": ", "[", "]", "{", "}", ",", "!!python/object:os.system ", "!!binary ",
          "!custom ", "'", '"', "\t", "\x00", "\x07", "\ufeff", "\u2028", "é", "no", "yes", "on", "null", "~",
          "1:30", "+12:30", "-1", "1e400", ".nan", "0x1F", "2027-02-30", "%YAML 1.1", "---", "...", "? ", "|",
          ">-", "#", "@", "`", "use: ", "when: ", "M1-01", "USA", "OBJ-1", "\\", "\r", "&a [*a]", "*b"]

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("swap"), st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1)),
    st.tuples(st.just("indent"), st.integers(0, len(LINES) - 1), st.sampled_from(["  ", "\t", " ", "", "      "])),
    st.tuples(st.just("insert"), st.integers(0, len(LINES) - 1), st.integers(0, 60), st.sampled_from(TOKENS)),
    st.tuples(st.just("value"), st.integers(0, len(LINES) - 1), st.text(max_size=12)),
    st.tuples(st.just("truncate"), st.integers(0, len(DEMO))),
)


def apply(lines: list[str], op: tuple) -> list[str]:
    lines = list(lines)
    if not lines:
        return lines
    kind, i = op[0], op[1] % len(lines)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        j = op[2] % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = op[2] + lines[i].lstrip(" ")
    elif kind == "insert":
        pos = min(op[2], len(lines[i]))
        lines[i] = lines[i][:pos] + op[3] + lines[i][pos:]
    elif kind == "value":
        key, sep, _ = lines[i].partition(": ")
        lines[i] = f"{key}{sep or ': '}{op[2]}\n"
    elif kind == "truncate":
        text = "".join(lines)[: op[1]]
        lines = text.splitlines(keepends=True)
    return lines


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "injects").mkdir()
        yield Path(tmp)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(edit, min_size=1, max_size=5), encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1"]))
def test_edited_scenarios_never_raise(folder, edits, encoding):
    lines = LINES
    for op in edits:
        lines = apply(lines, op)
    raw = "".join(lines).encode(encoding, errors="replace")

    # in memory: a Document, or a YamlError with a position
    try:
        doc = parse(raw, "fuzz.yaml")
    except YamlError as exc:
        assert exc.problem.line >= 1 and exc.problem.col >= 1 and exc.problem.message
    else:
        for problem in doc.problems:
            assert problem.line >= 1 and problem.col >= 1

    # as a file: the full check (library, model, references, lint)
    path = folder / "fuzz.yaml"
    path.write_bytes(raw)
    result = check_scenario(path, folder / "injects")
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message
        assert problem.severity in ("error", "warning")
    assert (result.scenario is None) == bool(result.errors)


@settings(max_examples=2000, deadline=None)
@given(raw=st.binary(max_size=200) | st.text(alphabet=st.sampled_from(sorted(set("".join(TOKENS) + DEMO))),
                                             max_size=200).map(str.encode))
def test_arbitrary_bytes_parse_or_locate(raw):
    try:
        doc = parse(raw, "bytes.yaml")
    except YamlError as exc:
        assert exc.problem.line >= 1 and exc.problem.col >= 1 and exc.problem.message
    else:
        assert all(p.line >= 1 and p.col >= 1 for p in doc.problems)
