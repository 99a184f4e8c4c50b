"""The audit trail: append-only, each entry chained to the one before by its hash
(SHA-256 of the previous hash and the entry's own fields), so that an entry changed,
removed or slipped in later breaks the chain, which ``docgen audit --verify`` checks.
Two writers cannot both extend the same entry: ``prev`` is unique, and the loser
tries again on the new end."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from docgen.accounts.db import Database
from docgen.accounts.models import AuditEntry, now

GENESIS = "0" * 64
#: what each action is called when the trail is printed
SAID = {
    "sign-in": "เข้าสู่ระบบ", "sign-in-failed": "เข้าสู่ระบบไม่สำเร็จ", "sign-out": "ออกจากระบบ",
    "refused": "ปฏิเสธคำขอ", "save": "บันทึก", "build": "สร้างเอกสาร", "download": "ดาวน์โหลด",
    "upload": "อัปโหลด", "draft": "สร้างร่าง", "user-added": "เพิ่มผู้ใช้", "user-removed": "ลบผู้ใช้",
    "reason": "บันทึกเหตุผลการเปิดดู",
    "chain-send": "เสนอบันทึกตามลำดับชั้น", "chain-forward": "เสนอต่อ", "chain-return": "ส่งคืนเพื่อแก้ไข",
    "chain-decide": "สั่งการ", "chain-reopen": "เริ่มรอบการเสนอใหม่", "chain-step": "ดำเนินการในสายการเสนอ",
    "mail-sent": "ส่งอีเมลแจ้ง", "mail-failed": "ส่งอีเมลแจ้งไม่สำเร็จ", "signing-set": "ตั้งใบรับรอง",
    "mail-set": "ตั้งเซิร์ฟเวอร์อีเมล",
}


def _digest(prev: str, at: str, actor: str, office: str | None, action: str, detail: str) -> str:
    body = json.dumps([prev, at, actor, office, action, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(db: Database, actor: str, action: str, *, office: str | None = None, **detail: Any) -> None:
    """Append one entry: who (*actor*: an account's name, or ``-``), what, in which
    office, with its details."""
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    for _ in range(50):
        try:
            with db.session() as s:
                last = s.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
                prev = last.hash if last else GENESIS
                at = now().isoformat(timespec="microseconds")
                s.add(AuditEntry(at=at, actor=actor[:100], office=office, action=action, detail=text, prev=prev,
                                 hash=_digest(prev, at, actor[:100], office, action, text)))
            return
        except IntegrityError:  # another writer extended the chain first: again, on the new end
            continue
    raise RuntimeError("audit trail: could not append after 50 tries")


def fields_changed(before: Any, after: Any) -> list[str]:
    """The dotted paths of the values that differ between two trees of records
    (``previous_result.score``, ``measures.3.title``), for the trail to say what a save
    changed."""
    from docgen.history.fields import tree_changes

    return [c.path for c in tree_changes(before, after)]


@dataclass(frozen=True)
class Line:
    id: int
    at: str
    actor: str
    office: str | None
    action: str
    detail: dict[str, Any]


def entries(db: Database, office: str | None = None) -> list[Line]:
    """The trail, oldest first (of *office* only, if given)."""
    with db.session() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if office is not None:
            query = query.where(AuditEntry.office == office)
        return [Line(e.id, e.at, e.actor, e.office, e.action, json.loads(e.detail)) for e in s.scalars(query)]


def verify(db: Database, anchors: tuple[tuple[int, str], ...] = ()) -> str | None:
    """None if the whole chain holds and holds each of *anchors* (an entry's number and
    hash, noted outside the database when an earlier check printed them); else the
    Thai description of the first thing that breaks it. A chain alone cannot show its
    newest entries cut off; an anchor shows that nothing up to it was."""
    prev = GENESIS
    seen: dict[int, str] = {}
    wanted = {number for number, _ in anchors}
    with db.session() as s:
        for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            if e.prev != prev:
                return f"รายการที่ {e.id} ({e.at}) ไม่ต่อจากรายการก่อนหน้า: มีรายการถูกลบหรือแทรก"
            if _digest(e.prev, e.at, e.actor, e.office, e.action, e.detail) != e.hash:
                return f"รายการที่ {e.id} ({e.at}) ถูกแก้ไขหลังบันทึก: ค่าแฮชไม่ตรงกับเนื้อหา"
            if e.id in wanted:
                seen[e.id] = e.hash
            prev = e.hash
    for number, digest in anchors:
        if number not in seen:
            return f"ไม่พบรายการที่ {number} ที่จดไว้เป็นจุดยึด: รายการตั้งแต่รายการนั้นถูกตัดทิ้ง"
        if seen[number] != digest:
            return f"รายการที่ {number} ไม่ตรงกับค่าแฮชที่จดไว้เป็นจุดยึด: บันทึกถูกเขียนขึ้นใหม่"
    return None


def anchor(db: Database) -> tuple[int, str] | None:
    """The newest entry's number and hash, to be noted outside the database (None: no entry)."""
    with db.session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
        return (last.id, last.hash) if last is not None else None
