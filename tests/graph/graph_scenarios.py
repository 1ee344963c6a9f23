"""Scenarios for the branch-map tests: a small one whose branches are known by hand, and
a generator of large ones (2,000 injects) shaped like real scenarios."""

from __future__ import annotations

import random
from typing import Any

from ttx.scenario.model import Scenario

PLAYERS = ["USA", "JPN", "KOR"]


def branchy() -> Scenario:
    """Two moves. Edges (decision, option, cell, target, polarity):
    A hold JPN -> B unlocks; A hold any -> C blocks (C is `not A chose hold`);
    E go any -> F unlocks, A share USA -> F unlocks (F is `any of`);
    E wait USA -> G and E wait JPN -> G unlock (G is `all of`).
    N is a decision no `when` names; K a decision without options; X a contingency.
    OBJ-3 is listed by no inject; OBJ-4 only by B."""
    return Scenario.model_validate({
        "ttx": 1, "id": "branchy", "title": "Branchy",
        "objectives": [{"id": f"OBJ-{k}", "text": f"Objective {k}"} for k in range(1, 5)],
        "cells": [{"id": c} for c in PLAYERS] + [{"id": "WHITE", "kind": "control"}],
        "moves": [
            {"id": "M1", "planned_minutes": 30, "injects": [
                {"id": "A", "at": 5, "title": "Launch", "to": ["USA", "JPN"], "objectives": ["OBJ-1"],
                 "decision": {"prompt": "Share?", "options": [{"id": "share", "text": "Share"},
                                                              {"id": "hold", "text": "Hold"}]}},
                {"id": "B", "at": 10, "title": "Partners ask", "objectives": ["OBJ-4"],
                 "when": {"decision": "A", "cell": "JPN", "chose": ["hold"]}},
                {"id": "C", "at": 10, "title": "Joint picture",
                 "when": {"not": {"decision": "A", "chose": ["hold"]}}},
                {"id": "K", "at": 12, "title": "Korea only", "to": ["KOR"], "decision": {"prompt": "Say?"}},
                {"id": "X", "at": 15, "title": "Contingency", "contingency": True},
            ]},
            {"id": "M2", "planned_minutes": 20, "injects": [
                {"id": "D", "at": 0, "title": "Next day", "objectives": ["OBJ-2"]},
                {"id": "E", "at": 5, "title": "Evacuate?", "decision": {
                    "prompt": "Evacuate?", "options": [{"id": "go", "text": "Go"}, {"id": "wait", "text": "Wait"}]}},
                {"id": "N", "at": 6, "title": "A question", "decision": {
                    "prompt": "Agree?", "options": [{"id": "yes", "text": "Yes"}, {"id": "no", "text": "No"}]}},
                {"id": "F", "at": 8, "title": "Follow-up", "when": {"any": [
                    {"decision": "E", "chose": ["go"]}, {"decision": "A", "cell": "USA", "chose": ["share"]}]}},
                {"id": "G", "at": 9, "title": "Both wait", "when": {"all": [
                    {"decision": "E", "cell": "USA", "chose": ["wait"]},
                    {"decision": "E", "cell": "JPN", "chose": ["wait"]}]}},
            ]},
        ],
    })


def generated(n_injects: int = 2000, moves: int = 4, seed: int = 20, title_words: int = 8) -> dict[str, Any]:
    """A scenario document of `n_injects` injects over `moves` moves: about one in eight asks
    for a decision, one in eight has a `when` on an earlier decision (sometimes `not`, `any`
    or `all` of several), one in fifty is a contingency."""
    rng = random.Random(seed)
    words = ("coast guard cordon ferry manifest charter airport advisory embassy cable intel "
             "Sakishima Kaohsiung Hualien evacuation quarantine lift slot notice ministry partner").split()
    decisions: list[tuple[str, list[str]]] = []
    per_move = n_injects // moves
    doc_moves = []
    count = 0
    for m in range(1, moves + 1):
        injects = []
        for k in range(per_move if m < moves else n_injects - count):
            count += 1
            iid = f"M{m}-{k + 1:04d}"
            inject: dict[str, Any] = {
                "id": iid, "at": k * 600 // per_move, "channel": rng.choice(["news", "intel", "cable", "call"]),
                "title": " ".join(rng.choice(words) for _ in range(rng.randint(3, title_words))).capitalize(),
            }
            roll = rng.random()
            if roll < 0.125:
                options = [f"opt-{j}" for j in range(rng.randint(2, 3))]
                inject["decision"] = {"prompt": "Decide?", "options": [
                    {"id": o, "text": " ".join(rng.choice(words) for _ in range(rng.randint(2, 9)))} for o in options]}
                decisions.append((iid, options))
            elif roll < 0.25 and decisions:
                leaves = []
                for _ in range(rng.choice([1, 1, 1, 2, 3])):
                    decision, options = rng.choice(decisions[-30:])
                    leaf: dict[str, Any] = {"decision": decision, "chose": [rng.choice(options)]}
                    if rng.random() < 0.5:
                        leaf["cell"] = rng.choice(PLAYERS)
                    leaves.append(leaf)
                cond: dict[str, Any] = leaves[0] if len(leaves) == 1 else {rng.choice(["all", "any"]): leaves}
                inject["when"] = {"not": cond} if rng.random() < 0.2 else cond
            elif roll < 0.27:
                inject["contingency"] = True
            injects.append(inject)
        doc_moves.append({"id": f"M{m}", "title": f"Move {m}", "planned_minutes": 600, "injects": injects})
    return {"ttx": 1, "id": "generated", "title": f"Generated ({n_injects} injects)",
            "cells": [{"id": c} for c in PLAYERS], "moves": doc_moves}
