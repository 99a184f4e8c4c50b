"""The register's tables, beside the accounts' in the same database (made by the
migration ``0002_register``; ``tests/test_accounts.py`` compares them)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from docgen.accounts.models import Base


class Series(Base):
    """One book of one office in one calendar year (Buddhist era): the next number
    it issues. Issuing raises ``next_number`` in the same statement that reads it, so
    the row's lock makes issuers take turns."""

    __tablename__ = "register_series"
    __table_args__ = (UniqueConstraint("office", "book", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(200))
    book: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    next_number: Mapped[int] = mapped_column(Integer)


class Entry(Base):
    """One number of a book: what it was issued for, by whom, and whether it was
    cancelled (it stays, marked ยกเลิก, and is never issued again)."""

    __tablename__ = "register_entries"
    __table_args__ = (UniqueConstraint("series_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("register_series.id", ondelete="RESTRICT"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(40))  # memo, circular, progress-memo, letter
    doc_date: Mapped[str] = mapped_column(String(20), default="")  # ISO, the letter's own date
    sender: Mapped[str] = mapped_column(Text, default="")  # จาก
    recipient: Mapped[str] = mapped_column(Text, default="")  # ถึง
    subject: Mapped[str] = mapped_column(Text, default="")  # เรื่อง
    packet: Mapped[str] = mapped_column(String(400), default="")  # the packet's folder under the records
    field: Mapped[str] = mapped_column(String(200), default="")  # the records field holding it: memo.number
    issued_by: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20), default="issued")  # issued, cancelled
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_by: Mapped[str] = mapped_column(String(100), default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
