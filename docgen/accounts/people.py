"""The users of a workspace: added to an office as clerk, approver or office admin (or
as a site admin), listed, removed; their passwords kept only as argon2id hashes
(argon2-cffi, memory-hard) and checked in constant time."""

from __future__ import annotations

import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen.accounts.models import ROLES, Membership, Office, User, now
from docgen.errors import DocgenError

HASHER = PasswordHasher()  # argon2id, the library's recommended costs (64 MiB, 3 passes)
#: computed once: checking a name nobody has costs as long as a wrong password
_NOBODY = HASHER.hash("docgen: no such user")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
OFFICE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
EMAIL = re.compile(r"^[\w.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MIN_PASSWORD = 10


@dataclass(frozen=True)
class Member:
    """A user's place in one office, as the workspace checks it."""

    office: str
    role: str
    holds: str | None


@dataclass(frozen=True)
class Who:
    """The signed-in user of a request."""

    id: int
    name: str
    site_admin: bool
    offices: dict[str, Member]


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise DocgenError(f"รหัสผ่านสั้นเกินไป: ต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร")
    if len(password) > 1000:
        raise DocgenError("รหัสผ่านยาวเกิน 1,000 ตัวอักษร")


def office_row(s: Session, key: str) -> Office:
    """The office *key* (its folder under the records folder), made on first use."""
    if not OFFICE.match(key):
        raise DocgenError(f"ชื่อหน่วยงาน {key!r} ใช้ไม่ได้: ต้องเป็นชื่อโฟลเดอร์ของหน่วยงานใต้โฟลเดอร์ข้อมูล"
                          " (ตัวอักษรอังกฤษ ตัวเลข - _ .)")
    found = s.scalar(select(Office).where(Office.key == key))
    if found is None:
        found = Office(key=key, created_at=now())
        s.add(found)
        s.flush()
    return found


def add(s: Session, name: str, office: str | None, role: str, *, password: str | None,
        holds: str | None = None, email: str | None = None) -> tuple[User, bool]:
    """Add *name* to *office* as *role* (``site-admin`` needs no office). A new user needs
    *password*; a user who exists gets the membership only (and *email*, if given).
    Returns the user and whether it is new."""
    if not NAME.match(name):
        raise DocgenError(f"ชื่อผู้ใช้ {name!r} ใช้ไม่ได้: ใช้ตัวอักษรอังกฤษ ตัวเลข . _ @ - ไม่เกิน 100 ตัว"
                          " ขึ้นต้นด้วยตัวอักษรหรือตัวเลข")
    if role != "site-admin" and role not in ROLES:
        raise DocgenError(f"บทบาท {role!r} ไม่มี: ใช้ได้ {', '.join(ROLES)} หรือ site-admin")
    if role == "approver" and not holds:
        raise DocgenError("ผู้อนุมัติต้องระบุตำแหน่งในแฟ้มข้อมูลองค์กรที่ถือด้วย --holds (เช่น --holds permanent-secretary)")
    if role != "approver" and holds:
        raise DocgenError("--holds ใช้กับบทบาท approver เท่านั้น")
    if role != "site-admin" and not office:
        raise DocgenError("ต้องระบุหน่วยงานด้วย --office")
    if email is not None and not EMAIL.match(email):
        raise DocgenError(f"อีเมล {email!r} ไม่ใช่ที่อยู่อีเมลที่ใช้ได้ (เช่น somchai@example.go.th)")
    user = s.scalar(select(User).where(User.name == name))
    new = user is None
    if user is None:
        if password is None:
            raise DocgenError(f"ผู้ใช้ {name} ยังไม่มี: ต้องตั้งรหัสผ่าน")
        check_password(password)
        user = User(name=name, password_hash=HASHER.hash(password), site_admin=False, created_at=now())
        s.add(user)
        s.flush()
    if email is not None:
        user.email = email
    if role == "site-admin":
        user.site_admin = True
        return user, new
    assert office is not None
    place = office_row(s, office)
    had = s.scalar(select(Membership).where(Membership.user_id == user.id, Membership.office_id == place.id))
    if had is not None:
        raise DocgenError(f"ผู้ใช้ {name} อยู่ในหน่วยงาน {office} แล้ว (บทบาท {had.role})"
                          " ถ้าจะเปลี่ยนบทบาท ให้ลบออกจากหน่วยงานก่อนแล้วเพิ่มใหม่")
    s.add(Membership(user_id=user.id, office_id=place.id, role=role, holds=holds))
    s.flush()
    return user, new


def remove(s: Session, name: str, office: str | None) -> None:
    """Take *name* out of *office*, or remove the user altogether (no office); every
    session of theirs ends."""
    from docgen.accounts.sessions import end_all

    user = s.scalar(select(User).where(User.name == name))
    if user is None:
        raise DocgenError(f"ไม่พบผู้ใช้ {name}")
    if office is None:
        end_all(s, user.id)
        s.delete(user)
        return
    place = s.scalar(select(Office).where(Office.key == office))
    had = None if place is None else s.scalar(
        select(Membership).where(Membership.user_id == user.id, Membership.office_id == place.id))
    if had is None:
        raise DocgenError(f"ผู้ใช้ {name} ไม่ได้อยู่ในหน่วยงาน {office}")
    s.delete(had)
    end_all(s, user.id)


def listing(s: Session, office: str | None = None) -> list[tuple[str, str, str, str]]:
    """(name, office, role, holds) of every membership (of *office* only, if given), and
    the site admins, sorted."""
    rows = []
    for m in s.scalars(select(Membership).join(Office).join(User)):
        if office is None or m.office.key == office:
            rows.append((m.user.name, m.office.key, m.role, m.holds or ""))
    if office is None:
        rows += [(u.name, "", "site-admin", "") for u in s.scalars(select(User).where(User.site_admin))]
    return sorted(rows)


def who(s: Session, user: User) -> Who:
    return Who(user.id, user.name, user.site_admin,
               {m.office.key: Member(m.office.key, m.role, m.holds) for m in user.memberships})


def verify(s: Session, name: str, password: str) -> User | None:
    """The user *name* if *password* is theirs (the hash renewed when its costs changed);
    None otherwise, after the same work as a right one."""
    user = s.scalar(select(User).where(User.name == name)) if NAME.match(name) and len(password) <= 1000 else None
    try:
        HASHER.verify(user.password_hash if user else _NOBODY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    return user


def exists(s: Session, name: str) -> bool:
    return s.scalar(select(User.id).where(User.name == name)) is not None


def count(s: Session) -> int:
    from sqlalchemy import func

    return int(s.scalar(select(func.count()).select_from(User)) or 0)
