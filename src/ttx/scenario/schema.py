"""JSON Schemas of scenario and library files, generated from the models,
for editor completion (yaml-language-server modelines point at them)."""

from __future__ import annotations

import copy
import json
from typing import Any

from ttx.scenario.model import Scenario
from ttx.scenario.times import DURATION_PATTERN
from ttx.scenario.translation import TranslationFile

BASE = "https://ttx.example/schema/"


def scenario_schema() -> dict[str, Any]:
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    _durations(schema)
    defs = schema["$defs"]
    defs["InjectUse"] = _partial(defs["Inject"], required=["use"], title="InjectUse",
                                 description="An inject from the library, by id; any field given here "
                                             "replaces the library's.")
    defs["InjectUse"]["properties"] = {"use": {"type": "string", "description": "library inject id"},
                                       **defs["InjectUse"]["properties"]}
    defs["Move"]["properties"]["injects"]["items"] = {
        "anyOf": [{"$ref": "#/$defs/Inject"}, {"$ref": "#/$defs/InjectUse"}]}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = BASE + "scenario.schema.json"
    return schema


def injects_schema() -> dict[str, Any]:
    full = scenario_schema()
    defs = full["$defs"]
    lib_inject = _partial(defs["Inject"], required=["id"], title="LibraryInject",
                          description="A reusable inject; `at` and any other field may be set where it is used.")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + "injects.schema.json",
        "title": "ttx inject library",
        "type": "object",
        "additionalProperties": False,
        "required": ["ttx"],
        "properties": {
            "ttx": {"const": 1},
            "injects": {"type": "array", "items": {"$ref": "#/$defs/LibraryInject"}},
        },
        "$defs": {**{k: v for k, v in defs.items() if k != "InjectUse"}, "LibraryInject": lib_inject},
    }


def translation_schema() -> dict[str, Any]:
    """A sibling translation file, scenarios/<id>.<lang>.yaml."""
    schema = TranslationFile.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = BASE + "translation.schema.json"
    schema["title"] = "ttx scenario translation"
    return schema


SCHEMAS = {"scenario": scenario_schema, "injects": injects_schema, "translation": translation_schema}


def _durations(node: Any) -> None:
    """Durations validate as minutes or "H:MM"; pydantic leaves their bounds beside
    the anyOf, where JSON Schema ignores them: move them into the branches."""
    if isinstance(node, dict):
        if "anyOf" in node and ("ge" in node or "le" in node):
            low, high = node.pop("ge", None), node.pop("le", None)
            for branch in node["anyOf"]:
                if branch.get("type") == "integer":
                    branch.update({"minimum": low, "maximum": high})
                elif branch.get("type") == "string":
                    branch["pattern"] = DURATION_PATTERN
        for value in node.values():
            _durations(value)
    elif isinstance(node, list):
        for value in node:
            _durations(value)


def _partial(obj: dict[str, Any], *, required: list[str], title: str, description: str) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    out["required"] = required
    out["title"] = title
    out["description"] = description
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"
