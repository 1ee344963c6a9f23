import json
from pathlib import Path

from ttx.scenario.schema import injects_schema, scenario_schema, translation_schema
from ttx.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Workspace(ROOT).scenario_paths()
TRANSLATIONS = sorted(set((ROOT / "scenarios").glob("*.yaml")) - set(SCENARIOS))


def test_committed_schemas_match_the_models():
    # Regenerate with: ttx schema --write schema
    assert json.loads((ROOT / "schema/scenario.schema.json").read_text()) == scenario_schema()
    assert json.loads((ROOT / "schema/injects.schema.json").read_text()) == injects_schema()
    assert json.loads((ROOT / "schema/translation.schema.json").read_text()) == translation_schema()


def test_builtin_files_carry_the_modeline():
    for path in SCENARIOS:
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/scenario.schema.json"), path
    for path in TRANSLATIONS:
        assert path.read_text().startswith("# yaml-language-server: $schema=../schema/translation.schema.json"), path
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
    translation = jsonschema.Draft202012Validator(translation_schema())
    for path in SCENARIOS:
        assert list(scenario.iter_errors(_as_json(yaml.safe_load(path.read_text())))) == [], path
    for path in TRANSLATIONS:
        assert list(translation.iter_errors(yaml.safe_load(path.read_text()))) == [], path
    for path in sorted((ROOT / "injects").rglob("*.yaml")):
        assert list(library.iter_errors(_as_json(yaml.safe_load(path.read_text())))) == [], path
    data = _as_json(yaml.safe_load((ROOT / "scenarios" / "taiwan-evacuation.yaml").read_text()))
    data["moves"][0]["planed_minutes"] = 30
    assert any("planed_minutes" in e.message for e in scenario.iter_errors(data))


def test_editors_schema_takes_a_translation_in_either_place_and_flags_a_typo():
    import jsonschema
    import yaml

    from tests.scenario.test_translations import _ja

    data = yaml.safe_load(_ja())
    assert list(jsonschema.Draft202012Validator(translation_schema()).iter_errors(data)) == []
    inline = _as_json(yaml.safe_load((ROOT / "scenarios" / "taiwan-evacuation.yaml").read_text()))
    inline["translations"] = {"ja": {k: v for k, v in data.items() if k not in ("ttx", "lang", "scenario")}}
    assert list(jsonschema.Draft202012Validator(scenario_schema()).iter_errors(inline)) == []
    data["injects"]["M1-01"]["tilte"] = "x"
    assert any("tilte" in e.message for e in jsonschema.Draft202012Validator(translation_schema()).iter_errors(data))
