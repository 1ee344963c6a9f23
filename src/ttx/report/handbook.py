"""The Controller/Evaluator handbook (`ttx pack --doc handbook`): everything the
players' documents leave out, for the people who run and evaluate the exercise.

The MSEL with every inject's text, expected actions, condition, decision and
notes; the branch map (ttx.graph); the contingencies and their triggers; the
facilitator's notes in one place; and one Exercise Evaluation Guide per
objective — core capability, capability targets with their critical tasks
numbered as an EEG numbers them (1.1, 1.2, 2.1 …), a P/S/M/U rating line per
target and for the objective, room for notes. Controller material throughout.
"""

from __future__ import annotations

from ttx.graph.layout import layout
from ttx.graph.mermaid import mermaid
from ttx.graph.svg import svg, tiles
from ttx.report.pack import (
    Block,
    BranchMap,
    Bullets,
    Document,
    Facts,
    Heading,
    Markdown,
    Notice,
    Prose,
    Rating,
    Table,
    WriteIn,
    clock,
    document,
    overview,
    participants,
    schedule,
)
from ttx.scenario.branches import BranchMap as Branches
from ttx.scenario.branches import condition_text
from ttx.scenario.model import Inject, Move, Objective, Scenario
from ttx.scenario.vocabulary import RATINGS

CONTROLLER_ONLY = ("CONTROLLER AND EVALUATOR MATERIAL: not for players. It holds the injects, the expected "
                   "actions, the branches and the evaluation guides.")


def handbook(s: Scenario) -> Document:
    branches = Branches(s)
    blocks: list[Block] = [Notice(CONTROLLER_ONLY, "controller")]
    blocks += overview(s)
    blocks += [Heading("Schedule", 3), *schedule(s), Heading("Participants", 3), participants(s)]
    blocks += [Heading("Conduct of the exercise"), Bullets((
        "The facilitator opens each move with its situation and questions, releases each inject when it falls "
        "due (or earlier, later, never), and records the cells' decisions as they are taken.",
        "A conditional inject plays only if its condition holds when it falls due; the console marks it "
        "not triggered otherwise, and the facilitator may still release it.",
        "Contingency injects are never released on their own: the facilitator uses one when its trigger is met.",
        "Evaluators observe without prompting, and record notes against the objectives' critical tasks with a "
        "P/S/M/U rating (ttx evaluate SESSION); the hot wash follows the last move.",
    ))]
    blocks += _msel(s)
    blocks += _branches(s, branches)
    blocks += _contingencies(s)
    blocks += _notes(s)
    blocks.append(Heading("Exercise Evaluation Guides", page_break=True))
    blocks.append(Prose("One guide per objective. Rate each capability target from its critical tasks, then the "
                        "objective: " + "; ".join(f"{k} — {v}" for k, v in RATINGS.items()) + "."))
    for objective in s.objectives:
        blocks += eeg(s, objective)
    if not s.objectives:
        blocks.append(Prose("The scenario has no objectives: there is nothing to evaluate against."))
    return document(s, "handbook", blocks)


# ---------------------------------------------------------------- MSEL


def _msel(s: Scenario) -> list[Block]:
    out: list[Block] = [Heading("Master Scenario Events List", page_break=True),
                        Prose("Each move's injects in the order they fall due, with what controllers look for.")]
    for move in s.moves:
        out.append(Heading(move.label, 3))
        if move.facilitator_notes:
            out.append(Notice("Facilitator notes for this move:", "controller", move.facilitator_notes))
        out.append(Table(("At", "Inject", "To", "Channel", "Title", ""), tuple(
            (f"+{clock(i.at)}", i.id, s.releasability(i), i.channel, i.title, _flags(i)) for i in move.schedule),
            nowrap=(0, 1)))
        for inject in move.schedule:
            out += _entry(s, move, inject)
    return out


def _flags(inject: Inject) -> str:
    flags = []
    if inject.contingency:
        flags.append("contingency")
    if inject.when is not None:
        flags.append("conditional")
    if inject.decision is not None:
        flags.append("decision")
    return ", ".join(flags)


