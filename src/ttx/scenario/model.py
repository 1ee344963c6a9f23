"""The scenario format (version 1) as frozen pydantic models.

The contract is docs/scenario-format.md. These models describe a
*resolved* scenario: every `use:` of the inject library has already been
merged by the loader, so an inject here is always complete.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import Annotated, Any, Iterable, Iterator, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from ttx.scenario import times
from ttx.scenario.translation import Lang, Translation
from ttx.scenario.vocabulary import CELL_ID_PATTERN, ID_PATTERN, SCENARIO_ID_PATTERN, CellKind, Channel, Response

DEFAULT_CLASSIFICATION = "UNCLASSIFIED // FOR EXERCISE USE ONLY"
FORMAT_VERSION = 1

def parse_minutes(value: Any) -> Any:
    """Durations are minutes: an integer, or "H:MM" (YAML 1.1 already turns
    an unquoted 1:30 into the integer 90, so both spellings agree)."""
    if isinstance(value, str):
        minutes = times.parse_minutes(value)
        if minutes is None:
            raise ValueError(f'"{value}" is not a duration: {times.DURATION_HINT}')
        return minutes
    return value  # a number, or something pydantic rejects with its own message


def parse_offset(value: Any) -> Any:
    """An inject's situation_time: "+H:MM" offset from its move, minutes, or a datetime."""
    if isinstance(value, (datetime, bool)):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return parse_minutes(value)
    return value


# In-world times get offsets of up to MAX_MINUTES added and are shown in other time zones:
# a year at the ends of what Python's datetime holds would overflow there, far from its line.
FIRST_YEAR, LAST_YEAR = 2, 9998


def _in_world(value: Any) -> Any:
    if isinstance(value, datetime) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"year {value.year} is out of range: in-world times run from year {FIRST_YEAR} "
                         f"to {LAST_YEAR} (ttx adds offsets of up to a week to them)")
    return value


InWorldTime = Annotated[datetime, AfterValidator(_in_world)]
Minutes = Annotated[int, BeforeValidator(parse_minutes, json_schema_input_type=int | str), Field(ge=0, le=times.MAX_MINUTES, strict=True)]
Id = Annotated[str, Field(strict=True), StringConstraints(min_length=1, pattern=ID_PATTERN)]
ScenarioId = Annotated[str, Field(strict=True), StringConstraints(pattern=SCENARIO_ID_PATTERN)]
CellId = Annotated[str, Field(strict=True), StringConstraints(pattern=CELL_ID_PATTERN)]
Text = Annotated[str, Field(strict=True)]


def _one_or_many(value: Any) -> Any:
    """A single id is accepted where a list of ids is expected (`to: JPN`)."""
    return [value] if isinstance(value, str) else value


IdList = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many, json_schema_input_type=list[str] | str)]
CellList = Annotated[tuple[CellId, ...], BeforeValidator(_one_or_many, json_schema_input_type=list[str] | str)]

class Model(BaseModel):
    # Attribute docstrings become descriptions in the JSON Schema: editors show them on hover.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, use_attribute_docstrings=True)


class CapabilityTarget(Model):
    """What performing the objective means, measurably (HSEEP's capability target)."""

    text: Text
    critical_tasks: tuple[Text, ...] = ()
    """The tasks an evaluator watches for to rate the target (the EEG's critical tasks)."""


class Objective(Model):
    id: Id
    text: Text
    capability: Text | None = None
    capability_targets: tuple[CapabilityTarget, ...] = ()
    """Optional (HSEEP Exercise Evaluation Guide): the targets this objective is rated against,
    each with its critical tasks; the controller/evaluator handbook prints them as the EEG."""

    def critical_tasks(self) -> list[tuple[str, str]]:
        """(number, task) of every critical task, numbered as an EEG numbers them: 1.1, 1.2, 2.1 …"""
        return [(f"{t}.{k}", task) for t, target in enumerate(self.capability_targets, 1)
                for k, task in enumerate(target.critical_tasks, 1)]


