"""The exercise clock.

Exercise time is a pure function of the clock events and a wall time: it
runs only while the clock runs, scaled by speed. Wall time comes from an
injected `now()`; the engine never reads the wall clock itself except through
the default `utcnow`.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

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
