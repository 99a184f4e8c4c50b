"""The circular to all units, opened as a clerk would check it."""

import io
import re
import time
import zipfile

import pytest
from PIL import Image
from pyzbar.pyzbar import decode

from docgen.documents.make import render
from docgen.records.loading import load

from conftest import PACKET, SAMPLE, run
from docx_helpers import W, all_text, body_text, cs_faults, index_of, open_docx, runs_with_thai

URL = "https://www.loppao.go.th/ita/2566/o42"


@pytest.fixture(scope="module")
def circ_bytes():
    return render(load(SAMPLE / PACKET), "circular").data


@pytest.fixture(scope="module")
def circ(circ_bytes):
    return open_docx(circ_bytes)


def test_number_in_the_circulars_book_and_date(circ):
    lines = body_text(circ)
    assert lines[index_of(lines, "วันที่")] == "ที่  ลบ ๕๑๐๐๑/ว ๕๓๑\tวันที่  ๒๗ กุมภาพันธ์ ๒๕๖๖\t"


def test_recipients_from_the_profile(circ):
    assert ("เรียน  หัวหน้าส่วนราชการในสังกัดองค์การบริหารส่วนจังหวัดลพบุรี และหัวหน้าหน่วยตรวจสอบภายใน"
            in body_text(circ))


def test_enclosure_names_the_report(circ):
    lines = body_text(circ)
    assert lines[index_of(lines, "สิ่งที่ส่งมาด้วย")] == (
        "สิ่งที่ส่งมาด้วย  มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
        " ขององค์การบริหารส่วนจังหวัดลพบุรี จำนวน ๑ ฉบับ")


def test_body_deadline_approval_and_publisher(circ):
    text = " ".join(body_text(circ))
    assert "ข้อ O๔๒ กำหนดให้หน่วยงานต้องจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in text
    assert "และนายกองค์การบริหารส่วนจังหวัดลพบุรีได้ให้ความเห็นชอบแล้ว เมื่อวันที่ ๒๔ กุมภาพันธ์ ๒๕๖๖" in text
    assert "ขอให้รายงานผลการดำเนินการให้สำนักปลัดฯ ฝ่ายนิติการทราบภายในวันที่ ๒๐ มีนาคม ๒๕๖๖" in text
    assert "สำหรับกองยุทธศาสตร์และงบประมาณ ขอให้นำข้อมูลเผยแพร่บนเว็บไซต์หลักของหน่วยงาน" in text
    assert "กองทุนศาสตร์" not in text


def test_signed_by_the_chief_executive(circ):
    lines = body_text(circ)
    i = index_of(lines, "(นางอรพิน จิระพันธุ์วานิช)")
    assert lines[i + 1] == "นายกองค์การบริหารส่วนจังหวัดลพบุรี"


def test_thai_digits_everywhere_but_the_url(circ):
    for line in all_text(circ):
        assert not re.search(r"[0-9]", line.replace(URL, "")), line
    assert any(line == f"สแกนเพื่อดูรายละเอียด: {URL}" for line in body_text(circ))


def test_qr_code_decodes_to_the_publication_url(circ_bytes):
    with zipfile.ZipFile(io.BytesIO(circ_bytes)) as z:
        images = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    decoded = [d.data.decode() for img in images for d in decode(Image.open(io.BytesIO(img)))]
    assert decoded == [URL]


def test_an_address_short_enough_to_pass_unencoded_does_fit_a_qr_code():
    """validate passes an address of ALWAYS_FITS bytes without encoding it: segno must
    hold it, in the worst case (Thai, three bytes a character); a longer one is encoded
    and refused where it does not fit."""
    import segno

    from docgen.records.images import ALWAYS_FITS, qr_fault

    path = "ก" * ((ALWAYS_FITS - len("https://x.go.th/")) // 3)
    worst = "https://x.go.th/" + path + "a" * (ALWAYS_FITS - len("https://x.go.th/") - 3 * len(path))
    assert len(worst.encode("utf-8")) == ALWAYS_FITS
    assert qr_fault(worst) is None
    assert segno.make(worst, error="m", micro=False).version == 40
    too_long = "https://x.go.th/" + "ก" * 800
    assert qr_fault(too_long) == (f"ที่อยู่เว็บยาว {len(too_long):,} ตัวอักษร เกินกว่าที่ QR Code จะบรรจุได้"
                                  " ให้ใช้ที่อยู่ที่สั้นลง")


def test_every_thai_run_has_the_complex_script_slots(circ):
    for r in runs_with_thai(circ):
        assert cs_faults(r, "TH SarabunIT๙") == [], "".join(t.text for t in r.iter(W + "t"))


def test_same_records_same_bytes(circ_bytes, monkeypatch):
    later = time.time() + 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert render(load(SAMPLE / PACKET), "circular").data == circ_bytes


def test_cli_writes_once_then_refuses(tmp_path):
    first = run("circular", "-o", str(tmp_path))
    path = tmp_path / "lopburi-pao" / "2566" / "circular.docx"
    assert first.exit_code == 0 and first.stdout.splitlines()[0] == f"เขียนแล้ว: {path}"
    before = path.read_bytes()
    again = run("circular", "-o", str(tmp_path))
    assert again.exit_code == 1 and "--force" in again.stderr
    assert path.read_bytes() == before


def test_without_enclosure_the_line_is_gone(records):
    records.edit(PACKET, "  url: https://www.loppao.go.th/ita/2566/o42", "  url: https://www.loppao.go.th/ita/2566/o42\n  enclose_report: false")
    doc = open_docx(render(load(records.packet), "circular").data)
    assert not any("สิ่งที่ส่งมาด้วย" in line for line in body_text(doc))
