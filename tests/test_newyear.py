"""The next fiscal year, safely: ``docgen new-year`` drafts it, stale facts are errors,
several packets are told apart, last year is judged by last year's rules."""

from __future__ import annotations

import shutil

from conftest import FRAMEWORK, PACKET, run

NEXT = PACKET.parent.parent / "2567" / "packet.yaml"


def next_framework(records) -> None:
    text = (records.root / FRAMEWORK).read_text(encoding="utf-8").replace("fiscal_year: 2566", "fiscal_year: 2567")
    (records.root / "frameworks" / "ita-2567.yaml").write_text(text, encoding="utf-8")


def test_next_years_framework_is_drafted_with_its_codes_asked_for(records):
    """No FY2567 framework yet: new-year drafts one from FY2566's (a clerk in the
    browser cannot copy a file), its year moved on, the item codes left blank with
    last year's beside them, so validate asks for them there; an existing one is kept."""
    assert run("new-year", "-r", str(records.packet)).exit_code == 0
    drafted = records.root / "frameworks" / "ita-2567.yaml"
    text = drafted.read_text(encoding="utf-8")
    assert text.startswith("# ร่างกรอบการประเมินปีงบประมาณ 2567 คัดจากกรอบปี 2566 ด้วย docgen new-year\n")
    assert "\nfiscal_year: 2567\n" in text
    assert "  code:  # ต้องตรวจกับคู่มือการประเมินของปีนี้แล้วกรอก (ปีก่อนเป็น O42)\n" in text
    assert "  code:  # ต้องตรวจกับคู่มือการประเมินของปีนี้แล้วกรอก (ปีก่อนเป็น O43)\n" in text
    refused = run("validate", "-r", str(records.root / NEXT))
    assert f"{drafted} บรรทัด " in refused.stderr and ": item.code: ยังไม่ได้กรอก ต้องใส่ค่านี้" in refused.stderr
    assert "ไม่พบไฟล์นี้" not in refused.stderr


def test_an_existing_framework_for_next_year_is_kept(records):
    next_framework(records)
    before = (records.root / "frameworks" / "ita-2567.yaml").read_bytes()
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0 and "ร่างกรอบการประเมินปี 2567" not in result.stdout
    assert (records.root / "frameworks" / "ita-2567.yaml").read_bytes() == before


def test_new_year_drafts_next_years_packet(records):
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    draft = records.root / NEXT
    assert f"เขียนร่างข้อมูลปีใหม่แล้ว: {draft}" in result.stdout
    drafted = records.root / "frameworks" / "ita-2567.yaml"
    assert (f"หมายเหตุ: ร่างกรอบการประเมินปี 2567 ให้แล้ว ({drafted}) คัดจากกรอบปี 2566: ให้ตรวจเครื่องมือ ค่าน้ำหนัก"
            " ตัวชี้วัด และเกณฑ์ กับคู่มือการประเมินของปี 2567 แล้วกรอกรหัสข้อ (code) ที่เว้นไว้") in result.stdout
    text = draft.read_text(encoding="utf-8")
    assert "fiscal_year: 2567" in text and "framework: ../../frameworks/ita-2567.yaml" in text
    assert "  framework: ../../frameworks/ita-2566.yaml" in text  # this year's rules judge this year's result
    assert "  year_before_score: 96.77          # คะแนนปีงบประมาณ 2565" in text  # the comment moved on too
    assert "  framework: ../../frameworks/ita-2566.yaml   # ผลปี 2566 อ่านตามตัวชี้วัดและเกณฑ์ของปี 2566" in text
    assert "    start: 2567-01\n    end: 2567-02" in text and "    start: 2566-10\n    end: 2567-09" in text
    assert "# คะแนนแต่ละตัวชี้วัด เขียนที่นี่ที่เดียว" in text  # the clerk's comments stay
    assert "  score:\n" in text and "url:" in text and "loppao.go.th/ita/2566" not in text
    # the draft is refused, field by field, until the new facts are in
    next_framework(records)
    refused = run("validate", "-r", str(draft))
    assert refused.exit_code == 1
    for field in ("previous_result.score", "previous_result.indicators.duty", "memo.date",
                  "circular.url", "advice.overall"):
        assert f": {field}: ยังไม่ได้กรอก ต้องใส่ค่านี้" in refused.stderr, field
    assert "circular.number" not in refused.stderr  # left empty: the register gives it (docgen number circular)
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


MARK = "# (ทบทวน: ความเห็นนี้คัดจากข้อมูลปี 2566 ตามเดิม)"


def line_of(text: str, start: str) -> str:
    """The one line of *text* that starts with *start*."""
    found = [line for line in text.split("\n") if line.startswith(start)]
    assert len(found) == 1, (start, found)
    return found[0]