class ExerciseInfo(Model):
    """What the exercise documents say about the event itself (Situation Manual, Exercise Plan)."""

    purpose: Text = ""
    """Markdown: why the exercise is held; the Situation Manual opens with it."""
    scope: Text = ""
    """Markdown: kind of exercise, who takes part, how long, what is in and out of play."""
    sponsor: Text | None = None
    date: Text | None = None
    """The day (or days) of the event, as it should be printed."""
    venue: Text | None = None
    points_of_contact: tuple[Text, ...] = ()
    """Who to call: "Exercise director: …, phone, email"."""
    logistics: Text = ""
    """Markdown: arrival, badges, rooms, connectivity, anything players need before the day."""
    rules: tuple[Text, ...] = ()
    """Rules of play beyond the standard ones the Exercise Plan always prints."""


class Cell(Model):
    id: CellId
    name: Text | None = None
    kind: CellKind = "player"
    """player (a national team), control (White cell) or observer."""
    roles: tuple[Text, ...] = ()
    lang: Lang | None = None
    """The language this cell's console opens in (ja, ko …) unless --lang or the environment says
    otherwise; the scenario's texts show in it where the scenario has a translation."""

    @property
    def label(self) -> str:
        return self.name or self.id


class Question(Model):
    id: Id
    text: Text
    cells: CellList | None = None  # None: all player cells


class Option(Model):
    id: Id
    text: Text


class Decision(Model):
    prompt: Text
    cells: CellList | None = None  # None: the inject's recipients
    """Cells that must decide; default: the inject's recipients."""
    options: tuple[Option, ...] = ()
    time_limit: Minutes | None = None
    """Minutes the cells have; the facilitator is warned when it is exceeded."""
    discussion_only: bool = False
    """Taken for the discussion it provokes: no later inject depends on it (ttx validate warns
    about a decision that is neither tested by a `when` nor marked discussion-only)."""
    response: Response | None = None
    """What the cells answer with: `option` (one of the options), `text` (a written statement
    instead, e.g. a press line or a demarche) or `both`. Default: an option when there are options."""
    statement: Text | None = None
    """What the written statement is called on the cells' form (default: Statement)."""

    @model_validator(mode="after")
    def _response_fits_options(self) -> Decision:
        if self.response == "text" and self.options:
            raise ValueError("response: text asks for a written statement instead of an option: "
                             "remove the options, or write response: both")
        if self.response in ("option", "both") and not self.options:
            raise ValueError(f"response: {self.response} needs options to choose from")
        if self.statement is not None and not self.asks_statement:
            raise ValueError("statement: names the written statement of response: text or both")
        return self

    @property
    def asks_statement(self) -> bool:
        """The cells write a statement (kept with the decision)."""
        return self.response in ("text", "both")

    @property
    def statement_label(self) -> str:
        return self.statement or "Statement"


# Conditions: a leaf, or all/any/not of conditions.
class Leaf(Model):
    decision: Id
    cell: CellId | None = None
    chose: IdList


class All(Model):
    all: tuple[Condition, ...] = Field(min_length=1)


class Any_(Model):
    any: tuple[Condition, ...] = Field(min_length=1)


class Not(Model):
    not_: Condition = Field(alias="not")


def _condition_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
    elif isinstance(value, BaseModel):
        return {All: "all", Any_: "any", Not: "not"}.get(type(value), "leaf")
    return "leaf"


Condition = Annotated[
    Union[
        Annotated[Leaf, Tag("leaf")],
        Annotated[All, Tag("all")],
        Annotated[Any_, Tag("any")],
        Annotated[Not, Tag("not")],
    ],
    Discriminator(_condition_kind),
]
All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


def condition_leaves(cond: Condition) -> Iterator[Leaf]:
    if isinstance(cond, Leaf):
        yield cond
    elif isinstance(cond, All):
        for c in cond.all:
            yield from condition_leaves(c)
    elif isinstance(cond, Any_):
        for c in cond.any:
            yield from condition_leaves(c)
    elif isinstance(cond, Not):
        yield from condition_leaves(cond.not_)


