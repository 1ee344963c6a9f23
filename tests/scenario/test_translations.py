"""Scenario content in parallel languages (issue 21): translations beside the
original or in a sibling file, each mistake at its file:line:col, a missing
translation falling back to the original and a stale one found by its hash."""

from __future__ import annotations

import textwrap

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.test_scenario_commands import ttx
from tests.scenario.conftest import VALID
from ttx.scenario.load import check_scenario
from ttx.scenario.model import Scenario
from ttx.scenario.translation import localized, originals, source_hash

JA = """\
ttx: 1
lang: ja
scenario: demo
checked: true
title: デモ演習
cells: {JPN: 日本}
moves:
  M1: {title: 発射}
injects:
  M1-01:
    title: 発射を探知
    decision:
      prompt: {text: 直ちに共有するか。, source_hash: "%s"}
      options: {share: 共有する, hold: 保留する}
"""


def _ja(**swap: str) -> str:
    text = JA % source_hash("Share now?")
    for old, new in swap.items():
        text = text.replace(old.replace("_", " "), new)
    return text


def test_a_sibling_file_translates_and_a_cell_reads_its_language(ws):
    ws.scenario(_ja(), "demo.ja.yaml")
    result = ws.check(VALID)
    assert result.scenario is not None and not result.errors, result.problems
    ja = localized(result.scenario, "ja")
    assert ja.title == "デモ演習" and ja.cell_by_id["JPN"].name == "日本"
    inject = ja.inject_by_id["M1-01"]
    assert inject.title == "発射を探知" and inject.decision.prompt == "直ちに共有するか。"
    assert [o.text for o in inject.decision.options] == ["共有する", "保留する"]
    # Ids, the marking, the banner and the timing are never translated.
    assert [o.id for o in inject.decision.options] == ["share", "hold"]
    assert ja.releasability(inject) == result.scenario.releasability(inject) == "REL TO USA, JPN, KOR"
    assert ja.classification == result.scenario.classification
    assert (inject.at, ja.move_by_id["M1"].planned_minutes) == (5, 30)
    # What is not translated falls back to the original.
    assert ja.inject_by_id["M1-02"].title == "Follow-up" and ja.cell_by_id["USA"].name == "United States"
    assert localized(result.scenario, "ko") is result.scenario


def test_a_translation_beside_the_original_reads_the_same(ws):
    inline = textwrap.indent(_ja(), "    ").replace("    ttx: 1\n    lang: ja\n    scenario: demo\n", "")
    result = ws.check(VALID + "translations:\n  ja:\n" + inline)
    assert result.scenario is not None and not result.errors, result.problems
    assert localized(result.scenario, "ja").inject_by_id["M1-01"].title == "発射を探知"


def _errors(ws, sibling: str, scenario: str = VALID) -> list[str]:
    ws.scenario(sibling, "demo.ja.yaml")
    result = ws.check(scenario)
    assert result.scenario is None
    return [str(p) for p in result.errors]


def test_translating_what_does_not_exist_is_an_error_at_its_line(ws):
    bad = (_ja().replace("cells: {JPN: 日本}", "cells: {JPN: 日本, CHN: 中国}")
           .replace("  M1: {title: 発射}", "  M1: {title: 発射, questions: {Q9: 何か}}\n  M7: {title: x}")
           .replace("options: {share: 共有する, hold: 保留する}", "options: {share: 共有する, hodl: 保留する}")
           + "  M1-02:\n    decision: {prompt: 何か}\n  M9-99: {title: x}\n  M1-03: {colour: red}\n")
    assert _errors(ws, bad) == [
        "scenarios/demo.ja.yaml:6:18: the scenario has no cell 'CHN' to translate",
        "scenarios/demo.ja.yaml:8:31: move M1 has no question 'Q9' to translate",
        "scenarios/demo.ja.yaml:9:3: the scenario has no move 'M7' to translate",
        "scenarios/demo.ja.yaml:15:30: the decision on M1-01 has no option 'hodl' to translate (did you mean 'hold'?)",
        "scenarios/demo.ja.yaml:17:5: inject 'M1-02' has no decision to translate",
        "scenarios/demo.ja.yaml:18:3: the scenario has no inject 'M9-99' to translate",
        "scenarios/demo.ja.yaml:19:3: the scenario has no inject 'M1-03' to translate (did you mean 'M1-02'?)",
        "scenarios/demo.ja.yaml:19:11: unknown key 'colour'",
    ]


def test_the_header_of_a_sibling_file_must_agree_with_it(ws):
    wrong = _ja().replace("lang: ja", "lang: ko").replace("scenario: demo", "scenario: other")
    assert _errors(ws, wrong) == [
        "scenarios/demo.ja.yaml:2:7: lang 'ko' disagrees with the file name, which says 'ja'",
        "scenarios/demo.ja.yaml:3:11: this file translates 'other', but the scenario beside it is 'demo'",
    ]
    assert _errors(ws, _ja().replace("ttx: 1\n", "")) == ["scenarios/demo.ja.yaml:1:1: missing required key 'ttx'"]
    twice = VALID + "translations:\n  ja: {title: デモ}\n"
    assert _errors(ws, _ja(), twice) == [
        "scenarios/demo.ja.yaml:1:1: 'ja' is translated twice: here and in scenarios/demo.yaml:42"]
    bad_text = _ja().replace("title: デモ演習", "title: [デモ]").replace('source_hash: "', 'source_hash: "x')
    assert _errors(ws, bad_text) == [
        "scenarios/demo.ja.yaml:5:8: title: must be the translated text, or a mapping with `text:` "
        "(and `source_hash:`, `checked:`)",
        "scenarios/demo.ja.yaml:13:46: source_hash: 'x%s' is not a source_hash: 8 hex digits, as ttx "
        "translate writes them and ttx validate --strict prints them" % source_hash("Share now?"),
    ]


