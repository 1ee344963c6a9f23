"""The after-action report as plain data: what happened in a session, measured.

`analyze(scenario, events)` turns a scenario and its session log into a
`Report` of frozen dataclasses. Nothing here knows about HTML, Markdown or
Word; the renderers (`ttx.report.render`, `ttx.report.docx`) only lay this
out, and `to_json()` hands it to other tools.

Times are exercise-clock seconds (`clock` in the session log: it stops while
the clock is paused), wall times are the events' UTC datetimes.

`analyze(..., cell="KOR")` builds the releasable extract for one cell: what
the engine's need-to-know rule (ttx.engine.need_to_know) lets that cell see,
as its console showed it: the injects released to it, its own decisions, and
the decisions the facilitator shared with it; no expected actions, notes,
ratings, hot wash, planned times (players never see the MSEL) or other
cells' unshared choices.
"""

from __future__ import annotations

import dataclasses
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from ttx.engine import events as ev
from ttx.engine.events import Event
from ttx.engine.need_to_know import cell_audience, shared_decisions, visible_injects, visible_questions
from ttx.engine.state import InjectStatus, State, fold
from ttx.scenario.model import Scenario, marking
from ttx.scenario.vocabulary import DETAIL_FIELD_NAMES, NOT_RATED, PLAN_FIELD_NAMES, RATINGS

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


def _totals(overview: "Overview", timeline: Sequence["TimelineEntry"], decisions: Sequence["DecisionRow"],
            divergence: Sequence["Divergence"]) -> Totals:
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

    @property
    def banner(self) -> str:
        if self.marking:
            return f"{self.classification} // {self.marking}"
        return self.classification


