"""Issuing, cancelling and reading an office's register (ทะเบียนหนังสือส่ง).

The rules (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. ๒๕๒๖ ข้อ ๔๓ and its
amendments): the running number continues through the calendar year (from 1 January,
not the fiscal year), the circulars (ว) have their own series, and a book an office
adds (a unit's own) is a series of its own too. A cancelled number stays in the book,
marked ยกเลิก, and is never issued again: a number missing from the book is a sign of
fraud.

Issuing is one transaction that first raises the series' next number and reads it
back (``UPDATE ... RETURNING``): the database makes concurrent issuers take turns on
that row (PostgreSQL's row lock, SQLite's write lock), and the unique (series, number)
constraint stands behind it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from docgen import thai
from docgen.accounts import audit
from docgen.accounts.db import Database
from docgen.errors import DocgenError
from docgen.history.entry import ICT
from docgen.register.models import Entry, Series

#: the books every office has; an office may add its own by a key of its own
BOOKS = {"outgoing": "ทะเบียนหนังสือส่ง", "circular": "ทะเบียนหนังสือเวียน (ว)"}
BOOK_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
CANCELLED = "cancelled"


def book_name(book: str) -> str:
    return BOOKS.get(book, f"ทะเบียนหนังสือส่ง ({book})")


def checked_book(book: str) -> str:
    if not BOOK_KEY.match(book):
        raise DocgenError(f"ชื่อทะเบียน '{book}' ใช้ไม่ได้: ใช้ outgoing (หนังสือส่ง), circular (หนังสือเวียน ว)"
                          " หรือชื่อของหน่วยงานเองเป็นอักษรอังกฤษตัวเล็ก ตัวเลข และ - เช่น legal-affairs")
    return book


def calendar_year(at: datetime.datetime | None = None) -> int:
    """The Buddhist-era calendar year of *at* (now) in Thailand: the register's year."""
    return thai.be_year((at or datetime.datetime.now(ICT)).astimezone(ICT).year)


@dataclass(frozen=True)
class Letter:
    """What the book says of a letter: its kind, its own date, from, to, subject, and
    the packet and records field it belongs to (none for a letter docgen did not write)."""

    kind: str
    subject: str
    recipient: str
    sender: str = ""
    doc_date: str = ""
    packet: str = ""
    field: str = ""


def _bump(s: Session, office: str, book: str, year: int) -> int | None:
    row = s.execute(update(Series).where(Series.office == office, Series.book == book, Series.year == year)
                    .values(next_number=Series.next_number + 1).returning(Series.id, Series.next_number)).first()
    if row is None:
        return None
    return int(row[1]) - 1


def issue(db: Database, office: str, book: str, letter: Letter, *, who: str,
          at: datetime.datetime | None = None) -> Entry:
    """The next number of *book* in *office*'s book of the calendar year of *at* (now),
    registered for *letter* by *who*."""
    book = checked_book(book)
    at = at or datetime.datetime.now(ICT)
    year = calendar_year(at)
    for _ in range(20):
        try:
            with db.session() as s:
                number = _bump(s, office, book, year)  # the first statement: it takes the series' lock
                if number is None:
                    s.add(Series(office=office, book=book, year=year, next_number=2))
                    s.flush()
                    number = 1
                series = s.execute(select(Series.id).where(Series.office == office, Series.book == book,
                                                           Series.year == year)).scalar_one()
                entry = Entry(series_id=series, number=number, registered_at=at.astimezone(datetime.timezone.utc),
                              kind=letter.kind,
                              doc_date=letter.doc_date, sender=letter.sender, recipient=letter.recipient,
                              subject=letter.subject, packet=letter.packet, field=letter.field, issued_by=who,
                              state="issued", cancel_reason="", cancelled_by="")
                s.add(entry)
            break
        except (IntegrityError, OperationalError):  # another issuer made the series first: take turns again
            continue
    else:
        raise DocgenError(f"ออกเลขใน{book_name(book)}ไม่ได้ เพราะมีผู้ออกเลขพร้อมกันมากเกินไป ให้ลองใหม่อีกครั้ง")
    audit.record(db, who, "number", office=office, book=book, year=year, number=entry.number, kind=letter.kind,
                 subject=letter.subject)
    return entry


def _series(s: Session, office: str, book: str, year: int) -> Series | None:
    return s.execute(select(Series).where(Series.office == office, Series.book == book,
                                          Series.year == year)).scalar_one_or_none()


def set_next(db: Database, office: str, book: str, year: int, number: int, *, who: str) -> None:
    """Start *book*'s year at *number* (an office moving to docgen mid-year): refused
    below a number already in the book, so none is issued twice."""
    book = checked_book(book)
    if number < 1:
        raise DocgenError("เลขถัดไปต้องเป็น 1 ขึ้นไป")
    with db.session() as s:
        series = _series(s, office, book, year)
        if series is None:
            s.add(Series(office=office, book=book, year=year, next_number=number))
        else:
            top = s.execute(select(func.max(Entry.number)).where(Entry.series_id == series.id)).scalar()
            if top is not None and number <= top:
                raise DocgenError(f"ตั้งเลขถัดไปเป็น {number} ไม่ได้: {book_name(book)} ปี {year} มีเลข {top} แล้ว"
                                  f" เลขถัดไปต้องมากกว่า {top}")
            series.next_number = number
    audit.record(db, who, "number-set-next", office=office, book=book, year=year, next=number)


def cancel(db: Database, office: str, book: str, year: int, number: int, *, reason: str, who: str) -> Entry:
    """Mark *number* cancelled (it stays in the book, never issued again)."""
    if not reason.strip():
        raise DocgenError("ต้องบอกเหตุผลที่ยกเลิกเลขนี้ (--reason)")
    with db.session() as s:
        entry = _entry(s, office, book, year, number)
        if entry.state == CANCELLED:
            raise DocgenError(f"เลข {number} ใน{book_name(book)} ปี {year} ยกเลิกไปแล้ว ({entry.cancel_reason})")
        entry.state, entry.cancel_reason, entry.cancelled_by = CANCELLED, reason.strip(), who
        entry.cancelled_at = datetime.datetime.now(ICT)
    audit.record(db, who, "number-cancel", office=office, book=book, year=year, number=number, reason=reason)
    return entry


def _entry(s: Session, office: str, book: str, year: int, number: int) -> Entry:
    found = s.execute(select(Entry).join(Series, Entry.series_id == Series.id).where(
        Series.office == office, Series.book == book, Series.year == year, Entry.number == number)).scalar_one_or_none()
    if found is None:
        raise DocgenError(f"ไม่มีเลข {number} ใน{book_name(book)} ปี {year} ของ {office}")
    return found


def entries(db: Database, office: str, book: str, year: int) -> list[Entry]:
    """The book of the year, by number."""
    with db.session() as s:
        return list(s.execute(select(Entry).join(Series, Entry.series_id == Series.id).where(
            Series.office == office, Series.book == book, Series.year == year).order_by(Entry.number)).scalars())


def holders(db: Database, office: str, number: int) -> list[tuple[str, int, Entry]]:
    """Every entry of *office* with *number*, in any book and year: (book, year, entry)."""
    with db.session() as s:
        rows = s.execute(select(Series.book, Series.year, Entry).join(Series, Entry.series_id == Series.id).where(
            Series.office == office, Entry.number == number)).all()
        return [(str(b), int(y), e) for b, y, e in rows]
