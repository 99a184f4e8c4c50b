"""Messages a clerk can read whatever the records hold: a key not found names a
close match and at most a few of the keys there are, a flood of problems is printed
bounded with a count of the rest, a loop is told once and abbreviated, control and
bidi characters appear only as ⟨U+…⟩, and a consistent renaming of roles builds."""

from __future__ import annotations

import re

from conftest import ORG, PACKET, run

RLO = "\u202e"
UNITS_AT = "\n# บุคคล:"
SUPPORT = "    support: [personnel, council-secretariat, internal-audit]"
LISTED = ("office-of-secretary, legal-affairs, strategy, personnel, council-secretariat, internal-audit,"
          " all-units, f0, f1, f2")


def flat_units(records, n: int) -> None:
    records.edit(ORG, UNITS_AT, "".join(f"  f{i}:\n    name: ส่วนที่ {i}\n" for i in range(n)) + UNITS_AT)


def problems(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("  - ")]


def test_a_unit_not_found_names_a_close_match_and_at_most_ten_units(records):
    flat_units(records, 3000)
    line = records.edit(PACKET, SUPPORT, "    support: [personnel, f12x]")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert problems(result) == [
        f"  - {records.packet} บรรทัด {line}: measures.2.support.1: ไม่มีหน่วยงาน 'f12x' (หรือหมายถึง 'f12'?)"
        f" ใน ข้อมูลองค์กร (units) ที่มีคือ: {LISTED} และอีก 2,997 รายการ"]


def test_a_flood_of_unknown_units_is_printed_bounded_with_a_count_of_the_rest(records):
    flat_units(records, 3000)
    line = records.edit(PACKET, SUPPORT, "    support:\n" + "".join(f"      - x{i}\n" for i in range(500)).rstrip("\n"))
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    lines = problems(result)
    assert result.stderr.startswith("docgen: พบปัญหาในข้อมูล 500 รายการ (ยังไม่ได้สร้างเอกสารใด):\n")
    assert len(lines) == 101
    assert lines[0] == (f"  - {records.packet} บรรทัด {line + 1}: measures.2.support.0: ไม่มีหน่วยงาน 'x0'"
                        f" ใน ข้อมูลองค์กร (units) ที่มีคือ: {LISTED} และอีก 2,997 รายการ")
    assert lines[-1] == "  - และอีก 400 รายการ: แก้รายการข้างบนแล้วสั่งตรวจอีกครั้ง จะเห็นรายการที่เหลือ"


def test_the_same_mistake_on_one_line_is_printed_once_with_its_count(records):
    line = records.edit(PACKET, SUPPORT, f"    support: [{', '.join(['internal-audt'] * 1000)}]")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert problems(result) == [
        f"  - {records.packet} บรรทัด {line}: measures.2.support.0: ไม่มีหน่วยงาน 'internal-audt' (หรือหมายถึง 'internal-audit'?)"
        " ใน ข้อมูลองค์กร (units) ที่มีคือ: office-of-secretary, legal-affairs, strategy, personnel,"
        " council-secretariat, internal-audit, all-units (ซ้ำอีก 999 แห่งในบรรทัดนี้)"]


def test_a_long_loop_of_parents_is_told_once_abbreviated(records):
    chain = "".join(f"  c{i}:\n    name: ส่วนที่ {i}\n    parent: c{(i - 1) % 50}\n" for i in range(50))
    line = records.edit(ORG, UNITS_AT, chain + UNITS_AT)
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    path = " -> ".join(["c0", *(f"c{i}" for i in range(49, 40, -1)), "... (อีก 32 รายการ)",
                        *(f"c{i}" for i in range(8, 0, -1)), "c0"])
    assert problems(result) == [
        f"  - {records.root / ORG} บรรทัด {line + 2}: units.c0.parent: หน่วยงานแม่วนกลับ: {path}"
        " ให้แก้ parent ของรายการใดรายการหนึ่งในวงนี้"]


