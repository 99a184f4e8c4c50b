"""The approval chain: a clerk sends the sample memo up its line; the ปลัด and the
รองนายก forward it with notes, the นายก decides; each note, name and date is written
into memo.annotations (comments kept) and printed by the memo; the circular carries
the decision's date; only the official holding the waiting step may take it, once;
a memo returned goes back and starts again; after the decision what was approved
stays approved until a new round, which says what changed; the approved memo kept,
signed where the office has a certificate; notices by e-mail; ``docgen chain``."""

from __future__ import annotations

import datetime
import json
import re
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from accounts_setup import PASSWORD, sign_in
from test_serve import form_of

from conftest import PACKET, Records, run
from docx_helpers import all_text, open_docx

A = "lopburi-pao"
P = f"/p/{A}/2566"
#: the sample profile's officials: account -> the role it holds
OFFICIALS = {"nipa": "permanent-secretary", "somchat": "deputy-chief-executive", "orapin": "chief-executive"}


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    from docgen.accounts import people
    from docgen.accounts.db import close_all, open_db
    from docgen.serve.app import create_app

    recs = Records(tmp_path / "records", progress=True)
    url = f"sqlite:///{tmp_path / 'docgen.sqlite3'}"  # beside the records: the CLI finds it too
    db = open_db(url)
    with db.session() as s:
        people.add(s, "somchai", A, "clerk", password=PASSWORD, email="somchai@example.go.th")
        for name, role in OFFICIALS.items():
            people.add(s, name, A, "approver", password=PASSWORD, holds=role, email=f"{name}@example.go.th")
    out = tmp_path / "output"
    app = create_app(recs.root, out, host="127.0.0.1", db=db, accounts=True)
    app.config["WTF_CSRF_ENABLED"] = False
    builds: list[dict[str, Any]] = []
    app.extensions["docgen"].jobs.start = lambda *a, **k: builds.append(k)  # the builds are test_chain_browser's
    yield SimpleNamespace(recs=recs, db=db, app=app, url=url, out=out, builds=builds, tmp=tmp_path)
    close_all()


def client_of(office: Any, name: str) -> Any:
    c = office.app.test_client()
    assert sign_in(c, name).status_code == 302
    return c


def step(office: Any, name: str, action: str, note: str, date: str, decision: str | None = None,
         doc: str = "memo") -> str:
    data = {"action": action, "note": note, "date": date, **({"decision": decision} if decision else {})}
    r = client_of(office, name).post(f"{P}/chain/{doc}", data=data, follow_redirects=True)
    assert r.status_code == 200
    return r.get_data(as_text=True)


def send(office: Any, doc: str = "memo") -> str:
    r = client_of(office, "somchai").post(f"{P}/chain/{doc}/send", follow_redirects=True)
    assert r.status_code == 200
    return r.get_data(as_text=True)


def approve_all(office: Any) -> None:
    assert "เสนอบันทึกข้อความเสนอผู้บริหารแล้ว (รอบที่ 1)" in send(office)
    step(office, "nipa", "forward", "เห็นควรอนุมัติ", "2566-02-24")
    step(office, "somchat", "forward", "เห็นควรอนุมัติตามที่ปลัดเสนอ", "2566-02-24")
    step(office, "orapin", "decide", "ให้ทุกส่วนราชการถือปฏิบัติ", "2566-02-25", "approved")


def docx_text(office: Any, kind: str) -> list[str]:
    result = run(kind, "-r", str(office.recs.packet), "-o", str(office.tmp / "cli"), "--force")
    assert result.exit_code == 0, result.stderr
    return all_text(open_docx((office.tmp / "cli" / A / "2566" / f"{kind}.docx").read_bytes()))


