"""What the ITA framework lets docgen derive instead of a clerk typing it: the grade
of a score (bands), the level of a result (rating), and what either asks of the records."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, Sequence

from docgen.records.models import Band, Framework, Level
from docgen.thai import score as fmt

Trend = Literal["up", "down", "same"]
Fault = tuple[tuple[Any, ...], str]  # where in the records file, and the Thai message


def grade_of(score: Decimal, bands: Sequence[Band]) -> str | None:
    """The grade whose band holds *score* (bands are two-decimal, both ends included)."""
    for band in bands:
        if band.min <= score <= band.max:
            return band.grade
    return None


def trend(now: Decimal, before: Decimal) -> Trend:
    """Whether a score rose, fell or stayed from *before* to *now*."""
    return "up" if now > before else "down" if now < before else "same"


STEP = Decimal("0.01")


def band_faults(bands: Sequence[Band]) -> list[tuple[int, str]]:
    """Overlaps, gaps and inverted bands, as (index of the band, Thai message)."""
    faults: list[tuple[int, str]] = []
    order = sorted(range(len(bands)), key=lambda i: bands[i].min)
    for i in order:
        if bands[i].min > bands[i].max:
            faults.append((i, f"ช่วงคะแนน {bands[i].grade} เริ่ม {fmt(bands[i].min)} มากกว่าจุดสิ้นสุด {fmt(bands[i].max)}"))
    if order and bands[order[0]].min != 0:
        faults.append((order[0], f"ช่วงคะแนนต่ำสุดต้องเริ่มที่ 0 แต่เริ่มที่ {bands[order[0]].min}"))
    if order and bands[order[-1]].max != 100:
        faults.append((order[-1], f"ช่วงคะแนนสูงสุดต้องจบที่ 100 แต่จบที่ {bands[order[-1]].max}"))
    for lo, hi in zip(order, order[1:]):
        a, b = bands[lo], bands[hi]
        if b.min <= a.max:
            faults.append((hi, f"ช่วงคะแนน {b.grade} ({fmt(b.min)}-{fmt(b.max)})"
                               f" ทับกับช่วง {a.grade} ({fmt(a.min)}-{fmt(a.max)})"))
        elif b.min - a.max > STEP:
            faults.append((hi, f"มีช่องว่างระหว่างช่วง {a.grade} (ถึง {fmt(a.max)}) กับช่วง {b.grade}"
                               f" (เริ่ม {fmt(b.min)}): ช่วงถัดไปต้องเริ่มที่ {fmt(a.max + STEP)}"))
    return faults


# --------------------------------------------------------------------------- rating


def short_of(tools: Mapping[str, Decimal], level: Level) -> list[str]:
    """The tools of *level* whose score (in *tools*) is under the level's mark, or missing."""
    return [k for k, mark in level.tools.items() if k not in tools or tools[k] < mark]


def level_of(score: Decimal, tools: Mapping[str, Decimal], rating: Sequence[Level]) -> Level | None:
    """The highest level of *rating* (listed highest first) whose overall minimum and
    every per-tool minimum the result meets."""
    return next((lv for lv in rating if score >= lv.min and not short_of(tools, lv)), None)


def held_back(score: Decimal, tools: Mapping[str, Decimal], rating: Sequence[Level]) -> Level | None:
    """The level the overall score alone would reach, where some tool's score kept
    the result below it (94.64 reaches ผ่านดี, an EIT under its mark keeps it at ผ่าน)."""
    reach = next((lv for lv in rating if score >= lv.min), None)
    return reach if reach is not None and reach is not level_of(score, tools, rating) else None


def _near(key: str, pool: Sequence[str]) -> str:
    near = difflib.get_close_matches(key, list(pool), n=1, cutoff=0.6)
    return f" (หรือหมายถึง '{near[0]}'?)" if near else ""


def _covers(upper: Level, lower: Level) -> bool:
    """Whether every result that meets *lower* also meets *upper* (*lower* is then never given)."""
    return lower.min >= upper.min and all(lower.tools.get(k, Decimal(0)) >= m for k, m in upper.tools.items())


