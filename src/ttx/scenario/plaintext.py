"""Text from scenarios, notes and sheets made safe for where it is shown.

Scenario text, rationales and notes are typed by people and pasted from
elsewhere: they may carry terminal escape sequences (OSC 8 links, CSI colour
and cursor moves, a BEL), other control characters, or bidi overrides that
make text read differently from what it holds. None of that belongs in a
terminal, a document or a spreadsheet, so every layer that shows such text
passes it through here (this module sits in ttx.scenario, which imports no
other part of ttx, so every layer can use it):

- `printable(text)`: the text without escape sequences, control characters
  (tab and newline kept; CR, CR LF and the Unicode line separators become
  newlines) or bidi embeddings, overrides and isolates;
- `one_line(text)`: `printable`, with every run of whitespace (newlines too)
  made one space: for a title, a table cell, a heading;
- `json_controls_escaped(json_text)`: JSON text with those characters written
  as `\\uXXXX` escapes: the same values, nothing a terminal acts on;
- `spreadsheet_cell(text)` / `spreadsheet_value(cell)`: a CSV cell that a
  spreadsheet never runs as a formula, and the text back from one;
- `cells(text)` / `ljust(text, width)`: the width of text in terminal cells (a
  Japanese or Korean character takes two), to line up columns of a table;
- `script_language(text)`: `ja` or `ko` where the script says so, to mark what a
  cell typed with its language.
"""

from __future__ import annotations

import re
import unicodedata

# Escape sequences whole, so no payload is left behind as text: CSI (ESC [ or
# U+009B ... final byte), OSC/DCS/SOS/PM/APC strings up to their terminator
# (BEL or ST: ESC \ or U+009C), and two-character escapes (ESC 7, ESC c ...).
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
# Left over once sequences are gone: C0 but tab and newline, DEL, C1, and the bidi
# embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ANY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


def printable(text: str) -> str:
    """`text` without escape sequences, control characters or bidi overrides; tabs and
    line breaks kept (every line break as a newline)."""
    if not _ANY.search(text):  # the usual case: nothing to do, nothing copied
        return text
    text = _SEQUENCE.sub("", text)
    text = _BREAKS.sub("\n", text)
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """`printable(text)` on one line: every run of whitespace one space, none at the ends."""
    return _SPACE.sub(" ", printable(text)).strip()


# JSON strings may hold these raw (only C0, quote and backslash must be escaped).
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_controls_escaped(json_text: str) -> str:
    """JSON text (as json.dumps writes it, C0 already escaped) with DEL, C1, the line
    separators and the bidi controls escaped too: the same JSON values, safe to print."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


# A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or CR before one) ...
_FORMULA_START = tuple("=+-@\t\r")
# ... unless it is a plain number or a time, which no formula can hide in (+0:05, -2, 1.5).
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|\d+(?::\d\d){1,2})")


def spreadsheet_cell(text: str) -> str:
    """`text` for a CSV cell: printable, and a leading apostrophe (which spreadsheets show
    as text and do not display) before anything a spreadsheet would run as a formula."""
    text = printable(text)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def spreadsheet_value(cell: str) -> str:
    """The text of a cell `spreadsheet_cell` wrote: its apostrophe taken off again."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


def cells(text: str) -> int:
    """How many terminal cells `text` takes: two for a wide character (Japanese, Korean,
    Chinese, full-width forms), none for a combining mark, one for the rest."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def ljust(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal cells (str.ljust counts characters)."""
    return text + " " * max(0, width - cells(text))


_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def script_language(text: str) -> str | None:
    """The language typed text is in, told by its script where that is certain: `ja` for
    kana, `ko` for Hangul; None otherwise (Latin, or Han characters alone, which Chinese,
    Japanese and Korean share)."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    return None