def test_the_memo_climbs_its_chain_and_prints_each_note_name_and_date(office: Any) -> None:
    from docgen.accounts import audit

    said = send(office)
    assert "ตอนนี้รอปลัด อบจ.ลพบุรี พิจารณา" in said
    text = office.recs.packet.read_text(encoding="utf-8")
    assert "permanent-secretary: {note: เพื่อโปรดลงนาม" not in text  # the sample's typed notes cleared
    nipa = client_of(office, "nipa")
    waiting = nipa.get("/waiting").get_data(as_text=True)
    assert "บันทึกข้อความเสนอผู้บริหาร" in waiting and "somchai" in waiting
    page = nipa.get(f"{P}/chain/memo").get_data(as_text=True)
    assert ">เห็นควรอนุมัติ</textarea>" in page  # the profile's usual wording for the ปลัด
    assert "ท่านพิจารณาในฐานะ <strong>ปลัดองค์การบริหารส่วนจังหวัดลพบุรี</strong>" in page
    assert client_of(office, "somchat").get("/waiting").get_data(as_text=True).count("chain/memo") == 0
    step(office, "nipa", "forward", "เห็นควรอนุมัติ", "2566-02-24")
    step(office, "somchat", "forward", "เห็นควรอนุมัติตามที่ปลัดเสนอ", "2566-02-24")
    assert "สั่งการแล้ว: อนุมัติ" in step(office, "orapin", "decide", "ให้ทุกส่วนราชการถือปฏิบัติ", "2566-02-25",
                                          "approved")
    text = office.recs.packet.read_text(encoding="utf-8")
    assert ("  annotations:\n"
            "    permanent-secretary: {note: เห็นควรอนุมัติ, date: 2566-02-24}\n"
            "    deputy-chief-executive: {note: เห็นควรอนุมัติตามที่ปลัดเสนอ, date: 2566-02-24}\n"
            "    chief-executive: {decision: approved, note: ให้ทุกส่วนราชการถือปฏิบัติ, date: 2566-02-25}\n"
            "\n# หนังสือเวียนถึงทุกส่วนราชการ (docgen circular)\ncircular:\n  date: 2566-02-25\n") in text
    assert "# บันทึกสั่งการของผู้บังคับบัญชา (ตามตำแหน่ง)" in text  # the clerk's comments kept
    memo = docx_text(office, "memo")
    for line in ("- เห็นควรอนุมัติ", "- เห็นควรอนุมัติตามที่ปลัดเสนอ", "อนุมัติ", "ให้ทุกส่วนราชการถือปฏิบัติ",
                 "(นางสาวนิภา ประชีพราย)", "(นายสมชาติ ประสมเพชร)", "(นางอรพิน จิระพันธุ์วานิช)"):
        assert line in memo, line
    assert memo.count("๒๔ ก.พ. ๒๕๖๖") == 2 and memo.count("๒๕ ก.พ. ๒๕๖๖") == 1
    circular = " ".join(docx_text(office, "circular"))
    assert "๒๕ กุมภาพันธ์ ๒๕๖๖" in circular
    trail = [(e.actor, e.action) for e in audit.entries(office.db, A)]
    assert [t for t in trail if t[1].startswith("chain-")] == [
        ("somchai", "chain-send"), ("nipa", "chain-forward"), ("somchat", "chain-forward"),
        ("orapin", "chain-decide")]
    # at the decision the workspace builds the packet, then keeps the approved memo
    assert office.builds[-1]["then"] == "memo" and len(office.builds) == 2


def test_the_progress_memo_climbs_a_chain_of_its_own(office: Any) -> None:
    from conftest import PROGRESS

    packet_before = office.recs.packet.read_bytes()
    assert "เสนอบันทึกข้อความเสนอรายงานผลแล้ว (รอบที่ 1)" in send(office, "progress-memo")
    step(office, "nipa", "forward", "เห็นควรทราบ", "2566-09-21", doc="progress-memo")
    step(office, "somchat", "forward", "เห็นควรทราบ", "2566-09-21", doc="progress-memo")
    step(office, "orapin", "decide", "", "2566-09-22", "noted", doc="progress-memo")
    progress = (office.recs.root / PROGRESS).read_text(encoding="utf-8")
    assert "    chief-executive: {decision: noted, date: 2566-09-22}\n" in progress
    assert office.recs.packet.read_bytes() == packet_before  # the packet memo's chain is another
    memo = docx_text(office, "progress")
    made = all_text(open_docx((office.tmp / "cli" / A / "2566" / "progress-memo.docx").read_bytes()))
    assert memo and "ทราบ" in made and made.count("- เห็นควรทราบ") == 2 and "๒๒ ก.ย. ๒๕๖๖" in made


