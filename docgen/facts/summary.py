"""The short account ``docgen validate`` prints of what it checked."""

from __future__ import annotations

from typing import Any

from docgen import thai
from docgen.errors import shown
from docgen.facts.derive import facts
from docgen.fonts import font_advice
from docgen.records.source import Records

_TREND = {"up": "เพิ่มขึ้นจาก", "down": "ลดลงจาก", "same": "เท่ากับ"}


def _standing(prev: dict[str, Any]) -> str:
    """``ระดับ AA``, ``ระดับผลการประเมิน ผ่านดี``, or both: what the framework grades by."""
    parts = [f"ระดับ {prev['grade']}"] if prev["grade"] else []
    return " ".join(parts + ([f"ระดับผลการประเมิน {prev['level']}"] if prev["level"] else []))


def summary(recs: Records) -> str:
    """Lines naming each records file and what it holds, in Thai (its values' control
    and bidi characters as ⟨U+…⟩, like every message)."""
    org, fw, pk = recs.organisation, recs.framework, recs.packet
    assert fw.item is not None  # checked with the records
    f = facts(recs)
    prev = f["prev"]
    src = recs.sources
    lines = [
        "ตรวจข้อมูลแล้ว ไม่พบข้อผิดพลาด",
        f"  องค์กร: {org.name} ({src['organisation'].path}) ส่วนราชการ {len(org.units)},"
        f" บุคคล {len(org.people)}, ตำแหน่ง {len(org.roles)}",
        f"  กรอบการประเมิน: {fw.abbr} ปีงบประมาณ {fw.fiscal_year} ({src['framework'].path})"
        f" ข้อ {fw.item.code}, เครื่องมือ {len(fw.tools)}, ตัวชี้วัด {len(fw.indicators)}"
        + (f", ระดับ {len(fw.bands)}" if fw.bands else "")
        + (f", ระดับผลการประเมิน {len(fw.rating)}" if fw.rating else ""),
        f"  ข้อมูลปีงบประมาณ {pk.fiscal_year} ({src['packet'].path}):"
        f" ผลปี {f['prev_fy']} {thai.score(prev['score'])} {_standing(prev)} (ตามเกณฑ์ปี {recs.judged_by.fiscal_year})"
        + (f" ({_TREND[prev['trend']]} {thai.score(prev['year_before_score'])} ในปี {f['before_fy']})"
           if prev["trend"] else " (ไม่มีผลปีก่อนหน้าให้เทียบ)") + ","
        f" ตัวชี้วัดต่ำกว่าเกณฑ์ {len(prev['shortfalls'])}, มาตรการ {len(pk.measures)} ข้อ",
        f"  บันทึกเสนอ {thai.thai_date(pk.memo.date)}, หนังสือเวียน {thai.thai_date(pk.circular.date)},"
        f" กำหนดรายงาน {thai.thai_date(pk.circular.report_by)}",
        *font_advice(org.font),
    ]
    return shown("\n".join(lines), lines=True)
