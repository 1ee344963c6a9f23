"""The participant feedback form (HSEEP): what each player fills in at the
end of the exercise, for the evaluators who write the after-action report;
and the returned forms, typed into a sheet, summarized for that report.

Built from the scenario alone, so it can be printed before the exercise.
It holds only what players already see: the exercise title, the moves'
titles and the discussion questions put to their cell. Objectives and
expected actions are controller-only in ttx and never appear on it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ttx import i18n
from ttx.engine.need_to_know import cell_audience, room_audience, visible_questions
from ttx.report.model import ReportError
from ttx.scenario.model import Scenario, marking_order
from ttx.scenario.msel import SheetError, sheet_rows
from ttx.i18n import N_
from ttx.scenario.plaintext import spreadsheet_cell
from ttx.scenario.translation import localized
from ttx.scenario.yamlsrc import Problem

# The words are English here, marked for the catalogues (N_); a form in another language holds them translated.
SCALE = (N_("Strongly disagree"), N_("Disagree"), N_("Neutral"), N_("Agree"), N_("Strongly agree"))

# HSEEP's participant assessment of the exercise's design and conduct.
STATEMENTS = (
    N_("The exercise was well structured and organized."),
    N_("The scenario was plausible and realistic."),
    N_("The information my cell received was timely and relevant to its role."),
    N_("The facilitator and controllers kept the exercise on track."),
    N_("The briefings, injects and other exercise documents were clear and useful."),
    N_("The exercise let my cell practise the decisions it would face in a real crisis."),
    N_("The right people and organizations took part."),
    N_("The exercise improved my understanding of how the three governments would coordinate."),
    N_("After this exercise, my organization is better prepared for the situation it depicted."),
)

OPEN_QUESTIONS = (
    ("strengths", N_("The three most important strengths you saw, in your cell or between the cells:")),
    ("improvements", N_("The three most important areas for improvement, and what should be done about each:")),
    ("gaps", N_("Plans, agreements or authorities that were missing, unclear or untested:")),
    ("design", N_("What would make this exercise better next time?")),
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
    lang: str = "en"                        # the language of its words and, where translated, its texts

    @property
    def cell_name(self) -> str:
        return next((name for cid, name in self.cells if cid == self.cell), self.cell or "")


def feedback_form(scenario: Scenario, cell: str | None = None, lang: str | None = None) -> FeedbackForm:
    """The form for `cell` (its own discussion questions), or for any player
    (only the questions every player cell was asked); in `lang` (its words from the
    catalogue, the scenario's texts where the scenario is translated)."""
    scenario = localized(scenario, lang)
    words = i18n.translations(lang or "en").gettext
    players = scenario.player_cells
    if cell is not None and cell not in players:
        raise ReportError(f"{cell} is not a player cell of {scenario.id} (player cells: {', '.join(players)})")
    # need-to-know: the questions that cell's console briefs, or the room's (put to every player)
    who = cell_audience(scenario, cell) if cell is not None else room_audience(scenario)
    moves = [MoveItem(move.id, move.label, tuple(q.text for q in visible_questions(scenario, move, who)))
             for move in scenario.moves]
    return FeedbackForm(
        banner=scenario.classification,
        scenario_id=scenario.id,
        title=scenario.title,
        cell=cell,
        cells=tuple((c.id, c.label) for c in scenario.cells if c.id in players),
        moves=tuple(moves),
        statements=tuple(words(s) for s in STATEMENTS),
        scale=tuple(words(s) for s in SCALE),
        open_questions=tuple((key, words(q)) for key, q in OPEN_QUESTIONS),
        lang=lang or "en",
    )


# ------------------------------------------------------------ returned forms
# Evaluators type the returned forms into a sheet, one row a form; its header
# (`response_header`) names each column by an id before a colon: M1, S1, …


@dataclass(frozen=True, slots=True)
class RatingRow:
    id: str
    label: str
    counts: tuple[int, ...]  # how many forms gave 1, 2, … 5

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        n = self.answered
        return sum(i * c for i, c in enumerate(self.counts, start=1)) / n if n else None


@dataclass(frozen=True, slots=True)
class OpenAnswers:
    key: str
    question: str
    answers: tuple[tuple[str, str], ...]  # (cell or "", text)


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    forms: int
    by_cell: tuple[tuple[str, int], ...]
    moves: tuple[RatingRow, ...]
    statements: tuple[RatingRow, ...]
    answers: tuple[OpenAnswers, ...]
    scale: tuple[str, ...] = SCALE


def response_header(form: FeedbackForm) -> list[str]:
    # "Move M1" can clash with no statement (S1), open question or Cell, whatever a move is called
    return ["Cell", "Organization and role",
            *[f"Move {m.id}: {m.label}" for m in form.moves],
            *[f"S{i}: {s}" for i, s in enumerate(form.statements, start=1)],
            *[f"{key}: {question}" for key, question in form.open_questions]]


def blank_sheet(form: FeedbackForm) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(spreadsheet_cell(h) for h in response_header(form))
    return out.getvalue()


def read_responses(text: str, form: FeedbackForm, *, path: str) -> tuple[FeedbackSummary, list[Problem]]:
    """The returned forms of a sheet (see `response_header`), summarized; its warnings.
    Raises SheetError with path:line:col problems."""
    rows = sheet_rows(text, path)
    header = next(rows, (1, None))[1]
    if not header:
        raise SheetError([Problem(path, 1, 1, "the sheet is empty: its first row names the columns "
                                             "(ttx feedback SCENARIO --format csv writes it)")])
    ids = [h.split(":", 1)[0].strip().lower() for h in header]
    rated = {f"move {m.id.lower()}": m for m in form.moves} | {f"s{i}": s for i, s in enumerate(form.statements, 1)}
    opened = {key: q for key, q in form.open_questions}
    known = {*rated, *opened, "cell", "organization and role"}
    problems = [Problem(path, 1, n + 1, f"column {h!r} is not on the form; ignored", "warning")
                for n, (h, i) in enumerate(zip(header, ids)) if i not in known]
    problems += [Problem(path, 1, n + 1, f"column {h!r} comes twice: which one holds the answers?")
                 for n, (h, i) in enumerate(zip(header, ids)) if i in known and ids.index(i) != n]
    absent = [i for i in known if i not in ids and i != "organization and role"]
    if absent:
        problems.append(Problem(path, 1, 1, f"the form's columns {', '.join(sorted(absent))} are not in the "
                                "sheet: counted as unanswered", "warning"))
    if "cell" not in ids:
        raise SheetError([Problem(path, 1, 1, "no Cell column: the header row must be the one "
                                             "`ttx feedback SCENARIO --format csv` writes")])
    counts = {key: [0] * len(SCALE) for key in rated}
    answers: dict[str, list[tuple[str, str]]] = {key: [] for key in opened}
    cells: dict[str, int] = {}
    players = {cid.lower(): cid for cid, _ in form.cells}
    forms = 0
    for start, row in rows:
        values = {i: v.strip() for i, v in zip(ids, row)}
        if not any(values.values()):
            continue
        forms += 1
        cell = values.get("cell", "")
        if cell and cell.lower() not in players:
            problems.append(Problem(path, start, ids.index("cell") + 1,
                                    f"{cell!r} is not a player cell ({', '.join(players.values())})"))
        cell = players.get(cell.lower(), cell)
        cells[cell or "(no cell)"] = cells.get(cell or "(no cell)", 0) + 1
        for key in rated:
            value = values.get(key, "")
            if not value:
                continue  # not answered
            if value in ("1", "2", "3", "4", "5"):
                counts[key][int(value) - 1] += 1
            else:
                problems.append(Problem(path, start, ids.index(key) + 1,
                                        f"rating {value!r} is not a whole number from 1 to {len(SCALE)}"))
        for key in opened:
            if values.get(key):
                answers[key].append((cell, values[key]))
    if any(p.severity == "error" for p in problems):
        raise SheetError(problems)
    summary = FeedbackSummary(
        forms=forms,
        by_cell=tuple(sorted(cells.items(), key=lambda kv: marking_order(kv[0]))),
        moves=tuple(RatingRow(m.id, m.label, tuple(counts[f"move {m.id.lower()}"])) for m in form.moves),
        statements=tuple(RatingRow(f"S{i}", s, tuple(counts[f"s{i}"])) for i, s in enumerate(form.statements, 1)),
        answers=tuple(OpenAnswers(key, q, tuple(answers[key])) for key, q in form.open_questions),
    )
    return summary, problems
