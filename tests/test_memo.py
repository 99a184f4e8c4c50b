"""The memo to the chief executive, opened as a clerk would check it."""

import re
import time

import pytest
from docx.shared import Cm, Mm

from docgen.documents.make import render
from docgen.records.loading import load

from conftest import ORG, PACKET, SAMPLE, run
from docx_helpers import (
    W,
    all_text,
    body_text,
    cs_faults,
    index_of,
    is_bold,
    open_docx,
    run_of,
    run_size_pt,
    runs_with_thai,
)

FONT = "TH SarabunIT๙"


def near(length, cm):
    """Equal to *cm* within Word's twip rounding."""
    return abs(length - Cm(cm)) < Cm(0.01)


@pytest.fixture(scope="module")
def memo_bytes():
    return render(load(SAMPLE / PACKET), "memo", to="chief-executive").data


@pytest.fixture(scope="module")
def memo(memo_bytes):
    return open_docx(memo_bytes)


def test_header_block_values(memo):
    lines = body_text(memo)
    assert lines[index_of(lines, "ส่วนราชการ")].startswith(
        "ส่วนราชการ  สำนักปลัดองค์การบริหารส่วนจังหวัด ฝ่ายนิติการ โทร. ๑๐๒\t")
    assert lines[index_of(lines, "วันที่")] == "ที่  ลบ ๕๑๐๐๑/-\tวันที่  ๒๓ กุมภาพันธ์ ๒๕๖๖\t"
    assert lines[index_of(lines, "เรื่อง")] == (
        "เรื่อง  มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
        " ขององค์การบริหารส่วนจังหวัดลพบุรี\t")
    assert "เรียน  นายกองค์การบริหารส่วนจังหวัดลพบุรี" in lines


def test_title_and_labels_sizes(memo):
    title = run_of(memo, "บันทึกข้อความ")
    assert run_size_pt(title) == 29 and is_bold(title)
    for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
        r = next(r for r in runs_with_thai(memo) if "".join(t.text for t in r.iter(W + "t")) == label)
        assert run_size_pt(r) == 20 and is_bold(r), label
    assert run_size_pt(run_of(memo, "ลบ ๕๑๐๐๑/-")) == 16


def test_three_sections_in_order_with_derived_text(memo):
    lines = body_text(memo)
    i1, i2, i3 = (index_of(lines, h) for h in ("๑. เรื่องเดิม", "๒. ข้อเท็จจริง", "๓. ข้อพิจารณา/ข้อเสนอแนะ"))
    assert i1 < i2 < i3 < index_of(lines, "จึงเรียนมาเพื่อโปรดทราบและพิจารณา")
    background = lines[i1 + 1]
    assert "ในปีงบประมาณ พ.ศ. ๒๕๖๕ ได้รับผลคะแนนการประเมิน ๙๖.๗๗ อยู่ในระดับ AA" in background
    assert "ในปีงบประมาณ พ.ศ. ๒๕๖๖ องค์การบริหารส่วนจังหวัดลพบุรีมีหน้าที่ต้องเข้าร่วมการประเมิน" in background
    facts = lines[i2 + 1]
    assert "โดยในตัวชี้วัดที่ ๑๐ การป้องกันการทุจริต ข้อ O๔๒ กำหนดให้หน่วยงานจะต้องจัดทำมาตรการส่งเสริมคุณธรรม" in facts
    assert "(Open Data Integrity and Transparency Assessment : OIT)" in facts
    assert "ในปี พ.ศ. ๒๕๖๕ มีข้อมูลรายละเอียดการวิเคราะห์" in facts
    assert "หากเห็นชอบโปรดลงนามในร่างหนังสือที่เสนอมาพร้อมนี้" in lines[index_of(lines, "จึงเรียนมา")]


