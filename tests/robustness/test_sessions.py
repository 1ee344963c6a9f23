"""The session file under stress: an unusable location, a disk that fills, kill -9,
and a truncated or corrupted file.

Design invariants 2 and 3: nothing acknowledged is ever lost; a read-only or
full disk and a damaged session file each get a clear message and a non-zero
exit, never a traceback; a damaged file is reported, never overwritten.
(CI runs as root, so "unwritable" is a path under a regular file, and "full"
is a file-size limit with SIGXFSZ ignored.)
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.robustness.cases import HANG_GUARD_S, hang_guard, make_workspace
from ttx.cli import main
from ttx.engine.errors import SessionFileError
from ttx.engine.session import Session
from ttx.engine.store import read_session
from ttx.scenario.load import check_scenario

TTX = shutil.which("ttx", path=str(Path(sys.executable).parent)) or shutil.which("ttx") or "ttx"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_workspace(tmp_path / "ws")
    monkeypatch.chdir(root)
    return root


def invoke(*args: str):
    with hang_guard():
        result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def ttx(*args: str, cwd: Path, fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=HANG_GUARD_S * 2, preexec_fn=limit if fsize is not None else None,
                          env={**os.environ, "TERM": "dumb"})


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- an unusable session location: refused before anything starts ----------------------------


@pytest.fixture
def blocker(ws: Path) -> Path:
    """A regular file, so any path under it can never be created (even by root)."""
    path = ws / "not-a-folder"
    path.write_text("I am a file\n")
    return path



def test_rehearse_refuses_a_session_under_a_regular_file(ws, blocker):
    target = blocker / "s.ttx"
    result = invoke("rehearse", "demo", "--session", str(target))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert str(target) in result.output and "cannot create the session file" in result.output
    assert blocker.read_text() == "I am a file\n"


def test_rehearse_refuses_when_the_sessions_folder_is_a_file(ws):
    shutil.rmtree(ws / "sessions")
    (ws / "sessions").write_text("")
    result = invoke("rehearse", "demo")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "sessions" in result.output and "cannot create the session file" in result.output


@pytest.mark.parametrize("where", ["--session", "default"])
def test_run_refuses_an_unusable_location_before_the_console_starts(ws, blocker, where):
    if where == "--session":
        args = ["run", "demo", "--session", str(blocker / "live.ttx")]
    else:
        shutil.rmtree(ws / "sessions")
        (ws / "sessions").write_text("")
        args = ["run", "demo"]
    proc = ttx(*args, cwd=ws)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output[-2000:]
    assert "Traceback" not in output
    assert "cannot create the session file" in output
    assert "\x1b[?1049h" not in proc.stdout, "the console started before the session file was known to work"


@pytest.mark.parametrize("command", ["rehearse", "run"])
def test_a_full_disk_refuses_to_start(ws, command):
    proc = ttx(command, "demo", "--session", "sessions/full.ttx", cwd=ws, fsize=1024)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output[-2000:]
    assert "Traceback" not in output
    assert "sessions/full.ttx" in output
    assert "disk is full" in output or "cannot write" in output, output[-2000:]
    assert "\x1b[?1049h" not in proc.stdout


# ---- a disk filling mid-exercise: nothing acknowledged is lost ---------------------------------

FILL = textwrap.dedent("""
    import json, resource, signal, sys
    from pathlib import Path
    from ttx.scenario.load import check_scenario
    from ttx.engine.session import Session

    scenario = check_scenario(Path(sys.argv[1]), None).scenario
    session = Session.create(scenario, Path(sys.argv[2]))
    session.start_move()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = 256 * 1024  # per file: the WAL reaches it long before its checkpoint
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    acked, error, after = [], None, None
    for i in range(10000):
        try:
            event = session.add_note(f"note {i} " + "x" * 1500)
        except Exception as exc:
            error = [type(exc).__name__, str(exc)]
            break
        acked.append([event.seq, event.data["text"][:12]])
    try:  # a smaller act may still fit; if it does not, it fails the same clear way
        after = ["ok", session.add_note("one more").seq]
    except Exception as exc:
        after = [type(exc).__name__, str(exc)]
    print(json.dumps({"acked": acked, "error": error, "after": after}))
""")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    ws = make_workspace(tmp_path_factory.mktemp("fill"))
    path = ws / "sessions" / "filling.ttx"
    proc = subprocess.run([sys.executable, "-c", FILL, str(ws / "scenarios" / "demo.yaml"), str(path)],
                          capture_output=True, text=True, timeout=HANG_GUARD_S * 2)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return path, json.loads(proc.stdout.strip().splitlines()[-1])


def test_disk_filling_mid_exercise_loses_nothing_acknowledged(filled):
    path, out = filled
    assert len(out["acked"]) >= 10, "the limit should leave room for some events first"
    assert out["error"] is not None, "the disk never filled"
    assert out["error"][0] == "SessionFileError", out["error"]  # a domain error, not a crash
    assert out["after"][0] in ("ok", "SessionFileError"), out["after"]

    meta, events = read_session(path)  # every acknowledged event is there, as acknowledged
    stored = {e.seq: e for e in events}
    for seq, text in out["acked"]:
        assert seq in stored and stored[seq].data["text"].startswith(text), seq
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    if out["after"][0] == "ok":
        assert stored[out["after"][1]].data["text"] == "one more"


def test_disk_filling_mid_exercise_says_so_clearly(filled):
    path, out = filled
    message = out["error"][1]
    assert str(path) in message and ("disk is full" in message or "cannot write" in message), message


# ---- kill -9 at any moment -----------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from ttx.scenario.load import check_scenario
    from ttx.engine.session import Session

    scenario = check_scenario(Path(sys.argv[1]), None).scenario
    session = Session.create(scenario, Path(sys.argv[2]))
    session.start_move()
    i = 0
    while True:
        event = session.add_note(f"note {i}")
        print(event.seq, flush=True)  # acknowledged: the commit returned
        i += 1
""")


