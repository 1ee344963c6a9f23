"""A scenario for the pack's need-to-know tests: every controller-only field holds a marker
string no player document may show, every player field one that the players' documents must."""

from __future__ import annotations

from ttx.scenario.model import Scenario

# Controller only: an inject's id, title, body, origin, expected actions, notes, trigger, marking,
# decision prompt and options, a move's notes, an objective's targets and critical tasks.
CONTROLLER = {
    "inject_id": "SECRETINJ", "title": "ZQTITLE", "body": "ZQBODY", "from": "ZQFROM", "expected": "ZQEXPECT",
    "inject_note": "ZQINJNOTE", "trigger": "ZQTRIGGER", "releasability": "ZQMARKING", "prompt": "ZQPROMPT",
    "option": "ZQOPTION", "option_id": "zqoptid", "move_note": "ZQMOVENOTE", "target": "ZQTARGET",
    "task": "ZQTASK",
}
# For players: what the Situation Manual shows.
PLAYER = {"purpose": "PLPURPOSE", "scope": "PLSCOPE", "background": "PLROAD", "situation": "PLSITUATION",
          "question": "PLQUESTION", "objective": "PLOBJECTIVE", "move": "PLMOVE"}
JPN_ONLY = "PLJPNONLY"


def marked() -> Scenario:
    c, p = CONTROLLER, PLAYER

    def inject(k: int, **extra) -> dict:
        return {"id": f"{c['inject_id']}{k}", "at": 5 * k, "title": f"{c['title']} {k}", "body": f"{c['body']} {k}",
                "from": c["from"], "expected_actions": [c["expected"]], "objectives": ["OBJ-1"],
                "facilitator_notes": [c["inject_note"]], **extra}

    decision = {"prompt": c["prompt"], "options": [{"id": c["option_id"], "text": c["option"]},
                                                   {"id": "other", "text": f"{c['option']} two"}]}
    return Scenario.model_validate({
        "ttx": 1, "id": "marked", "title": "Marked exercise", "summary": "A summary.",
        "background": p["background"],
        "exercise": {"purpose": p["purpose"], "scope": p["scope"], "sponsor": "The Secretariat",
                     "date": "12 April 2027", "venue": "Seoul", "points_of_contact": ["Director: J. Park"],
                     "logistics": "Doors at 08:30.", "rules": ["Consult capitals through control."]},
        "objectives": [{"id": "OBJ-1", "text": p["objective"], "capability": "Operational Coordination",
                        "capability_targets": [{"text": c["target"], "critical_tasks": [c["task"], c["task"] + "2"]}]}],
        "cells": [{"id": "USA", "name": "United States"}, {"id": "JPN", "name": "Japan"},
                  {"id": "KOR", "name": "Republic of Korea"}, {"id": "WHITE", "kind": "control"}],
        "agenda": [{"title": "Opening brief", "minutes": 15}, {"move": "M1"}, {"move": "M2"},
                   {"title": "Hot wash", "minutes": 20}],
        "moves": [
            {"id": "M1", "title": f"{p['move']} one", "planned_minutes": 30, "situation": p["situation"],
             "facilitator_notes": [c["move_note"]],
             "questions": [{"id": "Q1", "text": p["question"]}, {"id": "Q2", "text": JPN_ONLY, "cells": ["JPN"]}],
             "injects": [inject(1, decision=decision), inject(2, contingency=True, trigger=c["trigger"]),
                         inject(3, releasability=c["releasability"])]},
            {"id": "M2", "title": f"{p['move']} two", "planned_minutes": 20, "situation": p["situation"] + " 2",
             "injects": [inject(4, when={"decision": f"{c['inject_id']}1", "chose": [c["option_id"]]})]},
        ],
    })