def test_a_comments_year_moves_only_beside_a_value_moved_a_year_on(records):
    # comments beside values moved on a year: the fiscal year, a measure's start, the year before's score
    records.edit(PACKET, "fiscal_year: 2566\n", "fiscal_year: 2566   # 1 ต.ค. 2565 - 30 ก.ย. 2566\n")
    records.edit(PACKET, "    start: 2566-01\n", "    start: 2566-01   # ม.ค. 2566\n")
    records.edit(PACKET, "# คะแนนปีงบประมาณ 2564", "# คะแนนปีงบประมาณ ๒๕๖๔")  # Thai digits
    # comments whose year is not the moved value's: beside a blanked value, a value carried as it
    # was, on a line of their own
    records.edit(PACKET, "  score: 96.77\n", "  score: 96.77   # ตามประกาศผล ป.ป.ช. พ.ศ. 2565\n")
    records.edit(PACKET, "  publisher: strategy               # ส่วนราชการที่นำข้อมูลเผยแพร่บนเว็บไซต์",
                 "  publisher: strategy               # ตามคำสั่งที่ 12/2566")
    records.edit(PACKET, "# รายงาน O42 (เล่มมาตรการ)", "# ตามประกาศ พ.ศ. 2566 เรื่องมาตรฐานเอกสาร\n# รายงาน O42 (เล่มมาตรการ)")
    # a # inside values: a quoted step and a folded one, which are never comments
    records.edit(PACKET, "      - จัดทำคู่มือ/แนวทางการยืมและใช้ทรัพย์สินของหน่วยงาน",
                 "      - 'จัดทำคู่มือ #2566 ฉบับปี 2566'")
    records.edit(PACKET, "        ให้เป็นระบบชัดเจน เป็นปัจจุบัน", "        ให้เป็นระบบ #ปี 2566 ชัดเจน เป็นปัจจุบัน")
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    text = (records.root / NEXT).read_text(encoding="utf-8")

    assert line_of(text, "fiscal_year:") == "fiscal_year: 2567   # 1 ต.ค. 2566 - 30 ก.ย. 2567"
    assert line_of(text, "    start: 2567-01") == "    start: 2567-01   # ม.ค. 2567"
    assert line_of(text, "  year_before_score:") == "  year_before_score: 96.77          # คะแนนปีงบประมาณ ๒๕๖๕"
    # kept as written, marked for review: docgen cannot know whether the year was this year's
    assert line_of(text, "  score:").endswith(f"{MARK} ตามประกาศผล ป.ป.ช. พ.ศ. 2565")
    assert line_of(text, "  publisher:") == f"  publisher: strategy               {MARK} ตามคำสั่งที่ 12/2566"
    assert f"{MARK} ตามประกาศ พ.ศ. 2566 เรื่องมาตรฐานเอกสาร\n# รายงาน O42 (เล่มมาตรการ)" in text
    assert text.split("\n")[6:8] == [  # the clerk's own heading, after docgen's six lines
        f"{MARK} ข้อมูลเอกสาร O42 ประจำปีงบประมาณ พ.ศ. 2566 ขององค์การบริหารส่วนจังหวัดลพบุรี",
        f"{MARK} วันที่เขียนได้ทั้ง 2566-02-27 (พ.ศ.), 2023-02-27 (ค.ศ.) หรือ 27 ก.พ. 2566"]
    assert f"{MARK} ผลการประเมินปีที่แล้ว (ปีงบประมาณ 2565):" in text
    assert f"{MARK} start / end = เดือนที่เริ่มและสิ้นสุด เช่น 2566-01 หรือ ม.ค. 2566\nmeasures:" in text
    assert "27 ก.พ. 2567" not in text and "ม.ค. 2567\nmeasures" not in text  # no example made untrue
    # comments without a year are kept as they were, unmarked
    assert "  indicators:                       # คะแนนแต่ละตัวชี้วัด เขียนที่นี่ที่เดียว\n" in text
    assert "# ปีตั้งแต่ 2400 ขึ้นไปอ่านเป็น พ.ศ. ต่ำกว่านั้นอ่านเป็น ค.ศ." in text
    assert "  url:                                         # ที่อยู่ของเอกสารบนเว็บไซต์ (QR Code ชี้มาที่นี่)\n" in text
    # values are not touched, nor a # inside them
    assert "      - 'จัดทำคู่มือ #2566 ฉบับปี 2566'\n" in text
    assert "        ให้เป็นระบบ #ปี 2566 ชัดเจน เป็นปัจจุบัน" in text
    marked = text.count(MARK)
    assert marked == 7
    assert f"ความเห็น {marked} บรรทัดมีปีที่ docgen ไม่รู้ว่าควรเลื่อนหรือไม่" in result.stdout
    assert "#   และความเห็นที่ขึ้นต้นด้วย (ทบทวน: ความเห็นนี้คัดจากข้อมูลปี 2566 ตามเดิม):" in text  # the header says so


def test_headings_stay_with_their_sections_when_blanks_change_shape(records):
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    text = (records.root / NEXT).read_text(encoding="utf-8")
    # OIT had no items: they are added before the next section's heading, whose blank line stays
    assert "    OIT:\n      remark:\n      items: []\n\n# มาตรการ: docgen ใส่เลขลำดับให้เอง" in text
    assert "    prevention:\n\n# ข้อเสนอแนะของคณะที่ปรึกษาในระบบการประเมิน แยกตามเครื่องมือ\nadvice:\n" in text
    assert "  annotations: {} # ปีก่อน: permanent-secretary: เพื่อโปรดลงนาม; chief-executive: ลงนามแล้ว\n\n# หนังสือเวียน" in text


def test_new_year_needs_this_years_framework(records):
    (records.root / FRAMEWORK).unlink()
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 1
    assert "อ่านกรอบการประเมินปี 2566" in result.stderr and "ไม่รู้ว่าร่างต้องเว้นคะแนนตัวชี้วัดใดไว้" in result.stderr
    assert not (records.root / NEXT).exists()
    records.edit(PACKET, "framework: ../../frameworks/ita-2566.yaml", "framework: ../../frameworks/ita-2565.yaml")
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 1
    assert "ซึ่งเป็นกรอบการประเมินปี 2565 ไม่ใช่ปี 2566 ให้แก้ framework ให้ชี้ไปยังไฟล์ของปี 2566 ก่อน" in result.stderr
    assert not (records.root / NEXT).exists()
