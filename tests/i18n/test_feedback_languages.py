"""The participant feedback form in the cell's language (issue 21): handed to the Japanese
and Korean cells in their languages — its words from the catalogue, the moves and questions
from the scenario's translation — with ids, the banner and the sheet's column ids as written."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from docx import Document

from tests.cli.test_scenario_commands import TTX

BANNER = "UNCLASSIFIED // FOR EXERCISE USE ONLY"


def _feedback(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, "feedback", "dprk-missile-warning", *args], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_the_japanese_cell_s_form_is_in_japanese(tmp_path):
    done = _feedback(tmp_path, "--cell", "JPN", "--lang", "ja", "-o", "jpn.html")
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "jpn.html").read_text()
    assert '<html lang="ja">' in html
    for words in ("参加者フィードバック用紙", "日本セル（JPN）用", "第I部　各ムーブ", "第1ムーブ：日本上空通過",
                  "最初の10分間、自国政府では誰が何を", "全くそう思わない", "強くそう思う"):
        assert words in html, words
    assert BANNER in html and "Participant feedback form" not in html
    assert "dprk-missile-warning" in html  # the id as written


def test_the_korean_cell_s_form_in_word_and_markdown(tmp_path):
    done = _feedback(tmp_path, "--cell", "KOR", "--lang", "ko", "--format", "docx", "-o", "kor.docx")
    assert done.returncode == 0, done.stderr
    doc = Document(io.BytesIO((tmp_path / "kor.docx").read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    for words in ("참가자 의견서", "대한민국 셀(KOR)용", "제1단계: 일본 상공 통과", "전혀 그렇지 않다"):
        assert words in text, words
    assert doc.sections[0].header.paragraphs[0].text.startswith(BANNER)
    md = _feedback(tmp_path, "--cell", "KOR", "--lang", "ko", "--format", "md", "-o", "-")
    assert md.returncode == 0 and "# 참가자 의견서:" in md.stdout and "| 단계 |" in md.stdout


def test_without_lang_the_form_is_english_and_a_bad_lang_is_refused(tmp_path):
    done = _feedback(tmp_path, "--cell", "JPN", "-o", "-")
    assert done.returncode == 0 and "Participant feedback form" in done.stdout and '<html lang="en">' in done.stdout
    bad = _feedback(tmp_path, "--lang", "Japanese")
    assert bad.returncode == 2 and "not a language tag" in bad.stderr and "Traceback" not in bad.stderr
