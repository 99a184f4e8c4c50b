"""The command line: help with an example for every command, the version."""

import importlib
import re
import subprocess
import sys

import click
import pytest

from docgen import __version__
from docgen.cli import group, main

from conftest import ROOT, run

COMMANDS = main.list_commands(click.Context(main))


def test_each_command_is_imported_from_the_module_that_defines_it():
    """The group imports a command's module when the command is run: its table names
    every command there is, each with the module that registers it."""
    for module in set(group.COMMANDS.values()):
        importlib.import_module(f"docgen.cli.{module}")
    assert {name: cmd.callback.__module__.removeprefix("docgen.cli.") for name, cmd in main.commands.items()
            if cmd.callback is not None} == group.COMMANDS
    assert COMMANDS == sorted(group.COMMANDS)


def test_validate_imports_neither_the_database_nor_the_workspace():
    code = ("import sys; from docgen.cli import main; main(['validate', '-r', 'records/lopburi-pao/2566'],"
            " standalone_mode=False); print(sorted(m for m in sys.modules if m.split('.')[0] in"
            " ('sqlalchemy', 'flask', 'waitress', 'alembic', 'docxtpl') or m.startswith('docgen.serve')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


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