# ----------------------------------------------------------------------- analysis


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def analyze(scenario: Scenario, events: Sequence[Event], *, cell: str | None = None) -> Report:
    # An extract is for a player cell: control and observers see the full report.
    if cell is not None and cell not in scenario.player_cells:
        known = ", ".join(scenario.player_cells) or "none"
        raise ReportError(f"no cell {cell!r} in scenario {scenario.id} (player cells: {known})")

    injects = scenario.inject_by_id
    # Statuses, releases, the latest decision of each cell and the notes are
    # the engine's fold: the report shows exactly what the consoles showed.
    # What only the report needs (status history, pauses, revisions) is
    # gathered here in one more pass over the events.
    state = fold(scenario, events)
    last_clock = state.last_clock
    history: dict[Any, list[str]] = defaultdict(list)  # keyed by what the log says
    revisions: dict[tuple[Any, Any], int] = defaultdict(int)
    pauses: list[Pause] = []
    paused_at: Event | None = None
    halt: str | None = None
    release_wall: dict[Any, datetime] = {}
    word = {
        ev.INJECT_RELEASED: "released",
        ev.INJECT_HELD: "held",
        ev.INJECT_SKIPPED: "skipped",
        ev.INJECT_NOT_TRIGGERED: "not_triggered",
    }
    for e in events:
        t = e.type
        if t in word:
            i = e.data.get("inject")
            if t == ev.INJECT_RELEASED:
                release_wall[i] = e.wall
            steps = history[i]
            if not steps or steps[-1] != word[t]:
                steps.append(word[t])
        elif t == ev.DECISION_RECORDED:
            revisions[(e.data.get("inject"), e.data.get("cell"))] += 1
        elif t in (ev.CLOCK_PAUSED, ev.REAL_WORLD_STOP):
            if paused_at is None or t == ev.REAL_WORLD_STOP:
                paused_at = e if paused_at is None else paused_at
                halt = e.data.get("text") if t == ev.REAL_WORLD_STOP else halt
        elif t == ev.CLOCK_RESUMED:
            if paused_at is not None:
                pauses.append(
                    Pause(paused_at.clock, paused_at.wall, e.wall, (e.wall - paused_at.wall).total_seconds(), halt)
                )
                paused_at, halt = None, None
    if paused_at is not None:
        pauses.append(Pause(paused_at.clock, paused_at.wall, None, None, halt))
    started = state.started_wall or (events[0].wall if events else None)
    ended = state.ended_wall or (events[-1].wall if events else None)
    observations = _observations(scenario, state)
    move_start = state.move_started_clock
    move_end = state.move_ended_clock

    # ---- moves
    moves: list[MoveInfo] = []
    ordered = scenario.moves
    for idx, m in enumerate(ordered):
        start = move_start.get(m.id)
        end = move_end.get(m.id)
        if start is not None and end is None:
            later = [move_start[n.id] for n in ordered[idx + 1 :] if n.id in move_start]
            end = min(later) if later else last_clock
        moves.append(
            MoveInfo(
                id=m.id,
                label=m.label,
                situation=m.situation,
                situation_time=m.situation_time,
                planned_minutes=m.planned_minutes,
                start_clock=start,
                end_clock=end,
                questions=tuple(
                    (q.id, q.text)
                    for q in (m.questions if cell is None else
                              visible_questions(scenario, m, cell_audience(scenario, cell)))
                ),
            )
        )

    # ---- timeline (MSEL as run)
    timeline: list[TimelineEntry] = []
    for m in scenario.moves:
        for inj in m.schedule:
            status = _STATUS[state.status[inj.id]]
            rel = status == "released"
            hist = tuple(history.get(inj.id, ()))
            planned = move_start[m.id] + inj.at * 60 if m.id in move_start else None
            actual = state.released_clock.get(inj.id) if rel else None
            to = (state.released_to.get(inj.id) or scenario.recipients(inj)) if rel else scenario.recipients(inj)
            timeline.append(
                TimelineEntry(
                    inject=inj.id,
                    title=inj.title,
                    move=m.id,
                    at=inj.at,
                    planned_clock=planned,
                    actual_clock=actual,
                    actual_wall=release_wall.get(inj.id) if rel else None,
                    delay=(actual - planned) if actual is not None and planned is not None else None,
                    status=status,
                    history=hist,
                    manual=state.released_manual.get(inj.id) if rel else None,
                    to=to,
                    releasability=scenario.releasability(inj, to),
                    situation_time=scenario.situation_time(m, inj),
                    from_=inj.from_,
                    channel=inj.channel,
                    body=inj.body,
                    expected_actions=inj.expected_actions,
                    objectives=inj.objectives,
                    contingency=inj.contingency,
                    conditional=inj.when is not None,
                    decision_prompt=inj.decision.prompt if inj.decision else None,
                )
            )

    planned_n: dict[str, int] = defaultdict(int)
    released_n: dict[str, int] = defaultdict(int)
    for entry in timeline:
        planned_n[entry.move] += 1
        if entry.actual_clock is not None:
            released_n[entry.move] += 1
    moves = [dataclasses.replace(m, injects=planned_n[m.id], released=released_n[m.id]) for m in moves]

    # ---- decisions: every deciding cell of every released decision inject
    decisions: list[DecisionRow] = []
    for entry in timeline:
        inj = injects[entry.inject]
        if inj.decision is None or entry.actual_clock is None:
            continue
        # a cell the inject was not released to was never asked
        deciding = tuple(c for c in scenario.deciding_cells(inj) if c in entry.to)
        # a cell that decided though not listed (should not happen) still shows
        taken = state.decisions.get(inj.id, {})
        extra = [c for c in taken if c not in deciding]
        limit = inj.decision.time_limit * 60 if inj.decision.time_limit is not None else None
        options = {o.id: o.text for o in inj.decision.options}
        for c in (*deciding, *extra):
            last = taken.get(c)
            latency = (last.clock - entry.actual_clock) if last else None
            option = last.option if last else None
            decisions.append(
                DecisionRow(
                    inject=inj.id,
                    title=inj.title,
                    move=entry.move,
                    prompt=inj.decision.prompt,
                    cell=c,
                    option=option,
                    option_text=options.get(option) if option is not None else None,
                    rationale=last.rationale if last else "",
                    decided=last is not None,
                    released_clock=entry.actual_clock,
                    clock=last.clock if last else None,
                    wall=last.wall if last else None,
                    latency=latency,
                    time_limit=limit,
                    over_limit=bool(limit is not None and latency is not None and latency > limit),
                    revisions=max(revisions.get((inj.id, c), 0) - 1, 0),
                    shared_with=tuple(sorted(state.shared_with(inj.id, c))),
                )
            )

    # ---- divergence per decision prompt asked of more than one cell (a
    # prompt put to one cell cannot split the cells)
    divergence: list[Divergence] = []
    rows_by_inject: dict[str, list[DecisionRow]] = defaultdict(list)
    for row in decisions:
        rows_by_inject[row.inject].append(row)
    for inject_id, rows in rows_by_inject.items():
        if len(rows) < 2:
            continue
        chosen = [r.option for r in rows if r.decided]
        counts: dict[Any, int] = defaultdict(int)
        for o in chosen:
            counts[o] += 1
        # the most common choice (ties: the first chosen) is the reference;
        # a cell "chose differently" when it decided something else.
        top = max(counts, key=lambda o: (counts[o], -chosen.index(o))) if counts else None
        distinct = len(counts)
        undecided = tuple(r.cell for r in rows if not r.decided)
        lat = [r.latency for r in rows if r.latency is not None]
        divergence.append(
            Divergence(
                inject=inject_id,
                title=rows[0].title,
                prompt=rows[0].prompt,
                choices=tuple(
                    Choice(r.cell, r.option, r.option_text, r.latency, r.decided and distinct > 1 and r.option != top)
                    for r in rows
                ),
                diverged=distinct > 1,
                distinct=distinct,
                undecided=undecided,
                time_to_all=max(lat) if lat and not undecided else None,
                time_limit=rows[0].time_limit,
            )
        )

    # ---- per-cell participation
    participation: list[Participation] = []
    received: dict[str, int] = defaultdict(int)
    for entry in timeline:
        if entry.actual_clock is not None:
            for c in entry.to:
                received[c] += 1
    for c in scenario.player_cells:
        rows = [r for r in decisions if r.cell == c]
        lat = [r.latency for r in rows if r.latency is not None]
        participation.append(
            Participation(
                cell=c,
                name=scenario.cell_by_id[c].label,
                injects_received=received.get(c, 0),
                decisions_asked=len(rows),
                decisions_taken=sum(1 for r in rows if r.decided),
                median_latency=statistics.median(lat) if lat else None,
                over_limit=sum(1 for r in rows if r.over_limit),
            )
        )

    # ---- objectives, ratings, findings, improvement plan
    objectives = tuple(_objective_results(scenario, observations))
    strengths = tuple(o for o in observations if o.kind == "strength")
    improvements = tuple(o for o in observations if o.kind == "improvement")
    plan = tuple(_plan_row(o) for o in improvements)

    overview = Overview(
        scenario_id=scenario.id,
        title=scenario.title,
        summary=scenario.summary,
        background=scenario.background,
        sources=scenario.sources,
        start=scenario.start,
        started=started,
        ended=ended,
        duration=last_clock,
        objectives=tuple(ObjectiveInfo(o.id, o.text, o.capability) for o in scenario.objectives),
        capabilities=tuple(dict.fromkeys(o.capability for o in scenario.objectives if o.capability)),
        moves=tuple(moves),
        events=len(events),
    )
    cells = tuple(CellInfo(c.id, c.label, c.kind, c.roles) for c in scenario.cells)

    report = Report(
        classification=scenario.classification,
        marking=None,
        cell=None,
        overview=overview,
        objectives=objectives,
        timeline=tuple(timeline),
        pauses=tuple(pauses),
        decisions=tuple(decisions),
        divergence=tuple(divergence),
        participation=tuple(participation),
        strengths=strengths,
        improvements=improvements,
        observations=tuple(observations),
        improvement_plan=plan,
        cells=cells,
        totals=_totals(overview, timeline, decisions, divergence),
    )
    if cell is None:
        return report
    return _extract(scenario, state, report, cell)


