"""OpenAEV (formerly OpenBAS/OpenEx) scenario exports: the JSON inside the .zip
the platform exports, or that JSON alone.

Teams become cells with their names kept; each inject's `inject_depends_duration`
(seconds after the start) its `at` in minutes; HTML bodies Markdown; expectations
expected actions; the scenario's variables are substituted (and listed); the
description is the summary. What ttx cannot say (one inject running after
another executed; documents, challenges) is kept in the inject's facilitator
notes or named in a warning. A problem names its place as file:key[index]."""

from __future__ import annotations

import re
from typing import Any

from ttx.imports import teams
from ttx.imports.draft import Draft, plain_to_markdown
from ttx.imports.html import to_markdown
from ttx.imports.t3sf import JsonProblem
from ttx.scenario.times import MAX_MINUTES
from ttx.scenario.msel import SheetError
from ttx.scenario.yamlsrc import Problem

CHANNELS = {"openaev_email": "email", "openbas_email": "email", "openex_email": "email",
            "openaev_channel": "news", "openbas_channel": "news", "openex_channel": "news",
            "openaev_ovh_sms": "call", "openbas_ovh_sms": "call", "openaev_manual": "other"}
_VARIABLE = re.compile(r"\$\{\s*([A-Za-z0-9_.]+)\s*\}")
_PLACEHOLDER = re.compile(r"\[[A-Z][^\[\]\n]{2,60}\]")
# Parts of an export ttx has no place for; named when they hold anything.
_UNUSED = ("documents", "channels", "articles", "challenges", "lessons_categories", "lessons_questions",
           "users", "organizations")


def looks_like(data: Any) -> bool:
    return isinstance(data, dict) and any(k in data for k in ("scenario_injects", "exercise_injects"))


