"""The ``docgen`` command: the group and its error handling (``group``), the commands
about records and templates (``records``), those that write documents
(``documents``), the workspace (``serve``), its accounts and audit trail
(``accounts``), the records' history (``history``), the approval chain (``chain``), the outgoing register
(``register``), and click's own words in Thai (``thai``).
A command parses options, makes one call into docgen, and says what it did; no
document logic lives here."""

from __future__ import annotations

from docgen.cli.group import main

__all__ = ["main"]
