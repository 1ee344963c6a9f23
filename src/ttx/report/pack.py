"""The pre-exercise documents (`ttx pack`): what each holds, as an outline of
blocks that every format renders the same way (pack_render.py).

- The **Situation Manual** (players): purpose, scope, objectives, participants,
  schedule, the road to crisis and each move's situation and discussion
  questions. Built only from what players may see: for one cell, the questions
  put to it; without a cell, those put to every player cell (the room's rule).
  It never reads an inject, an expected action, a note, a trigger or a branch.
- The **Exercise Plan** (everyone taking part): the event's facts, its schedule
  from the agenda, participants, rules of play and conduct with the
  non-attribution rule, assumptions and artificialities, logistics.
- The **Controller/Evaluator handbook** is built in handbook.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal, Union

from ttx.engine.need_to_know import Audience, cell_audience, room_audience, visible_questions
from ttx.engine.errors import CommandError
from ttx.report.model import ReportError
from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import CELL_KINDS

DOCS = ("sitman", "explan", "handbook")
TITLES = {"sitman": "Situation Manual", "explan": "Exercise Plan", "handbook": "Controller and Evaluator Handbook"}


# ---------------------------------------------------------------- the outline's blocks


@dataclass(frozen=True)
class Heading:
    block: ClassVar[str] = "heading"   # what a template switches on
    text: str
    level: int = 2                  # 2: a section, 3: under it, 4: under that
    page_break: bool = False        # start a new printed page


@dataclass(frozen=True)
class Prose:
    """Our own words (plain text)."""
    block: ClassVar[str] = "prose"
    text: str


@dataclass(frozen=True)
class Markdown:
    """The scenario author's Markdown (rendered through the report's one Markdown parser)."""
    block: ClassVar[str] = "markdown"
    text: str
    level: int = 3                  # the heading it sits under: its own headings go below that


@dataclass(frozen=True)
class Facts:
    """Label: value lines."""
    block: ClassVar[str] = "facts"
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    block: ClassVar[str] = "bullets"
    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    block: ClassVar[str] = "table"
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    blank: tuple[int, ...] = ()     # columns left empty to write in (an EEG's observations)
    nowrap: tuple[int, ...] = (0,)  # columns of ids and times, never broken at a hyphen


@dataclass(frozen=True)
class Notice:
    """A boxed notice: handling instructions, or what only controllers may read."""
    block: ClassVar[str] = "notice"
    text: str
    kind: Literal["handling", "controller"] = "handling"
    items: tuple[str, ...] = ()     # a list under the text (a move's facilitator notes)


@dataclass(frozen=True)
class Rating:
    """A P/S/M/U rating line to tick."""
    block: ClassVar[str] = "rating"
    label: str


@dataclass(frozen=True)
class WriteIn:
    """Ruled lines to write on."""
    block: ClassVar[str] = "write_in"
    label: str
    lines: int = 4


@dataclass(frozen=True)
class BranchMap:
    """The branch map: an SVG drawing for HTML (on paper, cut into overlapping page-sized
    tiles), Mermaid text for Markdown, and its edges as a table for every format (the only
    form DOCX and a screen reader get)."""
    block: ClassVar[str] = "branch_map"
    title: str
    intro: str
    svg: str
    mermaid: str
    edges: Table
    tiles: tuple[str, ...] = ()     # the SVG in page-sized slices for print (none: too long to print)


Block = Union[Heading, Prose, Markdown, Facts, Bullets, Table, Notice, Rating, WriteIn, BranchMap]


@dataclass(frozen=True)
class Document:
    kind: str                       # sitman | explan | handbook
    title: str                      # "Situation Manual"
    scenario_title: str
    scenario_id: str
    banner: str                     # the classification, top and bottom of every page
    cell: str | None                # a cell's own Situation Manual
    cell_name: str | None
    blocks: tuple[Block, ...] = field(default=())

    @property
    def subtitle(self) -> str:
        return f"{self.scenario_title}" + (f" — {self.cell_name} ({self.cell})" if self.cell else "")


# ---------------------------------------------------------------- shared sections


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def overview(s: Scenario) -> list[Block]:
    ex = s.exercise
    rows = [("Exercise", s.title), ("Type", "Tabletop exercise (discussion-based)")]
    if ex and ex.date:
        rows.append(("Date", ex.date))
    if ex and ex.venue:
        rows.append(("Venue", ex.venue))
    if ex and ex.sponsor:
        rows.append(("Sponsor", ex.sponsor))
    rows.append(("Duration", f"{s.event_minutes} minutes ({clock(s.event_minutes)})"))
    rows.append(("Moves", str(len(s.moves))))
    players = [c.label for c in s.cells if c.kind == "player"]
    rows.append(("Player cells", ", ".join(players) or "none"))
    capabilities = list(dict.fromkeys(o.capability for o in s.objectives if o.capability))
    if capabilities:
        rows.append(("Core capabilities", "; ".join(capabilities)))
    if ex and ex.points_of_contact:
        rows.append(("Points of contact", "; ".join(ex.points_of_contact)))
    out: list[Block] = [Heading("Exercise overview"), Facts(tuple(rows))]
    purpose = (ex.purpose if ex else "") or s.summary
    if purpose:
        out += [Heading("Purpose", 3), Markdown(purpose)]
    if ex and ex.scope:
        out += [Heading("Scope", 3), Markdown(ex.scope)]
    if s.summary and purpose != s.summary:
        out += [Heading("Scenario summary", 3), Markdown(s.summary)]
    if s.objectives:
        out += [Heading("Objectives and core capabilities", 3),
                Table(("Id", "Objective", "Core capability"),
                      tuple((o.id, o.text, o.capability or "—") for o in s.objectives))]
    return out


def participants(s: Scenario) -> Table:
    return Table(("Cell", "Name", "Role in the exercise", "Members"),
                 tuple((c.id, c.label, CELL_KINDS[c.kind], ", ".join(c.roles) or "—") for c in s.cells))


def schedule(s: Scenario) -> list[Block]:
    """The whole event's timing from the agenda (moves alone when there is none)."""
    rows = []
    t = 0
    if s.agenda:
        for item in s.agenda:
            minutes = s.agenda_minutes(item)
            what = s.move_by_id[item.move].label if item.move else (item.title or "")
            rows.append((f"+{clock(t)}", f"+{clock(t + minutes)}", what, str(minutes)))
            t += minutes
    else:
        for move in s.moves:
            minutes = move.planned_minutes or move.run_minutes
            rows.append((f"+{clock(t)}", f"+{clock(t + minutes)}", move.label, str(minutes)))
            t += minutes
    out: list[Block] = [Table(("From", "To", "Block", "Minutes"), tuple(rows), nowrap=(0, 1)),
                        Prose(f"In all {t} minutes ({clock(t)}), counted from the start of the event.")]
    if not s.agenda:
        out.append(Prose("The scenario has no agenda: only the moves are planned here; the opening brief, "
                         "breaks and the hot wash come on top."))
    return out


