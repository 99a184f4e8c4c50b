"""The rules of a memo's line (the signer's ``reports_to`` up to the role it is
addressed to): who may note it and who decides it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docgen.errors import Problem, line_of
from docgen.records.models import superiors

if TYPE_CHECKING:
    from docgen.records.source import Source


def memo_line(src: Source, org: Any, memo: Any) -> Iterator[Problem]:
    """A memo goes up its signer's line (:func:`docgen.facts.derive.chain`), by default
    to the line's top: a signer whom no role is above has nobody to send it to, and a
    note by a role off the line is never printed."""
    if memo.signer not in org.roles:
        return  # told at the signer
    up = superiors(org.roles, memo.signer)
    if not up:
        yield src.problem(("memo", "signer"), f"ตำแหน่ง '{memo.signer}' ไม่มีผู้บังคับบัญชา (reports_to ในข้อมูลองค์กร)"
                                              " บันทึกเสนอจึงไม่มีผู้รับ ให้ใส่ผู้ลงนามที่มีผู้บังคับบัญชา"
                                              " หรือใส่ reports_to ของตำแหน่งนี้")
    above, line = set(up), line_of([memo.signer, *up])
    for k, note in memo.annotations.items():
        if note.decision is not None and up and k != up[-1] and k in above:
            yield src.problem(("memo", "annotations", k, "decision"),
                              f"ตำแหน่ง '{k}' ไม่ใช่ผู้พิจารณาสั่งการบันทึกนี้ (ผู้สั่งการคือ '{up[-1]}' ผู้อยู่บนสุดของสาย)"
                              " ให้ลบ decision ออก แล้วเขียนความเห็นไว้ที่ note")
        if k in org.roles and k not in above:
            yield src.problem(("memo", "annotations", k), f"ตำแหน่ง '{k}' ไม่อยู่ในสายการเสนอของบันทึก"
                                                          f" ({line}) บันทึกนี้จึงไม่ถูกพิมพ์"
                                                          " ให้ลบออกหรือแก้ reports_to ในข้อมูลองค์กร")
