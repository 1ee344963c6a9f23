"""A small trilateral scenario and session files for the cell-console tests."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from ttx.engine.session import Session
from ttx.scenario.model import Scenario

from tests.support.build import decide, inject, move, objective, question, scenario_data

SCENARIO: dict[str, Any] = scenario_data(
    "seat-test", "Seat Test",
    move("M1",
         inject("M1-01", 5, "Launch detected", from_="INDOPACOM J2", channel="intel", body="Track data for all.",
                expected_actions=["EXPECTED-ACTION JPN issues J-Alert"],
                facilitator_notes=["FACILITATOR-INJECT-NOTE the threshold is national"], objectives=["OBJ-1"],
                decision=decide("Share the track now?", share="Share now", hold="Hold", time_limit=10)),
         inject("M1-02", 10, "Allied-only cable", to=["USA", "JPN"], channel="cable", body="SECRET-ALLIED-BODY",
                expected_actions=["EXPECTED-ACTION USA briefs JPN"], decision=decide("Tell Seoul?", yes="Yes", no="No")),
         inject("M1-03", 15, "Korea-only note", to=["KOR"], body="KOREA-ONLY-BODY"),
         inject("M1-04", 28, "Contingency ferry", contingency=True, body="CONTINGENCY-BODY",
                trigger="TRIGGER-TEXT use if the ferry is forgotten"),
         title="Move 1 — Launch", situation="A launch is detected over the Sea of Japan.",
         facilitator_notes=["FACILITATOR-MOVE-NOTE steer history back to the launch"],
         questions=[question("Q1", "What do you tell the public?", ["JPN", "KOR"]),
                    question("Q2", "ALLIED-ONLY QUESTION", ["USA", "JPN"])]),
    move("M2", inject("M2-01", 5, "Ferry request", to=["JPN", "KOR"], body="FERRY-BODY"),
         title="Move 2 — Evacuation", situation="MOVE-2-SITUATION"),
    summary="CONTROLLER SUMMARY: the ferry sinks in move 2.",
    objectives=[objective("OBJ-1", "OBJECTIVE TEXT share warning data.")],
)


def make_scenario() -> Scenario:
    return Scenario.model_validate(SCENARIO)


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    """A live session file: started, move 1 running, nothing released."""
    path = tmp_path / "seat-test.ttx"
    with Session.create(make_scenario(), path, durable=False) as session:
        session.start_move("M1")
    return path


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# ---- `ttx serve` in a subprocess ----------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(session: Path, *args: str) -> Iterator[tuple[str, dict[str, str], str]]:
    """Yield (base URL, {seat: URL}, printed text) while `ttx serve` runs."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ttx", "serve", str(session), "--port", str(port), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError("ttx serve stopped:\n" + "".join(lines))
            lines.append(line)
            if line.startswith("Ctrl+C"):
                break
        else:
            raise AssertionError("ttx serve printed no URLs:\n" + "".join(lines))
        urls = {m.group(1): m.group(2) for m in re.finditer(r"^  (\S+)\s+(http\S+)$", "".join(lines), re.M)}
        yield f"http://127.0.0.1:{port}", urls, "".join(lines)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()


@pytest.fixture
def serve():
    """`with serve(session, *args) as (base, urls, printed):` runs `ttx serve`."""
    return serving