def test_only_the_official_holding_the_waiting_step_takes_it_and_only_once(office: Any) -> None:
    from docgen.accounts import people
    from docgen.accounts.models import User
    from docgen.chain import flow
    from docgen.errors import DocgenError
    from docgen.records.loading import load

    send(office)
    assert "บัญชีของท่านไม่ได้ถือตำแหน่งนี้" in step(office, "somchat", "forward", "ข้ามขั้น", "2566-02-24")
    assert client_of(office, "somchai").post(f"{P}/chain/memo", data={"action": "forward"}).status_code == 403
    with office.db.session() as s:
        nipa = people.who(s, s.query(User).filter_by(name="nipa").one())
    outcomes: list[str] = []

    def take() -> None:
        try:
            flow.act(office.db, load(office.recs.packet), "memo", nipa, action="forward", note="เห็นควร",
                     date=datetime.date(2023, 2, 24))
            outcomes.append("ok")
        except DocgenError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert all("ดำเนินการไปแล้ว" in o or "บัญชีของท่านไม่ได้ถือตำแหน่งนี้" in o for o in outcomes if o != "ok")
    assert office.recs.packet.read_text(encoding="utf-8").count("{note: เห็นควร, date: 2566-02-24}") == 1


def test_a_memo_returned_goes_back_to_the_clerk_and_starts_again(office: Any) -> None:
    send(office)
    step(office, "nipa", "forward", "เห็นควรอนุมัติ", "2566-02-24")
    assert "ต้องบอกเหตุผลที่ส่งคืน" in step(office, "somchat", "return", "", "2566-02-24")
    step(office, "somchat", "return", "มาตรการที่ ๓ ยังไม่มีผู้รับผิดชอบร่วม", "2566-02-24")
    clerk = client_of(office, "somchai")
    page = clerk.get(f"{P}/").get_data(as_text=True)
    assert "ส่งคืนเพื่อแก้ไข" in page and "มาตรการที่ ๓ ยังไม่มีผู้รับผิดชอบร่วม" in page
    office.recs.edit(PACKET, "    support: [personnel, council-secretariat, internal-audit]",
                     "    support: [personnel, council-secretariat, internal-audit, strategy]")
    assert "(รอบที่ 2)" in send(office)
    text = office.recs.packet.read_text(encoding="utf-8")
    assert "permanent-secretary:" not in text  # the first round's note is not this round's
    assert "→ ปลัด อบจ.ลพบุรี: รอพิจารณาตั้งแต่" in client_of(office, "nipa").get(f"{P}/chain/memo").get_data(
        as_text=True)


