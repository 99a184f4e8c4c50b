"""The records loading layer bounded and strict (issue 28, second round): the exact
Thai line for a tag docgen does not use, a merge into itself, a file grown past its
size by aliases, an over-long contact field or key, a name of invisible characters
and a progress file linked from outside the records; the same words whichever
parser read the file; a large real profile still accepted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.errors import RecordsError
from docgen.records import yamlread

from conftest import ORG, PACKET, PROGRESS, SAMPLE, run

TAG = ("docgen ไม่ใช้ป้ายกำกับ {tag} (ใช้ได้เฉพาะ !literal สำหรับข้อความที่ต้องคงไว้ตามที่พิมพ์)"
       " ให้ลบ {tag} ออกแล้วเขียนค่าโดยตรง ข้อความบรรทัดนั้น: “{line}”")
LOOP = ("การอ้างอิงด้วย * (หรือการรวมค่าด้วย <<) ชี้กลับไปยังชุดข้อมูลที่ตัวเองอยู่ข้างใน (วนกลับมาที่ตัวเอง)"
        " ให้เขียนค่าโดยตรงแทนการอ้างอิง ข้อความบรรทัดนั้น: “{line}”")


def refused(records, rel: Path) -> list[str]:
    """The problem lines of ``validate`` (exit 1, nothing on standard output) for *rel*."""
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    return [line for line in result.stderr.splitlines() if line.startswith(f"  - {records.root / rel}")]


@pytest.mark.parametrize("new, tag", [
    ("motto: !!binary aGVsbG8=", "!!binary"),
    ("motto: !!python/object/apply:os.system [echo hi]", "!!python/object/apply:os.system"),
    ("motto: !!timestamp ซื่อสัตย์", "!!timestamp"),
    ("motto: !thai ซื่อสัตย์", "!thai"),
], ids=["binary", "python", "timestamp on words", "custom"])
def test_a_tag_docgen_does_not_use_is_refused_at_its_line(records, new, tag):
    line = records.edit(ORG, "motto: ซื่อสัตย์ สุจริต โปร่งใส พร้อมรับการตรวจสอบ", new)
    assert refused(records, ORG) == [
        f"  - {records.root / ORG} บรรทัด {line}: (รูปแบบ YAML): " + TAG.format(tag=tag, line=new)]


def test_tags_that_say_what_the_value_is_anyway_pass(records):
    records.edit(ORG, "phone: 0 3641 1404", "phone: !!str 0 3641 1404")
    records.edit(PACKET, "  date: 2566-02-23", "  date: !!timestamp 2566-02-23")
    records.edit(PACKET, "fiscal_year: 2566", "fiscal_year: !!int 2566")
    assert run("validate", "-r", str(records.packet)).exit_code == 0


def test_a_merge_into_itself_is_refused_at_its_line(records):
    line = records.edit(ORG, "initials:\n", "x: &a {<<: *a, k: v}\ninitials:\n")
    assert refused(records, ORG) == [
        f"  - {records.root / ORG} บรรทัด {line}: (รูปแบบ YAML): " + LOOP.format(line="x: &a {<<: *a, k: v}")]


def test_a_text_aliased_past_the_size_of_a_file_is_refused(records):
    step = "      - จัดทำคู่มือ/แนวทางการยืมและใช้ทรัพย์สินของหน่วยงาน"
    line = records.edit(PACKET, step, f'      - &s "{"ก" * 9_990}"\n' + "      - *s\n" * 19_000)
    assert refused(records, PACKET) == [
        f"  - {records.packet} บรรทัด {line}: (ทั้งไฟล์): ข้อมูลรวมกันยาวเกิน 1,000,000 ตัวอักษร"
        " (มักเกิดจากการอ้างอิงซ้ำด้วย & และ *) ให้เขียนค่าโดยตรงแทนการอ้างอิง"]


@pytest.mark.parametrize("old, new, field, length, limit", [
    ("    phone_ext: 102", f'    phone_ext: "{"1" * 300_000}"', "units.legal-affairs.phone_ext", "300,000", "100"),
    ("email: Lopburi1pao@gmail.com", f"email: {'a' * 300_000}@gmail.com", "email", "300,010", "254"),
    ("font: TH SarabunIT๙", f"font: TH {'S' * 200}", "font", "203", "100"),
    ("website: www.loppao.go.th", f"website: www.{'a' * 3_000}.go.th", "website", "3,010", "2,000"),
], ids=["phone_ext", "email", "font", "website"])
def test_a_contact_field_past_its_limit_is_refused_naming_it(records, old, new, field, length, limit):
    line = records.edit(ORG, old, new)
    assert refused(records, ORG) == [
        f"  - {records.root / ORG} บรรทัด {line}: {field}: ยาว {length} ตัวอักษร เกินที่รับได้ ({limit} ตัวอักษร)"
        " ให้ย่อให้สั้นลง"]


def test_a_key_past_its_limit_is_refused_and_shown_cut(records):
    line = records.edit(ORG, "  internal-audit:\n", f"  {'u' * 1_000}:\n    name: หน่วยยาว\n  internal-audit:\n")
    assert refused(records, ORG) == [
        f"  - {records.root / ORG} บรรทัด {line}: units.{'u' * 40}…(1,000 ตัวอักษร): ยาว 1,000 ตัวอักษร"
        " เกินที่รับได้ (100 ตัวอักษร) ให้ย่อให้สั้นลง"]


@pytest.mark.parametrize("value, shown", [
    ("\\u200b", "⟨U+200B⟩"), ("\\u200d\\u200c", "⟨U+200D⟩⟨U+200C⟩"), ("\\u2060", "⟨U+2060⟩"),
    ("\\ufeff", "⟨U+FEFF⟩"), ("\\u3000\\u200b", "⟨U+200B⟩"),
], ids=["ZWSP", "ZWJ ZWNJ", "WJ", "BOM", "ideographic space and ZWSP"])
def test_a_name_of_invisible_characters_is_refused(records, value, shown):
    line = records.edit(ORG, "    short_name: สำนักปลัดฯ", f'    short_name: "{value}"')
    assert refused(records, ORG) == [
        f"  - {records.root / ORG} บรรทัด {line}: units.office-of-secretary.short_name: มีแต่อักขระที่มองไม่เห็น"
        f" ({shown}) ซึ่งพิมพ์ออกมาเป็นที่ว่าง ให้ลบออกแล้วพิมพ์ข้อความที่ต้องการ"]


def test_progress_linked_from_outside_the_records_is_refused(records, tmp_path):
    outside = tmp_path / "elsewhere" / "progress.yaml"
    outside.parent.mkdir()
    outside.write_text((SAMPLE / PROGRESS).read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, records.root / PROGRESS)
    assert refused(records, PROGRESS) == [
        f"  - {records.root / PROGRESS}: (ไฟล์): ไฟล์ 'progress.yaml' อยู่นอกโฟลเดอร์ข้อมูล {records.root}"
        " ให้ย้ายไฟล์มาไว้ในโฟลเดอร์นั้น"]


@pytest.mark.parametrize("text", [
    "a: 1\nx: !!binary aGVsbG8=\n",
    "a: 1\nx: &a {<<: *a, k: v}\n",
    "a: 1\nx: &a\n  - 1\n  - *a\n",
    "a: &a {" + ", ".join(f"k{i}: 1" for i in range(1_000)) + "}\n" + "".join(f"m{i}: {{<<: *a}}\n" for i in range(300)),
    "a: &s " + "x" * 9_000 + "\nb: [" + "*s, " * 200 + "*s]\n",
], ids=["tag", "merge into itself", "alias into itself", "merges past the limit", "aliases past the size"])
def test_the_words_are_the_same_whichever_parser_reads(tmp_path, monkeypatch, text):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")

    def said() -> list[tuple[int | None, str, str]]:
        with pytest.raises(RecordsError) as caught:
            yamlread.read_yaml(path)
        return [(p.line, p.field, p.message) for p in caught.value.problems]

    fast = said()
    monkeypatch.setattr(yamlread, "libyaml_tree", lambda *args: None)
    assert said() == fast


def test_a_large_profile_is_accepted(records):
    """3,000 units and 400 measures: bounded files, not refused ones."""
    units = "".join(f"  unit-{i:04d}:\n    name: กองงานทดสอบลำดับที่ {i} สำนักงานองค์การบริหารส่วนจังหวัด\n"
                    f"    short_name: กองทดสอบ {i}\n    parent: office-of-secretary\n    phone_ext: {1000 + i}\n"
                    for i in range(3_000))
    records.edit(ORG, "\nunits:\n", "\nunits:\n" + units)
    measures = "".join(
        f"  - title: มาตรการทดสอบที่ {i} การส่งเสริมคุณธรรมและความโปร่งใสในการปฏิบัติงาน\n"
        "    steps: [จัดทำแผนการดำเนินงานและเสนอผู้บริหารพิจารณาอนุมัติ, ดำเนินการตามแผนและรายงานผล]\n"
        f"    lead: internal-audit\n    support: [unit-{i:04d}]\n    start: 2566-01\n    end: 2566-02\n"
        "    follow_up: รายงานผลการดำเนินการในการประชุมหัวหน้าส่วนราชการ\n" for i in range(5, 401))
    records.edit(PACKET, "# รายงาน O42 (เล่มมาตรการ)", measures + "\n# รายงาน O42 (เล่มมาตรการ)")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr[-2000:]


def test_a_number_of_thousands_of_digits_is_told_at_its_line_in_thai(records):
    line = records.line_of(PACKET, "  score: 96.77")
    records.edit(PACKET, "  score: 96.77", "  score: " + "9" * 5000)
    assert refused(records, PACKET) == [
        f"  - {records.root / PACKET} บรรทัด {line}: (รูปแบบ YAML): มีตัวเลขยาวเกินกว่าจะอ่านได้ (หลายพันหลัก)"
        " ถ้าเป็นข้อความให้ใส่ในเครื่องหมายคำพูด ถ้าเป็นตัวเลขให้แก้ให้ถูก"]
