"""The engine is domain logic: running it never imports a UI or a renderer (only ttx.tui imports Textual, only ttx.report Jinja2 and python-docx)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_engine_imports_no_textual_jinja2_or_docx(tmp_path):
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from ttx.engine import cellview, clock, events, rehearse, session, state, store  # noqa: F401
        import ttx.commands.engine  # noqa: F401
        from ttx.scenario.model import Scenario
        sc = Scenario.model_validate({{"ttx": 1, "id": "x", "title": "X", "cells": [{{"id": "USA"}}],
                                       "moves": [{{"id": "M1", "injects": [{{"id": "A", "at": 1, "title": "a"}}]}}]}})
        result = rehearse.rehearse(sc, sessions_dir=Path({str(tmp_path)!r}))
        assert result.ok
        bad = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "textual_serve", "jinja2", "docx"))
        print(bad)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
