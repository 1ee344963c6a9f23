"""A `when:` condition read back from a sheet's Condition column: the one line
`ttx msel` writes (`M2-06 (KOR) chose national or hold`, `(A chose x and not
B chose y)`, msel.condition_text) or YAML flow text (`{decision: M1-01,
chose: [hold]}`)."""

from __future__ import annotations

import re
from typing import Any

import yaml

_TOKEN = re.compile(r"\(|\)|[^\s()]+")


def parse(text: str) -> dict[str, Any] | None:
    """The condition as scenario data, or None when the text is neither form."""
    text = text.strip()
    if text.startswith("{"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            return None
        return data if isinstance(data, dict) else None
    reader = _Reader(_TOKEN.findall(text))
    try:
        cond = reader.condition()
    except (IndexError, ValueError):
        return None
    return cond if reader.i == len(reader.tokens) else None


class _Reader:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.i = tokens, 0

    def peek(self, ahead: int = 0) -> str | None:
        at = self.i + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.tokens[self.i]
        if expected is not None and token != expected:
            raise ValueError(token)
        self.i += 1
        return token

    def condition(self) -> dict[str, Any]:
        if self.peek() == "not":
            self.take()
            return {"not": self.condition()}
        if self.peek() == "(":
            self.take()
            parts, word = [self.condition()], None
            while self.peek() in ("and", "or"):
                word = word or self.peek()
                self.take(word)
                parts.append(self.condition())
            self.take(")")
            return parts[0] if word is None else {"all" if word == "and" else "any": parts}
        leaf: dict[str, Any] = {"decision": self._word()}
        if self.peek() == "(":
            self.take()
            leaf["cell"] = self._word()
            self.take(")")
        self.take("chose")
        chose = [self._word()]
        # `or` then an option, unless what follows is the next condition (`or B chose …`)
        while self.peek() == "or" and self.peek(2) not in ("chose", "(") and self.peek(1) not in ("(", "not"):
            self.take()
            chose.append(self._word())
        leaf["chose"] = chose
        return leaf

    def _word(self) -> str:
        token = self.take()
        if token in ("(", ")"):
            raise ValueError(token)
        return token
