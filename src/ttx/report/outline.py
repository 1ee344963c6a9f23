"""The outline of the after-action report and of the feedback form, written once.

Which sections a document has, in what order, their numbers and titles, and
what each holds: every format (report.html.j2, report.md.j2, the DOCX in
ttx.report.word) walks `report_outline(report)` or `FORM_OUTLINE` and only
lays out each section's content its own way, so the formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ttx.i18n import N_
from ttx.report.model import Report


@dataclass(frozen=True, slots=True)
class Section:
    id: str           # the section's name in templates and the HTML's section id
    title: str
    holds: str        # what it holds, for the reader of this file and of the templates
    number: str = ""  # "1", "A" (an appendix), "" (a document's only appendix), "I" (a form's part)
    appendix: bool = False
    new_page: bool = False  # starts a new page (the full report's appendices, in landscape)

    @property
    def heading(self) -> str:
        if self.appendix:
            return f"Appendix {self.number}. {self.title}" if self.number else f"Appendix. {self.title}"
        return f"{self.number}. {self.title}"


@dataclass(frozen=True, slots=True)
class Outline:
    sections: tuple[Section, ...]

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)

    def __contains__(self, section_id: object) -> bool:
        return any(s.id == section_id for s in self.sections)

    def __getitem__(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


# (section, in the full report, in a cell's extract, an appendix, what it holds)
_REPORT = (
    ("overview", "Exercise overview", True, True, False,
     "name, dates, type and organizations; the summary and objectives (full report only), the "
     "background; the moves as planned and run, with the situations and questions of those played"),
    ("capabilities", "Analysis of capabilities", True, False, False,
     "each objective's rating with its strengths, areas for improvement and observations; the "
     "findings tied to no objective"),
    ("timeline", "The exercise as run", True, True, False,
     "the timeline chart; the pauses and each inject's planned and actual release (full report); "
     "the injects the cell received, in full (extract)"),
    ("decisions", "Decisions", True, True, False,
     "each decision asked of a cell: its choice, rationale, latency and time limit"),
    ("divergence", "Where the cells diverged", True, False, False,
     "each decision prompt asked of more than one cell: the choices side by side"),
    ("participation", "Participation", True, True, False,
     "per cell: injects received, decisions asked and taken, median latency, time limits overrun"),
    ("talk", "Requests for information and messages", True, True, False,
     "the cells' requests to control with each answer or refusal and how long it waited, the unanswered "
     "ones; who messaged whom, how fast a product passed on reached each partner; control's log (full "
     "report); a cell's extract: its own requests, answers released to it, its messages"),
    ("feedback", "Participant feedback", True, False, False,
     "the returned feedback forms (ttx report --feedback): ratings counted, answers listed"),
    ("improvement-plan", "Improvement plan", True, False, True,
     "one row per area for improvement: capability, corrective action, element, owner, dates"),
    ("msel", "MSEL as run", True, False, True,
     "every inject as planned and as run, with its expected actions and objectives"),
    ("participants", "Participating cells", True, True, True,
     "every cell with its kind and sub-roles"),
)


def report_outline(report: Report) -> Outline:
    """The sections of `report` (the full report, or a cell's extract), numbered."""
    extract = report.cell is not None
    present = [
        (sid, title, appendix, holds)
        for sid, title, full, in_extract, appendix, holds in _REPORT
        if (in_extract if extract else full) and (sid != "feedback" or report.feedback is not None)
        and (sid != "talk" or bool(report.talk))
    ]
    appendices = sum(1 for _, _, appendix, _ in present if appendix)
    sections, main, letter = [], 0, 0
    for sid, title, appendix, holds in present:
        if appendix:
            number = "ABCDEFGHIJ"[letter] if appendices > 1 else ""
            letter += 1
        else:
            main += 1
            number = str(main)
        sections.append(Section(sid, title, holds, number, appendix, new_page=appendix and not extract))
    return Outline(tuple(sections))


@dataclass(frozen=True, slots=True)
class FormPart:
    id: str
    number: str
    title: str
    holds: str

    @property
    def heading(self) -> str:
        return f"Part {self.number} — {self.title}"


FORM_OUTLINE = (  # titles marked for the catalogues (N_); the form translates them where it shows them
    FormPart("moves", "I", N_("The moves"), "a rating of each move's information and questions, and per move "
             "the questions the cell discussed and its most important issue"),
    FormPart("exercise", "II", N_("The exercise"), "a rating of each statement on the exercise's design and conduct"),
    FormPart("assessment", "III", N_("Your assessment"), "the open questions: strengths, areas for improvement, "
             "gaps, design"),
)
