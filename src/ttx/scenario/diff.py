"""What changed between two versions of a scenario, as a reviewer reads it.

Injects are matched by id across the whole scenario (so one that changed
moves is *moved*, not removed and added); each change is said in the
scenario's own terms — added, removed, retimed, re-addressed, its branch
(`when:`) or decision changed — and the branch map's edges are compared, so a
reviewer sees which option no longer unlocks which inject. Texts that changed
(bodies, situations) come with a short line diff.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Iterable

from ttx.scenario.branches import BranchMap, condition_text
from ttx.scenario.model import Decision, Inject, Move, Scenario
from ttx.scenario.times import offset

TEXT_LINES = 12   # at most this many diff lines under one changed text
KINDS = ("added", "removed", "moved", "retimed", "re-addressed", "branch", "decision", "changed")


@dataclass
class Change:
    kind: str                 # added | removed | changed | moved | retimed | re-addressed | branch | decision
    subject: str              # "inject M1-03", "move M2", "objective OBJ-1", "edge …"
    summary: str
    details: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    changes: list[Change] = field(default_factory=list)


def _ids(values: Iterable[Any] | None) -> str:
    return ", ".join(values or ()) or "-"


def text_diff(old: str, new: str) -> list[str]:
    """A short unified diff of two texts, without its file headers."""
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[2:]
    if len(lines) > TEXT_LINES:
        lines = lines[:TEXT_LINES] + [f"… ({len(lines) - TEXT_LINES} more diff lines)"]
    return lines


class _Differ:
    def __init__(self, old: Scenario | None, new: Scenario | None) -> None:
        self.old, self.new = old, new

    def field(self, out: list[Change], subject: str, name: str, old: Any, new: Any, *, text: bool = False) -> None:
        if old == new:
            return
        if text:
            out.append(Change("changed", subject, f"{name} changed", text_diff(old or "", new or "")))
        else:
            out.append(Change("changed", subject, f"{name}: {old if old not in (None, '', ()) else '-'} → "
                                                  f"{new if new not in (None, '', ()) else '-'}"))

    def overview(self) -> Section:
        sec = Section("Scenario")
        o, n = self.old, self.new
        assert o is not None and n is not None
        for name in ("id", "title", "classification", "start"):
            self.field(sec.changes, "scenario", name, getattr(o, name), getattr(n, name))
        for name in ("summary", "background"):
            self.field(sec.changes, "scenario", name, getattr(o, name), getattr(n, name), text=True)
        self.field(sec.changes, "scenario", "sources", _ids(o.sources), _ids(n.sources))
        ea, eb = o.exercise, n.exercise
        if ea != eb:
            for name in ("purpose", "scope", "logistics"):
                self.field(sec.changes, "exercise", name, getattr(ea, name, ""), getattr(eb, name, ""), text=True)
            for name in ("sponsor", "date", "venue"):
                self.field(sec.changes, "exercise", name, getattr(ea, name, None), getattr(eb, name, None))
            for name in ("points_of_contact", "rules"):
                before, after = getattr(ea, name, ()), getattr(eb, name, ())
                if before != after:
                    sec.changes.append(Change("changed", "exercise", f"{name.replace('_', ' ')} changed",
                                              _lines_diff(list(before), list(after))))
        if o.agenda != n.agenda:
            sec.changes.append(Change("changed", "scenario", f"agenda: {o.event_minutes} → {n.event_minutes} "
                                                             "minutes in all", [
                f"- {_agenda(o)}", f"+ {_agenda(n)}"]))
        return sec

    def keyed(self, title: str, kind: str, old: Iterable[Any], new: Iterable[Any], describe, compare) -> Section:
        sec = Section(title)
        before = {x.id: x for x in old}
        after = {x.id: x for x in new}
        for key, item in after.items():
            if key not in before:
                sec.changes.append(Change("added", f"{kind} {key}", describe(item)))
        for key, item in before.items():
            if key not in after:
                sec.changes.append(Change("removed", f"{kind} {key}", describe(item)))
        for key in after:
            if key in before and before[key] != after[key]:
                compare(sec.changes, f"{kind} {key}", before[key], after[key])
        return sec

    def objectives(self) -> Section:
        def compare(out, subject, a, b):
            self.field(out, subject, "text", a.text, b.text)
            self.field(out, subject, "capability", a.capability, b.capability)
            if a.capability_targets != b.capability_targets:
                out.append(Change("changed", subject, "capability targets changed (the EEG)",
                                  _lines_diff(_eeg(a), _eeg(b))))
        assert self.old and self.new
        return self.keyed("Objectives", "objective", self.old.objectives, self.new.objectives,
                          lambda o: o.text, compare)

    def cells(self) -> Section:
        def describe(c):
            return f"{c.label} ({c.kind})"

        def compare(out, subject, a, b):
            for name in ("name", "kind"):
                self.field(out, subject, name, getattr(a, name), getattr(b, name))
            self.field(out, subject, "roles", _ids(a.roles), _ids(b.roles))
        assert self.old and self.new
        return self.keyed("Cells", "cell", self.old.cells, self.new.cells, describe, compare)

    def moves(self) -> Section:
        assert self.old and self.new

        def describe(m: Move) -> str:
            return f"{m.label}: {len(m.injects)} injects" + (f", {m.planned_minutes} min" if m.planned_minutes else "")

        def compare(out, subject, a: Move, b: Move) -> None:
            for name in ("title", "planned_minutes", "situation_time"):
                self.field(out, subject, name.replace("_", " "), getattr(a, name), getattr(b, name))
            self.field(out, subject, "situation", a.situation, b.situation, text=True)
            self.field(out, subject, "facilitator notes", "\n".join(a.facilitator_notes),
                       "\n".join(b.facilitator_notes), text=True)
            qa, qb = {q.id: q for q in a.questions}, {q.id: q for q in b.questions}
            for qid, q in qb.items():
                if qid not in qa:
                    out.append(Change("added", f"{subject} question {qid}", q.text))
                elif qa[qid] != q:
                    self.field(out, f"{subject} question {qid}", "text", qa[qid].text, q.text)
                    if qa[qid].cells != q.cells:
                        assert self.old and self.new
                        self.field(out, f"{subject} question {qid}", "cells", _ids(self.old.question_cells(qa[qid])),
                                   _ids(self.new.question_cells(q)))
            for qid, q in qa.items():
                if qid not in qb:
                    out.append(Change("removed", f"{subject} question {qid}", q.text))

        sec = self.keyed("Moves", "move", self.old.moves, self.new.moves, describe, compare)
        order_a = [m.id for m in self.old.moves if m.id in self.new.move_by_id]
        order_b = [m.id for m in self.new.moves if m.id in self.old.move_by_id]
        if order_a != order_b:
            sec.changes.append(Change("moved", "moves", f"order: {', '.join(order_a)} → {', '.join(order_b)}"))
        return sec

    def injects(self) -> Section:
        o, n = self.old, self.new
        assert o is not None and n is not None
        sec = Section("Injects")
        old_ids, new_ids = o.inject_by_id, n.inject_by_id
        for move in n.moves:
            for inject in move.schedule:
                if inject.id not in old_ids:
                    sec.changes.append(Change("added", f"inject {inject.id}", self.describe(n, move, inject)))
        for move in o.moves:
            for inject in move.schedule:
                if inject.id not in new_ids:
                    sec.changes.append(Change("removed", f"inject {inject.id}", self.describe(o, move, inject)))
        for move in n.moves:
            for b in move.schedule:
                a = old_ids.get(b.id)
                if a is not None and (a != b or o.move_of[a.id] != move.id):
                    self.inject_changes(sec.changes, a, b)
        return sec

    @staticmethod
    def describe(s: Scenario, move: Move, inject: Inject) -> str:
        parts = [f"{move.id} {offset(inject.at)}", inject.title, f"to {s.releasability(inject)}"]
        if inject.contingency:
            parts.append("contingency")
        if inject.decision is not None:
            parts.append(f"decision: {' / '.join(o.id for o in inject.decision.options) or 'free'}")
        if inject.when is not None:
            parts.append(f"when {condition_text(inject.when)}")
        return " · ".join(parts)

    def inject_changes(self, out: list[Change], a: Inject, b: Inject) -> None:
        o, n = self.old, self.new
        assert o is not None and n is not None
        subject = f"inject {b.id}"
        if o.move_of[a.id] != n.move_of[b.id]:
            out.append(Change("moved", subject, f"from move {o.move_of[a.id]} to {n.move_of[b.id]}"))
        if a.at != b.at:
            out.append(Change("retimed", subject, f"at {offset(a.at)} → {offset(b.at)}"))
        if a.situation_time != b.situation_time:
            self.field(out, subject, "situation time", a.situation_time, b.situation_time)
        ra, rb = o.releasability(a), n.releasability(b)
        if o.recipients(a) != n.recipients(b) or ra != rb:
            out.append(Change("re-addressed", subject, f"{ra} → {rb}"))
        self.field(out, subject, "title", a.title, b.title)
        self.field(out, subject, "from", a.from_, b.from_)
        self.field(out, subject, "channel", a.channel, b.channel)
        self.field(out, subject, "body", a.body, b.body, text=True)
        self.field(out, subject, "objectives", _ids(a.objectives), _ids(b.objectives))
        if a.expected_actions != b.expected_actions:
            out.append(Change("changed", subject, "expected actions changed", [
                *(f"- {t}" for t in a.expected_actions if t not in b.expected_actions),
                *(f"+ {t}" for t in b.expected_actions if t not in a.expected_actions)]))
        if a.contingency != b.contingency:
            out.append(Change("changed", subject, "now a contingency" if b.contingency else "no longer a contingency"))
        self.field(out, subject, "trigger", a.trigger, b.trigger)
        self.field(out, subject, "facilitator notes", "\n".join(a.facilitator_notes),
                   "\n".join(b.facilitator_notes), text=True)
        if a.when != b.when:
            before = condition_text(a.when) if a.when else "always plays"
            after = condition_text(b.when) if b.when else "always plays"
            out.append(Change("branch", subject, "when changed", [f"- {before}", f"+ {after}"]))
        if a.decision != b.decision:
            out.append(self.decision_change(subject, a.decision, b.decision, o.deciding_cells(a), n.deciding_cells(b)))

    @staticmethod
    def decision_change(subject: str, a: Decision | None, b: Decision | None, cells_a, cells_b) -> Change:
        if a is None:
            assert b is not None
            return Change("decision", subject, f"now asks for a decision: {b.prompt}",
                          [f"+ option {opt.id}: {opt.text}" for opt in b.options])
        if b is None:
            return Change("decision", subject, f"no longer asks for a decision (was: {a.prompt})")
        details = []
        if a.prompt != b.prompt:
            details += [f"- prompt: {a.prompt}", f"+ prompt: {b.prompt}"]
        oa, ob = {x.id: x for x in a.options}, {x.id: x for x in b.options}
        for key, opt in ob.items():
            if key not in oa:
                details.append(f"+ option {key}: {opt.text}")
            elif oa[key].text != opt.text:
                details += [f"- option {key}: {oa[key].text}", f"+ option {key}: {opt.text}"]
        details += [f"- option {key}: {opt.text}" for key, opt in oa.items() if key not in ob]
        if list(cells_a) != list(cells_b):
            details.append(f"deciding cells: {_ids(cells_a)} → {_ids(cells_b)}")
        if a.time_limit != b.time_limit:
            details.append(f"time limit: {a.time_limit or '-'} → {b.time_limit or '-'} min")
        if a.discussion_only != b.discussion_only:
            details.append("now discussion only" if b.discussion_only else "no longer discussion only")
        return Change("decision", subject, "decision changed", details)

    def edges(self) -> Section:
        assert self.old and self.new
        before = {e.key: e for e in BranchMap(self.old).edges}
        after = {e.key: e for e in BranchMap(self.new).edges}
        sec = Section("Branches (option → inject)")
        sec.changes += [Change("added", "edge", e.text()) for k, e in after.items() if k not in before]
        sec.changes += [Change("removed", "edge", e.text()) for k, e in before.items() if k not in after]
        return sec


def _eeg(objective: Any) -> list[str]:
    """An objective's targets and numbered critical tasks, one line each."""
    out = []
    for t, target in enumerate(objective.capability_targets, 1):
        out.append(f"target {t}: {target.text}")
        out += [f"  {t}.{k} {task}" for k, task in enumerate(target.critical_tasks, 1)]
    return out


