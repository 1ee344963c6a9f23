"""What `ttx serve` prints when something goes wrong: one line per error, never a token.

aiohttp logs a malformed request with its whole traceback and, for an over-long
request line, the line itself (`LineTooLong: ... b'/s/<token>/...'`): a seat's
key on the facilitator's screen, in a terminal recording, in a pasted bug
report. Every record of the server's loggers goes through `OneLine`: the
message and the exception's type and text, on one line, with each seat's token
(whole or in part) and anything after `/s/` replaced by `…`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from typing import Iterable, Iterator

LOGGERS = ("aiohttp", "asyncio", "ttx.serve")
MAX_LINE = 300
_AFTER_SEAT = re.compile(r"/s/[A-Za-z0-9_-]+")
_TOKENISH = re.compile(r"[A-Za-z0-9_-]{8,}")


def scrub(text: str, tokens: Iterable[str]) -> str:
    """`text` with no seat token in it: none whole, no run of 8 or more of its characters."""
    tokens = [t for t in tokens if t]
    text = _AFTER_SEAT.sub("/s/…", text)

    def hide(match: re.Match[str]) -> str:
        run = match.group()
        return "…" if any(run in t or t in run for t in tokens) else run

    return _TOKENISH.sub(hide, text)


class OneLine(logging.Formatter):
    def __init__(self, tokens: Iterable[str]) -> None:
        super().__init__()
        self.tokens = list(tokens)

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:  # its type and text, not a traceback
            exc = record.exc_info[1]
            text = f"{text}: {type(exc).__name__}: {exc}"
        text = scrub(" ".join(text.split()), self.tokens)
        if len(text) > MAX_LINE:
            text = text[: MAX_LINE - 1] + "…"
        return f"ttx serve: {record.levelname.lower()}: {text}"


@contextlib.contextmanager
def scrubbed_logging(tokens: Iterable[str]) -> Iterator[None]:
    """While serving: the server's loggers print through OneLine to stderr, and only there."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine(tokens))
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.handlers[:], logger.propagate, logger.level))
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.INFO if name == "ttx.serve" else logging.WARNING)
    try:
        yield
    finally:
        for logger, handlers, propagate, level in saved:
            logger.handlers[:] = handlers
            logger.propagate = propagate
            logger.setLevel(level)
