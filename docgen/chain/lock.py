"""What is under approval stays as it was sent: while a memo climbs its chain, and
after its decision until the clerk starts a new round, its content
(:mod:`docgen.chain.content`) may not change. Every writer of the records asks
:func:`refusal` before it writes (:func:`docgen.history.record.write`); a hand edit is
found by :func:`problems` when the packet is next read, and the build refused."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from docgen import thai
from docgen.accounts.db import Database
from docgen.chain.content import DECISIONS, NAMES, content_hash, document_of, file_of
from docgen.chain.models import DECIDED, DONE, OPEN, Round
from docgen.errors import Problem
from docgen.records.source import Records


def latest(s: Session, office: str, packet: str, document: str) -> Round | None:
    """The packet's last round of *document* (None: never sent)."""
    return s.scalar(select(Round).where(Round.office == office, Round.packet == packet, Round.document == document)
                    .order_by(Round.number.desc()).limit(1))


def holding(r: Round | None) -> bool:
    """Whether round *r* holds its memo's content still: under way, or decided other
    than ไม่อนุมัติ (a new round releases it)."""
    return r is not None and (r.state == OPEN or (r.state == DECIDED and r.decision != "not-approved"))


def why(r: Round, refused: str | None = None) -> str:
    """Why the memo's content may not change (or, *refused*, what else may not be
    done: ``เสนอซ้ำ``), and what to do instead."""
    name = NAMES[r.document]
    if r.state == OPEN:
        return (f"{name}อยู่ระหว่างเสนอตามลำดับชั้น (รอบที่ {thai.to_thai_digits(str(r.number))})"
                f" จึง{refused or 'แก้ข้อมูลที่เสนอไปแล้ว'}ไม่ได้ ถ้าต้องแก้ ให้ผู้ที่ถือบันทึกอยู่ส่งคืนเพื่อแก้ไขก่อน")
    return (f"{name}ได้รับการพิจารณาแล้ว ({DECISIONS.get(r.decision, r.decision)})"
            f" จึง{refused or 'แก้ข้อมูลที่อนุมัติไปแล้ว'}ไม่ได้"
            " ถ้าต้องแก้ ให้เริ่มรอบการเสนอใหม่ที่หน้าชุดเอกสาร (เริ่มรอบใหม่) แล้วเสนอใหม่")


def _place(root: Path, path: Path) -> tuple[str, str] | None:
    try:
        rel = path.resolve().parent.relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return rel.split("/", 1)[0], rel


NOTES = ("ความเห็นและการสั่งการของผู้บังคับบัญชา (memo.annotations) เขียนได้จากหน้าพิจารณาของแต่ละท่านเท่านั้น"
         " จึงแก้เองไม่ได้ระหว่างที่บันทึกเสนออยู่หรือหลังการพิจารณา")


def _notes(data: bytes | None, roles: list[str]) -> dict[str, tuple[str, str, str]]:
    """The chain's roles' notes as *data* holds them: (decision, note, date)."""
    import yaml

    try:
        tree = yaml.load((data or b"").decode("utf-8"), Loader=yaml.BaseLoader)
        held = tree["memo"]["annotations"]
    except (yaml.YAMLError, UnicodeDecodeError, KeyError, TypeError):
        return {}
    found = {}
    for role in roles:
        note = held.get(role) if isinstance(held, dict) else None
        if isinstance(note, dict):
            found[role] = (note.get("decision", ""), note.get("note", "").strip(), _day(note.get("date", "")))
    return found


def _day(text: str) -> str:
    try:
        return thai.parse_date(text).isoformat()
    except ValueError:
        return text


def fault(r: Round, data: bytes | None, *, notes: bool = True) -> str | None:
    """What in *data* (the memo's records file) differs from what round *r* holds:
    its content, or (with *notes*) the notes its officials wrote."""
    if content_hash(r.document, data) != r.approved:
        return why(r)
    if notes:
        last = len(r.steps) - 1
        wanted = {st.role: (r.decision if st.position == last else "", st.note, _day(st.note_date))
                  for st in r.steps if st.state == DONE}
        if _notes(data, [st.role for st in r.steps]) != wanted:
            return NOTES
    return None


def refusal(root: Path, files: Mapping[Path, bytes | None], db: Database | None = None, *,
            notes: bool = True) -> str | None:
    """Why writing *files* under the records folder *root* would change what a memo's
    chain holds (None: it would not). *db*: the office's database (default: the one the
    records are kept with, if any); *notes*: the officials' notes checked too (not when
    the chain writes them)."""
    wanted = [(doc, p, data) for p, data in files.items() if (doc := document_of(p)) is not None]
    if not wanted:
        return None
    if db is None:
        from docgen.accounts.db import of_records, open_db

        url = of_records(root)
        if url is None:
            return None
        db = open_db(url)
    with db.session() as s:
        for doc, path, data in wanted:
            place = _place(root, path)
            r = latest(s, *place, doc) if place else None
            said = fault(r, data, notes=notes) if r is not None and holding(r) else None
            if said is not None:
                return said
    return None


def problems(db: Database, recs: Records) -> list[Problem]:
    """The packet's memos whose content was changed (by hand) while their chain held it."""
    from docgen.records.place import office_of, packet_of

    found = []
    packet = recs.sources["packet"].path
    with db.session() as s:
        for doc in NAMES:
            r = latest(s, office_of(recs), packet_of(recs), doc)
            path = file_of(packet, doc)
            if r is None or not holding(r) or not path.is_file():
                continue
            said = fault(r, path.read_bytes())
            if said is not None:
                found.append(Problem(path, None, "memo", f"{said} แต่ไฟล์นี้ถูกแก้หลังจากนั้น จึงยังสร้างเอกสารไม่ได้:"
                                                         " คืนค่าได้ด้วย docgen history และ docgen restore"))
    return found
