"""Tables line up in terminal cells: a Japanese or Korean character takes two (issue 21)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_scenario_commands import ttx
from tests.scenario.conftest import VALID
from ttx.scenario.plaintext import cells, ljust


def test_cells_count_wide_characters_twice_and_combining_marks_not_at_all():
    assert cells("JPN") == 3 and cells("日本") == 4 and cells("대한민국") == 8
    assert cells("ＡＢ") == 4 and cells("e\u0301") == 1
    assert cells(ljust("日本", 6)) == 6 and ljust("日本", 6) == "日本  "


def test_ttx_list_lines_up_japanese_and_korean_titles(tmp_path: Path):
    (tmp_path / "scenarios").mkdir()
    titles = {"demo": "Demo exercise", "nihon": "弾道ミサイル警報演習", "hanguk": "탄도미사일 경보 연습"}
    for sid, title in titles.items():
        (tmp_path / "scenarios" / f"{sid}.yaml").write_text(
            VALID.replace("id: demo", f"id: {sid}").replace("title: Demo exercise", f"title: {title}"))
    result = ttx("list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.split(" ")[0] in titles]
    assert len(rows) == 3
    # The MOVES column starts at the same terminal cell on every row.
    starts = {cells(row[: row.index(title) + len(title)]) + (len(row[row.index(title) + len(title):])
              - len(row[row.index(title) + len(title):].lstrip())) for row, title in
              ((r, titles[r.split(" ")[0]]) for r in rows)}
    assert len(starts) == 1, result.stdout