def test_what_was_approved_stays_approved_until_a_new_round_which_says_what_changed(office: Any) -> None:
    approve_all(office)
    clerk = client_of(office, "somchai")
    form = clerk.get(f"{P}/edit/measures").get_data(as_text=True)
    assert "measures.0.title" in form
    before = office.recs.packet.read_bytes()
    r = clerk.post(f"{P}/edit/measures", data={**form_of(form), "measures.0.title": "มาตรการที่แก้หลังอนุมัติ"})
    assert "จึงแก้ข้อมูลที่อนุมัติไปแล้วไม่ได้" in r.get_data(as_text=True)
    assert office.recs.packet.read_bytes() == before
    # a note changed by hand is refused as well: the officials' own words
    office.recs.edit(PACKET, "{note: เห็นควรอนุมัติ, date: 2566-02-24}", "{note: อนุมัติแล้ว, date: 2566-02-24}")
    result = run("validate", "-r", str(office.recs.packet))
    assert result.exit_code == 1 and "เขียนได้จากหน้าพิจารณาของแต่ละท่านเท่านั้น" in result.stderr
    office.recs.packet.write_bytes(before)
    # a measure changed by hand: the build refused, saying why and how to undo it
    office.recs.edit(PACKET, "    start: 2565-11\n    end: 2566-09\n    follow_up: รายงานผลการดำเนินการในการประชุมหัวหน้าส่วนราชการ\n"
                             "  - title: การรักษาระดับ", "    start: 2565-12\n    end: 2566-09\n"
                             "    follow_up: รายงานผลการดำเนินการในการประชุมหัวหน้าส่วนราชการ\n  - title: การรักษาระดับ")
    result = run("build", "-r", str(office.recs.packet), "-o", str(office.tmp / "cli"))
    assert result.exit_code == 1
    assert "ได้รับการพิจารณาแล้ว (อนุมัติ) จึงแก้ข้อมูลที่อนุมัติไปแล้วไม่ได้" in result.stderr
    assert "docgen restore" in result.stderr
    office.recs.packet.write_bytes(before)
    assert "เริ่มรอบใหม่แล้ว" in clerk.post(f"{P}/chain/memo/reopen", follow_redirects=True).get_data(as_text=True)
    r = clerk.post(f"{P}/edit/measures", data={**form_of(form), "measures.0.title": "มาตรการที่แก้หลังอนุมัติ"})
    assert "มาตรการที่แก้หลังอนุมัติ" in office.recs.packet.read_text(encoding="utf-8"), r.get_data(as_text=True)
    assert "(รอบที่ 2)" in send(office)
    status = run("chain", "-r", str(office.recs.packet))
    assert status.exit_code == 0, status.stderr
    assert "แก้ไขหลังการอนุมัติรอบก่อน: แก้measures.0.title" in status.stdout
    assert "มาตรการที่แก้หลังอนุมัติ" in status.stdout
    assert "บันทึกข้อความเสนอผู้บริหาร รอบที่ 1: พิจารณาแล้ว (เริ่มรอบใหม่ต่อจากนี้) (อนุมัติ)" in status.stdout


def test_docgen_chain_says_who_has_each_memo_since_when_with_each_note(office: Any) -> None:
    send(office)
    step(office, "nipa", "forward", "เห็นควรอนุมัติ", "2566-02-24")
    result = run("chain", "-r", str(office.recs.packet))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "บันทึกข้อความเสนอผู้บริหาร รอบที่ 1: อยู่ระหว่างเสนอ"
    assert lines[1].startswith("  เสนอโดย somchai เมื่อ ")
    assert lines[2].startswith('  ✓ ปลัด อบจ.ลพบุรี (nipa): เสนอต่อ "เห็นควรอนุมัติ" ลงวันที่ 24 ก.พ. 2566 (เมื่อ ')
    assert lines[3].startswith("  → รองนายก อบจ.ลพบุรี: รอพิจารณาตั้งแต่ ") and lines[3].endswith(" น.")
    assert lines[4] == "  · นายก อบจ.ลพบุรี: ยังไม่ถึง"


def test_the_register_numbers_the_circular_at_the_decision_where_the_office_chose_so(office: Any) -> None:
    from docgen.register.book import calendar_year, entries

    office.recs.edit(Path(A) / "organisation.yaml", "initials:\n", "number_circular_at_decision: true\ninitials:\n")
    office.recs.edit(PACKET, "  number: 531                       # เลขทะเบียนหนังสือเวียน (ต่อจาก /ว)\n",
                     "  number:\n")
    approve_all(office)
    assert "  date: 2566-02-25\n  number: 1\n" in office.recs.packet.read_text(encoding="utf-8")
    book = entries(office.db, A, "circular", calendar_year())
    assert [(e.number, e.kind, e.issued_by) for e in book] == [(1, "circular", "orapin")]


def _stamp_text(pdf: bytes) -> str:
    """The text the signature's stamp draws (its appearance flattened into the page).
    The marks HarfBuzz moves (์ ่ over a tall consonant) are glyph variants the stamp's
    font subset maps to no character: they read as ``(cid:N)``."""
    import io

    import pdfplumber
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.flatten_annotations("all")
        flat = io.BytesIO()
        doc.save(flat)
    with pdfplumber.open(io.BytesIO(pdf)) as plain, pdfplumber.open(io.BytesIO(flat.getvalue())) as flattened:
        page, drawn = plain.pages[-1].extract_text() or "", flattened.pages[-1].extract_text() or ""
    assert drawn.startswith(page)
    return drawn[len(page):].strip()