class Inject(Model):
    id: Id
    at: Minutes
    """Real exercise minutes after the move starts: 90 or "1:30"."""
    situation_time: Annotated[datetime | Minutes, BeforeValidator(parse_offset, json_schema_input_type=str | int),
                              AfterValidator(_in_world)] | None = None
    """In-world time: "+H:MM" after the move's situation_time, or a datetime."""
    title: Text
    from_: Text | None = Field(default=None, alias="from")
    to: CellList | None = None  # None: all player cells
    """Recipient cells; omitted: all player cells. Sets the REL TO marking."""
    channel: Channel = "other"
    body: Text = ""
    expected_actions: tuple[Text, ...] = ()
    """What controllers hope to see; never shown to players."""
    objectives: IdList = ()
    decision: Decision | None = None
    when: Condition | None = None
    """Release only if this condition on earlier decisions holds when the inject falls due."""
    contingency: bool = False
    """Held in reserve: never released automatically, only by the facilitator."""
    releasability: Text | None = None
    """Overrides the marking derived from `to` (e.g. "REL TO USA, JPN")."""
    trigger: Text | None = None
    """Controller only: when the facilitator should release this inject (for a contingency)."""
    facilitator_notes: tuple[Text, ...] = ()
    """Controller only: how to handle a predictable turn of the discussion; never shown to players."""


# Every field a library inject or a `use:` override may carry. The loader
# merges them and validates the result as an Inject.
INJECT_FIELDS = frozenset(
    (f.alias or name) for name, f in Inject.model_fields.items()
)


class Move(Model):
    id: Id
    title: Text | None = None
    situation_time: InWorldTime | None = None
    planned_minutes: Minutes | None = None
    """Real minutes planned for this move."""
    situation: Text = ""
    questions: tuple[Question, ...] = ()
    injects: tuple[Inject, ...] = ()
    facilitator_notes: tuple[Text, ...] = ()
    """Controller only: notes for running this move; never shown to players."""

    @property
    def label(self) -> str:
        return self.title or self.id

    @cached_property
    def schedule(self) -> tuple[Inject, ...]:
        """The injects in the order they fall due: by `at`, file order on ties (the MSEL's order)."""
        return tuple(sorted(self.injects, key=lambda i: i.at))

    @property
    def run_minutes(self) -> int:
        """How long the move runs when nobody intervenes: the later of its
        planned length and its last scheduled inject."""
        last = max((i.at for i in self.injects), default=0)
        return max(self.planned_minutes or 0, last)


class AgendaItem(Model):
    """One block of the whole event's timing plan: a move, or anything else with its minutes."""

    move: Id | None = None
    """A move of this scenario; its length is the move's planned_minutes."""
    title: Text | None = None
    """A block that is not a move: opening brief, plenary, break, hot wash …"""
    minutes: Minutes | None = None
    """Real minutes of a block that is not a move."""

    @model_validator(mode="after")
    def _move_or_titled_block(self) -> AgendaItem:
        if self.move is not None and (self.title is not None or self.minutes is not None):
            raise ValueError("an agenda item is either a `move:` (its planned_minutes count) "
                             "or a `title:` with `minutes:`, not both")
        if self.move is None and (self.title is None or self.minutes is None):
            raise ValueError("an agenda item needs a `move:`, or a `title:` with `minutes:`")
        return self


