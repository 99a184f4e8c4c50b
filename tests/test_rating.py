"""A framework can carry a rating (ผ่านดีเยี่ยม ... ต้องปรับปรุงโดยด่วน): levels with an
overall minimum and per-tool minimums, beside or instead of grade bands. The level is
derived (the highest whose every minimum the result meets: 94.64 with an EIT under 85
falls from ผ่านดี to ผ่าน); a rating that cannot work, and last year's tool scores it
needs but lacks, are refused at their field; the report names the level.

The framework used is ``tests/frameworks/ita-2568-standin.yaml``: stand-in levels, to
be checked against the NACC's FY2568 manual before use. The sample packet is moved on
three years to FY2569, last year's result (FY2568) judged by the stand-in."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.documents.make import render
from docgen.records.ita import held_back, level_of
from docgen.records.loading import load, validate
from docgen.records.models import Framework
from docgen.records.yamlread import read_yaml

from conftest import FRAMEWORK, PACKET, Records, run
from docx_helpers import body_text, open_docx

STANDIN = Path(__file__).parent / "frameworks" / "ita-2568-standin.yaml"
LAST_YEAR = Path("frameworks/ita-2568.yaml")  # the stand-in, judging last year's result
THIS_YEAR = Path("frameworks/ita-2569.yaml")  # the stand-in again, a year on
#: FY2568's result as the NACC would announce it: 94.64 overall (0.3 IIT + 0.3 EIT + 0.4 OIT), EIT under 85
TOOLS = "  tools: {IIT: 98.20, EIT: 84.20, OIT: 99.80}\n"
EIT_INDICATORS = {"service-quality: 96.38": "service-quality: 88.40", "communication: 92.92": "communication: 82.10",
                  "improvement: 92.89": "improvement: 82.10"}  # averaging 84.20
BANDS = ("bands:\n  - {grade: AA, min: 95.00, max: 100}\n  - {grade: A, min: 85.00, max: 94.99}\n"
         "  - {grade: B, min: 0, max: 84.99}\n\n")


def rated(records: Records, *, tools: str = TOOLS, framework: dict[str, str] | None = None) -> Path:
    """The sample packet moved on to FY2569, its last year's result (94.64, *tools*)
    judged by the stand-in framework (edited by *framework*: old -> new)."""
    text = STANDIN.read_text(encoding="utf-8")
    (records.root / THIS_YEAR).write_text(text.replace("fiscal_year: 2568", "fiscal_year: 2569"), encoding="utf-8")
    for old, new in (framework or {}).items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (records.root / LAST_YEAR).write_text(text, encoding="utf-8")
    packet = re.sub(r"\b256[4-6]\b", lambda m: str(int(m[0]) + 3), records.packet.read_text(encoding="utf-8"))
    for old, new in {"  score: 96.77\n": "  score: 94.64\n" + tools, **EIT_INDICATORS}.items():
        assert packet.count(old) == 1, old
        packet = packet.replace(old, new)
    records.packet.write_text(packet, encoding="utf-8")
    return records.packet


def sentences(records: Records, kind: str = "report") -> list[str]:
    lines = body_text(open_docx(render(load(records.packet), kind).data))
    return [" ".join(line.split()) for line in lines]


def problems(records: Records) -> list[str]:
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1 and result.stdout == "", result.output
    return [line for line in result.stderr.splitlines() if " บรรทัด " in line]


def line_in(records: Records, rel: Path, needle: str) -> int:
    text = (records.root / rel).read_text(encoding="utf-8")
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


# --------------------------------------------------------------------------- the derivation


@pytest.fixture(scope="module")
def rating() -> Framework:
    return validate(read_yaml(STANDIN), Framework)


def scores(iit: str, eit: str, oit: str) -> dict[str, Decimal]:
    return {"IIT": Decimal(iit), "EIT": Decimal(eit), "OIT": Decimal(oit)}


LEVELS = {
    "every mark met at the top": ("96.00", scores("95", "90", "99"), "ผ่านดีเยี่ยม", None),
    "95 and each tool at 85 exactly": ("95.00", scores("85", "85", "100"), "ผ่านดีเยี่ยม", None),
    "94.64, every tool at 85 or more": ("94.64", scores("98.20", "85.00", "98.00"), "ผ่านดี", None),
    "94.64 with EIT under 85 falls a level": ("94.64", scores("98.20", "84.20", "99.80"), "ผ่าน", "ผ่านดี"),
    "96 with EIT under 85 falls two": ("96.00", scores("99", "84.99", "100"), "ผ่าน", "ผ่านดีเยี่ยม"),
    "a tool not given counts as not met": ("96.00", {"IIT": Decimal(99), "OIT": Decimal(100)}, "ผ่าน", "ผ่านดีเยี่ยม"),
    "just under the pass": ("84.99", scores("90", "90", "90"), "ต้องปรับปรุง", None),
    "50 exactly": ("50.00", scores("50", "50", "50"), "ต้องปรับปรุง", None),
    "just under 50": ("49.99", scores("50", "50", "50"), "ต้องปรับปรุงโดยด่วน", None),
    "nothing": ("0", scores("0", "0", "0"), "ต้องปรับปรุงโดยด่วน", None),
}


@pytest.mark.parametrize("case", LEVELS)
def test_the_level_is_the_highest_whose_every_mark_is_met(rating: Framework, case: str) -> None:
    score, tools, level, held = LEVELS[case]
    got = level_of(Decimal(score), tools, rating.rating)
    assert got is not None and got.name == level
    above = held_back(Decimal(score), tools, rating.rating)
    assert (above.name if above else None) == held


# --------------------------------------------------------------------------- the report names the level


def test_the_stand_in_builds_a_report_that_names_the_level(records: Records) -> None:
    rated(records)
    lines = sentences(records)
    opening = next(s for s in lines if "ได้รับผลคะแนนการประเมิน" in s)
    assert ("ได้รับผลคะแนนการประเมิน ๙๔.๖๔ อยู่ในระดับ ผ่าน ซึ่งเป็นผลคะแนนลดลงจากปีงบประมาณ พ.ศ. ๒๕๖๗"
            " ที่ได้รับคะแนน ๙๕.๕๒") in opening
    result = next(s for s in lines if "มีค่าคะแนนในภาพรวมเท่ากับ" in s)
    assert ("มีค่าคะแนนในภาพรวมเท่ากับ ๙๔.๖๔ คะแนน อยู่ในระดับ ผ่าน ซึ่งคะแนนในภาพรวมถึงเกณฑ์ระดับ ผ่านดี"
            " แต่คะแนน EIT ๘๔.๒๐ ต่ำกว่า ๘๕ คะแนน ตามที่ระดับนั้นกำหนดรายเครื่องมือ แยกคะแนนตามตัวชี้วัด") in result
    # the basics: this year's levels in a table, and no grade bands (the stand-in has none)
    assert "ผลการประเมินแบ่งเป็น ๕ ระดับ" in " ".join(lines)
    head = lines.index("คะแนนรายเครื่องมือ")
    assert lines[head + 1: head + 7] == ["ผ่านดีเยี่ยม", "๙๕.๐๐ ขึ้นไป", "IIT EIT และ OIT ๘๕ คะแนนขึ้นไป",
                                         "ผ่านดี", "๘๕.๐๐ ขึ้นไป", "IIT EIT และ OIT ๘๕ คะแนนขึ้นไป"]
    assert lines[head + 7: head + 16] == ["ผ่าน", "๘๕.๐๐ ขึ้นไป", "-", "ต้องปรับปรุง", "๕๐.๐๐ ขึ้นไป", "-",
                                          "ต้องปรับปรุงโดยด่วน", "ไม่ถึงเกณฑ์ระดับข้างต้น", "-"]
    assert not any(" - ๑๐๐" in s or s == "AA" for s in lines)
    assert not any("None" in s for s in lines)


def test_the_memo_names_the_level_where_the_framework_has_no_grades(records: Records) -> None:
    rated(records)
    background = next(s for s in sentences(records, "memo") if "ได้รับผลคะแนนการประเมิน" in s)
    assert "ได้รับผลคะแนนการประเมิน ๙๔.๖๔ อยู่ในระดับ ผ่าน และในปีงบประมาณ พ.ศ. ๒๕๖๙" in background


def test_every_tool_at_its_mark_keeps_the_level_and_says_nothing_of_a_fall(records: Records) -> None:
    rated(records, tools="  tools: {IIT: 98.20, EIT: 85.00, OIT: 99.80}\n")
    lines = sentences(records)
    assert any("ได้รับผลคะแนนการประเมิน ๙๔.๖๔ อยู่ในระดับ ผ่านดี ซึ่ง" in s for s in lines)
    result = next(s for s in lines if "มีค่าคะแนนในภาพรวมเท่ากับ" in s)
    assert "๙๔.๖๔ คะแนน อยู่ในระดับ ผ่านดี แยกคะแนนตามตัวชี้วัด" in result and "ถึงเกณฑ์ระดับ" not in result


def test_bands_and_a_rating_both_are_named(records: Records) -> None:
    rated(records, framework={"rating:\n": BANDS + "rating:\n"})
    lines = sentences(records)
    assert any("๙๔.๖๔ อยู่ในระดับ A และผลการประเมินอยู่ในระดับ ผ่าน ซึ่ง" in s for s in lines)
    result = next(s for s in lines if "มีค่าคะแนนในภาพรวมเท่ากับ" in s)
    assert "๙๔.๖๔ คะแนน ระดับผลการประเมิน A และอยู่ในระดับ ผ่าน ซึ่งคะแนนในภาพรวมถึงเกณฑ์ระดับ ผ่านดี" in result


def test_validate_names_the_level(records: Records) -> None:
    result = run("validate", "-r", str(rated(records)))
    assert result.exit_code == 0, result.stderr
    assert "ตัวชี้วัด 10, ระดับผลการประเมิน 5\n" in result.stdout
    assert "ผลปี 2568 94.64 ระดับผลการประเมิน ผ่าน (ตามเกณฑ์ปี 2568)" in result.stdout


# --------------------------------------------------------------------------- refusals


def test_last_years_tool_scores_are_required_where_the_rating_reads_them(records: Records) -> None:
    rated(records, tools="")
    line = records.line_of(PACKET, "previous_result:")
    assert problems(records) == [
        f"  - {records.packet} บรรทัด {line}: previous_result.tools: ต้องมีคะแนนรายเครื่องมือของผลปีที่แล้ว"
        " เพราะระดับผลการประเมิน (rating) ของกรอบการประเมินปี 2568 ใช้คะแนน IIT, EIT, OIT"
        " ให้เพิ่ม tools: ใต้ previous_result พร้อมคะแนนแต่ละเครื่องมือตามที่ประกาศ"]


def test_a_tool_score_missing_or_unknown_is_refused(records: Records) -> None:
    rated(records, tools="  tools: {IIT: 98.20, ETI: 84.20, OIT: 99.80}\n")
    line = records.line_of(PACKET, "  tools: {IIT:")
    assert problems(records) == [
        f"  - {records.packet} บรรทัด {line}: previous_result.tools.ETI: ไม่มีเครื่องมือ 'ETI' (หรือหมายถึง 'EIT'?)"
        " ในกรอบการประเมินปี 2568 (tools) ที่มีคือ: IIT, EIT, OIT",
        f"  - {records.packet} บรรทัด {line}: previous_result.tools: ขาดคะแนนเครื่องมือ 'EIT'"
        " (แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก) ซึ่งระดับผลการประเมิน (rating) ของกรอบการประเมินปี 2568 ใช้"]


def test_tool_scores_are_not_asked_of_a_framework_without_a_rating(records: Records) -> None:
    assert run("validate", "-r", str(records.packet)).exit_code == 0  # the sample: bands alone, no tools


TOP = "  - {name: ผ่านดีเยี่ยม, min: 95.00, tools: {IIT: 85.00, EIT: 85.00, OIT: 85.00}}"
PASS = "  - {name: ผ่าน, min: 85.00}"
FLOOR = "  - {name: ต้องปรับปรุงโดยด่วน, min: 0}"
RATING_FAULTS = {
    "a tool the framework lacks": (
        TOP, TOP.replace("EIT: 85.00", "ETI: 85.00"), "rating.0.tools.ETI",
        "ไม่มีเครื่องมือ 'ETI' (หรือหมายถึง 'EIT'?) ในกรอบการประเมินนี้ (tools) ที่มีคือ: IIT, EIT, OIT"),
    "a name used twice": (
        "  - {name: ต้องปรับปรุง, min: 50.00}", "  - {name: ผ่าน, min: 50.00}", "rating.3.name",
        "ชื่อระดับ 'ผ่าน' ซ้ำกับระดับที่ 3 ให้แก้ชื่อให้ต่างกัน"),
    "a level above the one before it": (
        "  - {name: ต้องปรับปรุง, min: 50.00}", "  - {name: ต้องปรับปรุง, min: 90.00}", "rating.3.min",
        "ระดับ ต้องปรับปรุง เริ่มที่ 90.00 สูงกว่าระดับ ผ่าน ที่อยู่ก่อน (เริ่ม 85.00) ให้เรียงระดับจากสูงไปต่ำ"
        " คะแนนขั้นต่ำ (min) ของระดับถัดไปต้องไม่สูงกว่าระดับก่อน"),
    "a level no result can get": (
        PASS, "  - {name: ผ่าน, min: 85.00, tools: {IIT: 85.00, EIT: 90.00, OIT: 85.00}}", "rating.2",
        "ไม่มีผลใดได้ระดับ ผ่าน: ผลที่ถึงเกณฑ์ของระดับนี้ถึงเกณฑ์ของระดับ ผ่านดี ที่สูงกว่าด้วยเสมอ"
        " ให้ลดคะแนนขั้นต่ำ (min) ของระดับนี้ หรือเพิ่มคะแนนขั้นต่ำรายเครื่องมือ (tools) ของระดับ ผ่านดี"),
    "no level for the lowest scores": (
        FLOOR, "  - {name: ต้องปรับปรุงโดยด่วน, min: 10.00, tools: {OIT: 5.00}}", "rating.4",
        "ระดับสุดท้าย (ต้องปรับปรุงโดยด่วน) ต้องเริ่มที่ 0 และไม่มีคะแนนขั้นต่ำรายเครื่องมือ (tools)"
        " เพื่อให้ทุกผลการประเมินได้ระดับ แต่เริ่มที่ 10.00 และมีคะแนนขั้นต่ำของ OIT"),
}


@pytest.mark.parametrize("case", RATING_FAULTS)
def test_a_rating_that_cannot_work_is_refused_at_its_field(records: Records, case: str) -> None:
    old, new, field, message = RATING_FAULTS[case]
    rated(records, framework={old: new})
    line = line_in(records, LAST_YEAR, new)
    assert problems(records) == [f"  - {records.root / LAST_YEAR} บรรทัด {line}: {field}: {message}"]


def test_a_framework_with_neither_bands_nor_rating_is_refused(records: Records) -> None:
    block = STANDIN.read_text(encoding="utf-8")
    rating = block[block.index("rating:\n"): block.index(FLOOR) + len(FLOOR) + 1]
    rated(records, framework={rating: ""})
    assert problems(records) == [f"  - {records.root / LAST_YEAR} บรรทัด 1: bands: กรอบการประเมินต้องมี"
                                 "เกณฑ์ระดับคะแนน (bands) หรือระดับผลการประเมิน (rating) อย่างน้อยอย่างหนึ่ง"]


def test_empty_bands_without_a_rating_are_refused_at_the_bands(records: Records) -> None:
    path = records.root / FRAMEWORK
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"bands:\n(  - .*\n)+", "bands: []\n", text), encoding="utf-8")
    line = line_in(records, FRAMEWORK, "bands: []")
    assert problems(records) == [f"  - {path} บรรทัด {line}: bands: กรอบการประเมินต้องมีเกณฑ์ระดับคะแนน (bands)"
                                 " หรือระดับผลการประเมิน (rating) อย่างน้อยอย่างหนึ่ง"]


def test_next_years_draft_leaves_the_tools_scores_blank_where_the_rating_reads_them(records: Records) -> None:
    rated(records)
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    draft = next(records.root.rglob("2570/*.yaml"))
    text = draft.read_text(encoding="utf-8")
    assert "  tools:\n    IIT:\n    EIT:\n    OIT:\n" in text and "98.20" not in text  # FY2569's, to be filled in
    refused = run("validate", "-r", str(draft))
    assert "previous_result.tools.EIT: ยังไม่ได้กรอก ต้องใส่ค่านี้" in refused.stderr


def test_next_years_draft_drops_the_tools_scores_where_no_rating_reads_them(records: Records) -> None:
    records.edit(PACKET, "  score: 96.77\n", "  score: 96.77\n  tools: {IIT: 98.20, EIT: 94.20, OIT: 99.80}\n")
    assert run("validate", "-r", str(records.packet)).exit_code == 0
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    draft = next(records.root.rglob("2567/*.yaml"))
    assert "tools: {IIT" not in draft.read_text(encoding="utf-8")
