"""``docgen new-year`` drafts last year's result by the framework it names: the blank
indicator scores and the advisors' tools are that framework's, in its order, so the
draft validates once the clerk fills in the blanks, however the frameworks differ."""

from __future__ import annotations

import re

import pytest
from test_newyear import NEXT, next_framework

from docgen.records.edit import DateText, dump_text, load_text
from docgen.records.loading import load

from conftest import FRAMEWORK, PACKET, run

# what a clerk types into each blank of the draft, by field (the indicators and tools: any)
FILLED = {
    "previous_result.score": 91.25, "previous_result.announced": DateText("2566-08-15"),
    "report.date": DateText("2567-02"), "memo.date": DateText("2567-02-20"), "circular.date": DateText("2567-02-26"),
    "circular.number": 612, "circular.report_by": DateText("2567-03-25"),
    "circular.url": "https://www.loppao.go.th/ita/2567/o42", "advice.overall": "อยู่ในระดับดีเยี่ยม",
}


def fill_in(path, stderr: str) -> list[str]:
    """Fill in every blank ``docgen validate`` names in *stderr* as not filled in; return their fields."""
    fields = re.findall(r": ([\w.-]+): ยังไม่ได้กรอก ต้องใส่ค่านี้", stderr)
    tree = load_text(path.read_text(encoding="utf-8"))
    for field in fields:
        *parents, leaf = field.split(".")
        node = tree
        for part in parents:
            node = node[int(part) if part.isdigit() else part]
        if field in FILLED:
            node[leaf] = FILLED[field]
        elif parents[:2] == ["previous_result", "indicators"]:
            node[leaf] = 90.5
        elif parents[:2] == ["advice", "tools"] and leaf == "remark":
            node[leaf] = "ควรรักษามาตรฐานไว้"
        else:
            raise AssertionError(f"no value for {field}")
    path.write_text(dump_text(tree), encoding="utf-8")
    return fields


def change_the_framework(records) -> None:
    """FY2566's framework, in this copy, differs from FY2565's: an indicator renamed, one
    gone, one new (at the end), and a new tool."""
    records.edit(FRAMEWORK, "  communication: {name: ประสิทธิภาพการสื่อสาร, tool: EIT}\n"
                            "  improvement: {name: การปรับปรุงการทำงาน, tool: EIT}\n",
                 "  communication-quality: {name: คุณภาพการสื่อสาร, tool: EIT}\n")
    records.edit(FRAMEWORK, "  prevention: {name: การป้องกันการทุจริต, tool: OIT}\n",
                 "  prevention: {name: การป้องกันการทุจริต, tool: OIT}\n"
                 "  open-service: {name: การให้บริการออนไลน์, tool: SIT}\n")
    records.edit(FRAMEWORK, "    weight: 40\n    kind: open-data\n",
                 "    weight: 30\n    kind: open-data\n  SIT:\n    name: แบบวัดการให้บริการ\n"
                 "    english: Service Integrity Assessment\n    weight: 10\n    kind: survey\n    questions: 5\n")


@pytest.mark.parametrize("changed", [False, True], ids=["same-framework", "changed-framework"])
def test_the_draft_validates_once_filled_in(records, changed):
    if changed:
        change_the_framework(records)
    next_framework(records)
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    draft = records.root / NEXT
    refused = run("validate", "-r", str(draft))
    assert refused.exit_code == 1
    assert "ตัวชี้วัด '" not in refused.stderr and "เครื่องมือ '" not in refused.stderr  # no key unknown or missing
    fields = fill_in(draft, refused.stderr)
    keys = ["communication-quality", "open-service"] if changed else ["communication", "improvement"]
    assert {f"previous_result.indicators.{k}" for k in keys} <= set(fields)
    assert ("advice.tools.SIT.remark" in fields) == changed
    recs = load(draft)  # raises if any problem is left
    assert list(recs.packet.previous_result.indicators) == list(recs.judged_by.indicators)
    assert list(recs.packet.advice.tools) == list(recs.judged_by.tools)
    assert recs.judged_by.fiscal_year == 2566
    assert run("validate", "-r", str(draft)).exit_code == 0


def test_the_blanks_follow_the_framework_the_result_is_judged_by(records):
    change_the_framework(records)
    records.edit(PACKET, "    duty: 97.85\n", "    duty: 97.85                     # IIT\n")
    records.edit(PACKET, "    communication: 92.92\n", "    communication: 92.92            # ต่ำสุดของ EIT\n")
    records.edit(PACKET, "    disclosure: 100\n", "    # แบบวัด OIT\n    disclosure: 100\n")
    result = run("new-year", "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    text = (records.root / NEXT).read_text(encoding="utf-8")
    assert ("  indicators:                       # คะแนนแต่ละตัวชี้วัด เขียนที่นี่ที่เดียว\n"
            "    duty:                           # IIT\n"
            "    budget:\n    authority:\n    assets:\n    corruption-solving:\n    service-quality:\n"
            "    communication-quality:\n"
            "    # แบบวัด OIT\n"  # the line the clerk wrote before disclosure stays before it
            "    disclosure:\n    prevention:\n    open-service:\n"
            "\n# ข้อเสนอแนะของคณะที่ปรึกษาในระบบการประเมิน แยกตามเครื่องมือ\nadvice:\n") in text
    assert "ต่ำสุดของ EIT" not in text  # it spoke of an indicator the framework no longer has
    assert ("    OIT:\n      remark:\n      items: []\n    SIT:\n      remark:\n      items: []\n"
            "\n# มาตรการ: docgen ใส่เลขลำดับให้เอง") in text
    assert ("หมายเหตุ: ตัวชี้วัดของกรอบการประเมินปี 2566 ต่างจากที่ข้อมูลปี 2566 กรอกไว้สำหรับผลปี 2565"
            " (เพิ่ม communication-quality, open-service; ไม่มี communication, improvement):"
            " ร่างเว้นช่องไว้ตามตัวชี้วัดของปี 2566 ตามลำดับในกรอบนั้น") in result.stdout
    assert "หมายเหตุ: เครื่องมือของกรอบการประเมินปี 2566 ต่างจากที่ข้อมูลปี 2566 กรอกไว้สำหรับผลปี 2565 (เพิ่ม SIT)" in result.stdout


def test_next_years_memo_carries_no_note_nobody_gave(records):
    """Last year's memo was signed (ลงนามแล้ว) and endorsed: next year's, drafted and
    filled in, prints no official's note, since nobody has written one on it."""
    from docgen.documents.make import render

    from docx_helpers import body_text, open_docx

    next_framework(records)
    assert run("new-year", "-r", str(records.packet)).exit_code == 0
    draft = records.root / NEXT
    fill_in(draft, run("validate", "-r", str(draft)).stderr)
    assert run("validate", "-r", str(draft)).exit_code == 0
    memo = " ".join(body_text(open_docx(render(load(draft), "memo").data)))
    assert "ลงนามแล้ว" not in memo and "เพื่อโปรดลงนาม" not in memo
    assert load(draft).packet.memo.annotations == {}
