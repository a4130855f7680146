"""advisor schema (draft-07, in agreement with the validator) and advisor init."""

import json

import jsonschema
import pytest
import yaml

from advisor.profile.load import load_text, read_file
from advisor.profile.schema import dumps
from advisor.profile.templates import TEMPLATES

from cases import BAD_INPUTS
from conftest import PROFILES, ROOT
from helpers import cli, cli_process

# Bad fixtures that are wrong at the level of types, names, required keys and bounds: the schema
# must reject them just as the validator does. (Positions, duplicates, aliases and NaN are the
# validator's alone: they are not visible once YAML is parsed into JSON data.)
TYPE_LEVEL = ["wrong-type", "bool-as-number", "negative", "zero-revenue", "share-over-one", "share-over-100",
              "bad-percent", "unknown-key", "unknown-section", "missing-section", "missing-key",
              "section-not-mapping", "unknown-version", "unknown-platform", "unknown-category", "bad-currency",
              "range-bad-form", "range-on-fact", "horizon-fraction", "horizon-absurd", "retention-one",
              "other-cost-bad", "list-not-mapping", "scalar-not-mapping"]


@pytest.fixture(scope="module")
def schema():
    result = cli("schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_schema_is_valid_draft7(schema):
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)


def test_shipped_schema_file_is_current():
    assert (ROOT / "advisor" / "profile" / "profile.schema.json").read_text() == dumps()


@pytest.mark.parametrize("path", PROFILES, ids=[p.name for p in PROFILES])
def test_schema_and_validator_accept_shipped_profiles(schema, path):
    jsonschema.validate(yaml.safe_load(path.read_text()), schema, cls=jsonschema.Draft7Validator)
    assert read_file(str(path))[0] is not None


@pytest.mark.parametrize("name", TYPE_LEVEL)
def test_schema_and_validator_reject_type_level_fixtures(schema, name):
    content = {b[0]: b[1] for b in BAD_INPUTS}[name]
    data = yaml.safe_load(content)
    assert not jsonschema.Draft7Validator(schema).is_valid(data)
    assert load_text(content, "x.yaml")[0] is None


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_init_writes_a_valid_profile(tmp_path, schema, name):
    path = tmp_path / f"{name}.yaml"
    result = cli("init", path, "--template", name)
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=file://")
    assert cli("validate", "--strict", path).exit_code == 0
    jsonschema.validate(yaml.safe_load(text), schema, cls=jsonschema.Draft7Validator)


def test_init_refuses_to_overwrite_and_force_does(tmp_path):
    path = tmp_path / "shop.yaml"
    path.write_text("precious: data\n")
    result = cli("init", path)
    assert result.exit_code == 1
    assert "exists" in result.stderr and "--force" in result.stderr
    assert path.read_text() == "precious: data\n"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    result = cli("init", path, "--force", "--template", "fresh-food")
    assert result.exit_code == 0
    assert "category: fresh-food" in path.read_text()


def test_init_unknown_template_is_a_usage_error(tmp_path):
    result = cli("init", tmp_path / "x.yaml", "--template", "spaceships")
    assert result.exit_code == 2 and "spaceships" in result.stderr


def test_init_list():
    out = cli("init", "--list").stdout
    assert all(name in out for name in TEMPLATES)


def test_schema_output_file_and_refusal(tmp_path):
    path = tmp_path / "s.json"
    assert cli("schema", "--output", path).exit_code == 0
    assert json.loads(path.read_text())["title"].startswith("advisor")
    assert cli("schema", "--output", path).exit_code == 1
    assert cli("schema", "--output", path, "--force").exit_code == 0


def test_cannot_write_is_a_clean_error(tmp_path):
    proc = cli_process("init", tmp_path / "missing-dir" / "x.yaml")
    assert proc.returncode == 1 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "advisor-validate" and hook["entry"].startswith("advisor validate")
    assert hook["language"] == "python"
