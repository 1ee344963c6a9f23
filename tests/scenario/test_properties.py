"""Hypothesis: whatever a mutated scenario holds, the loader answers with its
own problems (each with a position), never with an exception."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.scenario.conftest import VALID
from ttx.scenario.yamlsrc import parse, YamlError

BASE = yaml.safe_load(VALID)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["no", "yes", "on", "1:30", "+00:07", "USA", "M1-01"]))
values = st.recursive(scalars, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), kids, max_size=3)),
                      max_leaves=8)


def paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


ALL_PATHS = [p for p in paths(BASE) if p]


def mutate(data, path, action, value):
    import copy

    data = copy.deepcopy(data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif isinstance(parent, dict):
        parent[str(value)[:8] or "x"] = value
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["delete", "replace", "add"]), values),
                min_size=1, max_size=4))
def test_mutations_never_raise(ws, mutations):
    data = BASE
    for path, action, value in mutations:
        try:
            data = mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue
    result = ws.check(yaml.safe_dump(data, allow_unicode=True))
    for problem in result.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message
    assert (result.scenario is None) == bool(result.errors)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes_never_raise(raw):
    try:
        parse(raw, "x.yaml")
    except YamlError as exc:
        assert exc.problem.line >= 1
