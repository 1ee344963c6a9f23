"""The message catalogues (issue 21): the template holds every message the code and
templates have, every catalogue translates every message with the same placeholders,
the installed package reads them compiled, and the language follows --lang, the
cell's default or the environment."""

from __future__ import annotations

import os
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.test_scenario_commands import TTX
from ttx import i18n

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "ttx" / "locale"
TEMPLATE = {m.id for m in read_po((LOCALE / "ttx.pot").open("rb")) if m.id}
CATALOGUES = {lang: {m.id: m.string for m in read_po((LOCALE / lang / "LC_MESSAGES" / "ttx.po").open("rb")) if m.id}
              for lang in i18n.LANGUAGES if lang != "en"}


def _extracted() -> set[str]:
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
    found: set[str] = set()
    for folder in ("src", "templates"):
        for _, _, message, _, _ in extract_from_dir(str(ROOT / folder), method_map, options_map, keywords=keywords):
            found.update(message if isinstance(message, tuple) else (message,))
    return found


def test_the_template_holds_every_message_of_the_code_and_templates():
    found = _extracted()
    assert found == TEMPLATE, ("re-extract: pybabel extract -F babel.cfg -k N_ --no-location --sort-output "
                               "-o src/ttx/locale/ttx.pot src templates; then pybabel update",
                               sorted(found ^ TEMPLATE))


def _fields(text: str) -> set[str]:
    """The placeholders: {name} (Python's str.format) and %(name)s (Jinja's newstyle gettext)."""
    if "%(" in text:
        return set(re.findall(r"%\((\w+)\)s", text))
    return {name for _, name, spec, conv in string.Formatter().parse(text) if name is not None}


@settings(max_examples=200, deadline=None)
@given(message=st.sampled_from(sorted(TEMPLATE)), lang=st.sampled_from(sorted(CATALOGUES)))
def test_every_catalogue_has_every_message_with_its_placeholders(message, lang):
    translated = CATALOGUES[lang].get(message)
    assert translated, f"{lang}: no translation of {message!r}"
    assert _fields(translated) == _fields(message), (lang, message, translated)
    # The installed package reads it compiled (the build hook made the .mo from this .po).
    assert i18n.translations(lang).gettext(message) == translated, \
        f"{lang}: the compiled catalogue is older than the .po: reinstall (pip install -e .)"


def test_the_language_is_the_option_then_the_cell_s_then_the_environment_s():
    assert i18n.from_environment({"LANG": "ja_JP.UTF-8"}) == "ja"
    assert i18n.from_environment({"LANG": "en_US.UTF-8", "LC_ALL": "ko_KR.UTF-8"}) == "ko"
    assert i18n.from_environment({"LANGUAGE": "ko:en", "LANG": "ja_JP.UTF-8"}) == "ko"
    assert i18n.from_environment({"LANG": "C.UTF-8"}) is None and i18n.from_environment({}) is None
    env = {"LANG": "ko_KR.UTF-8"}
    assert i18n.choose("ja", "en", env) == "ja"
    assert i18n.choose(None, "ja", env) == "ja"
    assert i18n.choose(None, None, env) == "ko"
    assert i18n.choose(None, None, {}) == "en"
    assert i18n.translations("ko-KR").gettext("none") == "없음"


def _ttx(*args: str, lang: str, cwd: Path | None = None):
    import subprocess

    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env["LANG"] = lang
    return subprocess.run([TTX, *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd)


@pytest.mark.parametrize("lang, words", [("ja_JP.UTF-8", "シナリオ1件を検査しました：エラー0件、警告0件"),
                                         ("ko_KR.UTF-8", "시나리오 1개 점검: 오류 0건, 경고 0건"),
                                         ("C.UTF-8", "1 scenario(s) checked: 0 error(s), 0 warning(s)")])
def test_the_cli_speaks_the_environment_s_language_and_leaves_ids_as_written(lang, words):
    result = _ttx("validate", "dprk-missile-warning", lang=lang)
    assert result.returncode == 0, result.stderr
    assert words in result.stdout
    assert "scenarios/dprk-missile-warning.yaml: dprk-missile-warning — 4" in result.stdout  # path and id as written


def test_a_bad_lang_is_refused_in_the_reader_s_language(tmp_path):
    result = _ttx("cell", str(tmp_path / "none.ttx"), "--cell", "JPN", "--lang", "日本語", lang="ja_JP.UTF-8")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "は言語タグではありません" in result.stderr
