"""A memo up its chain: sent by a clerk (:func:`send`), each official's step
(:func:`act`: forward with a note, return for revision, or the last official's
decision), and a new round after a decision (:func:`reopen`).

The path is the one the memo prints: the signer's line (``reports_to``) up to the
role it is addressed to, each step taken by the account holding that role in the
office. Each step claims its row first (one conditional UPDATE: two clicks, or two
officials, cannot both take it), then writes its note into the records as a version
of the history, then commits; a failed write leaves the step where it was."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dulwich.objects import ObjectID
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from docgen.accounts.db import Database
from docgen.accounts.models import Membership, Office, User, now
from docgen.chain.content import DECISIONS, MEMOS, NAMES, content_hash, file_of
from docgen.chain.lock import holding, latest
from docgen.chain.models import DECIDED, DONE, LATER, OPEN, REOPENED, RETURNED, SENT_BACK, WAITING, Round, Step
from docgen.errors import DocgenError, RecordsError
from docgen.records.edit import date_text
from docgen.records.source import Records

#: what an official writes when the office's profile gives no usual wording of their own
USUAL_NOTE = "เห็นควรอนุมัติ"
USUAL_DECISION_NOTE = ""


@dataclass(frozen=True)
class Place:
    """Where a memo's chain is kept: its office, packet, document and records file."""

    office: str
    packet: str
    document: str
    file: Path
    root: Path


def place_of(recs: Records, document: str) -> Place:
    from docgen.records.place import office_of, packet_of, records_folder

    if document not in MEMOS:
        raise DocgenError(f"ไม่รู้จักบันทึก {document}: ใช้ได้ " + ", ".join(MEMOS))
    if document == "progress-memo" and recs.progress is None:
        raise DocgenError("ชุดเอกสารนี้ยังไม่มี progress.yaml จึงยังไม่มีบันทึกเสนอรายงานผล (สร้างด้วย docgen new-progress)")
    return Place(office_of(recs), packet_of(recs), document, file_of(recs.sources["packet"].path, document),
                 records_folder(recs))


def memo_of(recs: Records, document: str) -> Any:
    return recs.progress.memo if document == "progress-memo" and recs.progress is not None else recs.packet.memo


def path_of(recs: Records, document: str) -> list[str]:
    """The roles the memo passes, lowest first; the last decides."""
    from docgen.facts.derive import addressee, chain

    to = addressee(recs, progress=document == "progress-memo")
    return [*chain(recs, memo_of(recs, document).signer, to), to]


def holders(s: Session, office: str, role: str) -> list[User]:
    """The accounts holding *role* of the office's profile (its approvers)."""
    return list(s.scalars(select(User).join(Membership).join(Office).where(
        Office.key == office, Membership.role == "approver", Membership.holds == role).order_by(User.name)))


def usual_note(recs: Records, role: str, last: bool) -> str:
    """The note the chain's form starts with for *role*: the profile's usual wording."""
    held = recs.organisation.roles[role].usual_note if role in recs.organisation.roles else None
    return held or (USUAL_DECISION_NOTE if last else USUAL_NOTE)


def _rewrite(recs: Records, place: Place, change: Callable[[Any], None], summary: str,
             db: Database) -> tuple[str, str]:
    """Change the memo's records file with *change* (comments kept), checked by the
    records' rules first, and write it as one version of the history; the content hash
    of what it now holds, and the version."""
    from docgen.history import record
    from docgen.records.edit import dump_text, read_for_editing
    from docgen.records.loading import load

    _, tree = read_for_editing(place.file)
    if not isinstance(tree.get("memo"), dict):
        raise DocgenError(f"{place.file.name}: ไม่มีส่วน memo: จึงบันทึกความเห็นไม่ได้")
    change(tree)
    data = dump_text(tree).encode("utf-8")
    try:
        load(recs.sources["packet"].path, proposed={place.file: data.decode("utf-8")}, office=recs.root)
    except RecordsError as exc:
        raise DocgenError("บันทึกไม่ได้ เพราะข้อมูลจะมีปัญหา: " + exc.problems[0].message) from None
    made = record.write(place.root, {place.file: data}, summary=summary, action="chain", db=db, by_chain=True)
    return content_hash(place.document, data), made.commit.decode("ascii") if made is not None else ""


def _notes(tree: Any) -> Any:
    memo = tree["memo"]
    if not isinstance(memo.get("annotations"), dict):
        memo["annotations"] = {}
    return memo["annotations"]


