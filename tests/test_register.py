"""The outgoing register: numbers issued per office, book and calendar year, never
doubled or lost (fifty issuers at once, on SQLite and on PostgreSQL), a cancelled one
kept and marked ยกเลิก, the number written into the records and printed on the memo
in Thai digits, the records checked against the book, and the book printed."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PACKET, Records, run
from docx_helpers import all_text, cs_faults, open_docx, runs_with_thai

A = "lopburi-pao"


@pytest.fixture
def place(tmp_path: Path):  # type: ignore[no-untyped-def]
    yield Records(tmp_path / "records", progress=True)
    from docgen.accounts.db import close_all

    close_all()


def _ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_fifty_issuers_at_once_get_one_to_fifty(place: Records, backend: str, request: pytest.FixtureRequest) -> None:
    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}" if backend == "sqlite" else \
        request.getfixturevalue("postgres_url")
    env = {**os.environ, "DOCGEN_DB": url}
    procs = [subprocess.Popen([sys.executable, "-m", "docgen", "number", "outgoing", "-r", str(place.packet),
                               "--subject", f"หนังสือฉบับที่ {i}", "--to", "นายอำเภอ"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True) for i in range(50)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs if err.strip()][:3]
    assert sorted(int(out.strip()) for out, _ in outs) == list(range(1, 51))
    from docgen.accounts.db import open_db
    from docgen.register.book import calendar_year, entries

    book = entries(open_db(url), A, "outgoing", calendar_year())
    assert [e.number for e in book] == list(range(1, 51))
    assert sorted(e.subject for e in book) == sorted(f"หนังสือฉบับที่ {i}" for i in range(50))


def test_numbers_run_through_the_calendar_year_and_start_again_on_1_january(place: Records) -> None:
    from docgen.accounts.db import open_db
    from docgen.history.entry import ICT
    from docgen.register.book import Letter, issue

    db = open_db(f"sqlite:///{place.root.parent / 'docgen.sqlite3'}")
    letter = Letter("letter", "เรื่อง", "ผู้รับ")
    eve = datetime.datetime(2026, 12, 31, 23, 59, tzinfo=ICT)  # 31 ธ.ค. 2569 (fiscal year 2570 began in October)
    assert [issue(db, A, "outgoing", letter, who="t", at=eve).number for _ in range(3)] == [1, 2, 3]
    new_year = datetime.datetime(2027, 1, 1, 0, 1, tzinfo=ICT)
    assert issue(db, A, "outgoing", letter, who="t", at=new_year).number == 1
    assert issue(db, A, "circular", letter, who="t", at=new_year).number == 1  # the ว series is its own
    assert issue(db, "office-b", "outgoing", letter, who="t", at=new_year).number == 1  # so is each office's


def test_the_memo_gets_its_number_once_written_into_the_records_and_printed_in_thai_digits(place: Records) -> None:
    out = _ok("number", "outgoing", "-r", str(place.packet), "--doc", "memo")
    assert out.startswith("ออกเลข ๑ (ทะเบียนหนังสือส่ง ปี ")
    text = place.packet.read_text(encoding="utf-8")
    assert "  number: 1                         # เว้นว่างไว้จนกว่าจะลงทะเบียนหนังสือ" in text  # its comment kept
    again = run("number", "outgoing", "-r", str(place.packet), "--doc", "memo")
    assert again.exit_code == 1
    assert "บันทึกข้อความเสนอผู้บริหารมีเลขที่ 1 อยู่แล้ว จึงไม่ออกเลขใหม่" in again.stderr
    wrong = run("number", "outgoing", "-r", str(place.packet), "--doc", "circular")
    assert wrong.exit_code == 1 and "หนังสือเวียนใช้เลขจากทะเบียนหนังสือเวียน (ว) (circular) เท่านั้น" in wrong.stderr
    _ok("memo", "-r", str(place.packet), "-o", str(place.root.parent / "output"))
    doc = open_docx((place.root.parent / "output" / A / "2566" / "memo.docx").read_bytes())
    assert any("ลบ ๕๑๐๐๑/๑" in line for line in all_text(doc))
    assert "ออกเลข 1/" in _ok("history", "-r", str(place.packet)).splitlines()[1]


def test_a_cancelled_number_stays_is_never_issued_again_and_fails_validate(place: Records) -> None:
    this_year = datetime.date.today().year + 543
    assert _ok("number", "outgoing", "-r", str(place.packet), "--doc", "memo").startswith("ออกเลข ๑")
    _ok("number", "cancel", "outgoing", "1", "--reason", "เสนอผิดเรื่อง", "-r", str(place.packet))
    result = run("validate", "-r", str(place.packet))
    assert result.exit_code == 1
    assert (f"memo.number: เลข 1 ในทะเบียนหนังสือส่ง ปี {this_year} ยกเลิกแล้ว (เสนอผิดเรื่อง)"
            " ให้ลบเลขนี้ออกแล้วออกเลขใหม่ด้วย docgen number outgoing --doc memo") in result.stderr
    place.edit(PACKET, "  number: 1 ", "  number:   ")
    assert _ok("number", "outgoing", "-r", str(place.packet), "--doc", "memo").startswith("ออกเลข ๒")
    assert _ok("validate", "-r", str(place.packet))


def test_a_number_typed_by_hand_that_the_book_gave_another_letter_fails_validate(place: Records) -> None:
    from docgen.accounts.db import open_db
    from docgen.history.entry import ICT
    from docgen.register.book import Letter, issue

    db = open_db(f"sqlite:///{place.root.parent / 'docgen.sqlite3'}")
    when = datetime.datetime(2023, 2, 10, 9, 0, tzinfo=ICT)  # 10 ก.พ. 2566, the memo's year
    assert issue(db, A, "outgoing", Letter("letter", "ขอเชิญประชุม", "นายอำเภอ"), who="t", at=when).number == 1
    place.edit(PACKET, "  number:   ", "  number: 1 ")  # the memo's number, typed from the paper book
    result = run("validate", "-r", str(place.packet))
    assert result.exit_code == 1
    assert ("memo.number: เลข 1 ในทะเบียนหนังสือส่ง ปี 2566 ออกให้หนังสืออื่นแล้ว (เรื่อง ขอเชิญประชุม)"
            " ให้ตรวจเลขที่พิมพ์ไว้ หรือออกเลขใหม่ด้วย docgen number outgoing --doc memo") in result.stderr
    place.edit(PACKET, "  number: 1 ", "  number: 2 ")  # not in the book: a number of the paper book, accepted
    assert _ok("validate", "-r", str(place.packet))


def test_set_next_continues_a_paper_book_and_is_in_the_trail(place: Records) -> None:
    _ok("number", "set-next", "outgoing", "245", "-r", str(place.packet))
    assert _ok("number", "outgoing", "-r", str(place.packet), "--subject", "ก", "--to", "ข").strip() == "245"
    refused = run("number", "set-next", "outgoing", "200", "-r", str(place.packet))
    assert refused.exit_code == 1 and "เลขถัดไปต้องมากกว่า 245" in refused.stderr
    trail = _ok("audit", "--records", str(place.root))
    assert "number-set-next" in trail and "245" in trail


def test_the_book_is_printed_with_every_entry_cancelled_ones_marked(place: Records) -> None:
    from openpyxl import load_workbook

    this_year = datetime.date.today().year + 543
    for i in range(1, 4):
        _ok("number", "outgoing", "-r", str(place.packet), "--subject", f"เรื่องที่ {i}", "--to", "นายอำเภอ")
    _ok("number", "cancel", "outgoing", "2", "--reason", "พิมพ์ผิด", "-r", str(place.packet))
    out = place.root.parent / "output"
    printed = _ok("register", "outgoing", "--year", str(this_year), "-r", str(place.packet), "-o", str(out))
    folder = out / A / "register"
    assert printed.splitlines() == [f"เขียน {folder / f'outgoing-{this_year}'}{ext}" for ext in
                                    (".docx", ".xlsx", ".csv", ".pdf")]
    csv = (folder / f"outgoing-{this_year}.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv[0] == "วันที่ลงทะเบียน,เลขทะเบียนส่ง,ที่,ลงวันที่,จาก,ถึง,เรื่อง,การปฏิบัติ,หมายเหตุ"
    assert [line.split(",")[1:3] for line in csv[1:]] == [["1", "ลบ 51001/1"], ["2", "ลบ 51001/2"], ["3", "ลบ 51001/3"]]
    assert csv[2].endswith("ยกเลิก: พิมพ์ผิด (" + __import__("getpass").getuser() + " (บรรทัดคำสั่ง))")
    ws = load_workbook(folder / f"outgoing-{this_year}.xlsx").active
    assert [c.value for c in ws["B"]][1:] == [1, 2, 3]
    doc = open_docx((folder / f"outgoing-{this_year}.docx").read_bytes())
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    table = doc.tables[0]
    assert table.rows[0]._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") \
        is not None  # the header row repeated on each page
    assert [c.text for c in table.rows[2].cells][1:3] == ["๒", "ลบ ๕๑๐๐๑/๒"]  # the office writes Thai digits
    assert "ยกเลิก: พิมพ์ผิด" in table.rows[2].cells[8].text
    faults = [f for r in runs_with_thai(doc) for f in cs_faults(r, "TH SarabunIT๙")]
    assert not faults, faults[:3]
    import pdfplumber

    with pdfplumber.open(folder / f"outgoing-{this_year}.pdf") as pdf:
        page = pdf.pages[0]
        assert page.width > page.height
        words = "".join((page.extract_text() or "").split())
    assert "เรื่องที่๑" in words and "เรื่องที่๓" in words and "ยกเลิก:พิมพ์ผิด" in words


def test_the_workspace_issues_beside_the_number_field_and_shows_the_book(place: Records) -> None:
    from accounts_setup import app_for, sign_in
    from test_accounts import docgen

    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}"
    assert docgen("users", "add", "somchai", "--office", A, "--role", "clerk", "--records", str(place.root),
                  input="รหัสผ่านทดสอบยาวพอ\n").exit_code == 0
    c = app_for(place, url).test_client()
    assert sign_in(c, "somchai", "รหัสผ่านทดสอบยาวพอ").status_code == 302
    form = c.get(f"/p/{A}/2566/edit/documents").get_data(as_text=True)
    assert f'formaction="/p/{A}/2566/number/memo">ออกเลขจากทะเบียน</button>' in form
    assert f'/p/{A}/2566/number/circular' not in form  # the circular has its number (531)
    r = c.post(f"/p/{A}/2566/number/memo")
    assert r.status_code == 302
    page = c.get(r.headers["Location"]).get_data(as_text=True)
    assert "ออกเลข 1 ให้บันทึกข้อความเสนอผู้บริหารแล้ว และบันทึกลงข้อมูลแล้ว" in page
    assert "  number: 1  " in place.packet.read_text(encoding="utf-8")
    again = c.get(c.post(f"/p/{A}/2566/number/memo").headers["Location"]).get_data(as_text=True)
    assert "มีเลขที่ 1 อยู่แล้ว จึงไม่ออกเลขใหม่" in again
    book = c.get(f"/p/{A}/2566/register/outgoing").get_data(as_text=True)
    assert "<td>1</td><td>ลบ 51001/1</td>" in book
    year = datetime.date.today().year + 543
    csv = c.get(f"/p/{A}/2566/register/outgoing/{year}.csv").get_data()
    assert "ลบ 51001/1".encode() in csv
    docx = c.get(f"/p/{A}/2566/register/outgoing/{year}.docx")
    assert docx.status_code == 200 and "ลบ ๕๑๐๐๑/๑" in open_docx(docx.get_data()).tables[0].rows[1].cells[2].text
    assert "somchai" in _ok("history", "-r", str(place.packet)).splitlines()[1]
    r = c.post(f"/p/{A}/2566/register/outgoing/cancel", data={"number": "1", "reason": "เสนอผิดเรื่อง", "year": year})
    assert "ยกเลิกเลข 1 ในทะเบียนหนังสือส่ง" in c.get(r.headers["Location"]).get_data(as_text=True)
    assert "ยกเลิก: เสนอผิดเรื่อง (somchai)" in c.get(f"/p/{A}/2566/register/outgoing").get_data(as_text=True)
    page = " ".join(c.get(f"/p/{A}/2566/").get_data(as_text=True).split())
    assert f"<code>memo.number</code> เลข 1 ในทะเบียนหนังสือส่ง ปี {year} ยกเลิกแล้ว (เสนอผิดเรื่อง)" in page
    assert 'disabled>สร้างเอกสารทั้งชุด' in page  # the build waits until the number is mended
