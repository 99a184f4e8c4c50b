"""Optional notices by e-mail through the office's own SMTP server (``docgen office
mail``): the officials a memo reaches are told it waits for them, and the clerk who
sent it is told when it comes back or is decided. Nothing of the chain depends on a
notice: a server that cannot be reached is noted in the audit trail, and the step
stands."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select

from docgen.accounts.db import Database
from docgen.accounts.models import User
from docgen.chain.content import DECISIONS, NAMES
from docgen.chain.models import Round
from docgen.errors import DocgenError
from docgen.records.source import Records

TIMEOUT = 10  # seconds: a notice never holds an official's page longer


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    sender: str


def configure(db: Database, office: str, server: str, sender: str) -> Server:
    """Keep the office's SMTP server (``host:port``) and the address notices come from."""
    from docgen.accounts.sessions import set_office_setting

    host, _, port = server.rpartition(":") if ":" in server else (server, "", "25")
    if not host or not port.isdigit():
        raise DocgenError(f"เซิร์ฟเวอร์อีเมล {server!r} ไม่ถูกต้อง: ให้เขียนเป็น ชื่อเครื่อง:พอร์ต เช่น mail.example.go.th:587")
    if "@" not in sender:
        raise DocgenError(f"ที่อยู่ผู้ส่ง {sender!r} ไม่ใช่ที่อยู่อีเมล")
    found = Server(host, int(port), sender)
    set_office_setting(db, "mail", office, {"host": found.host, "port": found.port, "sender": found.sender})
    return found


def server_of(db: Database, office: str) -> Server | None:
    from docgen.accounts.sessions import office_setting

    held = office_setting(db, "mail", office)
    return Server(**held) if held else None


def _send(db: Database, office: str, to: list[str], subject: str, body: str) -> None:
    from docgen.accounts import audit

    server = server_of(db, office)
    if server is None or not to:
        return
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = server.sender, ", ".join(to), subject
    msg.set_content(body)
    try:
        with smtplib.SMTP(server.host, server.port, timeout=TIMEOUT) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        audit.record(db, "docgen", "mail-failed", office=office, to=to, subject=subject, error=str(exc))
        return
    audit.record(db, "docgen", "mail-sent", office=office, to=to, subject=subject)


def _addresses(db: Database, names: list[str]) -> list[str]:
    with db.session() as s:
        return sorted(u.email for u in s.scalars(select(User).where(User.name.in_(names))) if u.email)


def step_reached(db: Database, recs: Records, r: Round, link: str) -> None:
    """Tell the officials holding the waiting step's role that the memo waits for them."""
    from docgen.chain.flow import holders, waiting_step

    st = waiting_step(r)
    if st is None:
        return
    with db.session() as s:
        names = [u.name for u in holders(s, r.office, st.role)]
    from docgen.documents.bantuek import subject

    role = recs.organisation.roles[st.role].position
    _send(db, r.office, _addresses(db, names), f"บันทึกรอท่านพิจารณา: {NAMES[r.document]}",
          f"เรียน {role}\n\n{NAMES[r.document]} เรื่อง {subject(recs)} (รอบที่ {r.number})"
          f" รอท่านพิจารณาในพื้นที่ทำงาน docgen:\n{link}\n")


def round_closed(db: Database, recs: Records, r: Round, link: str) -> None:
    """Tell the clerk who sent the memo that it came back, or how it was decided."""
    said = f"ได้รับการพิจารณาแล้ว: {DECISIONS[r.decision]}" if r.decision else "ถูกส่งคืนเพื่อแก้ไข"
    back = next((st for st in r.steps if st.state == "returned"), None)
    reason = f"\nเหตุผล: {back.note}" if back is not None else ""
    _send(db, r.office, _addresses(db, [r.sent_by]), f"{NAMES[r.document]} {said}",
          f"{NAMES[r.document]} รอบที่ {r.number} {said}{reason}\n{link}\n")
