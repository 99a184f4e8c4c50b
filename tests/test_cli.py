"""The command line: help with an example for every command, the version."""

import re

import pytest

from docgen import __version__
from docgen.cli import main

from conftest import ROOT, run

COMMANDS = sorted(main.commands)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"docgen, version {__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    result = run(name, "-h")
    assert result.exit_code == 0
    assert "ตัวอย่าง:" in result.stdout
    assert f"docgen {name}" in result.stdout.split("ตัวอย่าง:")[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"docgen {name}" in readme
