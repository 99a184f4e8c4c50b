"""Server-side sessions: the browser holds a random token (in the workspace's signed
cookie); the database holds only its SHA-256, whose it is and when it was last used.
A session ends after a time without use (8 hours by default), and every session of a
user ends when they sign out (a copied cookie is then worth nothing)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from docgen.accounts.models import SignedIn, User, now

IDLE = timedelta(hours=8)
TOUCH = timedelta(minutes=1)  # how stale seen_at may get before it is written again


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def begin(s: Session, user: User, address: str) -> str:
    """A new session for *user*; the token to give the browser."""
    token = secrets.token_urlsafe(32)
    at = now()
    s.add(SignedIn(token_hash=_hash(token), user_id=user.id, created_at=at, seen_at=at, address=address[:100]))
    return token


def resume(s: Session, token: str, idle: timedelta = IDLE) -> User | None:
    """The user of the session *token* if it has been used within *idle*, else None (an
    idle session is ended)."""
    if not token or len(token) > 100:
        return None
    row = s.get(SignedIn, _hash(token))
    if row is None:
        return None
    at = now()
    seen = row.seen_at if row.seen_at.tzinfo else row.seen_at.replace(tzinfo=at.tzinfo)
    if at - seen > idle:
        s.delete(row)
        return None
    if at - seen > TOUCH:
        row.seen_at = at
    return s.get(User, row.user_id)


def end_all(s: Session, user_id: int) -> None:
    """End every session of the user (signing out ends them everywhere)."""
    s.execute(delete(SignedIn).where(SignedIn.user_id == user_id))


def setting(s: Session, key: str, make: str) -> str:
    """The workspace's setting *key*, set to *make* on first use."""
    from docgen.accounts.models import Setting

    found = s.scalar(select(Setting).where(Setting.key == key))
    if found is None:
        s.add(Setting(key=key, value=make))
        return make
    return found.value


def office_setting(db: Any, kind: str, office: str) -> Any:
    """An office's setting of *kind* (``signing``, ``mail``), as the JSON it was kept as;
    None where the office has none."""
    import json

    from docgen.accounts.models import Setting

    with db.session() as s:
        row = s.scalar(select(Setting).where(Setting.key == f"{kind}:{office}"))
        return json.loads(row.value) if row is not None else None


def set_office_setting(db: Any, kind: str, office: str, value: Any) -> None:
    """Keep an office's setting of *kind* (JSON), replacing the one before."""
    import json

    from docgen.accounts.models import Setting

    with db.session() as s:
        key = f"{kind}:{office}"
        row = s.scalar(select(Setting).where(Setting.key == key))
        if row is None:
            s.add(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
        else:
            row.value = json.dumps(value, ensure_ascii=False)