def banner_of(s: Scenario) -> str:
    return s.classification


def document(s: Scenario, kind: str, blocks: list[Block], who: Audience | None = None) -> Document:
    return Document(kind, TITLES[kind], s.title, s.id, banner_of(s), who.id if who else None,
                    who.name if who else None, tuple(blocks))


# ---------------------------------------------------------------- Situation Manual


def sitman(s: Scenario, cell: str | None = None) -> Document:
    """The players' Situation Manual: for `cell`, with its own discussion questions."""
    if cell is not None:
        try:
            who = cell_audience(s, cell)
        except CommandError as exc:
            raise ReportError(f"{exc}; cells: {', '.join(s.player_cells)}") from None
        if s.cell_by_id[cell].kind != "player":
            raise ReportError(f"{cell} is a {s.cell_by_id[cell].kind} cell: a Situation Manual is for a player "
                              f"cell ({', '.join(s.player_cells)}); controllers use --doc handbook")
    else:
        who = room_audience(s)
    blocks: list[Block] = [
        Notice(f"This Situation Manual is for the players of {s.title}. It gives the situation and the "
               "discussion questions of each move; the injects that arrive during play are not in it. "
               f"Handle it as {s.classification}."),
    ]
    blocks += overview(s)
    blocks += [Heading("Participants", 3), participants(s), Heading("Schedule", 3), *schedule(s)]
    if s.background:
        blocks += [Heading("Road to crisis", page_break=True), Markdown(s.background, 2)]
    for k, move in enumerate(s.moves):
        blocks.append(Heading(move.label, page_break=k == 0 and not s.background))
        facts = []
        if move.situation_time is not None:
            facts.append(("In-world time", f"{move.situation_time:%Y-%m-%d %H:%M %Z}".strip()))
        if move.planned_minutes:
            facts.append(("Planned", f"{move.planned_minutes} minutes"))
        if facts:
            blocks.append(Facts(tuple(facts)))
        if move.situation:
            blocks += [Heading("Situation", 3), Markdown(move.situation)]
        questions = visible_questions(s, move, who)
        if questions:
            blocks += [Heading("Discussion questions", 3),
                       Bullets(tuple(f"{q.id}: {q.text}" for q in questions), numbered=False)]
    if cell is None and any(len(s.question_cells(q)) < len(s.player_cells) for m in s.moves for q in m.questions):
        blocks.append(Prose("Questions put to one cell only are in that cell's own Situation Manual."))
    return document(s, "sitman", blocks, who if cell else None)