_STATUS = {
    InjectStatus.RELEASED: "released",
    InjectStatus.HELD: "held",
    InjectStatus.SKIPPED: "skipped",
    InjectStatus.NOT_TRIGGERED: "not_triggered",
    InjectStatus.DUE: "not_released",  # due, awaiting the facilitator when the log ends
    InjectStatus.PENDING: "not_released",
}


def _observations(scenario: Scenario, state: State) -> list[Observation]:
    """Notes and hot-wash items, in log order, with their capability filled
    from their objective when they name none."""
    out: list[Observation] = []

    def capability(objective: str | None, given: str | None) -> str | None:
        if given:
            return given
        obj = scenario.objective_by_id.get(objective) if objective else None
        return obj.capability if obj else None

    for n in state.notes:
        rating = (_opt(n.rating) or "").upper()
        out.append(
            Observation(
                seq=n.seq, source="note", kind=_opt(n.kind) or "observation", text=_text(n.text),
                objective=_opt(n.objective), capability=capability(_opt(n.objective), None),
                rating=rating if rating in RATINGS else None, cell=_opt(n.cell), clock=n.clock, wall=n.wall,
            )
        )
    for h in state.hotwash:
        out.append(
            Observation(
                seq=h.seq, source="hotwash", kind=_opt(h.kind) or "improvement", text=_text(h.text),
                objective=_opt(h.objective), capability=capability(_opt(h.objective), _opt(h.capability)),
                rating=None, cell=None, clock=h.clock, wall=h.wall,
                details={k: _text(h.fields.get(k)) for k in DETAIL_FIELD_NAMES},
            )
        )
    out.sort(key=lambda o: o.seq)
    return out


