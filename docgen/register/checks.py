"""The records checked against the register, where the office keeps one: a number
typed on a document (an office that moved over mid-year types its paper book's) must
not be one the book cancelled or issued for another letter, and a circular's must be
of the ว series."""

from __future__ import annotations

from typing import Any

from docgen import thai
from docgen.accounts.db import Database
from docgen.errors import Problem
from docgen.records.place import office_of, packet_of
from docgen.records.source import Records
from docgen.register.book import CANCELLED, book_name, holders
from docgen.register.numbering import CIRCULARS, DOCS


def _document(recs: Records, doc: str) -> Any:
    if doc == "circular":
        return recs.packet.circular
    if doc == "progress-memo":
        return recs.progress.memo if recs.progress is not None else None
    return recs.packet.memo


def problems(db: Database, recs: Records) -> list[Problem]:
    """What the register says is wrong with the numbers the packet's documents carry."""
    office = office_of(recs)
    packet = packet_of(recs)
    found = []
    for doc, (role, key, name) in DOCS.items():
        held = _document(recs, doc)
        if held is None or held.number is None or role not in recs.sources:
            continue
        field = f"{key}.number"
        where = recs.sources[role].path
        book = CIRCULARS if doc == "circular" else "outgoing"
        entries = [(b, y, e, e.packet == packet and e.field == field and e.kind == doc)
                   for b, y, e in holders(db, office, held.number)]
        # the year its number runs in: of its own entry, else of its date (a number typed by hand)
        year = next((y for _, y, _, ours in entries if ours), thai.be_year(held.date.year))
        for b, y, e, ours in entries:
            if y != year:
                continue
            if ours and b != book:
                found.append(Problem(where, None, field, f"เลข {held.number} ของ{name}ออกจาก{book_name(b)}"
                                     f" แต่{name}ต้องใช้เลขจาก{book_name(book)}"))
            elif b == book and e.state == CANCELLED:
                found.append(Problem(where, None, field, f"เลข {held.number} ใน{book_name(b)} ปี {y} ยกเลิกแล้ว"
                                     f" ({e.cancel_reason}) ให้ลบเลขนี้ออกแล้วออกเลขใหม่ด้วย docgen number {b}"
                                     f" --doc {doc}"))
            elif b == book and not ours:
                found.append(Problem(where, None, field, f"เลข {held.number} ใน{book_name(b)} ปี {y} ออกให้หนังสืออื่นแล้ว"
                                     f" (เรื่อง {e.subject}) ให้ตรวจเลขที่พิมพ์ไว้ หรือออกเลขใหม่ด้วย"
                                     f" docgen number {b} --doc {doc}"))
    return found
