"""`ttx export` writes an MSEL that `ttx import` reads back inject for inject:
every built-in scenario through the installed command in both formats, and
any scenario hypothesis makes through XLSX."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_scenario_commands import ttx
from ttx.imports import read
from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.scenario.times import MAX_MINUTES
from ttx.scenario.msel import to_xlsx
from ttx.scenario.plaintext import printable


def _inject_view(s: Scenario, inj, move) -> tuple:
    """What an MSEL carries of an inject, as the scenario means it."""
    d = inj.decision
    return (move.id, inj.at, inj.situation_time, inj.title.strip(), (inj.from_ or "").strip() or None,
            s.recipients(inj), inj.channel, inj.body.strip(), tuple(a.strip() for a in inj.expected_actions),
            inj.objectives, s.releasability(inj), inj.contingency,
            (d.prompt.strip(), tuple((o.id, o.text.strip()) for o in d.options), s.deciding_cells(inj),
             d.time_limit, d.discussion_only) if d else None,
            inj.when.model_dump(by_alias=True) if inj.when else None, (inj.trigger or "").strip() or None,
            tuple(n.strip() for n in inj.facilitator_notes))


def _views(s: Scenario) -> dict[str, tuple]:
    return {i.id: _inject_view(s, i, m) for m in s.moves for i in m.injects}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("scenario", ["dprk-missile-warning", "taiwan-evacuation", "cyber-space"])
def test_builtin_scenarios_round_trip(workspace, scenario, fmt):
    sheet = workspace / f"{scenario}.{fmt}"
    done = ttx("export", scenario, "--format", fmt, "-o", str(sheet), "--force", cwd=workspace)
    assert done.returncode == 0, done.stderr
    done = ttx("import", str(sheet), "--id", f"{scenario}-{fmt}", "--force", cwd=workspace)
    assert done.returncode == 0 and "import warning" in done.stdout, done.stderr
    assert "warning" not in done.stderr, done.stderr  # a ttx export is read with nothing uncertain
    original = check_scenario(workspace / "scenarios" / f"{scenario}.yaml", workspace / "injects").scenario
    copy = check_scenario(workspace / "scenarios" / f"{scenario}-{fmt}.yaml", workspace / "injects").scenario
    assert _views(copy) == _views(original)


def test_export_cells_are_text_and_the_banner_is_printed(workspace, tmp_path):
    sheet = tmp_path / "m.xlsx"
    assert ttx("export", "dprk-missile-warning", "-o", str(sheet), cwd=workspace).returncode == 0
    ws = openpyxl.load_workbook(sheet).active
    assert all(c.data_type == "s" for row in ws.iter_rows(min_row=2) for c in row if c.value is not None)
    assert ws.oddHeader.center.text == "UNCLASSIFIED // FOR EXERCISE USE ONLY"
    again = ttx("export", "dprk-missile-warning", "-o", str(sheet), cwd=workspace)
    assert again.returncode == 2 and "exists; --force replaces it" in again.stderr


# ------------------------------------------------------------------ property

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
LINE = TEXT.map(lambda t: " ".join(printable(t).split()))  # a list item: one line
WORDS = LINE.filter(str.strip)
CELLS = ("USA", "JPN", "KOR", "WHITE")
PLAYERS = CELLS[:3]


@st.composite
def scenarios(draw) -> Scenario:
    moves, deciders = [], []
    n = 0
    for m in range(draw(st.integers(1, 3))):
        injects = []
        for _ in range(draw(st.integers(1, 4))):
            n += 1
            to = draw(st.one_of(st.none(), st.lists(st.sampled_from(CELLS), min_size=1, max_size=4, unique=True)))
            inj = {"id": f"I{n}", "at": draw(st.integers(0, MAX_MINUTES)), "title": draw(TEXT.filter(
                lambda t: printable(t).strip())), "body": draw(TEXT), "channel": draw(st.sampled_from(
                    ["news", "intel", "cable", "call", "email", "social", "sensor", "brief", "other"])),
                "expected_actions": draw(st.lists(WORDS, max_size=3)),
                "objectives": draw(st.lists(st.sampled_from(["OBJ-1", "OBJ-2"]), max_size=2, unique=True)),
                "contingency": draw(st.booleans())}
            if to is not None:
                inj["to"] = to
            if draw(st.booleans()):
                inj["from"] = draw(TEXT)
            inj["situation_time"] = draw(st.one_of(
                st.none(), st.integers(0, 600),
                st.datetimes(datetime(2026, 1, 1), datetime(2030, 1, 1),
                             timezones=st.sampled_from([None, timezone(timedelta(hours=9))])).map(
                    lambda d: d.replace(second=0, microsecond=0))))
            if draw(st.booleans()):
                recipients = to or list(PLAYERS)
                options = draw(st.lists(st.sampled_from(["share", "hold", "x.1"]), max_size=3, unique=True))
                decision = {"prompt": draw(WORDS), "options": [{"id": o, "text": draw(WORDS)} for o in options]}
                if draw(st.booleans()):
                    decision["cells"] = draw(st.lists(st.sampled_from(recipients), min_size=1, unique=True))
                if draw(st.booleans()):
                    decision["time_limit"] = draw(st.integers(0, 60))
                decision["discussion_only"] = draw(st.booleans())
                inj["decision"] = decision
            if deciders and draw(st.booleans()):
                target, option = draw(st.sampled_from(deciders))
                leaf = {"decision": target, "chose": [option]}
                inj["when"] = leaf if draw(st.booleans()) else {"not": leaf}
            if inj.get("decision", {}).get("options"):
                deciders.append((inj["id"], inj["decision"]["options"][0]["id"]))
            if draw(st.booleans()):
                inj["releasability"] = draw(WORDS)
            if draw(st.booleans()):
                inj["trigger"] = draw(TEXT)
            inj["facilitator_notes"] = draw(st.lists(WORDS, max_size=2))
            injects.append(inj)
        moves.append({"id": f"M{m + 1}", "injects": injects})
    return Scenario.model_validate({
        "ttx": 1, "id": "prop", "title": "Property", "moves": moves,
        "objectives": [{"id": "OBJ-1", "text": "a"}, {"id": "OBJ-2", "text": "b"}],
        "cells": [{"id": c, **({"kind": "control"} if c == "WHITE" else {})} for c in CELLS]})


def _shown(s: Scenario) -> dict[str, tuple]:
    """The views as an MSEL can hold them: text as printed (no control characters)."""
    def clean(value):
        if isinstance(value, str):
            return printable(value).strip() or None if value is not None else None
        if isinstance(value, tuple):
            return tuple(clean(v) for v in value)
        return value
    return {k: tuple(clean(v) if k2 not in (0, 1, 2, 5, 9, 13) else v for k2, v in enumerate(view))
            for k, view in _views(s).items()}


@given(scenarios())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
def test_any_scenario_round_trips_through_xlsx(tmp_path_factory, scenario):
    draft, warnings = read(to_xlsx(scenario), "msel.xlsx")
    assert not [str(w) for w in warnings if "rounded" in w.message or "read as" in w.message]
    folder = tmp_path_factory.mktemp("rt")
    (folder / "copy.yaml").write_text(draft.to_yaml("copy", "Copy", "msel.xlsx"), encoding="utf-8")
    result = check_scenario(folder / "copy.yaml")
    assert result.scenario is not None, [str(p) for p in result.problems]
    assert _shown(result.scenario) == _shown(scenario)