def _officials_signed(office: Any) -> bytes:
    """Approve the sample memo with a test certificate configured; the CA's certificate."""
    from signing import make

    p12, secret, ca = make(office.tmp / "etc-docgen")
    result = run("office", "signing", "--office", A, "--p12", str(p12), "--passphrase-file", str(secret),
                 "--records", str(office.recs.root))
    assert result.exit_code == 0, result.stderr
    return ca


def test_the_approved_memo_is_kept_signed_and_a_changed_byte_fails_validation(office: Any) -> None:
    from signing import check

    ca = _officials_signed(office)
    approve_all(office)
    result = run("approved", "-r", str(office.recs.packet), "-o", str(office.out))
    assert result.exit_code == 0, result.stderr
    kept = office.out / A / "2566" / "approved" / "memo-1"
    pdf = (kept / "memo.pdf").read_bytes()
    checked = check(pdf, [ca])
    assert checked.good and checked.signer == "Common Name: นางอรพิน ทดสอบ", checked
    manifest = json.loads((kept / "manifest.json").read_text(encoding="utf-8"))
    from docgen.output.manifest import sha256

    assert {f["name"]: f["sha256"] for f in manifest["files"]} == {
        "memo.docx": sha256((kept / "memo.docx").read_bytes()), "memo.pdf": sha256(pdf)}
    assert (manifest["decision"], manifest["decided_by"], manifest["signed_by"]) == (
        "approved", "orapin", "นางอรพิน จิระพันธุ์วานิช")
    at = pdf.index(b"BT")  # a byte of the page's text, inside what the signature covers
    changed = pdf[:at] + b"bT" + pdf[at + 2:]
    assert not check(changed, [ca]).intact
    stamp = _stamp_text(pdf)  # the stamp on the last page: who signed, as what, the decision's date
    assert re.search(r"ลงนามอิเล็กทรอนิกส.{0,12}โดย นางอรพิน จิระพันธุ.{0,12}วานิช\n"
                     r"นายกองค.{0,12}การบริหารส.{0,12}วนจังหวัดลพบุรี\nวันที่ ๒๕ กุมภาพันธ.{0,12} ๒๕๖๖$", stamp), stamp
    # kept once: a second run leaves it as it was; the clerk downloads it from the packet page
    assert run("approved", "-r", str(office.recs.packet), "-o", str(office.out)).exit_code == 0
    assert (kept / "memo.pdf").read_bytes() == pdf
    clerk = client_of(office, "somchai")
    assert "ฉบับที่อนุมัติ: memo.pdf" in clerk.get(f"{P}/").get_data(as_text=True)
    assert clerk.get(f"{P}/approved/memo/1/memo.pdf").get_data() == pdf


def test_an_office_without_a_certificate_keeps_the_unsigned_pdf_with_the_typed_names(office: Any) -> None:
    import io

    import pdfplumber
    from signing import check

    approve_all(office)
    assert run("approved", "-r", str(office.recs.packet), "-o", str(office.out)).exit_code == 0
    pdf = (office.out / A / "2566" / "approved" / "memo-1" / "memo.pdf").read_bytes()
    assert check(pdf, []).summary == "ไม่มีลายมือชื่ออิเล็กทรอนิกส์"
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages)
    assert "(นางอรพิน จิระพันธุ์วานิช)" in text and "ลงนามอิเล็กทรอนิกส์" not in text


def test_a_certificate_inside_the_records_or_with_a_wrong_passphrase_is_refused(office: Any) -> None:
    from signing import make

    p12, secret, _ = make(office.recs.root / A / "keys")
    result = run("office", "signing", "--office", A, "--p12", str(p12), "--passphrase-file", str(secret),
                 "--records", str(office.recs.root))
    assert result.exit_code == 1 and "อยู่ในโฟลเดอร์ข้อมูล" in result.stderr
    p12, secret, _ = make(office.tmp / "etc")
    secret.write_text("ผิด\n", encoding="utf-8")
    result = run("office", "signing", "--office", A, "--p12", str(p12), "--passphrase-file", str(secret),
                 "--records", str(office.recs.root))
    assert result.exit_code == 1 and "รหัสผ่านผิดหรือไม่ใช่ไฟล์ PKCS#12" in result.stderr


