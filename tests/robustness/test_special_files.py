"""Named pipes, devices, folders and oversized files where ttx expects a file (issue 14,
items 4, 16 and 17): every command answers at once, names what the thing is, reads no
more than its limit plus one byte, and `ttx validate` goes on with the rest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.cases import HANG_GUARD_S, make_workspace
from ttx.engine.session import Session
from ttx.scenario import files
from ttx.scenario.files import FileReadError, read_regular
from ttx.scenario.load import check_scenario

TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or "ttx"


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A hang (a read blocked on a pipe) fails the test: TimeoutExpired."""
    done = subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S,
                          stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


# ---- the reader itself --------------------------------------------------------------------------


def test_reads_at_most_the_limit_plus_one_byte(tmp_path, monkeypatch):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (files.MAX_BYTES * 2))
    read = []
    real = os.read
    monkeypatch.setattr(files.os, "read", lambda fd, n: read.append(n) or real(fd, n))
    with pytest.raises(FileReadError, match=r"file is 21\.0 MB; the limit is 10 MiB"):
        read_regular(big)
    assert sum(read) <= files.MAX_BYTES + 1


def test_a_device_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "z.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileReadError, match="is a device, not a regular file"):
        read_regular(link)


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "x.yaml"
    os.mkfifo(fifo)
    with pytest.raises(FileReadError, match=r"is a named pipe \(FIFO\), not a regular file"):
        read_regular(fifo)  # opening it to read would block until a writer came


# ---- the scenario commands ---------------------------------------------------------------------


def test_a_fifo_in_the_library_does_not_hang_validate(ws):
    os.mkfifo(ws / "injects" / "x.yaml")
    done = ttx("validate", cwd=ws)
    assert done.returncode == 2
    assert "injects/x.yaml:1:1: is a named pipe (FIFO), not a regular file" in done.stderr


@pytest.mark.parametrize("command", [("msel", "demo"), ("list",), ("rehearse", "demo")])
def test_a_fifo_in_the_library_does_not_hang_other_commands(ws, command):
    os.mkfifo(ws / "injects" / "x.yaml")
    ttx(*command, cwd=ws)  # answers (a hang is a TimeoutExpired), without a traceback


def test_a_link_to_dev_zero_in_the_library_is_named_not_read(ws):
    (ws / "injects" / "z.yaml").symlink_to("/dev/zero")
    done = ttx("validate", cwd=ws)
    assert done.returncode == 2
    assert "injects/z.yaml:1:1: is a device, not a regular file" in done.stderr
    assert "MemoryError" not in done.stderr


def test_a_fifo_in_scenarios_does_not_hang_list(ws):
    os.mkfifo(ws / "scenarios" / "pipe.yaml")
    done = ttx("list", cwd=ws)
    assert done.returncode == 0
    assert "pipe" in done.stdout and "INVALID" in done.stdout
    assert "Demo exercise" in done.stdout


def test_a_folder_named_like_a_scenario_is_named_and_validate_goes_on(ws):
    (ws / "scenarios" / "x.yaml").mkdir()
    done = ttx("validate", cwd=ws)
    assert done.returncode == 2
    assert "scenarios/x.yaml:1:1: is a folder, not a regular file" in done.stderr
    assert "ok scenarios/demo.yaml" in done.stdout
    named = ttx("validate", "scenarios/x.yaml", "demo", cwd=ws)
    assert named.returncode == 2
    assert "is a folder" in named.stderr and "ok scenarios/demo.yaml" in named.stdout


def test_validate_goes_on_past_a_reference_that_names_nothing(ws):
    done = ttx("validate", "nosuch.yaml", "demo", cwd=ws)
    assert done.returncode == 2
    assert "nosuch.yaml:1:1: no such scenario file" in done.stderr
    assert "ok scenarios/demo.yaml" in done.stdout


def test_a_fifo_as_a_rehearsal_script_is_named(ws):
    os.mkfifo(ws / "script.yaml")
    done = ttx("rehearse", "demo", "--script", "script.yaml", cwd=ws)
    assert done.returncode == 2
    assert "script.yaml:1:1: rehearsal script: is a named pipe (FIFO), not a regular file" in done.stderr


# ---- sheets: the same size cap as scenarios -----------------------------------------------------


def test_import_msel_refuses_an_oversized_sheet_at_once(ws):
    sheet = ws / "big.csv"
    with sheet.open("w") as fh:
        fh.write("Time,Subject\n")
        row = "+0:05," + "x" * 1000 + "\n"
        fh.write(row * (11 * 1024 * 1024 // len(row) + 1))
    done = ttx("import-msel", str(sheet), "--id", "big", cwd=ws)
    assert done.returncode == 2
    assert "the limit is 10 MiB" in done.stderr
    assert not (ws / "scenarios" / "big.yaml").exists()


def test_import_msel_names_a_fifo_sheet(ws):
    os.mkfifo(ws / "sheet.csv")
    done = ttx("import-msel", "sheet.csv", "--id", "piped", cwd=ws)
    assert done.returncode == 2
    assert "sheet.csv: is a named pipe (FIFO), not a regular file" in done.stderr


# ---- sessions -------------------------------------------------------------------------------------


@pytest.fixture
def session(ws: Path) -> Path:
    scenario = check_scenario(ws / "scenarios" / "demo.yaml", ws / "injects").scenario
    path = ws / "sessions" / "s.ttx"
    Session.create(scenario, path).close()
    return path


def test_report_names_a_fifo_feedback_sheet(ws, session):
    os.mkfifo(ws / "sheet.csv")
    done = ttx("report", str(session), "--feedback", "sheet.csv", "-o", "-", cwd=ws)
    assert done.returncode == 2
    assert "sheet.csv: is a named pipe (FIFO), not a regular file" in done.stderr


@pytest.mark.parametrize("make", ["fifo", "folder"])
@pytest.mark.parametrize("command", [("log",), ("report",), ("cell", "--cell", "USA"), ("evaluate",), ("sessions",)])
def test_a_fifo_or_folder_as_a_session_is_named(ws, make, command):
    target = ws / "sessions" / "odd.ttx"
    os.mkfifo(target) if make == "fifo" else target.mkdir()
    what = "is a named pipe (FIFO)" if make == "fifo" else "is a folder"
    if command == ("sessions",):
        done = ttx("sessions", cwd=ws)
        assert "odd.ttx" in done.stdout and what in done.stdout
        return
    done = ttx(command[0], str(target), *command[1:], cwd=ws)
    assert done.returncode == 2
    assert f"{what}, not a session file" in done.stderr or (make == "folder" and "is a directory" in done.stderr)
    assert "no such session file" not in done.stderr
