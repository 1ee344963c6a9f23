"""End-to-end tests: a facilitator's whole day through the real consoles.

Makes `day` (the facilitator's keystrokes) importable: pytest runs in
importlib mode.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
