"""Parts of the State that are compared as values (replay == live): equal when their
snapshots are."""

from __future__ import annotations

from typing import Any


class BySnapshot:
    def snapshot(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]
