"""What the tests of the room talking back share: a started session, and a refusal
that leaves the session file as it was."""

from __future__ import annotations

import pytest

from ttx.engine.errors import CommandError
from ttx.engine.session import Session


def started(session: Session, vt, *release: str) -> Session:
    session.start_move()
    vt.advance(60)
    for inject in release:
        session.release(inject)
    return session


def views(session: Session):
    return {c: session.cell_view(c) for c in ("USA", "JPN", "KOR")}


def refused(session: Session, call, *words: str) -> str:
    """`call` is refused with a message holding `words`, and nothing is written."""
    before = len(session.events)
    with pytest.raises(CommandError) as info:
        call()
    assert len(session.events) == before
    with Session.open(session.path, readonly=True) as again:
        assert len(again.events) == before
    for word in words:
        assert word in str(info.value), (word, str(info.value))
    return str(info.value)
