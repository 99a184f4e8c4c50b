"""A number from the register put on one of the packet's documents: issued in the
book, then written into the records field that holds it (``memo.number`` of
packet.yaml or progress.yaml, ``circular.number``), comments kept, as a version of
the history. A document that has a number keeps it."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from docgen.accounts.db import Database
from docgen.errors import DocgenError
from docgen.history import record
from docgen.records.edit import dump_text, read_for_editing
from docgen.records.models import superiors
from docgen.records.place import office_of, packet_of, records_folder
from docgen.records.source import Records
from docgen.register.book import Letter, book_name, calendar_year, cancel, issue
from docgen.register.models import Entry

#: document -> (records file role, the map holding its number, what the clerk calls it)
DOCS = {
    "memo": ("packet", "memo", "บันทึกข้อความเสนอผู้บริหาร"),
    "circular": ("packet", "circular", "หนังสือเวียน"),
    "progress-memo": ("progress", "memo", "บันทึกข้อความเสนอรายงานผล"),
}
CIRCULARS = "circular"  # the ว series


def _letter(recs: Records, doc: str) -> Letter:
    from docgen.documents import bantuek
    from docgen.facts.derive import unit

    org, pk = recs.organisation, recs.packet
    if doc == "circular":
        c = pk.circular
        to = ["ส่วนราชการทุกแห่ง" if k == "all-unit-heads" else org.roles[k].position if k in org.roles else k
              for k in c.to]
        return Letter("circular", bantuek.subject(recs), ", ".join(to), unit(recs, c.sender)["full_name"],
                      c.date.isoformat(), field="circular.number")
    memo: Any = pk.memo
    subject = bantuek.subject(recs)
    if doc == "progress-memo":
        assert recs.progress is not None and recs.framework.progress_item is not None
        memo = recs.progress.memo
        subject = f"รายงานผล{recs.framework.progress_item.name} ประจำปีงบประมาณ พ.ศ. {pk.fiscal_year}"
    chain = superiors(org.roles, memo.signer)
    top = org.roles[chain[-1]] if chain else org.roles[memo.signer]
    return Letter(doc, subject, top.position, unit(recs, memo.sender)["full_name"],
                  memo.date.isoformat() if memo.date else "", field="memo.number")


def number_document(db: Database, recs: Records, book: str, doc: str, *, who: str) -> tuple[Entry, Path]:
    """Issue *book*'s next number for the packet's document *doc* and write it into the
    records; return the entry and the file written."""
    if doc not in DOCS:
        raise DocgenError(f"ไม่รู้จักเอกสาร {doc}: ใช้ได้ " + ", ".join(DOCS))
    role, key, name = DOCS[doc]
    if (doc == "circular") != (book == CIRCULARS):
        raise DocgenError(f"หนังสือเวียนใช้เลขจาก{book_name(CIRCULARS)} (circular) เท่านั้น" if doc == "circular" else
                          f"{name}ไม่ใช่หนังสือเวียน จึงไม่ใช้เลขจาก{book_name(CIRCULARS)} ให้ใช้ outgoing")
    if role not in recs.sources:
        raise DocgenError(f"ชุดเอกสารนี้ยังไม่มี progress.yaml จึงยังไม่มี{name} (สร้างด้วย docgen new-progress)")
    path = recs.sources[role].path
    _, tree = read_for_editing(path)
    holder = tree.get(key)
    if not isinstance(holder, dict):
        raise DocgenError(f"{path}: ไม่มีส่วน {key}: จึงใส่เลขที่ไม่ได้")
    if holder.get("number") not in (None, ""):
        raise DocgenError(f"{name}มีเลขที่ {holder.get('number')} อยู่แล้ว จึงไม่ออกเลขใหม่ (ถ้าเลขนั้นผิด"
                          " ให้ยกเลิกด้วย docgen number cancel แล้วลบเลขออกจากข้อมูลก่อน)")
    letter = _letter(recs, doc)
    office = office_of(recs)
    entry = issue(db, office, book, dataclasses.replace(letter, packet=packet_of(recs)), who=who)
    holder["number"] = entry.number
    year = calendar_year(entry.registered_at)
    try:
        record.write(records_folder(recs), {path: dump_text(tree).encode("utf-8")}, action="number",
                     summary=f"ออกเลข {entry.number}/{year} จาก{book_name(book)} ให้{name}")
    except BaseException as exc:
        cancel(db, office, book, year, entry.number, who=who,
               reason=f"ออกเลขแล้วแต่เขียนลงข้อมูลไม่ได้ ({exc})")
        raise
    return entry, path
