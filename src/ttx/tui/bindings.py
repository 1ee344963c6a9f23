"""The facilitator console's acts: THE one table.

Each act has an action id (a method `action_<id>` on the app), its key(s), a
short description (footer, command palette), a tooltip (footer hover, help
screen, command palette help) and whether the footer shows it. The footer,
the help screen (F1, ?) and the command palette are all generated from
`ACTS`; nothing else declares a key of the facilitator console.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ttx.i18n import N_, _


@dataclass(frozen=True, slots=True)
class Act:
    id: str                       # action id: the app's `action_<id>`
    keys: tuple[str, ...]         # Textual key names; the first is the one shown
    description: str              # footer and palette label
    tooltip: str                  # help screen, palette help, footer tooltip
    footer: bool = True           # shown in the footer
    group: str = "Injects"        # heading on the help screen
    key_display: str | None = None
    title: str | None = None      # palette and help name, if longer than the footer's

    @property
    def name(self) -> str:
        return self.title or self.description

    @property
    def key_label(self) -> str:
        return self.key_display or " / ".join(_display(k) for k in self.keys)

    def in_language(self) -> "Act":
        """This act in the console's language (its words are messages, marked N_ where
        the table is written; a word no catalogue has stays as written). The keys never change."""
        return replace(self, description=_(self.description), tooltip=_(self.tooltip), group=_(self.group),
                       title=_(self.title) if self.title else None)


_NAMES = {
    "space": "space", "question_mark": "?", "plus": "+", "minus": "-",
    "equals_sign": "=", "less_than_sign": "<", "greater_than_sign": ">",
    "enter": "enter", "escape": "esc", "exclamation_mark": "!",
}


def _display(key: str) -> str:
    if key in _NAMES:
        return _NAMES[key]
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key.replace("ctrl+", "^")


ACTS: tuple[Act, ...] = (
    # Injects
    Act("release_next", ("space",), "Release due",
        "Release the next due inject (the earliest one waiting for you)."),
    # The footer keeps to what a live run needs most, so that it fits 80 columns
    # (an overflowing footer draws cut keys); F1 and the palette have every act.
    Act("release", ("r",), "Release",
        "Release the selected inject now, early if need be. A not-triggered inject asks first.", footer=False),
    Act("hold", ("h",), "Hold",
        "Hold the selected inject: it stays unreleased until you release or skip it.", footer=False),
    Act("skip", ("s",), "Skip",
        "Skip the selected inject: it will not be released (logged).", footer=False),
    Act("contingency", ("c",), "Contingency",
        "Pick a contingency inject of this move and release it.", footer=False),
    # Live control of the MSEL (talk_acts.py): the scenario file is never changed
    Act("write", ("i",), "New inject",
        "Write a new inject in play: recipients, channel, body, optionally a decision; released now "
        "or falling due at a time. The MSEL as run and the report mark it unscripted.",
        footer=False, title="Write a new inject"),
    Act("retime", ("t",), "Retime",
        "Change when the selected pending (or due, or held) inject falls due.", footer=False),
    Act("redirect", ("v",), "Redirect",
        "Send the selected pending (or due, or held) inject to other cells when it is released.", footer=False),
    Act("correct", ("u",), "Correct",
        "Correct the selected released inject: a correction goes at once to its cells, marked as such; "
        "the original is kept.", footer=False),
    Act("recall", ("z",), "Recall",
        "Recall the selected released inject: its cells see it withdrawn; its open decisions are asked no more.",
        footer=False),
    # The room talks back (talk_acts.py)
    Act("requests", ("q",), "Requests",
        "The cells' requests for information, the longest waiting first with its age: answer one (to its "
        "cell, or released to more cells, marked REL TO them) or decline it.",
        footer=False, group="The room talks back", title="Requests for information"),
    Act("traffic", ("g",), "Messages",
        "Every message between cells and every request with its reply, with their markings.",
        footer=False, group="The room talks back", title="Messages and requests"),
    Act("log", ("l",), "Log",
        "Control's running log: who said what in the plenary, beside the notes (never shown to cells).",
        footer=False, group="The room talks back", title="Control's log"),
    # Cells and notes
    Act("decision", ("d",), "Decision",
        "Record a cell's decision on the selected inject: option and rationale.",
        group="Cells and notes"),
    Act("share", ("o",), "Share",
        "Share a cell's decision on the selected inject with the other player cells (their consoles show it).",
        footer=False, group="Cells and notes"),
    Act("note", ("n",), "Note",
        "Add an evaluator note, optionally tied to an objective, a cell and a P/S/M/U rating.",
        group="Cells and notes"),
    # Clock and moves
    Act("pause", ("p",), "Pause",
        "Pause or resume the exercise clock.", group="Clock and moves"),
    Act("faster", ("plus", "equals_sign"), "Faster",
        "Run the exercise clock faster (×0.5 … ×10).", footer=False, group="Clock and moves",
        key_display="+"),
    Act("slower", ("minus",), "Slower",
        "Run the exercise clock slower (×0.5 … ×10).", footer=False, group="Clock and moves"),
    Act("speed", ("x",), "Speed",
        "Choose the exercise clock speed.", footer=False, group="Clock and moves"),
    Act("auto", ("a",), "Auto",
        "Toggle auto mode: due injects release themselves (contingencies never do).",
        footer=False, group="Clock and moves"),
    Act("next_move", ("m",), "Move",
        "Show the next move's situation briefing and discussion questions, then start it.",
        group="Clock and moves", title="Next move"),
    Act("briefing", ("b",), "Briefing",
        "Show the current move's situation briefing and discussion questions again.",
        footer=False, group="Clock and moves"),
    Act("halt", ("exclamation_mark",), "STOP",
        "Halt play at once for a real emergency; every console shows it until p resumes.",
        footer=False, group="Clock and moves", key_display="!", title="Real-world stop"),
    Act("end", ("e",), "End",
        "End the exercise and go to the hot wash.", group="Clock and moves"),
    Act("hotwash", ("w",), "Hot wash",
        "Open the hot wash: strengths, areas for improvement, the after-action report.",
        footer=False, group="Clock and moves"),
    # Console
    Act("help", ("f1", "question_mark"), N_("Help"),
        N_("Show every key and what it does."), group=N_("Console"), key_display="F1 / ?"),
    Act("quit", ("ctrl+q",), "Quit",
        "Close the console. Everything is already saved; `ttx run --resume` continues.",
        footer=False, group="Console"),
)

ACT_BY_ID = {act.id: act for act in ACTS}

# Keys that move around rather than act, the same in every console (the help screen lists them).
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("↑ ↓", N_("Move in a list (the MSEL, the inbox, a dialog's choices) or scroll a pane.")),
    ("PgUp PgDn", N_("A page up or down; Home and End go to the first and the last.")),
    ("tab", N_("The next pane or field (shift+tab: the previous one). Focus is lit.")),
    ("enter", N_("Choose the highlighted item or button.")),
    ("ctrl+s", N_("Save the form in a dialog.")),
    ("esc", N_("Close a dialog without saving.")),
)

# An evaluator's seat: the same console, but evaluators observe and record; they
# never release, decide or run the clock.
EVALUATOR_ACTS: tuple[Act, ...] = tuple(act for act in ACTS if act.id in ("note", "traffic", "log", "briefing", "help")) + (
    Act("quit", ("ctrl+q",), "Quit", "Close this console. Your notes are already saved; the exercise goes on.",
        footer=False, group="Console"),
)


def app_bindings(acts: tuple[Act, ...] = ACTS) -> list:
    """Textual `Binding`s for the app, generated from `acts` (help first: the
    footer shows it leftmost, where it survives a narrow terminal)."""
    from textual.binding import Binding

    ordered = sorted(acts, key=lambda act: act.id != "help")
    return [
        Binding(
            ",".join(act.keys),
            act.id,
            act.description,
            show=act.footer,
            key_display=_display(act.keys[0]),
            tooltip=act.tooltip,
            id=f"ttx.{act.id}",
        )
        for act in ordered
    ]