# ---------------------------------------------------------------- Exercise Plan

RULES = (
    "This is a discussion-based exercise in a no-fault environment: it tests plans and coordination, "
    "not people.",
    "Respond as your organization would, from current plans, policies, authorities and capabilities; where "
    "they are silent, say what you would do and why.",
    "Decisions taken in play set no precedent and commit no government.",
    "Accept the scenario: it is plausible fiction set in the near future. Do not fight it; raise a concern "
    "with a controller.",
    "Information reaches your cell from controllers, on the channel an inject names; your cell sees only what "
    "is released to it.",
    "Each move has a time budget; the facilitator keeps time and may move play on before every question is "
    "answered.",
    "Speak and decide for your cell; where you would consult your capital, say so and decide with what you "
    "have.",
)
NON_ATTRIBUTION = (
    "Non-attribution: what is said during the exercise and the hot wash is not attributed to any person in the "
    "after-action report or elsewhere. Evaluators record what was said and decided, by cell, never by name; "
    "quote no participant outside the exercise.")
REAL_WORLD = (
    "Real-world emergency: the words \u201cThis is a real-world emergency\u201d stop play at once. Any "
    "participant may say them; the facilitator halts every console until play resumes.")
ASSUMPTIONS = (
    "The scenario is fiction: events, statements and timings are invented, though built from public sources.",
    "Time is compressed: each move covers hours or days of the crisis in tens of real minutes; the in-world "
    "clock jumps between moves.",
    "Players act on the information released to their cell; other cells' decisions are known only when shared.",
    "The control cell plays every actor who is not at the table.",
)


def explan(s: Scenario) -> Document:
    ex = s.exercise
    blocks: list[Block] = [
        Notice(f"This Exercise Plan is for everyone taking part in {s.title}: players, controllers, evaluators "
               f"and observers. It holds no scenario material beyond the overview. Handle it as "
               f"{s.classification}."),
    ]
    blocks += overview(s)
    blocks += [Heading("Schedule"), *schedule(s)]
    blocks += [Heading("Participants"), participants(s),
               Bullets(("Facilitator: runs the room, reads each move's situation, puts the questions, keeps time.",
                        "Controllers (control cell): release the injects and play the actors not at the table.",
                        "Evaluators: observe and record against the objectives; they do not prompt players.",
                        "Observers: watch without taking part; they may hand observations to an evaluator."))]
    rules = RULES + tuple(ex.rules if ex else ())
    blocks += [Heading("Rules of play and conduct"), Bullets(rules), Notice(NON_ATTRIBUTION), Notice(REAL_WORLD)]
    blocks += [Heading("Assumptions and artificialities"), Bullets(ASSUMPTIONS)]
    blocks.append(Heading("Logistics"))
    rows = [(label, value) for label, value in (("Date", ex.date if ex else None), ("Venue", ex.venue if ex else None),
                                                ("Sponsor", ex.sponsor if ex else None)) if value]
    if ex and ex.points_of_contact:
        rows += [("Point of contact", poc) for poc in ex.points_of_contact]
    if rows:
        blocks.append(Facts(tuple(rows)))
    if ex and ex.logistics:
        blocks.append(Markdown(ex.logistics, 2))
    if not rows and not (ex and ex.logistics):
        blocks.append(Prose("The scenario gives no logistics yet (exercise: date, venue, points_of_contact, "
                            "logistics)."))
    return document(s, "explan", blocks)
