"""README and --help agree: every command and every option in --help appears in the README."""

import re

import pytest

from advisor.cli import app

from conftest import ROOT
from helpers import cli

README = (ROOT / "README.md").read_text()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_every_command_is_in_the_readme():
    assert COMMANDS
    for name in COMMANDS:
        assert f"advisor {name}" in README, name


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_in_the_readme(command):
    help_text = cli(command, "--help").stdout
    options = set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}
    assert options
    missing = [o for o in options if o not in README]
    assert missing == []


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"Run the tests:\n\n```sh\n(.+)\n```", README).group(1)
    assert command in ci.splitlines()


def test_profile_doc_table_is_generated_from_fields():
    from advisor.profile.fields import markdown_table

    doc = (ROOT / "docs" / "profile.md").read_text()
    assert f"<!-- fields:start -->\n{markdown_table()}\n<!-- fields:end -->" in doc
