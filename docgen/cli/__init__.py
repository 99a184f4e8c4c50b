"""The ``docgen`` command (``commands``) and click's own words in Thai (``thai``)."""

from docgen.cli.commands import main

__all__ = ["main"]
