"""Where each memo stands: every round of a packet's memos, who has it and since
when, each official's note (``docgen chain`` prints it, the packet page shows it);
and what waits for one official across their offices."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from docgen import thai
from docgen.accounts.db import Database
from docgen.chain.content import DECISIONS, NAMES
from docgen.chain.models import DECIDED, DONE, OPEN, REOPENED, RETURNED, SENT_BACK, WAITING, Round, Step

ROUND_SAID = {OPEN: "อยู่ระหว่างเสนอ", RETURNED: "ส่งคืนเพื่อแก้ไข", DECIDED: "พิจารณาแล้ว",
              REOPENED: "พิจารณาแล้ว (เริ่มรอบใหม่ต่อจากนี้)"}


def when(at: _dt.datetime | None) -> str:
    """A time as the pages and the command print it: Thai time, Thai date."""
    if at is None:
        return ""
    from docgen.history.entry import ICT

    local = (at if at.tzinfo else at.replace(tzinfo=_dt.timezone.utc)).astimezone(ICT)
    return f"{thai.thai_date_short(local.date())} {local:%H:%M} น."


def rounds(db: Database, office: str, packet: str, document: str | None = None) -> list[Round]:
    """The packet's rounds (of *document*, or of both memos), newest first, with their steps."""
    with db.session() as s:
        q = select(Round).where(Round.office == office, Round.packet == packet)
        if document is not None:
            q = q.where(Round.document == document)
        found = list(s.scalars(q.order_by(Round.document, Round.number.desc())))
        for r in found:
            _ = r.steps  # loaded while the session is open
        return found


def step_line(st: Step, roles: Any) -> str:
    """One official's place in a round, in a line."""
    role = roles[st.role].short if st.role in roles else st.role
    if st.state == WAITING:
        return f"→ {role}: รอพิจารณาตั้งแต่ {when(st.since)}"
    if st.state == SENT_BACK:
        return f"↩ {role} ({st.account}): ส่งคืนเพื่อแก้ไข {when(st.acted_at)} เหตุผล: {st.note}"
    if st.state == DONE:
        last = st.position == len(st.round.steps) - 1
        said = DECISIONS.get(st.round.decision, "") if last else "เสนอต่อ"
        note = f" \"{st.note}\"" if st.note else ""
        dated = f" ลงวันที่ {thai.thai_date_short(thai.parse_date(st.note_date))}" if st.note_date else ""
        return f"✓ {role} ({st.account}): {said}{note}{dated} (เมื่อ {when(st.acted_at)})"
    return f"· {role}: ยังไม่ถึง"


def round_lines(r: Round, roles: Any) -> list[str]:
    head = f"{NAMES[r.document]} รอบที่ {r.number}: {ROUND_SAID.get(r.state, r.state)}"
    if r.decision:
        head += f" ({DECISIONS[r.decision]})"
    lines = [head, f"  เสนอโดย {r.sent_by} เมื่อ {when(r.sent_at)}"]
    if r.changes:
        lines.append(f"  แก้ไขหลังการอนุมัติรอบก่อน: {r.changes}")
    lines += [f"  {step_line(st, roles)}" for st in r.steps]
    return lines


@dataclass(frozen=True)
class Waiting:
    """A memo waiting for one official."""

    office: str
    packet: str
    document: str
    round: int
    role: str
    since: _dt.datetime | None
    sent_by: str


def waiting_for(db: Database, who: Any) -> list[Waiting]:
    """What waits for *who* in every office where they hold a role, oldest first."""
    held = {(m.office, m.holds) for m in who.offices.values() if m.role == "approver" and m.holds}
    if not held:
        return []
    with db.session() as s:
        q = select(Round, Step).join(Step).where(Round.state == OPEN, Step.state == WAITING,
                                                 Round.office.in_({o for o, _ in held}))
        found = [Waiting(r.office, r.packet, r.document, r.number, st.role, st.since, r.sent_by)
                 for r, st in s.execute(q) if (r.office, st.role) in held]
    return sorted(found, key=lambda w: (w.since or _dt.datetime.min.replace(tzinfo=_dt.timezone.utc), w.packet))
