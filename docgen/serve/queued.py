"""The shared build queue's table, beside the accounts' in the same database (made by
the migration ``0004_build_queue``; ``tests/test_accounts.py`` compares them)."""

from __future__ import annotations

import datetime as _dt

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docgen.accounts.models import Base

WAITING, RUNNING, DONE = "waiting", "running", "done"


class BuildJob(Base):
    """One build of the shared queue: what the page of its packet shows."""

    __tablename__ = "build_jobs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    packet: Mapped[str] = mapped_column(String(400), index=True)
    office: Mapped[str] = mapped_column(String(200))
    priority: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    ok: Mapped[int] = mapped_column(Integer, default=0)
    lines: Mapped[str] = mapped_column(Text, default="")
    worker: Mapped[str] = mapped_column(String(200), default="")
    queued_at: Mapped[_dt.datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[_dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    ended_at: Mapped[_dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