def test_notices_go_by_the_offices_smtp_server_and_a_dead_one_stops_nothing(office: Any) -> None:
    from aiosmtpd.controller import Controller

    from docgen.accounts import audit

    got: list[Any] = []

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            from email import message_from_bytes
            from email.policy import default

            got.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
            return "250 OK"

    import socket

    with socket.socket() as free:  # a free port on the loopback (the controller checks it by connecting)
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    smtp = Controller(Keep(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        result = run("office", "mail", "--office", A, "--server", f"127.0.0.1:{port}",
                     "--sender", "docgen@example.go.th", "--records", str(office.recs.root))
        assert result.exit_code == 0, result.stderr
        approve_all(office)
    finally:
        smtp.stop()
    assert [to for to, _ in got] == [["nipa@example.go.th"], ["somchat@example.go.th"], ["orapin@example.go.th"],
                                     ["somchai@example.go.th"]]
    first, last = got[0][1], got[-1][1]
    assert first["Subject"] == "บันทึกรอท่านพิจารณา: บันทึกข้อความเสนอผู้บริหาร"
    assert f"http://localhost{P}/chain/memo" in first.get_content()
    assert last["Subject"] == "บันทึกข้อความเสนอผู้บริหาร ได้รับการพิจารณาแล้ว: อนุมัติ"
    # the server gone: the next round's notice fails, is in the trail, and the step stands
    assert "เริ่มรอบใหม่แล้ว" in client_of(office, "somchai").post(f"{P}/chain/memo/reopen",
                                                                     follow_redirects=True).get_data(as_text=True)
    assert "(รอบที่ 2)" in send(office)
    failed = [e for e in audit.entries(office.db, A) if e.action == "mail-failed"]
    assert len(failed) == 1 and failed[0].detail["to"] == ["nipa@example.go.th"]


def test_a_memo_not_approved_stops_the_circular_and_frees_the_records_for_a_new_round(office: Any) -> None:
    send(office)
    step(office, "nipa", "forward", "เห็นควรอนุมัติ", "2566-02-24")
    step(office, "somchat", "forward", "เห็นควรอนุมัติ", "2566-02-24")
    assert "สั่งการแล้ว: ไม่อนุมัติ" in step(office, "orapin", "decide", "ให้ทบทวนมาตรการที่ ๒", "2566-02-25",
                                             "not-approved")
    assert "    chief-executive: {decision: not-approved, note: ให้ทบทวนมาตรการที่ ๒, date: 2566-02-25}\n" \
        in office.recs.packet.read_text(encoding="utf-8")
    assert len(office.builds) == 1  # the send's build only: nothing approved to keep
    result = run("build", "-r", str(office.recs.packet), "-o", str(office.tmp / "cli"))
    assert result.exit_code == 1 and "ผู้บริหารไม่อนุมัติบันทึกเสนอ (memo.annotations ใน packet.yaml)" \
        " จึงออกหนังสือเวียนไม่ได้" in result.stderr
    assert not (office.tmp / "cli" / A / "2566" / "circular.docx").exists()
    assert "ไม่อนุมัติ" in docx_text(office, "memo")  # the memo prints the decision
    page = client_of(office, "somchai").get(f"{P}/").get_data(as_text=True)
    assert "เสนอบันทึกข้อความเสนอผู้บริหารตามลำดับชั้น</button>" in page  # a new round can be sent
    assert "disabled>เสนอบันทึกข้อความเสนอผู้บริหาร" not in page
    office.recs.edit(PACKET, "    support: [personnel, council-secretariat, internal-audit]",
                     "    support: [personnel, council-secretariat, internal-audit, strategy]")  # allowed: not held
    assert "(รอบที่ 2)" in send(office)
    assert "chief-executive:" not in office.recs.packet.read_text(encoding="utf-8").split("circular:")[0]
