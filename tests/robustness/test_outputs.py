"""An `-o` never destroys the exercise record (issue 14, item 2): no command writes over a
session file, its -wal/-shm/-journal or its lock (not even with --force, not through a
link), and an existing file that is not the command's own earlier output is replaced only
with --force."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.robustness.cases import HANG_GUARD_S, make_workspace
from ttx.engine.session import Session
from ttx.scenario.load import check_scenario

TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or "ttx"


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=HANG_GUARD_S,
                          stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path / "ws")
    (root / "sheet.csv").write_text("Time,Subject\n+0:05,Launch detected\n", encoding="utf-8")
    return root


@pytest.fixture
def live(ws: Path):
    """A session mid-exercise, held open by a writer (so its -wal, -shm and -lock exist)."""
    scenario = check_scenario(ws / "scenarios" / "demo.yaml", ws / "injects").scenario
    session = Session.create(scenario, ws / "sessions" / "live.ttx")
    session.start_move()
    for i in range(50):
        session.add_note(f"acknowledged note {i}")
    yield session
    session.close()


# Every command that writes a file it is told to (-o FILE): its arguments before -o.
WRITERS = {
    "report": lambda s: ["report", str(s)],
    "report-md": lambda s: ["report", str(s), "--format", "md"],
    "feedback": lambda s: ["feedback", "demo"],
    "feedback-csv": lambda s: ["feedback", "demo", "--format", "csv"],
    "msel": lambda s: ["msel", "demo"],
    "import-msel": lambda s: ["import-msel", "sheet.csv", "--id", "draft"],
    "graph": lambda s: ["graph", "demo", "--no-coverage"],
    "pack": lambda s: ["pack", "demo", "--doc", "sitman"],
    "import": lambda s: ["import", "sheet.csv", "--id", "draft2"],
    "export": lambda s: ["export", "demo", "--format", "csv"],
}


CASES = ([(writer, "", True) for writer in sorted(WRITERS)]            # every writer, even forced
         + [("report", side, False) for side in ("", "-wal", "-shm", "-lock")]  # every side file
         + [("import-msel", "-wal", True), ("msel", "-lock", True)])


@pytest.mark.parametrize(("writer", "side", "force"), CASES)
def test_no_output_lands_on_a_session_or_its_side_files(ws, live, writer, side, force):
    target = Path(f"{live.path}{side}")
    assert target.exists()
    argv = WRITERS[writer]
    done = ttx(*argv(live.path), "-o", str(target), *(["--force"] if force else []), cwd=ws)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "session" in done.stderr
    # the writer goes on, and every acknowledged event is still there
    live.add_note("after the refused -o")
    reread = Session.open(live.path, readonly=True)
    try:
        assert reread.store.integrity_check() == "ok"
        texts = [e.data.get("text") for e in reread.events]
        assert [f"acknowledged note {i}" for i in range(50)] + ["after the refused -o"] == \
               [t for t in texts if t and ("note" in t or "refused" in t)]
    finally:
        reread.close()


def test_a_link_to_a_session_is_refused(ws, live):
    link = ws / "report.html"
    link.symlink_to(live.path)
    done = ttx("report", str(live.path), "-o", str(link), "--force", cwd=ws)
    assert done.returncode == 2
    assert "is a session file" in done.stderr
    assert link.is_symlink()


def test_a_closed_session_is_refused_too(ws, live):
    live.close()
    copy = ws / "copy.ttx"
    shutil.copy(live.path, copy)
    before = digest(copy)
    done = ttx("report", str(live.path), "-o", str(copy), "--force", cwd=ws)
    assert done.returncode == 2 and "is a session file" in done.stderr
    assert digest(copy) == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_existing_file_is_replaced_only_with_force(ws, live, writer):
    other = ws / "thesis.txt"
    other.write_text("months of work\n")
    argv = WRITERS[writer]
    done = ttx(*argv(live.path), "-o", str(other), cwd=ws)
    assert done.returncode == 2, done.stderr
    assert "--force replaces it" in done.stderr
    assert other.read_text() == "months of work\n"
    forced = ttx(*argv(live.path), "-o", str(other), "--force", cwd=ws)
    assert forced.returncode in (0, 2) and other.read_text() != "months of work\n", forced.stderr


def test_a_previous_report_is_replaced_without_asking(ws, live):
    first = ttx("report", str(live.path), cwd=ws)
    assert first.returncode == 0, first.stderr
    default = live.path.with_name("live-aar.html")
    assert default.is_file()
    again = ttx("report", str(live.path), cwd=ws)
    assert again.returncode == 0, again.stderr
    named = ttx("report", str(live.path), "-o", str(default), cwd=ws)  # the same file, named
    assert named.returncode == 0, named.stderr


def test_a_previous_feedback_form_is_replaced_without_asking(ws):
    assert ttx("feedback", "demo", cwd=ws).returncode == 0
    assert ttx("feedback", "demo", cwd=ws).returncode == 0


def test_msel_writes_a_new_file_and_refuses_to_clobber_one(ws):
    done = ttx("msel", "demo", "-o", "msel.csv", cwd=ws)
    assert done.returncode == 0, done.stderr
    assert (ws / "msel.csv").read_text(encoding="utf-8").startswith("Number,Move,Time")
    assert ttx("msel", "demo", "-o", "msel.csv", cwd=ws).returncode == 2
    assert ttx("msel", "demo", "-o", "msel.csv", "--force", cwd=ws).returncode == 0
