"""The classification banner, top and bottom of every console screen."""

from __future__ import annotations

from textual.widgets import Static

# Marking word -> CSS class (colors in app.tcss follow US marking practice).
_LEVELS = (
    ("TOP SECRET", "-top-secret"),
    ("SECRET", "-secret"),
    ("CONFIDENTIAL", "-confidential"),
    ("CUI", "-cui"),
    ("UNCLASSIFIED", "-unclassified"),
)


def level_class(classification: str) -> str:
    upper = classification.upper()
    if "UNCLASSIFIED" in upper:
        return "-unclassified"
    for word, cls in _LEVELS:
        if word in upper:
            return cls
    return "-unclassified"


class Banner(Static):
    """One line, centred, in the classification's color."""

    DEFAULT_CSS = """
    Banner {
        width: 100%;
        height: 1;
        content-align: center middle;
        text-style: bold;
        background: #007a33;
        color: #ffffff;
    }
    Banner.-cui { background: #502b85; color: #ffffff; }
    Banner.-confidential { background: #0033a0; color: #ffffff; }
    Banner.-secret { background: #c8102e; color: #ffffff; }
    Banner.-top-secret { background: #ff8c00; color: #000000; }
    """

    def __init__(self, classification: str, *, id: str | None = None) -> None:
        super().__init__(classification, id=id, markup=False, classes=level_class(classification))
