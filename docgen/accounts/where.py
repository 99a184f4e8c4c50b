"""Where a workspace's database is, found without opening it (and without importing
SQLAlchemy: a command on records kept without a database pays nothing for it)."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_NAME = "docgen.sqlite3"


def default_url(records: Path) -> str:
    """The embedded database of the workspace over *records*: a file beside that folder."""
    return f"sqlite:///{(records.resolve().parent / DEFAULT_NAME).as_posix()}"


def of_records(root: Path) -> str | None:
    """The database the records folder *root* is kept with, if any: ``$DOCGEN_DB`` (the
    workspace sets it for its builds), else the embedded file beside the folder where
    one exists (None: the records have no register and no approval chain)."""
    beside = root.resolve().parent / DEFAULT_NAME
    return os.environ.get("DOCGEN_DB") or (default_url(root) if beside.is_file() else None)
