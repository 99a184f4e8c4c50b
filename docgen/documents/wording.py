"""Wording the documents share and that turns on last year's result, and the
framework's rating as the report prints it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from docgen.thai import number, score

#: what this year's measures aim at: keep a good level and raise it (``keep``), win back
#: a fall (``recover``), or mend what failed (``mend``); ``prev.aim`` is derived
AIM = ("{% if prev.aim == 'keep' %}รักษาและยกระดับ{% elif prev.aim == 'recover' %}ฟื้นคืนและยกระดับ"
       "{% else %}แก้ไขจุดอ่อนและยกระดับ{% endif %}")

#: where last year's score stands, after the score: its grade where the framework judging
#: it has bands, its level where it has a rating (``อยู่ในระดับ ผ่านดี``), both where both
STANDING = ("{% if prev.grade %}อยู่ในระดับ {{ prev.grade }}{% if prev.level %} และผลการประเมินอยู่ในระดับ"
            " {{ prev.level }}{% endif %}{% else %}อยู่ในระดับ {{ prev.level }}{% endif %}")

#: the same in the result's account: ``ระดับผลการประเมิน AA``, ``อยู่ในระดับ ผ่าน``, both; and
#: where a tool's score kept the result below the level its overall score reached, which and why
RESULT_STANDING = (
    "{% if prev.grade %} ระดับผลการประเมิน {{ prev.grade }}{% endif %}"
    "{% if prev.level %}{% if prev.grade %} และ{% else %} {% endif %}อยู่ในระดับ {{ prev.level }}{% endif %}"
    "{% if prev.held_back %} ซึ่งคะแนนในภาพรวมถึงเกณฑ์ระดับ {{ prev.held_back.name }} แต่{{ held_back_text }}"
    " ตามที่ระดับนั้นกำหนดรายเครื่องมือ{% endif %}"
)

#: the rating of this year's framework, before its table
RATING_INTRO = ("ผลการประเมินแบ่งเป็น {{ ita.rating|length }} ระดับ โดยหน่วยงานได้ระดับสูงสุดที่ผ่านทั้งเกณฑ์คะแนน"
                "ในภาพรวมและเกณฑ์คะแนนรายเครื่องมือของระดับนั้น ดังนี้")


def thai_list(items: list[str]) -> str:
    """``ก``, ``ก และ ข``, ``ก ข และ ค``: a Thai list."""
    return items[0] if len(items) == 1 else " ".join(items[:-1]) + " และ " + items[-1]


def rating_rows(rating: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A rating's levels as its table prints them: ``95.00 ขึ้นไป`` (the lowest: what
    meets no level above it), the tools' marks grouped where equal (``IIT EIT และ OIT
    85 คะแนนขึ้นไป``), ``-`` where the level has none."""
    rows = []
    for lv in rating:
        marks: dict[Decimal, list[str]] = {}
        for key, mark in lv["tools"].items():
            marks.setdefault(mark, []).append(key)
        overall = f"{score(lv['min'])} ขึ้นไป" if lv["min"] else "ไม่ถึงเกณฑ์ระดับข้างต้น"
        tools = ", ".join(f"{thai_list(keys)} {number(m)} คะแนนขึ้นไป" for m, keys in marks.items())
        rows.append({"name": lv["name"], "overall": overall, "tools": tools or "-"})
    return rows


def held_text(held: dict[str, Any] | None) -> str:
    """``คะแนน EIT 82.50 ต่ำกว่า 85 คะแนน``: the tools that kept last year's result below
    the level its overall score reached (``prev.held_back``); empty where none did."""
    if not held:
        return ""
    return thai_list([f"คะแนน {t['key']} {score(t['score'])} ต่ำกว่า {number(t['mark'])} คะแนน" for t in held["tools"]])
