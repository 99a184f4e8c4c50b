"""The accounts' tables (SQLAlchemy 2). The schema is made and changed only by the
Alembic migrations in ``migrations/versions``; these classes must say the same
(``tests/test_accounts.py`` compares them)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: what a member of an office may be: a clerk keeps its records; an approver holds one
#: of the profile's roles and reads; an office admin also manages the office's users
ROLES = ("clerk", "approver", "admin")


def now() -> datetime:
    """The time a row is written, in UTC."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Office(Base):
    """An office the workspace serves: its folder under the records folder."""

    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class User(Base):
    """A person who signs in (one name, one password), a member of one office or more."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    site_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)  # for the approval chain's notices
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")


class Membership(Base):
    """What a user is in one office: ``clerk``, ``approver`` (holding the profile's role
    ``holds``) or ``admin``."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "office_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    holds: Mapped[str | None] = mapped_column(String(200), nullable=True)
    user: Mapped[User] = relationship(back_populates="memberships")
    office: Mapped[Office] = relationship()


class SignedIn(Base):
    """A server-side session: the SHA-256 of the token the browser holds (so the table
    gives no one a session), whose, and when it was last used."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    address: Mapped[str] = mapped_column(String(100), default="")


class AuditEntry(Base):
    """One line of the audit trail, chained to the one before by its hash: ``prev`` is
    unique, so two writers can never both extend the same entry."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(100))
    office: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    prev: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """The workspace's own settings, e.g. the key that signs its cookies (kept, so that
    a restart ends no session and spoils no open form)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
