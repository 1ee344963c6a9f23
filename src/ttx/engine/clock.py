"""The exercise clock.

Exercise time is a pure function of the clock events and a wall time: it
runs only while the clock runs, scaled by speed. Wall time comes from an
injected `now()`; the engine never reads the wall clock itself except through
the default `utcnow`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable, NamedTuple

Now = Callable[[], datetime]  # returns a timezone-aware UTC datetime

MIN_SPEED = 0.5
MAX_SPEED = 10.0


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class VirtualTime:
    """A settable now() for rehearsals and tests: `vt.now()` returns `vt.wall`."""

    def __init__(self, start: datetime | None = None) -> None:
        self.wall = start or datetime(2000, 1, 1, tzinfo=timezone.utc)
        if self.wall.tzinfo is None:
            raise ValueError("VirtualTime needs a timezone-aware start")

    def now(self) -> datetime:
        return self.wall

    __call__ = now

    def advance(self, seconds: float) -> datetime:
        self.wall = self.wall + timedelta(seconds=seconds)
        return self.wall

    def set(self, wall: datetime) -> datetime:
        if wall > self.wall:
            self.wall = wall
        return self.wall


class DecisionClock(NamedTuple):
    """The one decision clock: how long a decision has been asked, and how long is left."""

    used: float           # exercise seconds since the inject's release (never negative)
    left: float | None    # seconds before its time limit; None without one; negative once over

    @property
    def over(self) -> bool:
        return self.left is not None and self.left < 0


def decision_clock(time_limit: int | None, released: float, clock: float) -> DecisionClock:
    """At exercise second `clock`, a decision asked at `released` with a limit of
    `time_limit` minutes (None: no limit; 0: over as soon as any time passed)."""
    used = max(0.0, clock - released)
    return DecisionClock(used, None if time_limit is None else time_limit * 60.0 - used)