def test_body_paragraphs_indented_and_thai_distributed(memo):
    p = next(p for p in memo.paragraphs if p.text.startswith("ตามที่"))
    assert near(p.paragraph_format.first_line_indent, 2.5)
    assert p._p.pPr.find(W + "jc").get(W + "val") == "thaiDistribute"
    assert run_size_pt(p.runs[0]._r) == 16


def test_signer_endorsers_and_decision_in_climbing_order(memo):
    lines = body_text(memo)
    signer = index_of(lines, "(นายอนุรักษ์ พลเสน)")
    assert lines[signer + 1] == "หัวหน้าสำนักปลัดองค์การบริหารส่วนจังหวัด"
    ps = index_of(lines, "(นางสาวนิภา ประชีพราย)")
    assert lines[ps - 4:ps - 2] == ["เรียน นายก อบจ.ลพบุรี", "- เพื่อโปรดลงนาม"]
    assert lines[ps + 1:ps + 3] == ["ปลัดองค์การบริหารส่วนจังหวัดลพบุรี", "๒๓ ก.พ. ๒๕๖๖"]
    deputy = index_of(lines, "(นายสมชาติ ประสมเพชร)")
    assert lines[deputy + 1] == "รองนายกองค์การบริหารส่วนจังหวัดลพบุรี"
    assert lines[deputy + 2] == "......../......../........"  # no date in the records: room to write it
    chief = index_of(lines, "(นางอรพิน จิระพันธุ์วานิช)")
    assert lines[chief - 3] == "ลงนามแล้ว"
    assert lines[chief + 1:chief + 3] == ["นายกองค์การบริหารส่วนจังหวัดลพบุรี", "๒๔ ก.พ. ๒๕๖๖"]
    assert signer < ps < deputy < chief


def test_initials_box_rows_from_the_profile(memo):
    end = memo.tables[-1]  # the end block: the initials box stands beside the signature
    box = end.rows[0].cells[0].tables[0]
    assert [row.cells[0].text for row in box.rows] == [
        "ปลัด อบจ.", "รองปลัด อบจ.", "หัวหน้าส่วน", "หัวหน้าฝ่าย", "เจ้าหน้าที่", "พิมพ์/ทบทวน"]


def test_no_ascii_digit_anywhere(memo):
    for line in all_text(memo):
        assert not re.search(r"[0-9]", line), line


def test_a4_and_margins(memo):
    sec = memo.sections[0]
    assert near(sec.page_width, 21) and near(sec.page_height, 29.7)
    assert near(sec.left_margin, 3) and near(sec.right_margin, 2)


