"""The participant feedback form (HSEEP): what each player fills in at the
end of the exercise, for the evaluators who write the after-action report.

Built from the scenario alone, so it can be printed before the exercise.
It holds only what players already see: the exercise title, the moves'
titles and the discussion questions put to their cell. Objectives and
expected actions are controller-only in ttx and never appear on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ttx.report.analysis import ReportError
from ttx.scenario.model import Scenario

SCALE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")

# HSEEP's participant assessment of the exercise's design and conduct.
STATEMENTS = (
    "The exercise was well structured and organized.",
    "The scenario was plausible and realistic.",
    "The information my cell received was timely and relevant to its role.",
    "The facilitator and controllers kept the exercise on track.",
    "The briefings, injects and other exercise documents were clear and useful.",
    "The exercise let my cell practise the decisions it would face in a real crisis.",
    "The right people and organizations took part.",
    "The exercise improved my understanding of how the three governments would coordinate.",
    "After this exercise, my organization is better prepared for the situation it depicted.",
)

OPEN_QUESTIONS = (
    ("strengths", "The three most important strengths you saw, in your cell or between the cells:"),
    ("improvements", "The three most important areas for improvement, and what should be done about each:"),
    ("gaps", "Plans, agreements or authorities that were missing, unclear or untested:"),
    ("design", "What would make this exercise better next time?"),
)


@dataclass(frozen=True, slots=True)
class MoveItem:
    id: str
    label: str
    questions: tuple[str, ...]  # the discussion questions put to the form's cell(s)


@dataclass(frozen=True, slots=True)
class FeedbackForm:
    banner: str
    scenario_id: str
    title: str
    cell: str | None                        # a form for one cell, or None for any player
    cells: tuple[tuple[str, str], ...]      # (id, name) of the player cells, to tick
    moves: tuple[MoveItem, ...]
    statements: tuple[str, ...] = STATEMENTS
    scale: tuple[str, ...] = SCALE
    open_questions: tuple[tuple[str, str], ...] = OPEN_QUESTIONS

    @property
    def cell_name(self) -> str:
        return next((name for cid, name in self.cells if cid == self.cell), self.cell or "")


def feedback_form(scenario: Scenario, cell: str | None = None) -> FeedbackForm:
    """The form for `cell` (its own discussion questions), or for any player
    (only the questions every player cell was asked)."""
    players = scenario.player_cells
    if cell is not None and cell not in players:
        raise ReportError(f"{cell} is not a player cell of {scenario.id} (player cells: {', '.join(players)})")
    moves = []
    for move in scenario.moves:
        asked = []
        for q in move.questions:
            to = scenario.question_cells(q)
            if (cell in to) if cell is not None else all(c in to for c in players):
                asked.append(q.text)
        moves.append(MoveItem(move.id, move.label, tuple(asked)))
    return FeedbackForm(
        banner=scenario.classification,
        scenario_id=scenario.id,
        title=scenario.title,
        cell=cell,
        cells=tuple((c.id, c.label) for c in scenario.cells if c.id in players),
        moves=tuple(moves),
    )
