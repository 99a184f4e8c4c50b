"""The approval chain's tables, beside the accounts' in the same database (made by the
migration ``0003_chain``; ``tests/test_accounts.py`` compares them).

A *round* is one sending of one memo of one packet up its chain; its *steps* are the
officials it passes, lowest first, the last one deciding. The notes themselves are
the records' (``memo.annotations``): a step keeps what was done, by whom and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from docgen.accounts.models import Base

#: a round's states: under way, sent back to the clerk, decided, or reopened by the
#: clerk after a decision (a new round follows)
OPEN, RETURNED, DECIDED, REOPENED = "open", "returned", "decided", "reopened"
#: a step's states: not reached yet, with the official now, done (forwarded or decided), returned
LATER, WAITING, DONE, SENT_BACK = "later", "waiting", "done", "returned"


class Round(Base):
    """One sending of a memo (``memo`` or ``progress-memo``) of one packet."""

    __tablename__ = "chain_rounds"
    __table_args__ = (UniqueConstraint("office", "packet", "document", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office: Mapped[str] = mapped_column(String(200), index=True)
    packet: Mapped[str] = mapped_column(String(400))  # its folder under the records folder
    document: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)  # the packet's first round of this memo is 1
    state: Mapped[str] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(20), default="")  # approved, noted, not-approved
    sent_by: Mapped[str] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    changes: Mapped[str] = mapped_column(Text, default="")  # what changed since the round approved before it
    approved: Mapped[str] = mapped_column(String(64), default="")  # the hash of what the decision approved
    version: Mapped[str] = mapped_column(String(40), default="")  # the history's version at the decision
    steps: Mapped[list[Step]] = relationship(back_populates="round", order_by="Step.position", lazy="selectin",
                                             cascade="all, delete-orphan")


class Step(Base):
    """One official of a round: the profile role, who acted (the account), what they did."""

    __tablename__ = "chain_steps"
    __table_args__ = (UniqueConstraint("round_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("chain_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(20))
    since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # reached this step
    acted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    account: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    note_date: Mapped[str] = mapped_column(String(20), default="")  # ISO, the date the note carries
    round: Mapped[Round] = relationship(back_populates="steps", lazy="joined")
