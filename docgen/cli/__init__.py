"""The ``docgen`` command: the group and its error handling (``group``), the commands
about records and templates (``records``), those that write documents
(``documents``), the workspace (``serve``), its accounts and audit trail
(``accounts``), the records' history (``history``), the approval chain (``chain``), the outgoing register
(``register``), and click's own words in Thai (``thai``).
A command parses options, makes one call into docgen, and says what it did; no
document logic lives here."""

from __future__ import annotations

import click

from docgen.cli import (  # noqa: F401 - each registers its commands on main
    accounts,
    chain,
    documents,
    history,
    records,
    register,
    serve,
)
from docgen.cli.group import main

__all__ = ["main"]


def _whole_summaries(group: click.Group) -> None:
    """Each command's summary in the list is its help's whole first line (Click would cut
    it at 45 characters, mid-sentence), and its usage line says ตัวเลือก."""
    for command in group.commands.values():
        command.short_help = (command.help or "").strip().splitlines()[0]
        command.options_metavar = "[ตัวเลือก]"
        if isinstance(command, click.Group):
            command.subcommand_metavar = "คำสั่ง [ตัวเลือกของคำสั่ง]..."
            _whole_summaries(command)


_whole_summaries(main)
