"""advisor schema (draft-07, in agreement with the validator) and advisor init."""

import json

import jsonschema
import pytest
import yaml

from advisor.profile.load import load_text, read_file
from advisor.profile.schema import dumps, generate
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
    assert (ROOT / "advisor" / "profile" / "profile.schema.json").read_text() == generate() == dumps()
    assert dumps("elsewhere.json") == generate("elsewhere.json")


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
    assert text.startswith("# yaml-language-server: $schema=profile.schema.json\n")  # written beside it
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


# -- the $schema line works once committed; the schema says where it lives ----------------------------

def test_init_points_at_a_schema_file_in_the_repository(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "profile.schema.json").write_text(dumps())
    (tmp_path / "clients" / "north").mkdir(parents=True)
    path = tmp_path / "clients" / "north" / "shop.yaml"
    result = cli("init", path)
    assert result.exit_code == 0
    assert path.read_text().startswith("# yaml-language-server: $schema=../../profile.schema.json\n")
    assert sorted(p.name for p in tmp_path.rglob("*.json")) == ["profile.schema.json"]  # nothing new written


def test_init_never_looks_past_the_repository_root(tmp_path):
    (tmp_path / "profile.schema.json").write_text(dumps())  # outside the repository
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    path = tmp_path / "repo" / "shop.yaml"
    result = cli("init", path)
    assert path.read_text().startswith("# yaml-language-server: $schema=profile.schema.json\n")
    assert (tmp_path / "repo" / "profile.schema.json").read_text() == dumps()
    assert "wrote" in result.stderr and "profile.schema.json" in result.stderr
    assert "file://" not in path.read_text() and "site-packages" not in path.read_text()


def test_init_follows_the_config_files_schema_setting(tmp_path):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "shop-profile.schema.json").write_text(dumps("shop-profile.schema.json"))
    (tmp_path / ".advisor.toml").write_text('schema = "schemas/shop-profile.schema.json"\n')
    (tmp_path / "profiles").mkdir()
    path = tmp_path / "profiles" / "shop.yaml"
    assert cli("init", path).exit_code == 0
    assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=../schemas/shop-profile.schema.json"


def test_this_repository_points_new_profiles_at_the_shipped_schema(monkeypatch, tmp_path):
    from advisor.profile.config import load
    from advisor.profile.templates import schema_reference

    monkeypatch.chdir(ROOT)
    reference, to_write = schema_reference(str(ROOT / "profiles" / "new.yaml"), None, load().schema)
    assert (reference, to_write) == ("../advisor/profile/profile.schema.json", None)
    for path in PROFILES:  # and so do the shipped ones
        assert path.read_text().splitlines()[0] == "# yaml-language-server: $schema=" + reference


@pytest.mark.parametrize("given,expected", [
    ("https://example.org/s.json", "https://example.org/s.json"),  # a URL as given
    ("schemas/p.json", "../schemas/p.json"),  # a path: relative to the profile's folder
])
def test_init_schema_option(tmp_path, monkeypatch, given, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "profiles").mkdir()
    assert cli("init", "profiles/x.yaml", "--schema", given).exit_code == 0
    assert (tmp_path / "profiles" / "x.yaml").read_text().splitlines()[0].endswith("$schema=" + expected)


def test_the_schema_id_says_where_it_lives(tmp_path):
    assert json.loads(cli("schema").stdout)["$id"] == "profile.schema.json"
    path = tmp_path / "shop-profile.schema.json"
    assert cli("schema", "--output", path).exit_code == 0
    written = json.loads(path.read_text())
    assert written["$id"] == "shop-profile.schema.json"
    assert "invalid" not in path.read_text() and "example" not in written["$id"]
    jsonschema.Draft7Validator.check_schema(written)


@pytest.mark.parametrize("args,message", [
    (("init", "{tmp}/shop.txt"), "a profile is a YAML file; name it *.yaml or *.yml"),
    (("schema", "--output", "{tmp}/schema.yaml"), "the schema is JSON; name the file *.json"),
])
def test_output_files_with_an_extension_of_the_wrong_kind_are_refused(tmp_path, args, message):
    result = cli(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2 and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_comments_follow_the_language(tmp_path):
    cli("init", tmp_path / "zh.yaml", "--lang", "zh", "--template", "fresh-food")
    cli("init", tmp_path / "en.yaml", "--template", "fresh-food")
    zh, en = (tmp_path / "zh.yaml").read_text(), (tmp_path / "en.yaml").read_text()
    assert "# 起步档案：微信上的社区生鲜店。" in zh and "name: 我的店铺" in zh
    assert "# Starter profile for a community fresh-food store on WeChat." in en
    from advisor.profile.load import load_text

    assert load_text(zh, "zh.yaml")[0].values == load_text(en, "en.yaml")[0].values


def test_the_readme_pre_commit_snippets_use_revisions_that_exist():
    import re
    import subprocess

    readme = (ROOT / "README.md").read_text()
    revs = re.findall(r"^\s+rev: (\S+)", readme, re.M)
    assert revs, "the README shows a pre-commit snippet with a rev"
    for rev in revs:
        assert re.fullmatch(r"[0-9a-f]{40}|v\d+\.\d+\.\d+", rev), rev
        if not (ROOT / ".git").exists():
            pytest.skip("not a git checkout")
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:.pre-commit-hooks.yaml"], capture_output=True,
                               text=True)
        if shown.returncode and rev.startswith("v"):
            pytest.skip(f"tag {rev} is not in this clone")
        assert shown.returncode == 0, f"{rev} does not exist or has no .pre-commit-hooks.yaml"
        assert "id: advisor-validate" in shown.stdout
    assert "git tag" in readme and "pre-commit autoupdate" in readme