def read(data: dict[str, Any], path: str) -> tuple[Draft, list[Problem]]:
    prefix = "scenario" if "scenario_injects" in data else "exercise"
    problems: list[Problem] = []

    def say(pointer: str, message: str, severity: str = "warning") -> None:
        problems.append(JsonProblem(path, 0, 0, message, severity, pointer=pointer))

    info = _dict(data.get(f"{prefix}_information"))
    draft = Draft("OpenAEV scenario export")
    draft.title = _str(info.get(f"{prefix}_name")).strip() or None
    summary = plain_to_markdown(_str(info.get(f"{prefix}_description")))
    facts = [f"{label} {info[key]}" for key, label in ((f"{prefix}_category", "category"),
             (f"{prefix}_main_focus", "main focus"), (f"{prefix}_severity", "severity")) if info.get(key)]
    if facts:
        summary += ("\n\n" if summary else "") + f"*From OpenAEV: {', '.join(facts)}.*"
    draft.summary = summary + "\n" if summary else None
    if info.get(f"{prefix}_message_header") or info.get(f"{prefix}_message_footer"):
        say(f"{prefix}_information", "the mail header and footer are not imported: ttx marks every screen "
                                     "with the scenario's classification banner")

    variables = {_str(v.get("variable_key")): _str(v.get("variable_value")).strip()
                 for v in _list(data.get(f"{prefix}_variables")) if isinstance(v, dict) and v.get("variable_key")}
    if variables:
        say(f"{prefix}_variables", "variables substituted: " + "; ".join(f"${{{k}}} = {v!r}"
                                                                          for k, v in variables.items()))

    cells = teams.Cells()
    team_cell: dict[str, str] = {}
    for i, team in enumerate(_list(data.get(f"{prefix}_teams"))):
        name = " ".join(_str(_dict(team).get("team_name")).split())
        if not name:
            say(f"{prefix}_teams[{i}]", "a team without a name", "error")
            continue
        team_cell[_str(_dict(team).get("team_id"))] = cells.ids([name])[0]
    for i, obj in enumerate(_list(data.get(f"{prefix}_objectives"))):
        obj = _dict(obj)
        said = ": ".join(t for t in (_str(obj.get("objective_title")).strip(),
                                      _str(obj.get("objective_description")).strip()) if t)
        if said:
            draft.objectives[f"OBJ-{len(draft.objectives) + 1}"] = said

    injects = []
    for i, raw in enumerate(_list(data.get(f"{prefix}_injects"))):
        where = f"{prefix}_injects[{i}]"
        if not isinstance(raw, dict):
            say(where, "is not an inject object", "error")
            continue
        seconds = raw.get("inject_depends_duration") or 0
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or not 0 <= seconds <= MAX_MINUTES * 60:
            say(f"{where}.inject_depends_duration", f"{seconds!r} is not seconds after the start (0 to a week)",
                "error")
            continue
        injects.append((seconds, i, raw))
    injects.sort(key=lambda t: (t[0], t[1]))  # the clock's order; the export's is arbitrary

    move = draft.move("M1")
    ids: dict[str, str] = {}
    for n, (_, i, raw) in enumerate(injects, start=1):
        ids[_str(raw.get("inject_id"))] = f"M1-{n:02d}"
    placeholders: list[str] = []
    platform_vars: set[str] = set()

    def text(value: Any) -> str:
        out = _VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), _str(value))
        for m in _VARIABLE.finditer(out):
            platform_vars.add(m.group(1))
        out = _VARIABLE.sub(lambda m: f"TODO({m.group(1)})", out)
        placeholders.extend(p for p in _PLACEHOLDER.findall(out) if p not in placeholders)
        return out

    for seconds, i, raw in injects:
        where = f"{prefix}_injects[{i}]"
        content = _dict(raw.get("inject_content"))
        contract = _dict(raw.get("inject_injector_contract"))
        name = " ".join(text(raw.get("inject_title")).split())
        subject = " ".join(text(content.get("subject")).split())
        inject: dict[str, Any] = {"id": ids[_str(raw.get("inject_id"))], "at": round(seconds / 60),
                                  "title": subject or name or "(untitled)"}
        if seconds % 60:
            say(f"{where}.inject_depends_duration", f"{seconds} s rounded to {round(seconds / 60)} minutes")
        channel = _str(contract.get("injector_contract_injector_type"))
        inject["channel"] = CHANNELS.get(channel, "other")
        if not raw.get("inject_all_teams"):
            to = [team_cell[t] for t in map(_str, _list(raw.get("inject_teams"))) if t in team_cell]
            inject["to"] = to
            if not to:
                say(where, f"inject {inject['id']} goes to no team: imported with `to: []`, to a control cell")
        body = to_markdown(text(content.get("body") or content.get("message") or ""))
        if body:
            inject["body"] = body + "\n"
        expected = [_expectation(_dict(e)) for e in _list(content.get("expectations"))]
        notes = [f"OpenAEV name: {name}"] if name and name != inject["title"] else []
        if _str(raw.get("inject_description")).strip():
            notes.append(f"OpenAEV description: {text(raw.get('inject_description')).strip()}")
        for dep in _list(raw.get("inject_depends_on")):
            parent = _str(_dict(_dict(dep).get("dependency_relationship")).get("inject_parent_id"))
            if parent in ids:
                conditions = _dict(_dict(dep).get("dependency_condition")).get("conditions")
                what = ", ".join(f"{_dict(c).get('key')} {_dict(c).get('operator')} {_dict(c).get('value')}"
                                 for c in _list(conditions)) or "executed"
                notes.append(f"OpenAEV dependency: after {ids[parent]} ({what})")
                say(f"{where}.inject_depends_on", f"inject {inject['id']} runs after {ids[parent]} in OpenAEV: "
                                                  "kept in its facilitator notes (ttx conditions test decisions, "
                                                  "not releases)")
        if any(expected):
            inject["expected_actions"] = [e for e in expected if e]
        if notes:
            inject["facilitator_notes"] = notes
        if raw.get("inject_enabled") is False:
            inject["contingency"] = True
            say(where, f"inject {inject['id']} is disabled in OpenAEV: imported as a contingency (released "
                       "only by hand)")
        if _list(raw.get("inject_documents")) or _list(content.get("attachments")):
            say(where, f"inject {inject['id']}: its documents and attachments are not imported")
        move.injects.append(inject)

    if not move.injects and not any(p.severity == "error" for p in problems):
        say(f"{prefix}_injects", "the export holds no injects", "error")
    for part in _UNUSED:
        if _list(data.get(f"{prefix}_{part}")):
            say(f"{prefix}_{part}", f"the export's {part.replace('_', ' ')} are not imported: ttx has no place "
                                    "for them")
    if platform_vars:
        say(f"{prefix}_injects", "variables OpenAEV fills in per recipient or platform are left as TODO(…) "
                                 f"for you to write: {', '.join(sorted(platform_vars))}")
    if placeholders:
        say(f"{prefix}_injects", f"the text holds placeholders to fill in: {', '.join(placeholders[:12])}"
                                 + (" …" if len(placeholders) > 12 else ""))
    draft.cells = cells.entries({})
    if not draft.cells:
        draft.cells = {"PLAYERS": {"name": "Players", "kind": None}}
        say(f"{prefix}_teams", "the export has no teams: every inject goes to one cell, PLAYERS")
    if any(p.severity == "error" for p in problems):
        raise SheetError(problems)
    return draft, problems


def _expectation(e: dict[str, Any]) -> str:
    name, description = _str(e.get("expectation_name")).strip(), _str(e.get("expectation_description")).strip()
    if name.lower() in description.lower():
        return description
    return f"{name}: {description}" if name and description else name or description


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)

