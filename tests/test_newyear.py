"""The next fiscal year, safely: ``docgen new-year`` drafts it, stale facts are errors,
several packets are told apart, last year is judged by last year's rules."""

from __future__ import annotations

import shutil

from conftest import FRAMEWORK, PACKET, run

NEXT = PACKET.parent.parent / "2567" / "packet.yaml"


def next_framework(records) -> None:
    text = (records.root / FRAMEWORK).read_text(encoding="utf-8").replace("fiscal_year: 2566", "fiscal_year: 2567")
    (records.root / "frameworks" / "ita-2567.yaml").write_text(text, encoding="utf-8")


def test_new_year_drafts_next_years_packet(records):
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    draft = records.root / NEXT
    assert f"เขียนร่างข้อมูลปีใหม่แล้ว: {draft}" in result.stdout
    assert "ยังไม่มีกรอบการประเมินปี 2567" in result.stdout and "ita-2566.yaml เป็นไฟล์นั้น" in result.stdout
    text = draft.read_text(encoding="utf-8")
    assert "fiscal_year: 2567" in text and "framework: ../../frameworks/ita-2567.yaml" in text
    assert "  framework: ../../frameworks/ita-2566.yaml" in text  # this year's rules judge this year's result
    assert "  year_before_score: 96.77          # คะแนนปีงบประมาณ 2565" in text  # the comment moved on too
    assert "    start: 2567-01\n    end: 2567-02" in text and "    start: 2566-10\n    end: 2567-09" in text
    assert "# คะแนนแต่ละตัวชี้วัด เขียนที่นี่ที่เดียว" in text  # the clerk's comments stay
    assert "  score:\n" in text and "url:" in text and "loppao.go.th/ita/2566" not in text
    # the draft is refused, field by field, until the new facts are in
    next_framework(records)
    refused = run("validate", "-r", str(draft))
    assert refused.exit_code == 1
    for field in ("previous_result.score", "previous_result.indicators.duty", "memo.date", "circular.number",
                  "circular.url", "advice.overall"):
        assert f": {field}: ยังไม่ได้กรอก ต้องใส่ค่านี้" in refused.stderr, field
    # a second run changes nothing
    before = draft.read_bytes()
    again = run("new-year", "-r", str(records.packet))
    assert again.exit_code == 1 and "มีข้อมูลปีงบประมาณ 2567 อยู่แล้ว" in again.stderr
    assert draft.read_bytes() == before


def test_a_copy_with_only_the_year_changed_is_refused_for_its_stale_facts(records, tmp_path):
    next_framework(records)
    records.edit(PACKET, "fiscal_year: 2566", "fiscal_year: 2567")
    records.edit(PACKET, "framework: ../../frameworks/ita-2566.yaml", "framework: ../../frameworks/ita-2567.yaml")
    records.edit(PACKET, "framework: ../../frameworks/ita-2565.yaml", "framework: ../../frameworks/ita-2566.yaml")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    span = "อยู่นอกปีงบประมาณ 2567 (1 ตุลาคม 2566 - 30 กันยายน 2567) (อาจเป็นข้อมูลของปีก่อน)"
    assert f"measures.0.start: มาตรการที่ 1 เริ่ม มกราคม 2566 {span}" in result.stderr
    assert f"memo.date: วันที่บันทึกเสนอ 23 กุมภาพันธ์ 2566 {span}" in result.stderr
    assert f"circular.report_by: กำหนดส่งรายงาน 20 มีนาคม 2566 {span}" in result.stderr
    assert "previous_result.announced: วันประกาศผล 1 สิงหาคม 2565 ไม่อยู่ในปีงบประมาณ 2566 หรือ 2567" in result.stderr
    built = run("build", "-r", str(records.packet), "-o", str(tmp_path / "out"))
    assert built.exit_code == 1 and not (tmp_path / "out").exists()


def test_a_note_for_a_role_off_the_memos_path_is_an_error(records):
    records.edit(PACKET, "    chief-executive: {note: ลงนามแล้ว, date: 2566-02-24}",
                 "    chief-executive: {note: ลงนามแล้ว, date: 2566-02-24}\n    deputy-permanent-secretary: {note: ทราบ}")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert ("memo.annotations.deputy-permanent-secretary: ตำแหน่ง 'deputy-permanent-secretary' ไม่อยู่ในสายการเสนอ"
            "ของบันทึก (head-of-office -> permanent-secretary -> deputy-chief-executive -> chief-executive)") in result.stderr


def test_several_packets_newest_is_used_and_named(records, monkeypatch):
    assert run("new-year", "-r", str(records.packet)).exit_code == 0
    next_framework(records)
    monkeypatch.chdir(records.root.parent)
    result = run("validate")
    assert "ใช้ข้อมูล records/lopburi-pao/2567/packet.yaml (ปีงบประมาณล่าสุด จาก 2 ปี)" in result.stderr
    assert result.exit_code == 1  # the draft, not yet filled in
    monkeypatch.chdir(records.root / "lopburi-pao" / "2566")  # inside a packet's folder: that packet
    assert run("validate").exit_code == 0
    monkeypatch.chdir(records.root.parent)
    shutil.copytree(records.root / "lopburi-pao", records.root / "another-office")
    listed = run("validate")
    assert listed.exit_code == 2
    assert "มีข้อมูลของหลายองค์กรใต้ records/" in listed.stderr
    assert "another-office: records/another-office/2566, records/another-office/2567" in listed.stderr


def test_last_years_result_is_graded_by_last_years_bands(records):
    # 45.00 is F by FY2565's bands (F 0-49.99) and E by FY2566's (E 40-54.99)
    records.edit(PACKET, "  score: 96.77", "  score: 45.00")
    from docgen.facts.derive import facts
    from docgen.records.loading import load

    assert facts(load(records.packet))["prev"]["grade"] == "F"
    records.edit(PACKET, "  framework: ../../frameworks/ita-2565.yaml   # ผลปี 2565 อ่านตามตัวชี้วัดและเกณฑ์ของปี 2565\n", "")
    assert facts(load(records.packet))["prev"]["grade"] == "E"


def test_an_office_new_to_the_ita_builds_without_a_two_years_back_score(records, tmp_path):
    records.edit(PACKET, "  year_before_score: 95.52          # คะแนนปีงบประมาณ 2564\n", "")
    result = run("build", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    from docx_helpers import all_text, open_docx

    report = "\n".join(all_text(open_docx((tmp_path / "lopburi-pao" / "2566" / "report.docx").read_bytes())))
    assert "ได้รับผลคะแนนการประเมิน ๙๖.๗๗ อยู่ในระดับ AA\n" in report  # the preface's first paragraph ends there
    assert "ซึ่งเป็นผลคะแนน" not in report and "ปีงบประมาณ พ.ศ. ๒๕๖๔" not in report
