"""A session file's identity: its name, the meta a new one is given (the scenario
it runs, stored whole and hashed), and that scenario read back; `ttx sessions`'
one line about a file."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from ttx.engine.errors import SessionFileError
from ttx.engine.events import wall_text
from ttx.engine.presence import Presence
from ttx.engine.store import Store
from ttx.scenario import times
from ttx.scenario.model import Scenario, scenario_from_text, scenario_text


def session_filename(scenario_id: str, wall: datetime) -> str:
    return f"{scenario_id}-{wall.astimezone(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.ttx"


def free_path(folder: Path, name: str) -> Path:
    """`folder/name`, or `name-2.ttx`, `-3` ... if taken (never overwrite a run)."""
    path = folder / name
    n = 2
    while path.exists():
        path = folder / name.replace(".ttx", f"-{n}.ttx")
        n += 1
    return path


def scenario_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ttx_version() -> str:
    try:
        return metadata.version("ttx")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "unknown"


def new_meta(scenario: Scenario, wall: datetime, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A new session file's meta: the resolved scenario as canonical text and its hash,
    so the session replays (and reports) after the YAML changed."""
    text = scenario_text(scenario)
    return {
        "scenario_id": scenario.id,
        "scenario_text": text,
        "scenario_sha256": scenario_sha256(text),
        "created": wall_text(wall),
        "ttx_version": ttx_version(),
        "kind": "live",
        **(extra or {}),
    }


def stored_scenario(path: Path, meta: dict[str, str]) -> Scenario:
    """The scenario a session file runs, checked against its hash."""
    text = meta.get("scenario_text")
    if text is None:
        raise SessionFileError(f"{path}: the session file holds no scenario")
    if meta.get("scenario_sha256") not in (None, scenario_sha256(text)):
        raise SessionFileError(f"{path}: the stored scenario does not match its sha256: the file is damaged")
    try:
        return scenario_from_text(text)
    except ValueError as exc:
        raise SessionFileError(f"{path}: the stored scenario cannot be read ({exc})") from None


def session_status(path: Path) -> dict[str, Any]:
    """What `ttx sessions` shows of one file (read-only, nothing decoded)."""
    store = Store.open(path, readonly=True)
    try:
        meta = store.meta()
        count, first, ended = store.summary()
    finally:
        store.close()
    if ended:
        status = "ended"
    elif Presence.held_by_someone(path):
        status = "live"
    else:
        status = "stopped (resumable)"
    started = times.timestamp(datetime.fromisoformat(first)) if first else "-"
    return {"scenario": meta.get("scenario_id", "?"), "started": started, "kind": meta.get("kind", "live"),
            "status": status, "events": count}
