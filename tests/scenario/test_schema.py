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
