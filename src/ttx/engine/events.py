"""Session events: the append-only record of everything that happened.

The JSON form of an event is a line of the session log as docs/scenario-format.md
("Session log") defines it: `seq`, `type`, `wall`
(UTC ISO 8601), `clock` (exercise seconds) and the type's own fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

# The contract's types ...
SESSION_STARTED = "session_started"      # scenario, scenario_sha256
MOVE_STARTED = "move_started"            # move
MOVE_ENDED = "move_ended"                # move
INJECT_RELEASED = "inject_released"      # inject, to (cells), manual (bool)
INJECT_SKIPPED = "inject_skipped"        # inject
INJECT_NOT_TRIGGERED = "inject_not_triggered"  # inject
DECISION_RECORDED = "decision_recorded"  # inject, cell, option (or None), rationale; a revision: revises {option, rationale, seq}, after {move_ended, fell_due}
NOTE_ADDED = "note_added"                # text, kind, objective, rating, cell
CLOCK_PAUSED = "clock_paused"
CLOCK_RESUMED = "clock_resumed"
CLOCK_SPEED_SET = "clock_speed_set"      # speed
SESSION_ENDED = "session_ended"
# ... and ours (the contract allows more types and fields).
INJECT_HELD = "inject_held"              # inject
INJECT_DUE = "inject_due"                # inject (manual mode: due, awaiting the facilitator)
AUTO_SET = "auto_set"                    # auto (bool)
DECISION_SHARED = "decision_shared"      # inject, cell, to (cells): facilitator shares a cell's decision
HOTWASH_ITEM = "hotwash_item"            # kind (strength|improvement), text, and each of
                                         # vocabulary.HOTWASH_FIELDS (objective, capability, ...)
HOTWASH_WITHDRAWN = "hotwash_withdrawn"  # item (the seq of a hotwash_item): struck from the hot wash
SESSION_OPENED = "session_opened"        # a console (re)opened the session: clock resumes from here;
                                         # resumed (bool): no console had it open (downtime not counted)
REAL_WORLD_STOP = "real_world_stop"      # text: play halts for a real emergency; the clock stops and
                                         # every console shows the stop until the facilitator resumes
SESSION_CLOSED = "session_closed"        # a console closed it cleanly
# The room talks back (talk.py): requests for information, messages between cells, control's log.
RFI_SENT = "rfi_sent"                    # rfi (its id), cell, text, inject (or null): a cell asks control
RFI_ANSWERED = "rfi_answered"            # rfi, text, to (cells: the asking cell, or more: a release)
RFI_DECLINED = "rfi_declined"            # rfi, text (why, or empty)
MESSAGE_SENT = "message_sent"            # message (its id), from (cell), to (cells), text, inject (or null)
LOG_ENTRY = "log_entry"                  # text, speaker (or null), cell (or null): control's running log
# Live control of the MSEL (live.py): the scenario file is never changed, these are.
INJECT_WRITTEN = "inject_written"        # inject, move, at, title, from, to, channel, body, decision
                                         # (or null), corrects (the corrected inject, or null)
INJECT_RETIMED = "inject_retimed"        # inject, at (minutes after its move's start)
INJECT_REDIRECTED = "inject_redirected"  # inject, to (cells)
INJECT_RECALLED = "inject_recalled"      # inject, text (why, or empty): cells see it withdrawn

@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    type: str
    wall: datetime          # timezone-aware UTC (virtual time in a rehearsal)
    clock: float            # exercise seconds when it happened
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "type": self.type,
            "wall": wall_text(self.wall).replace("+00:00", "Z"),
            "clock": round(self.clock, 3),
            **self.data,
        }

    def jsonl(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))


def wall_text(wall: datetime) -> str:
    """UTC ISO 8601 as stored in the session file (microseconds kept)."""
    if wall.tzinfo is None:
        raise ValueError("event wall times must be timezone-aware")
    if wall.tzinfo is timezone.utc:
        return wall.isoformat()
    return wall.astimezone(timezone.utc).isoformat()
