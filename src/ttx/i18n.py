"""The interface's words in the reader's language.

Messages are gettext's: written in English in the code (wrapped in `_()`),
extracted with Babel into src/ttx/locale/ttx.pot, translated in
src/ttx/locale/<lang>/LC_MESSAGES/ttx.po and compiled to .mo files when the
package is built (hatch_build.py). A message a catalogue lacks shows in
English. Ids, releasability markings, the classification banner and times
are never messages: they are printed as written.

The language: a console's --lang, else its cell's `lang:` in the scenario,
else the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads
them), else English.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path
from typing import Mapping

DOMAIN = "ttx"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "ja", "ko")  # English is the messages as written; the others have a catalogue
LANGUAGE_NAMES = {"en": "English", "ja": "日本語", "ko": "한국어"}

_active: gettext.NullTranslations = gettext.NullTranslations()
_active_lang = "en"


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for (`ja` for LANG=ja_JP.UTF-8), or None for C/POSIX or nothing."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "").split(":")[0].strip()
        if not value:
            continue
        tag = value.split(".")[0].split("@")[0]
        if tag in ("C", "POSIX"):
            return None
        return tag.replace("_", "-").split("-")[0].lower() or None
    return None


def choose(option: str | None = None, cell_default: str | None = None,
           environ: Mapping[str, str] | None = None) -> str:
    """The language of a console or a command: --lang, the cell's default, the environment, English."""
    for lang in (option, cell_default, from_environment(environ)):
        if lang:
            return lang
    return "en"


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang` (its primary subtag: ko for ko-KR); English's is the messages themselves."""
    primary = lang.split("-")[0].lower()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[primary], fallback=True)


def use(lang: str) -> None:
    """Make `lang` the language of every message from now on (one language per process: a console)."""
    global _active, _active_lang
    _active, _active_lang = translations(lang), lang


def active() -> str:
    return _active_lang


def _(message: str) -> str:
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; `_()` translates it where it is shown."""
    return message
