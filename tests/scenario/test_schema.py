import json
from pathlib import Path

from ttx.scenario.schema import injects_schema, scenario_schema

ROOT = Path(__file__).resolve().parents[2]


def test_committed_schemas_match_the_models():
    # Regenerate with: ttx schema --write schema
    assert json.loads((ROOT / "schema/scenario.schema.json").read_text()) == scenario_schema()
    assert json.loads((ROOT / "schema/injects.schema.json").read_text()) == injects_schema()


def test_builtin_files_carry_the_modeline():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/scenario.schema.json"), path
    for path in sorted((ROOT / "injects").rglob("*.yaml")):
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/injects.schema.json"), path


def _as_json(value):
    """YAML timestamps as the strings an editor's YAML server sees."""
    import datetime

    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value


def test_editors_schema_accepts_the_builtin_files_and_flags_a_typo():
    import jsonschema
    import yaml

    scenario = jsonschema.Draft202012Validator(scenario_schema())
    library = jsonschema.Draft202012Validator(injects_schema())
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert list(scenario.iter_errors(_as_json(yaml.safe_load(path.read_text())))) == [], path
    for path in sorted((ROOT / "injects").rglob("*.yaml")):
        assert list(library.iter_errors(_as_json(yaml.safe_load(path.read_text())))) == [], path
    data = _as_json(yaml.safe_load((ROOT / "scenarios" / "taiwan-evacuation.yaml").read_text()))
    data["moves"][0]["planed_minutes"] = 30
    assert any("planed_minutes" in e.message for e in scenario.iter_errors(data))