class Scenario(Model):
    ttx: Literal[1]
    id: ScenarioId
    title: Text
    classification: Text = DEFAULT_CLASSIFICATION
    summary: Text = ""
    background: Text = ""
    sources: tuple[Text, ...] = ()
    start: InWorldTime | None = None
    objectives: tuple[Objective, ...] = ()
    cells: tuple[Cell, ...] = Field(min_length=1)
    moves: tuple[Move, ...] = Field(min_length=1)
    agenda: tuple[AgendaItem, ...] = ()
    """The timing plan of the whole event, in order: moves and the blocks between them."""
    exercise: ExerciseInfo | None = None
    """Optional: purpose, scope, date, venue, sponsor, points of contact and logistics, for the
    pre-exercise documents (ttx pack)."""
    lang: Lang = "en"
    """The language the scenario is written in (BCP 47: en, ja, ko …)."""
    translations: dict[Lang, Translation] = {}
    """Optional: the players' texts in other languages, by language; a sibling file
    scenarios/<id>.<lang>.yaml holds one too."""

    # Derived look-ups; computed once per (immutable) scenario.
    @cached_property
    def player_cells(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.cells if c.kind == "player")

    @cached_property
    def cell_by_id(self) -> dict[str, Cell]:
        return {c.id: c for c in self.cells}

    @cached_property
    def objective_by_id(self) -> dict[str, Objective]:
        return {o.id: o for o in self.objectives}

    @cached_property
    def move_by_id(self) -> dict[str, Move]:
        return {m.id: m for m in self.moves}

    @cached_property
    def inject_by_id(self) -> dict[str, Inject]:
        return {i.id: i for m in self.moves for i in m.injects}

    @cached_property
    def move_of(self) -> dict[str, str]:
        """inject id -> id of the move that holds it."""
        return {i.id: m.id for m in self.moves for i in m.injects}

    def agenda_minutes(self, item: AgendaItem) -> int:
        if item.move is None:
            return item.minutes or 0
        move = self.move_by_id.get(item.move)
        return (move.planned_minutes or move.run_minutes) if move else 0

    @property
    def event_minutes(self) -> int:
        """The whole event by its agenda (opening brief to hot wash); without one, the moves alone."""
        if self.agenda:
            return sum(self.agenda_minutes(item) for item in self.agenda)
        return sum(m.planned_minutes or m.run_minutes for m in self.moves)

    def recipients(self, inject: Inject) -> tuple[str, ...]:
        return inject.to if inject.to is not None else self.player_cells

    def deciding_cells(self, inject: Inject) -> tuple[str, ...]:
        if inject.decision is None:
            return ()
        return inject.decision.cells if inject.decision.cells is not None else self.recipients(inject)

    def question_cells(self, question: Question) -> tuple[str, ...]:
        return question.cells if question.cells is not None else self.player_cells

    def releasability(self, inject: Inject, to: Iterable[str] | None = None) -> str:
        """The inject's marking: its `releasability:`, else REL TO the player cells it
        goes to (`to`: the cells a release named; default: its recipients)."""
        if inject.releasability:
            return inject.releasability
        return self.marking_of(self.recipients(inject) if to is None else to)

    def marking_of(self, cells: Iterable[str]) -> str:
        """The marking of anything held by `cells` (an inject's release, an answer, a
        message): REL TO its player cells; control and observer cells never appear in it."""
        return marking(c for c in cells if c in self.player_cells)

    def situation_time(self, move: Move, inject: Inject) -> datetime | None:
        st = inject.situation_time
        if isinstance(st, datetime):
            return st
        base = move.situation_time
        if base is None or st is None:
            return None
        return base + timedelta(minutes=st)


def marking_order(cell: str) -> tuple[bool, str]:
    """The order cells are listed in, as in US releasability markings: USA first, then alphabetical."""
    return cell != "USA", cell


def marking(cells: Any) -> str:
    """`REL TO USA, JPN, KOR`: USA first, then the rest alphabetically; one cell: `JPN ONLY`."""
    ids = sorted(set(cells), key=marking_order)
    if not ids:
        return "CONTROL ONLY"
    if len(ids) == 1:
        return f"{ids[0]} ONLY"
    return "REL TO " + ", ".join(ids)


class Library(Model):
    """An inject library file: `injects/<topic>.yaml`."""

    ttx: Literal[1]
    injects: tuple[dict[str, Any], ...] = ()


def scenario_text(scenario: Scenario) -> str:
    """The resolved scenario as canonical text: what a session stores (and hashes),
    so a report can be made after the YAML changed."""
    return scenario.model_dump_json(by_alias=True, exclude_defaults=True)


def scenario_from_text(text: str) -> Scenario:
    return Scenario.model_validate_json(text)
