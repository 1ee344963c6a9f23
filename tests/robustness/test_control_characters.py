"""Escape sequences, control characters and bidi overrides in scenario text and notes never
reach a terminal (`ttx list`, `ttx log`, `ttx report -o -`, error messages), and `ttx msel`'s
CSV never hands a spreadsheet a formula (issue 14, items 10 and 11)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.robustness.cases import DEMO, HANG_GUARD_S, ended_session, make_workspace
from ttx.scenario.load import check_scenario
from ttx.scenario.plaintext import (
    json_controls_escaped,
    one_line,
    printable,
    spreadsheet_cell,
    spreadsheet_value,
)

TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or "ttx"

# What a terminal acts on: ESC, C0 but tab/newline, DEL, C1 (CSI, OSC, ST ...), bidi controls.
DANGEROUS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ATTACKS = [
    "\x1b]8;;javascript:alert(1)\x07click me\x1b]8;;\x07",   # an OSC 8 hyperlink (BEL)
    "\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\",  # the same, ST-terminated
    "\x1b]0;pwned title\x07",                                # set the window title
    "\x1b[2J\x1b[H\x1b[31mred\x1b[0m",                       # clear screen, colour
    "\x9b31m\x9d0;c1 title\x9c",                              # 8-bit CSI and OSC
    "bell\x07 backspace\x08 cr\roverwrite",
    "invoice_\u202etxt.exe",                                  # a right-to-left override
    "\u2066isolated\u2069 \u202aembedded\u202c",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",                          # write the clipboard
    "unterminated \x1b]8;;javascript:alert(1)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_printable_leaves_nothing_a_terminal_acts_on(attack):
    assert not DANGEROUS.search(printable(attack))
    assert not DANGEROUS.search(one_line(attack))


def test_printable_keeps_ordinary_text_as_typed():
    text = "Launch detected [/] [link=x]y[/link] — 北朝鮮 발사 ✓\n\tsecond line"
    assert printable(text) == text
    assert one_line(text) == "Launch detected [/] [link=x]y[/link] — 北朝鮮 발사 ✓ second line"
    assert printable("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
    assert printable("\x1b[31mred\x1b[0m") == "red"  # the sequence goes whole, the text stays


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_printable_is_clean_and_idempotent(text):
    cleaned = printable(text)
    assert not DANGEROUS.search(cleaned)
    assert printable(cleaned) == cleaned
    assert "\n" not in one_line(text)


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_json_escaping_keeps_the_values(text):
    escaped = json_controls_escaped(json.dumps({"t": text}, ensure_ascii=False))
    assert not DANGEROUS.search(escaped)
    assert json.loads(escaped) == {"t": text}


@pytest.mark.parametrize("formula", ["=1+1", "-2+3", "+SUM(A1:A2)", "@SUM(A1)", "=HYPERLINK(\"http://x\")",
                                     "\t=1+1", "=cmd|' /C calc'!A0"])
def test_a_formula_is_neutralised_and_comes_back(formula):
    cell = spreadsheet_cell(formula)
    assert cell.startswith("'")
    assert spreadsheet_value(cell) == printable(formula)


@pytest.mark.parametrize("plain", ["+0:05", "+1:30", "-2", "12", "1.5", "Launch = detected", "O'Brien", ""])
def test_numbers_times_and_text_stay_as_they_are(plain):
    assert spreadsheet_cell(plain) == plain
    assert spreadsheet_value(plain) == plain


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_spreadsheet_round_trip(text):
    assert spreadsheet_value(spreadsheet_cell(text)) == printable(text)


# ---- through the commands -----------------------------------------------------------------------

HOSTILE_TITLE = r"Launch \e]8;;javascript:alert(1)\a detected\e]8;;\a \e[2J\u202Etxt.exe"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path / "ws")
    text = DEMO.replace("title: Demo exercise", f'title: "{HOSTILE_TITLE}"')
    text = text.replace("title: Launch detected", 'title: "=1+1"')
    text = text.replace("title: Follow-up", 'title: "-2+3"\n        body: "@SUM(A1) \\e]0;owned\\a"')
    assert text.count("=1+1") == 1 and text.count("-2+3") == 1
    (root / "scenarios" / "demo.yaml").write_text(text)
    return root


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S,
                          stdin=subprocess.DEVNULL)


def clean(done: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in done.stderr
    for stream in (done.stdout, done.stderr):
        found = DANGEROUS.search(stream)
        assert found is None, f"{found.group()!r} reached the terminal: {stream[max(0, found.start() - 40):][:120]!r}"


def test_list_prints_no_escape_sequence(ws):
    done = ttx("list", cwd=ws)
    assert done.returncode == 0, done.stderr
    clean(done)
    assert "Launch" in done.stdout and "detected" in done.stdout


def test_msel_csv_is_printable_and_runs_no_formula(ws):
    done = ttx("msel", "demo", "--format", "csv", cwd=ws)
    assert done.returncode == 0, done.stderr
    clean(done)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    titles = [row[7] for row in rows[1:]]
    bodies = [row[8] for row in rows[1:]]
    assert "'=1+1" in titles and "'-2+3" in titles
    assert any(b.startswith("'@SUM(A1)") for b in bodies)
    assert [row[2] for row in rows[1:]][:2] == ["+0:05", "+0:20"]  # times stay times
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")) or re.fullmatch(r"[+-][\d:]+", value), value


def test_msel_md_prints_no_escape_sequence(ws):
    done = ttx("msel", "demo", "--format", "md", cwd=ws)
    assert done.returncode == 0, done.stderr
    clean(done)


def test_a_neutralised_sheet_imports_back_as_written(ws):
    sheet = ws / "sheet.csv"
    sheet.write_text(ttx("msel", "demo", cwd=ws).stdout, encoding="utf-8")
    done = ttx("import-msel", str(sheet), "--id", "copy", cwd=ws)
    assert done.returncode in (0, 2), done.stderr  # the draft's TODOs may not validate; it was written
    result = check_scenario(ws / "scenarios" / "copy.yaml", ws / "injects")
    assert result.scenario is not None, result.problems
    titles = [i.title for i in result.scenario.inject_by_id.values()]
    assert "=1+1" in titles and "-2+3" in titles


@pytest.fixture
def noted(ws: Path) -> Path:
    return ended_session(ws, "s.ttx", ATTACKS)


def test_log_prints_no_escape_sequence(noted, ws):
    done = ttx("log", str(noted), cwd=ws)
    assert done.returncode == 0, done.stderr
    clean(done)
    assert "click me" in done.stdout


def test_log_jsonl_escapes_them_and_keeps_the_values(noted, ws):
    done = ttx("log", str(noted), "--jsonl", cwd=ws)
    assert done.returncode == 0, done.stderr
    clean(done)
    texts = [json.loads(line).get("text") for line in done.stdout.splitlines()]
    assert [t for t in texts if t in ATTACKS] == ATTACKS  # the record itself is untouched


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_to_standard_output_prints_no_escape_sequence(noted, ws, fmt):
    done = ttx("report", str(noted), "--format", fmt, "-o", "-", cwd=ws)
    assert done.returncode == 0, done.stderr
    clean(done)


def test_error_messages_print_no_escape_sequence(ws):
    done = ttx("validate", "cases/\x1b]0;owned\x07.yaml", cwd=ws)
    assert done.returncode == 2
    clean(done)