def _lines_diff(old: list[str], new: list[str]) -> list[str]:
    return [f"- {x}" for x in old if x not in new] + [f"+ {x}" for x in new if x not in old]


def _agenda(s: Scenario) -> str:
    return ", ".join(f"{i.move} ({s.agenda_minutes(i)})" if i.move else f"{i.title} ({i.minutes})" for i in s.agenda) or "-"


def diff(old: Scenario | None, new: Scenario | None) -> list[Section]:
    """The sections that changed (empty when nothing did). A side of None is a scenario that is
    not there (a file added or deleted): everything is added or removed."""
    if old is None and new is None:
        return []
    if old is None or new is None:
        there = new if old is None else old
        assert there is not None
        kind = "added" if old is None else "removed"
        sec = Section("Scenario", [Change(kind, f"scenario {there.id}", f"{there.title}: {len(there.moves)} moves, "
                                                                        f"{len(there.inject_by_id)} injects")])
        return [sec]
    d = _Differ(old, new)
    sections = [d.overview(), d.objectives(), d.cells(), d.moves(), d.injects(), d.edges()]
    return [s for s in sections if s.changes]


def lines(sections: list[Section], old_label: str, new_label: str) -> list[str]:
    """The diff as text: one line a change, its details indented below it."""
    if not sections:
        return [f"{old_label} and {new_label}: no change a scenario reader would see"]
    out = [f"--- {old_label}", f"+++ {new_label}"]
    for sec in sections:
        counts = {k: sum(c.kind == k for c in sec.changes) for k in KINDS}
        out.append("")
        out.append(f"{sec.title} ({', '.join(f'{v} {k}' for k, v in counts.items() if v)})")
        for c in sec.changes:
            out.append(f"  {c.kind:<12} {c.subject}: {c.summary}")
            out += [f"      {d}" for d in c.details]
    return out