def test_a_language_tag_is_checked_where_it_is_written(ws):
    result = ws.check(VALID + "translations:\n  Japanese: {title: デモ}\n")
    assert [str(p) for p in result.errors] == [
        "scenarios/demo.yaml:42:3: 'Japanese' is not a language tag: write one as BCP 47 does (ja, ko, en-GB)"]


def test_missing_and_stale_translations_are_listed_where_to_fix_them(ws):
    ws.scenario(_ja(), "demo.ja.yaml")
    result = ws.check(VALID.replace("prompt: Share now?", "prompt: Share the track now?"))
    assert result.scenario is not None and not result.errors
    listed = [str(g.problem) for g in result.gaps]
    stale = ("scenarios/demo.ja.yaml:13:46: warning: the 'ja' translation of M1-01 decision prompt is stale: "
             f"the original changed since (source_hash {source_hash('Share now?')}, "
             f"the original's is now {source_hash('Share the track now?')})")
    assert stale in listed
    assert ("scenarios/demo.yaml:39:16: warning: no 'ja' translation of M1-02 title: it shows in the "
            f"original (source_hash: {source_hash('Follow-up')})") in listed
    assert sum(g.stale for g in result.gaps) == 1 and len(listed) == 5  # USA, KOR, M1-02, the cell names
    assert [str(p) for p in result.gap_summary] == [
        "scenarios/demo.ja.yaml:1:1: warning: 'ja' translation: 4 text(s) not translated, 1 stale "
        "(ttx validate --strict lists them)"]
    # Stale or not, the translation still shows: a person decides when it no longer holds.
    assert localized(result.scenario, "ja").inject_by_id["M1-01"].decision.prompt == "直ちに共有するか。"


def test_validate_summarises_gaps_and_strict_lists_each(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "demo.yaml").write_text(VALID)
    (tmp_path / "scenarios" / "demo.ja.yaml").write_text(_ja())
    plain = ttx("validate", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "1 scenario(s) checked" in plain.stdout  # the sibling is part of its scenario, not a scenario
    assert "'ja' translation: 4 text(s) not translated, 0 stale" in plain.stderr
    strict = ttx("validate", "--strict", "scenarios/demo.ja.yaml", cwd=tmp_path)
    assert strict.returncode == 2
    assert strict.stderr.count("warning: no 'ja' translation of") == 4
    assert "no 'ja' translation of cell KOR name" in strict.stderr
    listed = ttx("list", cwd=tmp_path)
    assert listed.returncode == 0 and "demo.ja" not in listed.stdout


def test_translate_writes_a_file_to_fill_in_and_keeps_what_is_translated(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "demo.yaml").write_text(VALID)
    made = ttx("translate", "demo", "--lang", "ko", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    written = (tmp_path / "scenarios" / "demo.ko.yaml").read_text()
    assert "  M1-01:\n    title:\n      # Launch detected\n      text: \"\"\n" in written
    data = yaml.safe_load(written)
    assert data["injects"]["M1-01"]["title"]["source_hash"] == source_hash("Launch detected")
    # Filled in, it loads; rewritten with --force, every translated text and its hash stays.
    filled = written.replace('# Launch detected\n      text: ""', "# Launch detected\n      text: 발사 탐지")
    (tmp_path / "scenarios" / "demo.ko.yaml").write_text(filled)
    assert ttx("translate", "demo", "--lang", "ko", cwd=tmp_path).returncode == 2  # never replaced unasked
    again = ttx("translate", "demo", "--lang", "ko", "--force", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "scenarios" / "demo.ko.yaml").read_text() == filled
    result = check_scenario(tmp_path / "scenarios" / "demo.yaml")
    assert localized(result.scenario, "ko").inject_by_id["M1-01"].title == "발사 탐지"
    bad = ttx("translate", "demo", "--lang", "Korean", cwd=tmp_path)
    assert bad.returncode == 2 and "not a language tag" in bad.stderr and "Traceback" not in bad.stderr


KEYS = [key for key, _, text in originals(Scenario.model_validate(yaml.safe_load(VALID))) if text.strip()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.sets(st.sampled_from(KEYS)))
def test_each_text_shows_translated_exactly_when_it_is_translated(ws, chosen):
    """Whatever subset of texts a translation gives, a cell reads exactly those in its
    language and validate --strict lists exactly the others."""
    tree: dict = {"ttx": 1}
    for key in chosen:
        node = tree
        for part in key[:-1]:
            node = node.setdefault(part, {})
        node[key[-1]] = "訳:" + "/".join(key)
    ws.scenario(yaml.safe_dump(tree, allow_unicode=True), "demo.ja.yaml")
    result = ws.check(VALID)
    assert result.scenario is not None and not result.errors, result.problems
    ja = localized(result.scenario, "ja")
    shown = {key: text for key, _, text in originals(ja)}
    for key, _, original in originals(result.scenario):
        assert shown[key] == ("訳:" + "/".join(key) if key in chosen else original)
    assert len(result.gaps) == len(KEYS) - len(chosen)
