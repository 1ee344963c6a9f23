"""The built-in scenario library: every scenario is clean under --strict and
every rehearsal script's `expect:` holds, so a broken branch fails CI; and
every scenario steers (issue 16): each decision changes what follows or says
it is for discussion, sharing delivers, every branch is rehearsed both ways,
the pace fits senior officials and every citation resolves to the project's
own fact sheet."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from ttx.scenario.model import All, Any_, Leaf, Not, Scenario, condition_leaves
from ttx.workspace import Workspace

from tests.cli.test_scenario_commands import ttx

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.stem for p in Workspace(ROOT).scenario_paths())  # not the translations beside them


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ws") / "exercise"
    assert ttx("init", str(target)).returncode == 0
    return target


def test_library_is_substantial():
    assert len(SCENARIOS) >= 5


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_rehearsal_of_the_scenario_holds(workspace, scenario):
    scripts = sorted((workspace / "rehearsals" / scenario).glob("*.yaml"))
    assert len(scripts) >= 2, f"{scenario}: a rehearsal script per main branch"
    result = ttx("rehearse", scenario, "--all", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(scripts)


def test_rehearse_all_alone_runs_every_scenarios_scripts(workspace):
    scripts = sorted((workspace / "rehearsals").glob("*/*.yaml"))
    result = ttx("rehearse", "--all", cwd=workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(scripts) >= 2 * len(SCENARIOS)
    for scenario in SCENARIOS:
        assert f" of {scenario}: ok" in result.stdout
    alone = ttx("rehearse", cwd=workspace)
    assert alone.returncode == 2 and "or --all alone" in alone.stderr


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_each_scenario_is_a_full_exercise(scenario_id):
    """The shape a facilitator expects of a built-in exercise (issue 7)."""
    from ttx.scenario.load import load_scenario
    from ttx.scenario.model import DEFAULT_CLASSIFICATION

    s = load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml", ROOT / "injects")
    assert s.classification == DEFAULT_CLASSIFICATION
    assert 3 <= len(s.moves) <= 4
    assert 12 <= len(s.inject_by_id) <= 40  # branches that exclude each other: fewer in any one run
    assert 120 <= sum(m.planned_minutes or 0 for m in s.moves) <= 180
    assert set(s.player_cells) == {"USA", "JPN", "KOR"}
    times = [m.situation_time for m in s.moves]
    assert all(t is not None for t in times) and times == sorted(times), "in-world time jumps forward"
    for move in s.moves:
        assert move.situation.strip() and move.questions
        deciding = {c for i in move.injects for c in s.deciding_cells(i)}
        assert {"USA", "JPN", "KOR"} <= deciding, f"{move.id}: a decision for each player cell"
    assert sum(1 for i in s.inject_by_id.values() if i.when is not None) >= 2
    assert any(i.contingency for i in s.inject_by_id.values())
    assert all(i.from_ for i in s.inject_by_id.values()), "every inject has a believable sender"
    assert len({i.channel for i in s.inject_by_id.values()}) >= 4


# ---- scenarios that steer (issue 16): choices change what is decided next,
# sharing delivers, and the pace fits senior officials.

FACT_SHEET = ROOT / "seeds" / "ttx-fact-sheet.md"


def load(scenario_id: str) -> Scenario:
    from ttx.scenario.load import load_scenario

    return load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml", ROOT / "injects")


def holds(scenario: Scenario, cond, choices: dict[tuple[str, str], str]) -> bool:
    """A `when` under `choices` ((decision, cell) -> option; missing = not taken), as the engine reads it."""
    if isinstance(cond, Leaf):
        cells = [cond.cell] if cond.cell else scenario.deciding_cells(scenario.inject_by_id[cond.decision])
        return any(choices.get((cond.decision, c)) in cond.chose for c in cells)
    if isinstance(cond, All):
        return all(holds(scenario, c, choices) for c in cond.all)
    if isinstance(cond, Any_):
        return any(holds(scenario, c, choices) for c in cond.any)
    assert isinstance(cond, Not)
    return not holds(scenario, cond.not_, choices)


def most_decisions_per_cell(scenario: Scenario, move) -> dict[str, int]:
    """The most decisions each player cell meets in `move` on any one path through the
    earlier choices (every option, or none, of every decision the move's conditions test).
    Contingencies count: the facilitator may release them."""
    deciding = [i for i in move.injects if i.decision is not None]
    tested = sorted({(leaf.decision, cell) for i in deciding if i.when is not None
                     for leaf in condition_leaves(i.when)
                     for cell in ([leaf.cell] if leaf.cell else
                                  scenario.deciding_cells(scenario.inject_by_id[leaf.decision]))})
    domains = [[None, *(o.id for o in scenario.inject_by_id[d].decision.options)] for d, _ in tested]
    best = {c: 0 for c in scenario.player_cells}
    for values in itertools.product(*domains):
        choices = {k: v for k, v in zip(tested, values) if v is not None}
        counts = {c: 0 for c in scenario.player_cells}
        for inj in deciding:
            if inj.when is None or holds(scenario, inj.when, choices):
                for cell in scenario.deciding_cells(inj):
                    counts[cell] = counts.get(cell, 0) + 1
        best = {c: max(best[c], counts[c]) for c in best}
    return best


def hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def scripts_expect(scenario_id: str) -> tuple[set[str], set[str]]:
    released: set[str] = set()
    not_triggered: set[str] = set()
    for path in sorted((ROOT / "rehearsals" / scenario_id).glob("*.yaml")):
        expect = (yaml.safe_load(path.read_text()) or {}).get("expect") or {}
        released |= set(expect.get("released") or ())
        not_triggered |= set(expect.get("not_triggered") or ())
    return released, not_triggered


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_decision_steers_or_says_it_is_for_discussion(scenario_id):
    s = load(scenario_id)
    tested = {leaf.decision for i in s.inject_by_id.values() if i.when for leaf in condition_leaves(i.when)}
    decisions = [i for i in s.inject_by_id.values() if i.decision is not None]
    for inj in decisions:
        assert (inj.id in tested) != inj.decision.discussion_only, f"{inj.id}: steers or is discussion_only"
    discussion = [i.id for i in decisions if i.decision.discussion_only]
    assert len(discussion) * 4 <= len(decisions), f"more than a quarter discussion-only: {discussion}"
    carrying = [i.id for i in s.inject_by_id.values() if i.when is not None and i.decision is not None]
    assert len(carrying) >= 2, "at least two conditional injects carry a decision of their own"
    last = s.moves[-1]
    assert sum(1 for i in last.injects if i.when is not None) >= 2, "the end state depends on the choices"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_branch_is_rehearsed_both_ways(scenario_id):
    s = load(scenario_id)
    released, not_triggered = scripts_expect(scenario_id)
    for inj in s.inject_by_id.values():
        if inj.when is not None and not inj.contingency:
            assert inj.id in released, f"{inj.id}: no rehearsal script expects it released"
            assert inj.id in not_triggered, f"{inj.id}: no rehearsal script expects it not triggered"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_sharing_option_always_delivers(scenario_id):
    """An option whose id starts with `share` puts the product in the partners' hands: an
    inject whose `when` holds on that choice alone goes to the partner cells (to at least
    one of them for a `-bilateral` option)."""
    s = load(scenario_id)
    order = [i.id for m in s.moves for i in m.schedule]
    found = 0
    for inj in s.inject_by_id.values():
        if inj.decision is None:
            continue
        deciders = s.deciding_cells(inj)
        for option in (o.id for o in inj.decision.options if o.id.startswith("share")):
            for cell in deciders:
                found += 1
                partners = (set(s.player_cells) - set(deciders)) or (set(s.player_cells) - {cell})
                delivered = [
                    d.id for d in s.inject_by_id.values()
                    if d.when is not None and order.index(d.id) > order.index(inj.id) and not d.contingency
                    and holds(s, d.when, {(inj.id, cell): option})
                    and (set(s.recipients(d)) & partners if "bilateral" in option
                         else partners <= set(s.recipients(d)))]
                assert delivered, f"{inj.id}: {cell} choosing {option} delivers nothing to {sorted(partners)}"
    assert found, "a scenario of trilateral cooperation offers at least one sharing choice"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_pitched_for_senior_officials(scenario_id):
    s = load(scenario_id)
    for move in s.moves:
        for cell, n in most_decisions_per_cell(s, move).items():
            assert n <= 3, f"{move.id}: {cell} meets {n} decisions on one path (at most 3)"
        for inj in move.injects:
            if inj.decision is not None:
                assert inj.decision.time_limit is not None and inj.decision.time_limit >= 10, \
                    f"{inj.id}: a senior official's decision needs at least 10 minutes"
    assert s.agenda, "a timing plan of the whole event"
    assert [a.move for a in s.agenda if a.move] == [m.id for m in s.moves]
    assert s.agenda[0].move is None and s.agenda[-1].move is None, "opening brief first, hot wash last"
    assert 180 <= s.event_minutes <= 270, "a half-day event"
    summary = " ".join(s.summary.split())  # as read, whatever the line breaks
    assert hours(s.event_minutes) in summary, f"the summary's timing plan counts the whole event ({hours(s.event_minutes)})"
    for item in s.agenda:
        if item.move is None:
            assert item.title in summary, f"the summary names the block {item.title!r}"
    notes = [n for m in s.moves for n in m.facilitator_notes] + [n for i in s.inject_by_id.values()
                                                                for n in i.facilitator_notes]
    assert len(notes) >= 3, "facilitator notes for the predictable detours"
    for inj in s.inject_by_id.values():
        if inj.contingency:
            assert inj.trigger or inj.when, f"{inj.id}: a contingency says when to use it"


CITATION = re.compile(r"seeds/ttx-fact-sheet\.md\s+§(\d+)((?:\s*\[\d+\](?:\s*[–-]\s*\[\d+\])?)+)")


def fact_sheet() -> tuple[dict[int, str], set[int]]:
    text = FACT_SHEET.read_text(encoding="utf-8")
    body, sources = text.split("\n## Sources\n")
    sections = {int(m.group(1)): m.group(2) for m in
                re.finditer(r"^## §(\d+) [^\n]*\n(.*?)(?=^## |\Z)", body, re.M | re.S)}
    listed = {int(n) for n in re.findall(r"^\[(\d+)\] ", sources, re.M)}
    return sections, listed


def cited(numbers: str) -> set[int]:
    out: set[int] = set()
    for a, b in re.findall(r"\[(\d+)\](?:\s*[–-]\s*\[(\d+)\])?", numbers):
        out |= set(range(int(a), int(b or a) + 1))
    return out


def test_the_fact_sheet_lists_every_source_it_cites():
    sections, listed = fact_sheet()
    assert set(sections) >= set(range(1, 11))
    used = set().union(*(cited(text) for text in sections.values()))
    assert used == listed, f"cited but not listed: {sorted(used - listed)}; listed, never cited: {sorted(listed - used)}"
    assert FACT_SHEET.read_text().count("UNCLASSIFIED // FOR EXERCISE USE ONLY") == 2


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_citation_resolves_to_the_fact_sheet(scenario_id):
    sections, listed = fact_sheet()
    s = load(scenario_id)
    citations = 0
    for source in s.sources:
        assert "facts.md" not in source.replace("ttx-fact-sheet.md", ""), f"a citation outside the repository: {source}"
        for m in CITATION.finditer(source):
            citations += 1
            section, numbers = int(m.group(1)), cited(m.group(2))
            assert section in sections, f"no §{section} in the fact sheet: {source}"
            in_section = cited(sections[section])
            assert numbers <= in_section, f"§{section} does not cite {sorted(numbers - in_section)}: {source}"
    assert citations >= 3, "the scenario names its facts"
