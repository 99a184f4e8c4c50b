"""Issue 26's acceptance in Chromium, as the office's people do it: a clerk sends the
sample memo; the ปลัด and the รองนายก forward it with notes, each signed in as
themselves; the นายก approves; the built memo prints the three notes, names and dates
and the decision, the circular carries the decision's date; changing a measure
afterwards is refused; with a test certificate the approved PDF's signature
validates and fails after one changed byte; every step is in ``docgen audit``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from accounts_setup import PASSWORD
from test_serve_browser import browser, shot  # noqa: F401 - the fixture

from conftest import Records, run
from docx_helpers import all_text, open_docx

A = "lopburi-pao"
P = f"/p/{A}/2566"
OFFICIALS = {"nipa": "permanent-secretary", "somchat": "deputy-chief-executive", "orapin": "chief-executive"}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    """The workspace with accounts over a copy of the sample, its certificate set,
    served on the loopback in this process (its builds are ``docgen`` processes)."""
    from signing import make
    from werkzeug.serving import make_server

    from docgen.accounts import people
    from docgen.accounts.db import close_all, open_db
    from docgen.chain.sign import configure
    from docgen.serve.app import create_app

    recs = Records(tmp_path / "records")
    db = open_db(f"sqlite:///{tmp_path / 'docgen.sqlite3'}")
    with db.session() as s:
        people.add(s, "somchai", A, "clerk", password=PASSWORD)
        for name, role in OFFICIALS.items():
            people.add(s, name, A, "approver", password=PASSWORD, holds=role)
    p12, secret, ca = make(tmp_path / "etc-docgen")
    configure(db, A, p12, secret, recs.root)
    out = tmp_path / "output"
    server = make_server("127.0.0.1", 0, create_app(recs.root, out, db=db, accounts=True), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(base=f"http://127.0.0.1:{server.server_port}", recs=recs, out=out, ca=ca, tmp=tmp_path)
    server.shutdown()
    server.server_close()
    thread.join()
    close_all()


def _signed_in(chromium: Any, base: str, name: str) -> Any:
    page = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
    page.goto(base + "/login")
    page.get_by_label("ชื่อผู้ใช้").fill(name)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
    return page


def _click(page: Any, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _built(page: Any) -> None:
    """Wait on the packet page until the build it started has finished."""
    page.wait_for_function("() => !document.querySelector('#job[data-job]')"
                           " && /สร้างเสร็จแล้ว|สร้างไม่สำเร็จ/.test(document.querySelector('#job').innerText)",
                           timeout=240_000)
    assert "สร้างเสร็จแล้ว" in page.locator("#job").inner_text(), page.locator("#job").inner_text()


def _official(chromium: Any, base: str, name: str, note: str, date: str, button: str) -> None:
    page = _signed_in(chromium, base, name)
    page.get_by_role("link", name="บันทึกรอท่านพิจารณา 1 เรื่อง").click()
    page.locator("#waiting").get_by_role("link", name="บันทึกข้อความเสนอผู้บริหาร").click()
    page.wait_for_function("() => { const i = document.querySelector('#page-1 img');"
                           " return i && i.complete && i.naturalWidth > 0 }")
    assert page.evaluate("document.querySelector('#page-1 img').naturalWidth") > 800  # a page one reads
    assert page.get_by_label("ความเห็น" if button == "เสนอต่อ" else "ข้อความสั่งการเพิ่มเติม (ไม่บังคับ)").input_value() \
        == ("เห็นควรอนุมัติ" if button == "เสนอต่อ" else "")
    shot(page, f"chain-{name}")
    page.locator("#note").fill(note)
    page.get_by_label("ลงวันที่").fill(date)
    _click(page, button)
    assert page.locator("#waiting").inner_text() == "ไม่มีบันทึกรอท่านพิจารณา"
    page.context.close()


def test_the_memo_climbs_the_chain_in_the_browser_and_comes_back_signed(served: Any, browser: Any) -> None:  # noqa: F811
    from signing import check

    clerk = _signed_in(browser, served.base, "somchai")
    clerk.goto(served.base + P + "/")
    _click(clerk, "เสนอบันทึกข้อความเสนอผู้บริหารตามลำดับชั้น")
    assert "ตอนนี้รอปลัด อบจ.ลพบุรี พิจารณา" in clerk.locator(".flash.ok").first.inner_text()
    _built(clerk)  # the memo as sent, for the officials to read

    _official(browser, served.base, "nipa", "เห็นควรอนุมัติ", "2566-02-24", "เสนอต่อ")
    _official(browser, served.base, "somchat", "เห็นควรอนุมัติตามที่ปลัดเสนอ", "2566-02-24", "เสนอต่อ")
    _official(browser, served.base, "orapin", "ให้ทุกส่วนราชการถือปฏิบัติ", "2566-02-25", "สั่งการ")

    clerk.goto(served.base + P + "/")
    _built(clerk)  # at the decision: the packet built again, the approved memo kept and signed
    shot(clerk, "chain-decided")
    chain = clerk.locator("#chain-memo").inner_text()
    assert "พิจารณาแล้ว (อนุมัติ)" in chain and "✓ นายก อบจ.ลพบุรี (orapin): อนุมัติ" in chain
    folder = served.out / A / "2566"
    memo = all_text(open_docx((folder / "memo.docx").read_bytes()))
    for line in ("- เห็นควรอนุมัติ", "- เห็นควรอนุมัติตามที่ปลัดเสนอ", "อนุมัติ", "ให้ทุกส่วนราชการถือปฏิบัติ",
                 "(นางสาวนิภา ประชีพราย)", "(นายสมชาติ ประสมเพชร)", "(นางอรพิน จิระพันธุ์วานิช)"):
        assert line in memo, line
    assert memo.count("๒๔ ก.พ. ๒๕๖๖") == 2 and memo.count("๒๕ ก.พ. ๒๕๖๖") == 1
    assert "๒๕ กุมภาพันธ์ ๒๕๖๖" in " ".join(all_text(open_docx((folder / "circular.docx").read_bytes())))

    with clerk.expect_download() as got:
        clerk.get_by_role("link", name="ฉบับที่อนุมัติ: memo.pdf").click()
    pdf = Path(got.value.path()).read_bytes()
    assert check(pdf, [served.ca]).good
    at = pdf.index(b"BT")
    assert not check(pdf[:at] + b"bT" + pdf[at + 2:], [served.ca]).intact

    clerk.goto(served.base + P + "/edit/measures")
    title = clerk.locator("[name='measures.0.title']")
    title.fill(title.input_value() + " (แก้หลังอนุมัติ)")
    _click(clerk, "บันทึก")
    assert "จึงแก้ข้อมูลที่อนุมัติไปแล้วไม่ได้" in clerk.locator("main").inner_text()
    assert "(แก้หลังอนุมัติ)" not in served.recs.packet.read_text(encoding="utf-8")

    trail = run("audit", "--office", A, "--records", str(served.recs.root))
    assert trail.exit_code == 0, trail.stderr
    said = ("เสนอบันทึกตามลำดับชั้น", "เสนอต่อ", "สั่งการ")
    steps = [(line.split()[3], line.split()[5]) for line in trail.stdout.splitlines()
             if len(line.split()) > 5 and line.split()[5] in said]
    assert steps == [("somchai", "เสนอบันทึกตามลำดับชั้น"), ("nipa", "เสนอต่อ"), ("somchat", "เสนอต่อ"),
                     ("orapin", "สั่งการ")], trail.stdout
