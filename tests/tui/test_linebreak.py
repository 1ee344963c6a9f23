"""Japanese text wraps between characters, with kinsoku; Latin and Korean text at spaces as before."""

from __future__ import annotations

import re

from rich._wrap import divide_line
from rich.text import Text
from textual._wrap import compute_wrap_offsets

import ttx.tui  # noqa: F401  (installs the line breaking)
from ttx.tui.linebreak import CLOSE, OPEN


def _lines(text: str, width: int) -> list[str]:
    return [line.plain for line in Text(text).wrap(_console(), width)]


def _console():
    from rich.console import Console

    return Console(width=200)


def test_a_japanese_paragraph_fills_each_line_instead_of_jumping_whole():
    text = "**07:14 JST。国内レーダー及び日米韓共有航跡に基づく評価：** ミサイルは青森県、岩手県及び北海道南部の上空を通過する経路にある。"
    lines = _lines(text, 30)
    assert lines[0].startswith("**07:14 JST。国内")  # was "**07:14" alone, the rest chopped below
    assert all(Text(line).cell_len <= 30 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines[1:]:
        assert line[0] not in CLOSE, line  # 。、」 never start a line
    for line in lines[:-1]:
        assert line.rstrip()[-1] not in OPEN, line  # 「（ never end one


def test_textual_breaks_japanese_too_and_keeps_brackets_with_their_words():
    text = "日本は「北京の大使館ルート」を通じて抗議した。"
    offsets = compute_wrap_offsets(text, 10, 4)
    pieces = [text[a:b] for a, b in zip([0, *offsets], [*offsets, len(text)])]
    assert all(piece and piece[0] not in CLOSE for piece in pieces)
    assert all(piece[-1] not in OPEN for piece in pieces)
    assert len(pieces) >= 4 and "".join(pieces) == text
    head = "07:14 JST。国内レーダー及び日米韓共有航跡"
    first = compute_wrap_offsets(head, 12, 4)[0]
    assert head[:first] == "07:14 JST。"  # was "07:14 " alone, the rest folded below


def test_latin_and_korean_text_wrap_at_spaces_as_before():
    english = "The trilateral real-time data link, run by INDOPACOM, passes launch point and flight path."
    korean = "미 인도태평양사령부가 운영하는 한미일 실시간 데이터 링크는 발사 지점, 비행 경로를 전달한다."
    for text in (english, korean):
        assert divide_line(text, 24) == _spaces_only(text, 24)


def _spaces_only(text: str, width: int) -> list[int]:
    """Rich's own breaks with its original pattern, \\s*\\S+\\s*."""
    import rich._wrap

    mine = rich._wrap.re_word
    rich._wrap.re_word = re.compile(r"\s*\S+\s*")
    try:
        return divide_line(text, width)
    finally:
        rich._wrap.re_word = mine
