"""A version as the history lists it, and who the changes being made are made by."""

from __future__ import annotations

import datetime
import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from dulwich.objects import ObjectID

ICT = datetime.timezone(datetime.timedelta(hours=7))  # Thailand keeps one time all year

_acting: ContextVar[str | None] = ContextVar("docgen_history_actor", default=None)


@contextmanager
def acting(name: str | None) -> Iterator[None]:
    """Changes made inside are made by *name* (a workspace account)."""
    token = _acting.set(name)
    try:
        yield
    finally:
        _acting.reset(token)


def actor() -> str:
    """Who is making changes now: the account set by :func:`acting`, else the system
    user at the command line."""
    name = _acting.get() or os.environ.get("DOCGEN_ACTOR")
    if name:
        return name
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return f"{user} (บรรทัดคำสั่ง)"


@dataclass(frozen=True)
class Version:
    id: str  # the commit's name, as shown (its first 10 hex digits)
    commit: ObjectID
    when: datetime.datetime  # Thai time
    who: str
    summary: str
    action: str
    files: tuple[str, ...]  # the files it changed, relative to the records folder

    @property
    def when_text(self) -> str:
        from docgen import thai

        return f"{thai.thai_date_short(self.when.date())} {self.when:%H:%M}"
