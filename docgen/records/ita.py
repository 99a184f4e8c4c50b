"""What the ITA framework lets docgen derive instead of a clerk typing it."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, Sequence

from docgen.records.models import Band
from docgen.thai import score as fmt

Trend = Literal["up", "down", "same"]


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