def test_a_right_to_left_override_in_a_unit_key_is_shown_only_as_its_code(records):
    line = records.edit(ORG, "  strategy:\n", f"  stra{RLO}tegy:\n")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert RLO not in result.stderr
    assert problems(result)[0] == (
        f"  - {records.root / ORG} บรรทัด {line}: units.stra⟨U+202E⟩tegy: 'stra⟨U+202E⟩tegy' ใช้เป็นชื่ออ้างอิงไม่ได้"
        " ใช้ได้เฉพาะ a-z, 0-9 และ - เช่น legal-affairs")


def test_a_right_to_left_override_in_a_reference_is_shown_only_as_its_code(records):
    line = records.edit(PACKET, "  publisher: strategy", f"  publisher: stra{RLO}tegy")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert RLO not in result.stderr
    assert f"  - {records.packet} บรรทัด {line}: circular.publisher: 'stra⟨U+202E⟩tegy'" in result.stderr


def test_a_right_to_left_override_in_a_value_never_reaches_the_terminal(records):
    records.edit(ORG, "name: องค์การบริหารส่วนจังหวัดลพบุรี", f"name: องค์การบริหาร{RLO}ส่วนจังหวัดลพบุรี")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 0
    assert RLO not in result.stdout + result.stderr
    assert "  องค์กร: องค์การบริหาร⟨U+202E⟩ส่วนจังหวัดลพบุรี (" in result.stdout


def test_an_unknown_role_for_the_memo_names_at_most_ten_roles(records):
    records.edit(ORG, "\n# ช่องลงชื่อย่อ", "".join(f"  r{i}:\n    position: ตำแหน่ง {i}\n    short: ต.{i}\n"
                                                  for i in range(20)) + "\n# ช่องลงชื่อย่อ")
    result = run("memo", "--to", "mayor", "-r", str(records.packet), "-o", str(records.root / "out"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "docgen: ไม่มีตำแหน่ง 'mayor' ในข้อมูลองค์กร ตำแหน่งที่ใช้ได้: chief-executive, deputy-chief-executive,"
        " permanent-secretary, deputy-permanent-secretary, head-of-office, head-of-internal-audit, r0, r1, r2, r3"
        " และอีก 16 รายการ")


def test_a_memo_signer_nobody_is_above_is_refused_by_validate(records):
    line = records.edit(PACKET, "  sender: legal-affairs\n  signer: head-of-office",
                        "  sender: legal-affairs\n  signer: chief-executive")
    records.edit(PACKET, "  annotations:\n    permanent-secretary: {note: เพื่อโปรดลงนาม, date: 2566-02-23}\n"
                         "    chief-executive: {note: ลงนามแล้ว, date: 2566-02-24}", "  annotations: {}")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    assert problems(result) == [
        f"  - {records.packet} บรรทัด {line + 1}: memo.signer: ตำแหน่ง 'chief-executive' ไม่มีผู้บังคับบัญชา"
        " (reports_to ในข้อมูลองค์กร) บันทึกเสนอจึงไม่มีผู้รับ ให้ใส่ผู้ลงนามที่มีผู้บังคับบัญชา หรือใส่ reports_to ของตำแหน่งนี้"]


def test_the_chief_executive_renamed_throughout_builds_its_memo(records):
    for rel in (ORG, PACKET):
        path = records.root / rel
        path.write_text(re.sub(r"(?<![\w-])chief-executive(?![\w-])", "mayor", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    assert run("validate", "-r", str(records.packet)).exit_code == 0
    out = records.root / "out"
    result = run("build", "-r", str(records.packet), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (out / "lopburi-pao" / "2566").iterdir())
    assert "memo.docx" in names and "memo-to-mayor.docx" not in names  # the mayor is whom it usually goes to
    batch = run("build", "-r", str(records.root), "-o", str(records.root / "batch"))
    assert batch.exit_code == 0, batch.output
    import shutil

    from conftest import ROOT

    copy = shutil.copytree(ROOT / "templates", records.root / "my-templates")  # a restyled copy: tried on the records
    checked = run("templates", "check", str(copy), "-r", str(records.packet))
    assert checked.exit_code == 0, checked.output
    memo = run("memo", "-r", str(records.packet), "-o", str(out), "--force")
    assert memo.exit_code == 0, memo.stderr
