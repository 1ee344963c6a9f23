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

SCENARIO: dict[str, Any] = {
    "ttx": 1,
    "id": "seat-test",
    "title": "Seat Test",
    "summary": "CONTROLLER SUMMARY: the ferry sinks in move 2.",
    "objectives": [{"id": "OBJ-1", "text": "OBJECTIVE TEXT share warning data."}],
    "cells": [
        {"id": "USA", "name": "United States"},
        {"id": "JPN", "name": "Japan"},
        {"id": "KOR", "name": "Republic of Korea"},
        {"id": "WHITE", "name": "Control cell", "kind": "control"},
    ],
    "moves": [
        {
            "id": "M1",
            "title": "Move 1 — Launch",
            "situation": "A launch is detected over the Sea of Japan.",
            "facilitator_notes": ["FACILITATOR-MOVE-NOTE steer history back to the launch"],
            "questions": [
                {"id": "Q1", "text": "What do you tell the public?", "cells": ["JPN", "KOR"]},
                {"id": "Q2", "text": "ALLIED-ONLY QUESTION", "cells": ["USA", "JPN"]},
            ],
            "injects": [
                {
                    "id": "M1-01", "at": 5, "title": "Launch detected", "from": "INDOPACOM J2",
                    "channel": "intel", "body": "Track data for all.",
                    "expected_actions": ["EXPECTED-ACTION JPN issues J-Alert"],
                    "facilitator_notes": ["FACILITATOR-INJECT-NOTE the threshold is national"],
                    "objectives": ["OBJ-1"],
                    "decision": {
                        "prompt": "Share the track now?",
                        "options": [{"id": "share", "text": "Share now"}, {"id": "hold", "text": "Hold"}],
                        "time_limit": 10,
                    },
                },
                {
                    "id": "M1-02", "at": 10, "title": "Allied-only cable", "to": ["USA", "JPN"],
                    "channel": "cable", "body": "SECRET-ALLIED-BODY",
                    "expected_actions": ["EXPECTED-ACTION USA briefs JPN"],
                    "decision": {"prompt": "Tell Seoul?",
                                 "options": [{"id": "yes", "text": "Yes"}, {"id": "no", "text": "No"}]},
                },
                {"id": "M1-03", "at": 15, "title": "Korea-only note", "to": ["KOR"], "body": "KOREA-ONLY-BODY"},
                {"id": "M1-04", "at": 28, "title": "Contingency ferry", "contingency": True,
                 "body": "CONTINGENCY-BODY", "trigger": "TRIGGER-TEXT use if the ferry is forgotten"},
            ],
        },
        {
            "id": "M2", "title": "Move 2 — Evacuation", "situation": "MOVE-2-SITUATION",
            "injects": [{"id": "M2-01", "at": 5, "title": "Ferry request", "to": ["JPN", "KOR"],
                         "body": "FERRY-BODY"}],
        },
    ],
}


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
