"""In-world times near the ends of what a datetime holds (issue 14, item 9): a move's
situation_time near year 9999 plus an inject's offset validated, then `ttx msel`,
`ttx report` and `ttx run --resume` died with an OverflowError. It is refused at its line;
a session that stored such a scenario (written before) gets a clean message."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.cases import CORPUS, HANG_GUARD_S, ended_session, make_workspace
from ttx.scenario.load import check_scenario
from ttx.scenario.model import scenario_text

TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or "ttx"


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S,
                          stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


@pytest.mark.parametrize(("case", "where"), [
    ("time-move-year-9999-plus-offset.yaml", ":20:21: situation_time: year 9999 is out of range"),
    ("time-inject-year-9999.yaml", ":43:25: situation_time: year 9999 is out of range"),
    ("time-start-year-1.yaml", ":4:8: start: year 1 is out of range"),
])
@pytest.mark.parametrize("command", ["validate", "msel"])
def test_an_in_world_time_out_of_range_is_refused_at_its_line(tmp_path, case, where, command):
    root = make_workspace(tmp_path / "ws")
    shutil.copy(CORPUS / "scenarios" / case, root / "scenarios" / "far.yaml")
    done = ttx(command, "scenarios/far.yaml", cwd=root)
    assert done.returncode == 2
    assert f"scenarios/far.yaml{where}" in done.stderr, done.stderr


def test_the_last_year_with_a_week_of_offset_still_works(tmp_path):
    root = make_workspace(tmp_path / "ws")
    text = (CORPUS / "scenarios" / "time-move-year-9999-plus-offset.yaml").read_text()
    (root / "scenarios" / "far.yaml").write_text(text.replace("9999-12-31", "9998-12-31")
                                                 .replace('"+2:00"', '"168:00"'))
    done = ttx("msel", "scenarios/far.yaml", cwd=root)
    assert done.returncode == 0, done.stderr
    assert "9999-01-07 23:00 +0900" in done.stdout


@pytest.mark.parametrize("command", [("report", "-o", "-"), ("run", "--resume"), ("cell", "--cell", "USA")])
def test_a_session_that_stored_such_a_scenario_gets_a_clean_message(tmp_path, command):
    root = make_workspace(tmp_path / "ws")
    path = ended_session(root, "old.ttx", [])
    far = root / "far.yaml"
    far.write_text((CORPUS / "scenarios" / "time-move-year-9999-plus-offset.yaml").read_text()
                   .replace("9999-12-31", "9998-12-31"))
    text = scenario_text(check_scenario(far, None).scenario).replace("9998-12-31", "9999-12-31")
    assert "9999-12-31" in text
    conn = sqlite3.connect(path)
    with conn:  # as an older ttx, which validated it, would have stored it
        conn.execute("UPDATE meta SET value = ? WHERE key = 'scenario_text'", (text,))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'scenario_sha256'",
                     (hashlib.sha256(text.encode()).hexdigest(),))
    conn.close()
    argv = [command[0], str(path), *command[1:]] if command[0] != "run" else [*command, str(path)]
    done = ttx(*argv, cwd=root)
    assert done.returncode == 2, done.stderr
    assert "year 9999 is out of range" in done.stderr