def _objective_results(scenario: Scenario, observations: list[Observation]) -> Iterable[ObjectiveResult]:
    by_obj: dict[str, list[Observation]] = defaultdict(list)
    for o in observations:
        if o.objective:
            by_obj[o.objective].append(o)
    for obj in scenario.objectives:
        obs = by_obj.get(obj.id, [])
        # The rating is the latest note on this objective that carries one.
        rating = next((o.rating for o in reversed(obs) if o.rating), None)
        yield ObjectiveResult(
            id=obj.id,
            text=obj.text,
            capability=obj.capability,
            rating=rating,
            rating_text=RATINGS[rating] if rating else NOT_RATED,
            strengths=tuple(o for o in obs if o.kind == "strength"),
            improvements=tuple(o for o in obs if o.kind == "improvement"),
            observations=tuple(obs),
        )


def _plan_row(o: Observation) -> PlanRow:
    # Only the hot wash captures corrective actions, owners and dates; a
    # note's row keeps those columns empty for the after-action conference.
    return PlanRow(capability=o.capability or "", area=o.text,
                   details={k: o.details.get(k, "") for k in PLAN_FIELD_NAMES}, objective=o.objective, source=o.source)


def _extract(scenario: Scenario, state: State, full: Report, cell: str) -> Report:
    """The releasable extract for `cell`: what need-to-know lets it see."""
    who = cell_audience(scenario, cell)
    visible = set(visible_injects(state, who))
    shared = {(r.inject, r.cell) for r in shared_decisions(state, who)}
    timeline = tuple(
        dataclasses.replace(
            t,
            # Planned times, expected actions, objectives and controller flags
            # are MSEL material: players never see them.
            planned_clock=None,
            delay=None,
            expected_actions=(),
            objectives=(),
            contingency=False,
            conditional=False,
            history=("released",),
            manual=None,
            status="released",
            at=0,
        )
        for t in full.timeline
        if t.inject in visible
    )
    # Own decisions, and another cell's decision only where the facilitator
    # explicitly shared it with this cell (decision_shared).
    kept = [r if r.inject in visible else _shared_only(r) for r in full.decisions
            if (r.cell == cell and r.inject in visible) or (r.inject, r.cell) in shared]
    # The marking: the most restrictive honest one. Each piece of the
    # extract may go only to the cells that already hold it, so the whole
    # may go only to the intersection of the pieces' audiences: an inject's
    # recipients; a decision's deciding cell plus the cells it was shared
    # with. The extract's cell holds every piece, so the intersection is
    # never empty. An inject with an explicit `releasability:` string has an
    # audience we cannot read as cells, so the extract then falls back to
    # "<CELL> ONLY", which is always honest for a document sent to that cell.
    audience = set(scenario.player_cells) | {cell}
    explicit = False
    for t in timeline:
        explicit = explicit or bool(scenario.inject_by_id[t.inject].releasability)
        audience &= set(t.to)
    for r in kept:
        if r.decided:
            audience &= {r.cell, *r.shared_with}
    audience.add(cell)
    mark = f"{cell} ONLY" if explicit else marking(audience)
    # Who else a decision was shared with is not this cell's business.
    decisions = tuple(dataclasses.replace(r, shared_with=()) for r in kept)

    participation = tuple(p for p in full.participation if p.cell == cell)
    # Only moves that were played (the situation of a move never started was
    # never briefed), without their inject counts (they would tell how much
    # this cell did NOT receive).
    moves = tuple(
        dataclasses.replace(m, injects=0, released=0) for m in full.overview.moves if m.start_clock is not None
    )
    overview = dataclasses.replace(
        full.overview,
        # The summary is written for controllers (it may give away later
        # moves); the background read-ahead and move situations are briefed
        # to all players.
        summary="",
        sources=(),
        objectives=(),
        capabilities=(),
        moves=moves,
        events=0,
    )
    cells = tuple(c for c in full.cells if c.kind == "player")
    return dataclasses.replace(
        full,
        marking=mark,
        cell=cell,
        overview=overview,
        objectives=(),
        timeline=timeline,
        pauses=(),
        decisions=decisions,
        divergence=(),
        participation=participation,
        strengths=(),
        improvements=(),
        observations=(),
        improvement_plan=(),
        cells=cells,
        totals=_totals(overview, timeline, decisions, ()),
    )


def _shared_only(row: DecisionRow) -> DecisionRow:
    """A decision shared with a cell that never received its inject: who decided what,
    and why (as the cell's console shows it), nothing of the inject or its timing."""
    return dataclasses.replace(row, title="", move="", prompt="", released_clock=None, clock=None, wall=None,
                               latency=None, time_limit=None, over_limit=False, revisions=0)


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
