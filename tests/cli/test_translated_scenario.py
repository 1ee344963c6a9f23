"""The built-in scenario translated into Japanese and Korean (issue 21): every text
players see is translated and up to date, in each government's own terms, with
ids, markings, the banner and times as written; and the scenario rehearses down
the same branches in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.test_scenario_commands import ttx
from ttx.engine.rehearse import rehearse
from ttx.scenario.script import load_script
from ttx.scenario.load import check_scenario
from ttx.scenario.translation import languages, localized, originals

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = "dprk-missile-warning"


@pytest.fixture(scope="module")
def result():
    return check_scenario(ROOT / "scenarios" / f"{SCENARIO}.yaml", ROOT / "injects")


def test_it_validates_strict_with_every_text_translated_and_current(result):
    assert result.scenario is not None and not result.problems, result.problems
    assert languages(result.scenario) == ("en", "ja", "ko")
    assert result.gaps == [], [str(g.problem) for g in result.gaps]
    run = ttx("validate", "--strict", SCENARIO)
    assert run.returncode == 0 and "0 error(s), 0 warning(s)" in run.stdout, run.stderr


def _texts(scenario, lang):
    return {key: text for key, _, text in originals(localized(scenario, lang))}


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_what_is_never_translated_stays_as_written(result, lang):
    s = result.scenario
    tr = localized(s, lang)
    assert tr.classification == s.classification
    assert [(m.id, m.situation_time, m.planned_minutes) for m in tr.moves] == \
           [(m.id, m.situation_time, m.planned_minutes) for m in s.moves]
    for inj in s.inject_by_id.values():
        other = tr.inject_by_id[inj.id]
        assert (other.at, other.to, other.channel, other.when) == (inj.at, inj.to, inj.channel, inj.when)
        assert tr.releasability(other) == s.releasability(inj)
    english, translated = _texts(s, "en"), _texts(s, lang)
    clock = re.compile(r"\d{2}:\d{2}(?::\d{2})?")
    marking = re.compile(r"REL TO [A-Z, ]+[A-Z]|[A-Z]{3} ONLY")
    for key, text in english.items():
        assert sorted(clock.findall(translated[key])) == sorted(clock.findall(text)), key
        assert marking.findall(translated[key]) == marking.findall(text), key


def test_each_government_s_own_terms():
    ja = (ROOT / "scenarios" / f"{SCENARIO}.ja.yaml").read_text()
    ko = (ROOT / "scenarios" / f"{SCENARIO}.ko.yaml").read_text()
    ja_texts = "\n".join(line for line in ja.splitlines() if not line.lstrip().startswith("#"))
    ko_texts = "\n".join(line for line in ko.splitlines() if not line.lstrip().startswith("#"))
    # Each side's own name for the sea.
    assert "日本海" in ja_texts and not re.search(r"東海(?!岸)", ja_texts)
    assert "동해" in ko_texts and "일본해" not in ko_texts
    # Each government's own names of the commands, and its own order of the three.
    assert "自衛隊統合作戦司令部" in ja_texts and "合同参謀本部" in ja_texts
    assert "합동참모본부" in ko_texts and "자위대 통합작전사령부" in ko_texts
    assert "日米韓" in ja_texts and not re.search("米日韓|韓日米|日韓米|米韓日|韓米日", ja_texts)
    assert "한미일" in ko_texts and not re.search("미일한|일한미|미한일|일미한|한일미", ko_texts)
    # The ROK calls the Yellow Sea the West Sea.
    assert "서해" in ko_texts and "황해" not in ko_texts


@pytest.mark.parametrize("lang", ["ja", "ko"])
def test_it_rehearses_down_the_same_branches_in_every_language(result, lang, tmp_path):
    s = result.scenario
    translated = localized(s, lang)
    scripts = sorted((ROOT / "rehearsals" / SCENARIO).glob("*.yaml"))
    assert len(scripts) >= 2
    for path in scripts:
        runs = []
        for scenario in (s, translated):
            outcome = rehearse(scenario, load_script(path, scenario), sessions_dir=tmp_path)
            assert outcome.ok, outcome.failures
            runs.append((outcome.released, outcome.not_triggered, outcome.branches, outcome.decisions,
                         outcome.open_decisions, outcome.events))
        assert runs[0] == runs[1], path.name
