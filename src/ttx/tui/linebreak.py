"""Line breaks in Japanese (and Chinese) text, in every pane and dialog of the consoles.

Rich and Textual wrap at spaces only. Japanese puts no spaces between words,
so a paragraph was one long "word": it jumped whole to the next line and was
chopped there, leaving a line with only "07:14" on it. Here a kana or kanji
is a unit of its own, as Japanese typesetting breaks lines, with the simple
kinsoku rules: closing brackets, 。、 and small kana never start a line
(they hold on to what precedes them), opening brackets never end one (they
hold on to what follows). Korean puts spaces between words and keeps its
breaks at spaces; Latin text wraps exactly as before.

Both libraries look their word pattern up when they wrap, so replacing it
once (install(), on importing ttx.tui) is enough.
"""

from __future__ import annotations

import re

OPEN = "（「『【〔［｛〈《〘〖｟"
CLOSE = "）」』】〕］｝〉》〙〗｠。、，．・：；？！ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
# Kana, CJK ideographs, CJK symbols and punctuation, full-width forms: broken between.
_IDEO = "\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"

# One unit: an ideograph or a run of other non-space characters, with the brackets and
# punctuation that must stay with it.
UNIT = rf"[{OPEN}]*(?:[{_IDEO}]|[^\s{_IDEO}]+)[{CLOSE}]*"
RICH_WORD = re.compile(rf"\s*{UNIT}\s*")   # rich._wrap.re_word was r"\s*\S+\s*"
TEXTUAL_CHUNK = re.compile(rf"{UNIT}\s*|\s+")  # textual._wrap.re_chunk was r"\S+\s*|\s+"


def install() -> None:
    import rich._wrap
    import textual._wrap

    rich._wrap.re_word = RICH_WORD
    textual._wrap.re_chunk = TEXTUAL_CHUNK
