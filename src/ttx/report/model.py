"""The after-action report as plain data: frozen dataclasses the renderers lay out.

`ttx.report.analysis.analyze` builds a `Report`; HTML, Markdown and Word only
lay it out, and `to_json` hands it to other tools. Times are exercise-clock
seconds (`clock` in the session log: it stops while the clock is paused), wall
times are the events' UTC datetimes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Sequence

from ttx.report.talk import LiveMarks, Talk
from ttx.scenario.vocabulary import DETAIL_FIELD_NAMES, PLAN_FIELD_NAMES

if TYPE_CHECKING:  # feedback.py imports this module
    from ttx.report.feedback import FeedbackSummary


class ReportError(Exception):
    """A report that cannot be made (bad cell, bad session); the CLI prints it."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class CellInfo:
    id: str
    name: str
    kind: str
    roles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ObjectiveInfo:
    id: str
    text: str
    capability: str | None


@dataclass(frozen=True, slots=True)
class MoveInfo:
    id: str
    label: str
    situation: str
    situation_time: datetime | None
    planned_minutes: int | None
    start_clock: float | None  # None: the move never started
    end_clock: float | None
    questions: tuple[tuple[str, str], ...]  # (id, text)
    injects: int = 0  # in the scenario
    released: int = 0  # released in the session


@dataclass(frozen=True, slots=True)
class Overview:
    scenario_id: str
    title: str
    summary: str
    background: str
    sources: tuple[str, ...]
    start: datetime | None  # in-world start
    started: datetime | None  # wall time the session started
    ended: datetime | None
    duration: float  # exercise seconds run
    objectives: tuple[ObjectiveInfo, ...]
    capabilities: tuple[str, ...]
    moves: tuple[MoveInfo, ...]
    events: int