def test_emblem_is_15_mm_tall_at_the_top_left_of_page_1(memo):
    header = memo.sections[0].first_page_header
    assert memo.sections[0].different_first_page_header_footer
    extents = list(header._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"))
    assert len(extents) == 1 and int(extents[0].get("cy")) == Mm(15)
    first = header.paragraphs[0]
    assert first.paragraph_format.alignment in (None, 0)  # left
    assert near(memo.sections[0].header_distance, 1.5)


def test_page_number_from_page_2_in_thai_digits(memo):
    header = memo.sections[0].header._element
    instr = "".join(t.text for t in header.iter(W + "instrText"))
    assert instr.split() == ["PAGE", "\\*", "ThaiArabic"]
    assert "".join(t.text for t in header.iter(W + "t")).startswith("- ")
    assert "PAGE" not in "".join(t.text or "" for t in memo.sections[0].first_page_header._element.iter(W + "instrText"))


def test_every_thai_run_has_the_complex_script_slots(memo):
    runs = list(runs_with_thai(memo))
    assert len(runs) > 30
    for r in runs:
        assert cs_faults(r, FONT) == [], "".join(t.text for t in r.iter(W + "t"))


def test_to_permanent_secretary_has_its_own_shorter_chain():
    doc = open_docx(render(load(SAMPLE / PACKET), "memo", to="permanent-secretary").data)
    lines = body_text(doc)
    assert "เรียน  ปลัดองค์การบริหารส่วนจังหวัดลพบุรี" in lines
    assert not any("(นายสมชาติ" in ln or "(นางอรพิน" in ln for ln in lines)
    ps = index_of(lines, "(นางสาวนิภา ประชีพราย)")
    assert lines[ps - 3] == "เพื่อโปรดลงนาม"  # the records' note, now as the recipient's own decision
    assert "โปรดลงนามในร่างหนังสือ" not in lines[index_of(lines, "จึงเรียนมา")]


def test_unknown_role_exits_2_listing_the_valid_ones(tmp_path):
    result = run("memo", "--to", "mayor", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "ไม่มีตำแหน่ง 'mayor'" in result.stderr
    assert "chief-executive, deputy-chief-executive, permanent-secretary" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_same_records_same_bytes(memo_bytes, monkeypatch):
    later = time.time() + 86400 * 3
    monkeypatch.setattr(time, "time", lambda: later)
    assert render(load(SAMPLE / PACKET), "memo", to="chief-executive").data == memo_bytes


def test_second_run_keeps_the_clerks_file_unless_forced(tmp_path):
    first = run("memo", "-o", str(tmp_path))
    assert first.exit_code == 0
    path = tmp_path / "lopburi-pao" / "2566" / "memo.docx"
    assert first.stdout.splitlines()[0] == f"เขียนแล้ว: {path}"
    path.write_bytes(b"edited by a clerk")
    again = run("memo", "-o", str(tmp_path))
    assert again.exit_code == 1
    assert f"ไม่ได้เขียนทับ {path}" in again.stderr and "--force" in again.stderr
    assert path.read_bytes() == b"edited by a clerk"
    forced = run("memo", "-o", str(tmp_path), "--force")
    assert forced.exit_code == 0 and path.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in path.parent.iterdir()) == ["memo.docx"]  # no temporary files left


def test_bad_records_write_nothing(records, tmp_path):
    records.edit(PACKET, "score: 96.77", "score: 101")
    result = run("memo", "-r", str(records.packet), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_interrupted_write_leaves_no_file(tmp_path, monkeypatch):
    import os

    from docgen.output import staged as output

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_files({tmp_path / "a" / "memo.docx": b"data"}, force=False)
    assert list(tmp_path.iterdir()) == []  # no folder, no staging folder, no part file


@pytest.mark.parametrize("numerals, shown", [("thai", "R&D <สำนัก> \"ฝ่าย\" 'ก' {{ ๗*๗ }} {% if %}"),
                                             ("arabic", "R&D <สำนัก> \"ฝ่าย\" 'ก' {{ 7*7 }} {% if %}")])
def test_values_appear_as_typed(records, numerals, shown):
    records.edit(ORG, "name: ฝ่ายนิติการ", "name: \"R&D <สำนัก> \\\"ฝ่าย\\\" 'ก' {{ 7*7 }} {% if %}\\x0b\"")
    records.edit(ORG, "numerals: thai", f"numerals: {numerals}")
    doc = open_docx(render(load(records.packet), "memo", to="chief-executive").data)
    lines = body_text(doc)
    unit_line = lines[index_of(lines, "ส่วนราชการ")]
    assert shown in unit_line
    assert "49" not in unit_line and "๔๙" not in unit_line
    assert "จึงเรียนมาเพื่อโปรดทราบ" in "".join(lines)  # nothing after the value was cut away


def test_an_output_folder_that_cannot_be_made_is_a_message(tmp_path):
    blocker = tmp_path / "output"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    result = run("memo", "-o", str(blocker))
    assert result.exit_code == 1
    assert f"สร้างโฟลเดอร์ {blocker / 'lopburi-pao' / '2566'} ไม่ได้" in result.stderr


def test_a_folder_that_refuses_files_is_a_message(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    result = run("memo", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert f"เขียนไฟล์ลงในโฟลเดอร์ {tmp_path / 'lopburi-pao' / '2566'} ไม่ได้: Permission denied" in result.stderr