def test_kill_9_loses_nothing_acknowledged(ws):
    path = ws / "sessions" / "killed.ttx"
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(ws / "scenarios" / "demo.yaml"), str(path)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acked: list[int] = []
    try:
        with hang_guard():
            while len(acked) < 40:
                line = child.stdout.readline()
                if not line:
                    break
                acked.append(int(line))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=HANG_GUARD_S)
    assert len(acked) == 40, child.stderr.read()[-2000:]
    session = Session.open(path)  # resume after the crash
    try:
        seqs = {e.seq for e in session.events}
        assert set(acked) <= seqs
        assert sorted(seqs) == list(range(1, max(seqs) + 1))
        assert session.events[-1].type == "session_opened"
    finally:
        session.close()


# ---- a truncated or corrupted session file: detected, reported, never overwritten -----------------


@pytest.fixture
def good_session(ws: Path) -> Path:
    scenario = check_scenario(ws / "scenarios" / "demo.yaml", ws / "injects").scenario
    path = ws / "sessions" / "good.ttx"
    with Session.create(scenario, path) as session:
        session.start_move()
        session.release("M1-01")
        session.record_decision("M1-01", "USA", "share", "fast")
        for i in range(200):  # several pages of events
            session.add_note(f"observation number {i}: the JPN cell asked for the track again")
        session.end()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def _truncate_half(raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _truncate_header(raw: bytes) -> bytes:
    return raw[:60]


def _zero_header(raw: bytes) -> bytes:
    return bytes(100) + raw[100:]


def _garbage_tail(raw: bytes) -> bytes:
    pages = len(raw) // 4096
    keep = 4096 * max(1, pages - 3)
    return raw[:keep] + bytes((i * 37 + 11) % 256 for i in range(len(raw) - keep))


def _broken_json(raw: bytes) -> bytes:
    return raw.replace(b'"kind":"observation"', b'"kind":"observation\x01', 5)


def _edited_text(raw: bytes) -> bytes:  # same length, still valid JSON: only a checksum can tell
    return raw.replace(b"observation number 17:", b"observation number 71:", 1)


CORRUPTIONS = {
    "truncated-half": _truncate_half,
    "truncated-header": _truncate_header,
    "zeroed-header": _zero_header,
    "garbage-tail": _garbage_tail,
    "broken-json": _broken_json,
    "edited-text": _edited_text,
}


def _corrupt(path: Path, name: str) -> str:
    raw = path.read_bytes()
    bad = CORRUPTIONS[name](raw)
    assert bad != raw
    path.write_bytes(bad)
    return sha(path)


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_corrupted_session_is_detected_and_left_untouched(good_session, name):
    digest = _corrupt(good_session, name)

    log = invoke("log", str(good_session))
    assert log.exit_code == 2, log.output[-2000:]
    assert "Traceback" not in log.output
    assert str(good_session) in log.output

    for readonly in (True, False):  # what `ttx report` and `ttx run --resume` do
        with pytest.raises(SessionFileError) as info:
            Session.open(good_session, readonly=readonly).close()
        assert str(good_session) in str(info.value)

    again = invoke("rehearse", "demo", "--session", str(good_session))  # never overwritten by a new run
    assert again.exit_code == 2 and "already exists" in again.output
    assert sha(good_session) == digest


def test_resume_of_a_corrupted_session_exits_2_without_traceback(good_session, ws):
    digest = _corrupt(good_session, "truncated-half")
    proc = ttx("run", "--resume", str(good_session), cwd=ws)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output[-2000:]
    assert "Traceback" not in output and str(good_session) in output
    assert sha(good_session) == digest


def test_a_full_disk_never_leaves_half_a_scenario_behind_import_msel_force(tmp_path):
    """`ttx import-msel --force` over a scenario writes whole or not at all."""
    work = tmp_path / "ws"
    assert ttx("init", str(work), cwd=tmp_path).returncode == 0
    sheet = work / "big.csv"
    sheet.write_text(ttx("msel", "dprk-missile-warning", cwd=work).stdout, encoding="utf-8")
    precious = work / "scenarios" / "taiwan-evacuation.yaml"
    before = sha(precious)
    done = ttx("import-msel", str(sheet), "--id", "taiwan-evacuation", "--force", cwd=work, fsize=8192)
    assert done.returncode == 1, done.stderr
    assert "cannot write it" in done.stderr and "Traceback" not in done.stderr
    assert sha(precious) == before
    assert not [p for p in precious.parent.iterdir() if p.name.startswith(".")]  # no temporary file left
