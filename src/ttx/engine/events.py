"""Session events: the append-only record of everything that happened.

The JSON form of an event is the contract's session log line
(../shared/docs/scenario-format.md, "Session log"): `seq`, `type`, `wall`
(UTC ISO 8601), `clock` (exercise seconds) and the type's own fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

# The contract's types ...
SESSION_STARTED = "session_started"      # scenario, scenario_sha256
MOVE_STARTED = "move_started"            # move
MOVE_ENDED = "move_ended"                # move
INJECT_RELEASED = "inject_released"      # inject, to (cells), manual (bool)
INJECT_SKIPPED = "inject_skipped"        # inject
INJECT_NOT_TRIGGERED = "inject_not_triggered"  # inject
DECISION_RECORDED = "decision_recorded"  # inject, cell, option (or None), rationale
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
HOTWASH_ITEM = "hotwash_item"            # kind (strength|improvement), text, objective, capability,
                                         # corrective_action, capability_element, responsible,
                                         # point_of_contact, start, due
SESSION_OPENED = "session_opened"        # a console (re)opened the session: clock resumes from here
SESSION_CLOSED = "session_closed"        # a console closed it cleanly


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
            "wall": self.wall.isoformat().replace("+00:00", "Z"),
            "clock": round(self.clock, 3),
            **self.data,
        }