def _entry(s: Scenario, move: Move, inject: Inject) -> list[Block]:
    rows = [("From", inject.from_ or "—"), ("To", s.releasability(inject)), ("Channel", inject.channel)]
    when = s.situation_time(move, inject)
    if when is not None:
        rows.append(("In-world time", f"{when:%Y-%m-%d %H:%M}"))
    if inject.objectives:
        rows.append(("Objectives", ", ".join(inject.objectives)))
    if inject.when is not None:
        rows.append(("Plays only when", condition_text(inject.when)))
    if inject.contingency:
        rows.append(("Contingency", inject.trigger or "released only by the facilitator; no trigger given"))
    elif inject.trigger:
        rows.append(("Trigger", inject.trigger))
    out: list[Block] = [Heading(f"{inject.id} · +{clock(inject.at)} · {inject.title}", 4), Facts(tuple(rows))]
    if inject.body:
        out.append(Markdown(inject.body, 4))
    if inject.expected_actions:
        out += [Prose("Expected actions:"), Bullets(inject.expected_actions)]
    d = inject.decision
    if d is not None:
        who = ", ".join(s.deciding_cells(inject))
        limit = f"; {d.time_limit} minutes" if d.time_limit else ""
        kind = " (for the discussion only)" if d.discussion_only else ""
        out.append(Prose(f"Decision for {who}{limit}{kind}: {d.prompt}"))
        if d.options:
            out.append(Bullets(tuple(f"{o.id}: {o.text}" for o in d.options)))
    if inject.facilitator_notes:
        out.append(Notice("Facilitator notes:", "controller", inject.facilitator_notes))
    return out


# ---------------------------------------------------------------- branches, contingencies, notes


def edges_table(branches: Branches) -> Table:
    return Table(("Decision", "Cell", "Option", "Effect", "Inject"), tuple(
        (e.decision, e.cell or "any", e.option, e.polarity, e.target) for e in branches.edges), nowrap=(0, 4))


def _branches(s: Scenario, branches: Branches) -> list[Block]:
    if not branches.edges:
        return [Heading("Branch map", page_break=True),
                Prose("No inject has a condition: the scenario does not branch.")]
    lay = layout(branches)
    out: list[Block] = [BranchMap(
        "Branch map", "Moves as lanes, injects in the order they fall due; each decision's options lead to the "
        "injects they unlock (arrow) or block (bar). ttx graph draws it with the rehearsals' coverage.",
        svg(lay, f"Branch map of {s.id}", coverage=False), mermaid(branches), edges_table(branches),
        tuple(tiles(lay)))]
    if branches.dead_ends:
        out.append(Prose("Decisions no condition depends on (not marked discussion only): "
                         + ", ".join(i.id for i in branches.dead_ends) + "."))
    if branches.discussion_only:
        out.append(Prose("Decisions for the discussion only: " + ", ".join(i.id for i in branches.discussion_only)
                         + "."))
    return out


def _contingencies(s: Scenario) -> list[Block]:
    rows = tuple((i.id, s.move_of[i.id], f"+{clock(i.at)}", i.title, i.trigger or "—",
                  condition_text(i.when) if i.when else "—")
                 for m in s.moves for i in m.schedule if i.contingency)
    out: list[Block] = [Heading("Contingency injects")]
    if not rows:
        return out + [Prose("The scenario holds no contingency injects.")]
    return out + [Prose("Held in reserve to steer play back; released only by the facilitator, when the trigger "
                        "is met."), Table(("Inject", "Move", "At", "Title", "Trigger", "Condition"), rows, nowrap=(0, 1, 2))]


def _notes(s: Scenario) -> list[Block]:
    items = [f"{m.id} (the move): {note}" for m in s.moves for note in m.facilitator_notes]
    items += [f"{i.id}: {note}" for m in s.moves for i in m.schedule for note in i.facilitator_notes]
    out: list[Block] = [Heading("Facilitator notes")]
    return out + ([Bullets(tuple(items))] if items else [Prose("The scenario gives no facilitator notes.")])


# ---------------------------------------------------------------- Exercise Evaluation Guide


def eeg(s: Scenario, objective: Objective) -> list[Block]:
    injects = [i for m in s.moves for i in m.schedule if objective.id in i.objectives]
    rows = [("Core capability", objective.capability or "—"), ("Objective", f"{objective.id}: {objective.text}"),
            ("Injects (see the MSEL)", ", ".join(f"{i.id} at +{clock(i.at)}" for i in injects) or "none")]
    out: list[Block] = [Heading(f"Exercise Evaluation Guide — {objective.id}", 3, page_break=True), Facts(tuple(rows))]
    if not objective.capability_targets:
        out.append(Prose("No capability targets are given for this objective (capability_targets: in the "
                         "scenario); rate it against the objective itself."))
    for t, target in enumerate(objective.capability_targets, 1):
        out.append(Heading(f"Capability target {t}: {target.text}", 4))
        if target.critical_tasks:
            out.append(Table(("#", "Critical task", "Observations"),
                             tuple((f"{t}.{k}", task, "") for k, task in enumerate(target.critical_tasks, 1)),
                             blank=(2,)))
        out.append(Rating(f"Target {t} rating"))
    out += [Rating(f"{objective.id} rating"), WriteIn("Evaluator notes", 5),
            Facts((("Evaluator", ""), ("Date", "")))]
    return out
