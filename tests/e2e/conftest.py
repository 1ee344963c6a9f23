"""End-to-end tests: a facilitator's whole day through the real consoles
(the keystrokes are in day.py, imported as tests.e2e.day)."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