def send(db: Database, recs: Records, document: str, who: str) -> Round:
    """Send the memo up its chain as a new round: the notes of an earlier round are
    cleared from the records (the memo prints only what this round gathers)."""
    place = place_of(recs, document)
    roles = path_of(recs, document)
    with db.session() as s:
        last = latest(s, place.office, place.packet, document)
        if last is not None and holding(last):
            from docgen.chain.lock import why

            raise DocgenError(why(last, "เสนอซ้ำ"))
        missing = [r for r in roles if not holders(s, place.office, r)]
        if missing:
            org = recs.organisation.roles
            raise DocgenError("ยังเสนอไม่ได้: ยังไม่มีบัญชีผู้อนุมัติที่ถือตำแหน่ง "
                              + ", ".join(org[r].position for r in missing)
                              + f" ในหน่วยงาน {place.office} ให้ผู้ดูแลเพิ่มด้วย docgen users add ชื่อ"
                                f" --office {place.office} --role approver --holds {missing[0]}")
        changes = _changes_since(place, s) if last is not None and last.state == REOPENED else ""
        number = (last.number if last else 0) + 1

    def clear(tree: Any) -> None:
        notes = _notes(tree)
        for role in roles:
            notes.pop(role, None)

    approved, _ = _rewrite(recs, place, clear, f"เสนอ{NAMES[document]}ตามลำดับชั้น รอบที่ {number}", db)
    at = now()
    with db.session() as s:
        r = Round(office=place.office, packet=place.packet, document=document, number=number, state=OPEN,
                  decision="", sent_by=who, sent_at=at, changes=changes, approved=approved, version="")
        r.steps = [Step(position=i, role=role, state=WAITING if i == 0 else LATER, since=at if i == 0 else None,
                        account="", note="", note_date="") for i, role in enumerate(roles)]
        s.add(r)
    return r


def _changes_since(place: Place, s: Session) -> str:
    """What changed in the memo's records file since the round before was decided."""
    decided = s.scalar(select(Round).where(Round.office == place.office, Round.packet == place.packet,
                                           Round.document == place.document, Round.version != "")
                       .order_by(Round.number.desc()).limit(1))
    if decided is None:
        return ""
    from docgen.history.fields import file_changes, summary
    from docgen.history.store import History

    hist = History(place.root)
    try:
        rel = hist.rel(place.file)
        before = hist.content(ObjectID(decided.version.encode("ascii")), rel)
        changed = file_changes(before, place.file.read_bytes())
        return "แก้ไขทั้งไฟล์" if changed is None else summary(changed, {})
    finally:
        hist.close()


def reopen(db: Database, recs: Records, document: str, who: str) -> Round:
    """A new round after a decision: the content is free to change again; the round
    that follows says what changed since this one was decided."""
    place = place_of(recs, document)
    with db.session() as s:
        last = latest(s, place.office, place.packet, document)
        if last is None or last.state != DECIDED:
            raise DocgenError(f"{NAMES[document]}ยังไม่ได้รับการพิจารณา จึงยังไม่ต้องเริ่มรอบใหม่")
        last.state = REOPENED
        return last


def waiting_step(r: Round) -> Step | None:
    return next((st for st in r.steps if st.state == WAITING), None)