@dataclass(frozen=True, slots=True)
class Observation:
    """A controller/evaluator note or a hot-wash item."""

    seq: int
    source: str  # "note" | "hotwash"
    kind: str  # observation | strength | improvement
    text: str
    objective: str | None
    capability: str | None
    rating: str | None
    cell: str | None
    clock: float
    wall: datetime
    # what the hot wash captures beside the objective and capability (vocabulary.DETAIL_FIELDS):
    # the improvement plan's columns and HSEEP's write-up of an area for improvement ("" for notes)
    details: dict[str, str] = field(default_factory=lambda: dict.fromkeys(DETAIL_FIELD_NAMES, ""),
                                    metadata={"flatten": True})

    def __getattr__(self, name: str) -> str:
        # o.corrective_action, o.reference ...: each detail reads as an attribute ("" if not given)
        if name in DETAIL_FIELD_NAMES:
            return self.details.get(name, "")
        raise AttributeError(name)


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    id: str
    text: str
    capability: str | None
    rating: str | None  # P | S | M | U, or None: not rated
    rating_text: str
    strengths: tuple[Observation, ...]
    improvements: tuple[Observation, ...]
    observations: tuple[Observation, ...]  # every note/hot-wash item on this objective


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One inject of the MSEL, as planned and as run."""

    inject: str
    title: str
    move: str
    at: int  # planned minutes after move start
    planned_clock: float | None  # None: its move never started
    actual_clock: float | None  # release; None: never released
    actual_wall: datetime | None
    delay: float | None  # actual - planned, seconds (negative: early)
    status: str  # released | held | skipped | not_triggered | not_released
    history: tuple[str, ...]  # e.g. ("held", "released")
    manual: bool | None
    to: tuple[str, ...]
    releasability: str
    situation_time: datetime | None
    from_: str | None
    channel: str
    body: str
    expected_actions: tuple[str, ...]
    objectives: tuple[str, ...]
    contingency: bool
    conditional: bool
    decision_prompt: str | None
    live: LiveMarks = LiveMarks()  # written in play, a correction, changed or recalled (talk.py)


@dataclass(frozen=True, slots=True)
class Pause:
    clock: float
    wall_start: datetime
    wall_end: datetime | None  # None: never resumed
    seconds: float | None  # wall duration
    real_world: str | None = None  # a real-world stop: its words


@dataclass(frozen=True, slots=True)
class DecisionRow:
    inject: str
    title: str
    move: str
    prompt: str
    cell: str
    option: str | None
    option_text: str | None
    rationale: str
    decided: bool
    released_clock: float | None
    clock: float | None
    wall: datetime | None
    latency: float | None  # seconds from release
    time_limit: float | None  # seconds
    over_limit: bool
    revisions: int  # earlier choices the cell replaced
    shared_with: tuple[str, ...]
    statement: str = ""  # the written statement the decision asked for


@dataclass(frozen=True, slots=True)
class Choice:
    cell: str
    option: str | None  # None: no decision
    option_text: str | None
    latency: float | None
    differs: bool  # chose other than the most common choice


@dataclass(frozen=True, slots=True)
class Divergence:
    inject: str
    title: str
    prompt: str
    choices: tuple[Choice, ...]
    diverged: bool
    distinct: int
    undecided: tuple[str, ...]
    time_to_all: float | None  # seconds from release until the last cell decided
    time_limit: float | None


@dataclass(frozen=True, slots=True)
class Participation:
    cell: str
    name: str
    injects_received: int
    decisions_asked: int
    decisions_taken: int
    median_latency: float | None
    over_limit: int


@dataclass(frozen=True, slots=True)
class PlanRow:
    """One row of the improvement plan: its capability, its area, then the plan's
    fields (vocabulary.PLAN_FIELDS: p.corrective_action, p.due ...)."""

    capability: str
    area: str
    details: dict[str, str] = field(metadata={"flatten": True})
    objective: str | None = None
    source: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        """The row as the plan shows it: capability, area, then each plan field."""
        return (self.capability, self.area, *(self.details.get(n, "") for n in PLAN_FIELD_NAMES))

    def __getattr__(self, name: str) -> str:
        if name in PLAN_FIELD_NAMES:
            return self.details.get(name, "")
        raise AttributeError(name)


@dataclass(frozen=True, slots=True)
class Totals:
    moves: int
    moves_played: int
    injects: int
    injects_released: int
    decisions_asked: int
    decisions_taken: int
    prompts: int  # decision prompts released
    prompts_diverged: int


def totals(overview: Overview, timeline: Sequence[TimelineEntry], decisions: Sequence[DecisionRow],
           divergence: Sequence[Divergence]) -> Totals:
    return Totals(
        moves=len(overview.moves),
        moves_played=sum(1 for m in overview.moves if m.start_clock is not None),
        injects=len(timeline),
        injects_released=sum(1 for t in timeline if t.actual_clock is not None),
        decisions_asked=len(decisions),
        decisions_taken=sum(1 for d in decisions if d.decided),
        prompts=len(divergence),
        prompts_diverged=sum(1 for d in divergence if d.diverged),
    )


@dataclass(frozen=True, slots=True)
class Report:
    classification: str
    marking: str | None  # the cell extract's releasability marking
    cell: str | None  # None: the full report
    overview: Overview
    objectives: tuple[ObjectiveResult, ...]
    timeline: tuple[TimelineEntry, ...]
    pauses: tuple[Pause, ...]
    decisions: tuple[DecisionRow, ...]
    divergence: tuple[Divergence, ...]
    participation: tuple[Participation, ...]
    strengths: tuple[Observation, ...]
    improvements: tuple[Observation, ...]
    observations: tuple[Observation, ...]
    improvement_plan: tuple[PlanRow, ...]
    cells: tuple[CellInfo, ...]
    totals: Totals
    feedback: FeedbackSummary | None = None  # the returned participant feedback forms, if given
    talk: Talk = Talk()  # requests, answers, messages, control's log (talk.py)

    @property
    def banner(self) -> str:
        if self.marking:
            return f"{self.classification} // {self.marking}"
        return self.classification


# ------------------------------------------------------------------------- json


def to_json(report: Report) -> dict[str, Any]:
    """The analysis as JSON-ready data (datetimes as ISO 8601)."""

    def conv(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat().replace("+00:00", "Z")
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            out: dict[str, Any] = {}
            for f in dataclasses.fields(value):
                item = getattr(value, f.name)
                if f.metadata.get("flatten"):  # a finding's details are its own keys
                    out.update(conv(item))
                else:
                    out[f.name.rstrip("_")] = conv(item)
            return out
        if isinstance(value, dict):
            return {k.rstrip("_"): conv(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [conv(v) for v in value]
        return value

    data = conv(report)
    data["banner"] = report.banner
    return data
