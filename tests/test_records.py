"""Records validation: each problem a clerk can make gives exit 1 and a Thai message
naming the file, the line and the field."""

import datetime as dt
from decimal import Decimal

import pytest

from docgen.records.loading import load

from conftest import FRAMEWORK, ORG, PACKET, ROOT, run

# (file, old text, new text, field named, words of the message, line: of the new text
#  unless a string is given, then the line holding that string)
BAD = {
    "score above 100": (PACKET, "score: 96.77", "score: 101", "previous_result.score", "อยู่นอกช่วง 0-100", None),
    "negative indicator": (PACKET, "duty: 97.85", "duty: -1", "previous_result.indicators.duty", "อยู่นอกช่วง 0-100", None),
    "grade disagrees with bands": (PACKET, "  score: 96.77\n", "  score: 96.77\n  grade: A\n", "previous_result.grade",
                                   "ระดับ 'A' ไม่ตรงกับคะแนน 96.77 ซึ่งตามเกณฑ์ได้ระดับ AA", "grade: A"),
    "bands overlap": (FRAMEWORK, "{grade: A, min: 85.00, max: 94.99}", "{grade: A, min: 85.00, max: 95.50}",
                      "bands.0", "ช่วงคะแนน AA (95.00-100) ทับกับช่วง A (85.00-95.50)", "grade: AA"),
    "bands leave a gap": (FRAMEWORK, "{grade: B, min: 75.00, max: 84.99}", "{grade: B, min: 75.00, max: 83.99}",
                          "bands.1", "มีช่องว่างระหว่างช่วง B (ถึง 83.99) กับช่วง A (เริ่ม 85.00)", "grade: A,"),
    "weights do not sum to 100": (FRAMEWORK, "    weight: 40", "    weight: 45", "tools",
                                  "ค่าน้ำหนักของเครื่องมือรวมกันได้ 105", "tools:"),
    "unknown role": (PACKET, "signer: head-of-office", "signer: head-office", "memo.signer",
                     "ไม่มีตำแหน่ง 'head-office'", None),
    "unknown unit": (PACKET, "lead: strategy", "lead: strategyy", "measures.1.lead",
                     "ไม่มีหน่วยงาน 'strategyy'", None),
    "unknown person": (ORG, "holder: somchat", "holder: somchai", "roles.deputy-chief-executive.holder",
                       "ไม่มีบุคคล 'somchai'", None),
    "measure ends before it starts": (PACKET, "    end: 2566-02\n", "    end: 2565-12\n", "measures.0.end",
                                      "มาตรการที่ 1 สิ้นสุด (ธันวาคม 2565) ก่อนเริ่ม (มกราคม 2566)", "end: 2565-12"),
    "circular before the memo": (PACKET, "  date: 2566-02-27", "  date: 2566-02-20", "circular.date",
                                 "วันที่หนังสือเวียน (20 กุมภาพันธ์ 2566) อยู่ก่อนวันที่ของบันทึกเสนอ", None),
    "circular before the approval": (PACKET, "{note: ลงนามแล้ว, date: 2566-02-24}", "{note: ลงนามแล้ว, date: 2566-02-28}",
                                     "circular.date", "อยู่ก่อนวันที่ผู้บริหารอนุมัติบันทึกเสนอ (28 กุมภาพันธ์ 2566)",
                                     "date: 2566-02-27"),
    "deadline before the circular": (PACKET, "report_by: 2566-03-20", "report_by: 2566-02-26", "circular.report_by",
                                     "กำหนดส่งรายงาน (26 กุมภาพันธ์ 2566) อยู่ก่อนวันที่หนังสือเวียน", None),
    "endorsement before the memo": (PACKET, "{note: เพื่อโปรดลงนาม, date: 2566-02-23}", "{note: เพื่อโปรดลงนาม, date: 2566-02-22}",
                                    "memo.annotations.permanent-secretary.date", "อยู่ก่อนวันที่ของบันทึกข้อความ", None),
    "malformed publication url": (PACKET, "url: https://www.loppao.go.th/ita/2566/o42", "url: www.loppao.go.th/ita",
                                  "circular.url", "ไม่ใช่ที่อยู่เว็บที่ใช้ได้", None),
    "missing publication url": (PACKET, "  url: https://www.loppao.go.th/ita/2566/o42", "  # url removed",
                                "circular.url", "ขาดข้อมูลนี้", "circular:"),
    "unknown key": (PACKET, "  score: 96.77\n", "  score: 96.77\n  scor: 96.77\n", "previous_result.scor",
                    "ไม่รู้จักชื่อ 'scor'", "scor:"),
    "unreadable date": (PACKET, "date: 2566-02-23\n  number:", "date: 23/2/66\n  number:", "memo.date", "อ่านวันที่ '23/2/66' ไม่ได้", None),
    "wrong fiscal year": (PACKET, "fiscal_year: 2566", "fiscal_year: 2567", "fiscal_year",
                          "ปีงบประมาณ 2567 ไม่ตรงกับกรอบการประเมินที่ใช้ (ปี 2566)", None),
    "indicator missing": (PACKET, "    budget: 93.24\n", "", "previous_result.indicators",
                          "ขาดคะแนนตัวชี้วัด 'budget' (การใช้งบประมาณ)", "indicators:"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_record_exits_1_naming_file_line_field(records, case):
    rel, old, new, field, words, anchor = BAD[case]
    line = records.edit(rel, old, new)
    if anchor is not None:
        line = records.line_of(rel, anchor)
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert "ยังไม่ได้สร้างเอกสารใด" in result.stderr
    expected = f"{records.root / rel} บรรทัด {line}: {field}: "
    hits = [ln for ln in result.stderr.splitlines() if expected in ln]
    assert hits, f"no line starting {expected!r} in:\n{result.stderr}"
    assert words in hits[0]
    assert result.stdout == ""


@pytest.mark.parametrize("old, new, at, words", [
    ("  score: 96.77", "  score: [96.77", "  score:",
     "เปิดวงเล็บ [ หรือ { ไว้แต่ไม่ได้ปิด ให้ใส่ ] หรือ } ปิดท้ายค่า ข้อความบรรทัดนั้น: “score: [96.77”"),
    ("  score: 96.77", "  score 96.77", "  score 96",
     "ขาดเครื่องหมาย : หลังชื่อ ให้เขียนแบบ “ชื่อ: ค่า” ข้อความบรรทัดนั้น: “score 96.77”"),
    ("  score: 96.77", "\tscore: 96.77", "\tscore",
     "ย่อหน้าด้วยปุ่ม Tab (คอลัมน์ 1) ให้ลบ Tab แล้วเว้นวรรคด้วยช่องว่างแทน"),
    ("  score: 96.77", '  score: "96.77', '  score: "',
     "เปิดเครื่องหมายคำพูดไว้แต่ไม่ได้ปิด ให้ใส่เครื่องหมายคำพูดปิดท้ายค่า"),
    ("fiscal_year: 2566", "fiscal_year: 2566\nfiscal_year: 2567", "fiscal_year: 2567",
     "ชื่อ 'fiscal_year' ซ้ำกับบรรทัด"),
    ("fiscal_year: 2566", "fiscal_year: 2566\n---", "---",
     "มีเส้นแบ่ง --- ทำให้ไฟล์มีข้อมูลสองชุด ไฟล์ข้อมูลต้องมีชุดเดียว ให้ลบบรรทัด ---"),
], ids=["unclosed bracket", "missing colon", "tab", "unclosed quote", "duplicate key", "two documents"])
def test_a_yaml_mistake_is_explained_in_thai_at_its_line(records, old, new, at, words):
    records.edit(PACKET, old, new)
    line = records.line_of(PACKET, at)
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert f"{records.packet} บรรทัด {line}: (รูปแบบ YAML): {words}" in result.stderr
    assert not any(english in result.stderr for english in ("mapping values", "found character", "while scanning",
                                                            "duplicate key", "expected"))


def test_problems_in_several_files_are_all_reported(records):
    records.edit(PACKET, "score: 96.77", "score: 101")
    records.edit(ORG, "holder: somchat", "holder: 7")
    records.edit(FRAMEWORK, "    weight: 40", "    weight: abc")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert "พบปัญหาในข้อมูล 2 รายการ" in result.stderr  # the cross-file check waits for valid files
    assert "previous_result.score" in result.stderr and "tools.OIT.weight" in result.stderr


def test_thai_digits_and_ce_years_read_the_same(records):
    records.edit(PACKET, "score: 96.77", "score: ๙๖.๗๗")
    records.edit(PACKET, "date: 2566-02-23\n  number:", "date: 2023-02-23\n  number:")
    records.edit(PACKET, "report_by: 2566-03-20", "report_by: ๒๐ มี.ค. ๒๕๖๖")
    recs = load(records.packet)
    assert recs.packet.previous_result.score == Decimal("96.77")
    assert recs.packet.memo.date == dt.date(2023, 2, 23)
    assert recs.packet.circular.report_by == dt.date(2023, 3, 20)


def test_sample_validates_with_a_summary():
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert "ตรวจข้อมูลแล้ว ไม่พบข้อผิดพลาด" in result.stdout
    assert "ผลปี 2565 96.77 ระดับ AA (ตามเกณฑ์ปี 2565) (เพิ่มขึ้นจาก 95.52 ในปี 2564)" in result.stdout
    assert "มาตรการ 4 ข้อ" in result.stdout
    # the font a clerk's Word needs, and what the PDFs are set in here
    assert ("แบบอักษร: TH SarabunIT๙ ทั้ง 4 แบบ (ปกติ ตัวหนา ตัวเอียง ตัวหนาเอียง) ต้องติดตั้งในเครื่อง Windows"
            in result.stdout)
    assert "หรือเปลี่ยน font: ในไฟล์องค์กรเป็น TH SarabunPSK หรือ TH Sarabun New" in result.stdout
    assert "PDF บนเครื่องนี้ใช้แบบอักษร TH SarabunPSK (" in result.stdout
    # the sample still uses the shipped placeholder emblem, and says so
    assert "emblem: ยังใช้ภาพตราครุฑตัวอย่าง" in result.stderr


def test_default_packet_needs_exactly_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.exit_code == 2
    assert "ไม่พบ packet.yaml ในโฟลเดอร์นี้หรือใต้โฟลเดอร์ records/" in result.stderr


def test_records_are_read_as_utf8_whatever_the_locale(records, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("PYTHONIOENCODING", "ascii")
    import locale
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "ANSI_X3.4-1968")
    assert load(records.packet).organisation.motto == "ซื่อสัตย์ สุจริต โปร่งใส พร้อมรับการตรวจสอบ"


def test_control_characters_pasted_from_excel_are_reported(records):
    line = records.edit(PACKET, "    follow_up: รายงานผลการดำเนินการในการประชุมหัวหน้าส่วนราชการ\n  - title: การปรับปรุง",
                        "    follow_up: \"รายงานผล\\vในการประชุม\"\n  - title: การปรับปรุง")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 0  # docgen drops them when it writes: a warning, not an error
    assert (f"คำเตือน: {records.packet} บรรทัด {line}: measures.0.follow_up: มีอักขระควบคุมที่มองไม่เห็น"
            in result.stderr)


PLACEHOLDER_PNG = (ROOT / "docgen" / "assets" / "emblem-placeholder.png").read_bytes()


@pytest.mark.parametrize("content, words", [
    (None, "ไฟล์ภาพตราครุฑ 'garuda.png': ไม่พบไฟล์นี้"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>",
     "ไฟล์ภาพตราครุฑ 'garuda.png': ไม่ใช่ภาพที่ Word ใส่ได้ หรือไฟล์ภาพเสีย/ไม่ครบ ให้ใช้ภาพ PNG หรือ JPEG"),
    (PLACEHOLDER_PNG[:len(PLACEHOLDER_PNG) // 2], "ไฟล์ภาพตราครุฑ 'garuda.png': ไม่ใช่ภาพที่ Word ใส่ได้ หรือไฟล์ภาพเสีย/ไม่ครบ"),
    (PLACEHOLDER_PNG[:-12], "ไฟล์ภาพตราครุฑ 'garuda.png': ไม่ใช่ภาพที่ Word ใส่ได้ หรือไฟล์ภาพเสีย/ไม่ครบ"),
    (PLACEHOLDER_PNG[:20], "ไฟล์ภาพตราครุฑ 'garuda.png': ไม่ใช่ภาพที่ Word ใส่ได้ หรือไฟล์ภาพเสีย/ไม่ครบ"),
])
def test_an_emblem_word_cannot_embed_is_refused(records, content, words):
    line = records.edit(ORG, "emblem: placeholder", "emblem: garuda.png")
    if content is not None:
        (records.root / ORG).parent.joinpath("garuda.png").write_bytes(content)
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert f"{records.root / ORG} บรรทัด {line}: emblem: {words}" in result.stderr


def test_a_real_emblem_silences_the_placeholder_warning(records):
    from docgen.records.emblem import placeholder_path
    records.edit(ORG, "emblem: placeholder", "emblem: garuda.png")
    (records.root / ORG).parent.joinpath("garuda.png").write_bytes(placeholder_path().read_bytes())
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 0 and "emblem" not in result.stderr