def act(db: Database, recs: Records, document: str, who: Any, *, action: str, note: str, date: _dt.date,
        decision: str | None = None) -> Round:
    """The signed-in official *who* (:class:`docgen.accounts.people.Who`) takes the
    step waiting for them: ``forward`` (their note written, the memo goes on),
    ``return`` (*note*: the reason; the memo goes back to the clerk) or ``decide``
    (the last official: *decision* one of :data:`DECISIONS`)."""
    place = place_of(recs, document)
    note = note.strip()
    with db.session() as s:
        r = latest(s, place.office, place.packet, document)
        st = waiting_step(r) if r is not None and r.state == OPEN else None
        if r is None or st is None:
            raise DocgenError(f"{NAMES[document]}ไม่ได้รออยู่ที่ผู้ใด (อาจมีผู้ดำเนินการไปแล้ว) ให้เปิดหน้านี้ใหม่")
        member = who.offices.get(place.office)
        if member is None or member.role != "approver" or member.holds != st.role:
            raise DocgenError(f"{NAMES[document]}รออยู่ที่{recs.organisation.roles[st.role].position}"
                              " บัญชีของท่านไม่ได้ถือตำแหน่งนี้ในหน่วยงานนี้ จึงดำเนินการแทนไม่ได้")
        last = st.position == len(r.steps) - 1
        _check(action, note, decision, last)
    with db.session() as s:
        # the claim first in its transaction: a second click, or a second official, waits here
        # for the first to commit and then finds the step taken
        claimed = s.execute(update(Step).where(Step.id == st.id, Step.state == WAITING).values(
            state=SENT_BACK if action == "return" else DONE, acted_at=now(), account=who.name, note=note,
            note_date=str(date_text(date)) if action != "return" else ""))
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise DocgenError("ขั้นนี้มีผู้ดำเนินการไปแล้ว ให้เปิดหน้านี้ใหม่")
        r = s.get_one(Round, r.id)
        st = s.get_one(Step, st.id)
        if action != "return":
            version = _write_step(db, recs, place, r, st, note=note, date=date, decision=decision)
            r.version = version if last else r.version
        _advance(s, r, st, action, decision, last)
    if last and decision in ("approved", "noted") and recs.organisation.number_circular_at_decision \
            and document == "memo":
        _number_circular(db, recs, who.name)
    return r


def _number_circular(db: Database, recs: Records, who: str) -> None:
    """The circular's number from the register at the decision, where the office chose
    that (``number_circular_at_decision`` in its profile) and it has none yet."""
    from docgen.records.loading import load
    from docgen.register.numbering import CIRCULARS, number_document

    now_recs = load(recs.sources["packet"].path, office=recs.root)
    if now_recs.packet.circular.number is None:
        number_document(db, now_recs, CIRCULARS, "circular", who=who)


def _check(action: str, note: str, decision: str | None, last: bool) -> None:
    if action == "return":
        if not note:
            raise DocgenError("ต้องบอกเหตุผลที่ส่งคืนเพื่อแก้ไข ให้ผู้จัดทำรู้ว่าต้องแก้อะไร")
    elif action == "decide":
        if not last:
            raise DocgenError("ผู้สั่งการคือผู้อยู่บนสุดของสายการเสนอ ท่านเสนอต่อได้หรือส่งคืนได้")
        if decision not in DECISIONS:
            raise DocgenError("ให้เลือกการสั่งการ: " + " ".join(DECISIONS.values()))
    elif action == "forward":
        if last:
            raise DocgenError("ท่านเป็นผู้สั่งการบันทึกนี้ ให้เลือก อนุมัติ ทราบ หรือ ไม่อนุมัติ")
    else:
        raise DocgenError(f"ไม่รู้จักการดำเนินการ {action}")


def _write_step(db: Database, recs: Records, place: Place, r: Round, st: Step, *, note: str, date: _dt.date,
                decision: str | None) -> str:
    """The step's note (and at the decision, the circular's date) into the records;
    the version written."""
    org = recs.organisation

    def write(tree: Any) -> None:
        from ruamel.yaml.comments import CommentedMap

        entry = CommentedMap()  # one line, as the sample writes a note: {note: ..., date: ...}
        entry.fa.set_flow_style()
        if decision is not None:
            entry["decision"] = decision
        if note:
            entry["note"] = note
        entry["date"] = date_text(date)
        _notes(tree)[st.role] = entry
        circular = tree.get("circular")
        if decision in ("approved", "noted") and place.document == "memo" and isinstance(circular, dict):
            circular["date"] = date_text(date)  # the circular goes out on the day it is approved

    said = f"{DECISIONS[decision]} " if decision else "เสนอต่อ "
    _, version = _rewrite(recs, place, write, f"{org.roles[st.role].short}: {said}{NAMES[place.document]}"
                                              f" รอบที่ {r.number}" + (f" ({note})" if note else ""), db)
    return version


def _advance(s: Session, r: Round, st: Step, action: str, decision: str | None, last: bool) -> None:
    at = now()
    if action == "return":
        r.state, r.closed_at = RETURNED, at
        return
    if last:
        r.state, r.decision, r.closed_at = DECIDED, decision or "", at
        return
    nxt = r.steps[st.position + 1]
    nxt.state, nxt.since = WAITING, at


def count_rounds(s: Session, office: str) -> int:
    return int(s.scalar(select(func.count()).select_from(Round).where(Round.office == office)) or 0)
