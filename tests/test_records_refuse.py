"""The records refuse what would print wrong, each at its real field: a measure
listed twice, a dated note for a role nobody holds."""

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