def rating_faults(fw: Framework) -> list[Fault]:
    """What is wrong with a framework's rating: a tool it does not have, a name used
    twice, levels out of order (highest first), a level no result can get, no level
    for the lowest scores; and a framework with neither bands nor a rating."""
    rating, tools = fw.rating, list(fw.tools)
    faults: list[Fault] = []
    if not fw.bands and not rating:
        faults.append((("bands",), "กรอบการประเมินต้องมีเกณฑ์ระดับคะแนน (bands) หรือระดับผลการประเมิน (rating)"
                                    " อย่างน้อยอย่างหนึ่ง"))
    names: dict[str, int] = {}
    for i, lv in enumerate(rating):
        faults += [(("rating", i, "tools", k), f"ไม่มีเครื่องมือ '{k}'{_near(k, tools)} ในกรอบการประเมินนี้ (tools)"
                                               f" ที่มีคือ: {', '.join(tools)}") for k in lv.tools if k not in tools]
        if (first := names.setdefault(lv.name, i)) != i:
            faults.append((("rating", i, "name"), f"ชื่อระดับ '{lv.name}' ซ้ำกับระดับที่ {first + 1} ให้แก้ชื่อให้ต่างกัน"))
        above = rating[i - 1] if i else None
        if above is not None and lv.min > above.min:
            faults.append((("rating", i, "min"), f"ระดับ {lv.name} เริ่มที่ {fmt(lv.min)} สูงกว่าระดับ {above.name}"
                                                 f" ที่อยู่ก่อน (เริ่ม {fmt(above.min)}) ให้เรียงระดับจากสูงไปต่ำ"
                                                 " คะแนนขั้นต่ำ (min) ของระดับถัดไปต้องไม่สูงกว่าระดับก่อน"))
        elif (over := next((u for u in rating[:i] if _covers(u, lv)), None)) is not None:
            faults.append((("rating", i), f"ไม่มีผลใดได้ระดับ {lv.name}: ผลที่ถึงเกณฑ์ของระดับนี้ถึงเกณฑ์ของระดับ"
                                          f" {over.name} ที่สูงกว่าด้วยเสมอ ให้ลดคะแนนขั้นต่ำ (min) ของระดับนี้"
                                          f" หรือเพิ่มคะแนนขั้นต่ำรายเครื่องมือ (tools) ของระดับ {over.name}"))
    if rating and not any(lv.min == 0 and not lv.tools for lv in rating):
        last = rating[-1]
        parts = ([f"เริ่มที่ {fmt(last.min)}"] if last.min else []) + (
            [f"มีคะแนนขั้นต่ำของ {', '.join(last.tools)}"] if last.tools else [])
        faults.append((("rating", len(rating) - 1), f"ระดับสุดท้าย ({last.name}) ต้องเริ่มที่ 0 และไม่มีคะแนนขั้นต่ำ"
                                                    "รายเครื่องมือ (tools) เพื่อให้ทุกผลการประเมินได้ระดับ"
                                                    f" แต่{' และ'.join(parts)}"))
    return faults


def rated_tools(fw: Framework) -> list[str]:
    """The tools whose scores the framework's rating reads, in the framework's order."""
    return [k for k in fw.tools if any(k in lv.tools for lv in fw.rating)]


def tool_score_faults(scores: Mapping[str, Decimal] | None, fw: Framework) -> list[Fault]:
    """What is wrong with last year's tool scores (``previous_result.tools``), read by
    the framework *fw* that judged them: a tool it does not have; none, or some
    missing, where its rating has per-tool minimums."""
    tools, needed = list(fw.tools), rated_tools(fw)
    where = f"ระดับผลการประเมิน (rating) ของกรอบการประเมินปี {fw.fiscal_year}"
    faults: list[Fault] = [(("previous_result", "tools", k), f"ไม่มีเครื่องมือ '{k}'{_near(k, tools)} ในกรอบการประเมิน"
                                                             f"ปี {fw.fiscal_year} (tools) ที่มีคือ: {', '.join(tools)}")
                           for k in scores or {} if k not in tools]
    if scores is None and needed:
        faults.append((("previous_result", "tools"), f"ต้องมีคะแนนรายเครื่องมือของผลปีที่แล้ว เพราะ{where}"
                                                     f" ใช้คะแนน {', '.join(needed)} ให้เพิ่ม tools: ใต้ previous_result"
                                                     " พร้อมคะแนนแต่ละเครื่องมือตามที่ประกาศ"))
    elif scores is not None:
        faults += [(("previous_result", "tools"), f"ขาดคะแนนเครื่องมือ '{k}' ({fw.tools[k].name}) ซึ่ง{where} ใช้")
                   for k in needed if k not in scores]
    return faults
