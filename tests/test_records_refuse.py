"""The records refuse what would print wrong, each at its real field: a measure
listed twice, a dated note for a role nobody holds; and a mistake is told once, at its
field, not again as the follow-on faults it causes."""

from __future__ import annotations

from conftest import ORG, PACKET, Records, run

FIRST = "  - title: การยืมทรัพย์สินของหน่วยงาน"
SECOND = "  - title: การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA"


def _problems(records: Records) -> list[str]:
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1 and result.stdout == ""
    return [line for line in result.stderr.splitlines() if " บรรทัด " in line]


def test_a_measure_listed_twice_is_refused_at_the_second(records: Records) -> None:
    line = records.line_of(PACKET, SECOND)
    records.edit(PACKET, SECOND, FIRST)
    problems = _problems(records)
    assert problems == [f"  - {records.root / PACKET} บรรทัด {line}: measures.3.title: ชื่อมาตรการซ้ำกับมาตรการที่ 1"
                        " ตารางมาตรการจะพิมพ์มาตรการเดียวกันสองครั้ง ให้ลบมาตรการที่ซ้ำ หรือแก้ชื่อให้ต่างกัน"]


def test_the_same_title_spaced_otherwise_is_the_same_measure(records: Records) -> None:
    records.edit(PACKET, FIRST, SECOND.replace(" ITA", "   ITA"))
    assert any("measures.3.title: ชื่อมาตรการซ้ำกับมาตรการที่ 1" in p for p in _problems(records))


def test_a_dated_note_for_a_role_nobody_holds_is_refused(records: Records) -> None:
    records.edit(ORG, "    holder: nipa\n", "")
    line = records.line_of(PACKET, "    permanent-secretary: {note: เพื่อโปรดลงนาม")
    problems = _problems(records)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"  - {records.root / PACKET} บรรทัด {line}: memo.annotations.permanent-secretary.date:"
                                  " ตำแหน่ง ปลัดองค์การบริหารส่วนจังหวัดลพบุรี ยังไม่มีผู้ดำรงตำแหน่ง")


def test_a_persons_key_given_as_the_signer_is_told_once_with_the_role_to_use(records: Records) -> None:
    line = records.line_of(PACKET, "  signer: head-of-office")
    records.edit(PACKET, "  signer: head-of-office", "  signer: anurak")
    assert _problems(records) == [f"  - {records.root / PACKET} บรรทัด {line}: memo.signer: 'anurak' เป็นบุคคล (people)"
                                  " ไม่ใช่ตำแหน่ง (roles) ให้ใส่ตำแหน่งที่ผู้นั้นดำรง: head-of-office"]


def test_a_memo_dated_a_year_early_is_told_at_its_date_alone(records: Records) -> None:
    line = records.line_of(PACKET, "  date: 2566-02-23")
    records.edit(PACKET, "  date: 2566-02-23", "  date: 2565-02-23")
    assert _problems(records) == [f"  - {records.root / PACKET} บรรทัด {line}: memo.date: วันที่บันทึกเสนอ"
                                  " 23 กุมภาพันธ์ 2565 อยู่นอกปีงบประมาณ 2566 (1 ตุลาคม 2565 - 30 กันยายน 2566)"
                                  " (อาจเป็นข้อมูลของปีก่อน)"]


def test_a_circular_dated_a_year_late_is_told_at_its_date_alone(records: Records) -> None:
    line = records.line_of(PACKET, "  date: 2566-02-27")
    records.edit(PACKET, "  date: 2566-02-27", "  date: 2567-02-27")
    problems = _problems(records)
    assert len(problems) == 1 and problems[0].startswith(
        f"  - {records.root / PACKET} บรรทัด {line}: circular.date: วันที่หนังสือเวียน 27 กุมภาพันธ์ 2567 อยู่นอกปีงบประมาณ 2566")
