"""The memo (บันทึกข้อความ) reporting what was done under the measures and asking an
official, by default the chief executive, for approval to publish the progress
report: ``docgen progress --to ROLE``."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject

from docgen.documents import bantuek as bt
from docgen.documents import progress as pg
from docgen.docx.render import Image
from docgen.facts.derive import chain, check_role, role, unit
from docgen.records.source import Records

BACKGROUND = (
    "ตามที่ {{ org.name }} ได้จัดทำ{{ ita.item.name }} ประจำปีงบประมาณ พ.ศ. {{ fy }}"
    " จำนวน {{ measures|length }} มาตรการ และแจ้งเวียนให้ทุกส่วนราชการในสังกัดถือปฏิบัติ"
    "{% if circular.number %} ตามหนังสือที่ {{ circular.number }}{% endif %}"
    " ลงวันที่ {{ circular.date|thai_date }} นั้น"
)
FACTS = (
    "{{ ita.assessor.short }} กำหนดให้หน่วยงานรายงานผลการดำเนินการตามมาตรการดังกล่าวตามหลักเกณฑ์การประเมินข้อ"
    " {{ progress.item.code }} {{ progress.item.name }} {{ sender.short_full }} ได้รวบรวมผลการดำเนินการ"
    " {{ progress.round }} ข้อมูล ณ วันที่ {{ progress.as_of|thai_date }} แล้ว ปรากฏว่า{{ progress.tally }}"
    " รายละเอียดตามรายงานที่แนบมาพร้อมนี้"
)
PROPOSAL = (
    "เห็นควรพิจารณาให้ความเห็นชอบรายงานผล{{ progress.item.name }} ประจำปีงบประมาณ พ.ศ. {{ fy }}"
    " และอนุมัติให้เผยแพร่บนเว็บไซต์หลักของหน่วยงาน เพื่อให้เป็นไปตามหลักเกณฑ์การประเมินข้อ {{ progress.item.code }}"
)
CLOSING = "จึงเรียนมาเพื่อโปรดทราบและพิจารณา"


def build_template() -> DocumentObject:
    """The progress memo template: the บันทึกข้อความ form with a three-part body."""
    return bt.three_part_memo(background=[BACKGROUND], facts=[FACTS], proposal=[PROPOSAL], closing=CLOSING)


def context(recs: Records, *, to: str) -> dict[str, Any]:
    """The progress memo's context: the progress report's facts, the memo's header,
    chain and signer from progress.yaml."""
    check_role(recs, to)
    pr = recs.progress
    assert pr is not None
    memo = pr.memo
    ctx = pg.context(recs)
    head = bt.head(recs, sender=memo.sender, running=memo.number, date=memo.date)
    head["subject"] = f"รายงานผล{ctx['progress']['item']['name']} ประจำปีงบประมาณ พ.ศ. {recs.packet.fiscal_year}"
    circ = recs.packet.circular
    return {
        **ctx,
        **bt.common(recs),
        "head": head,
        "to": role(recs, to),
        "sender": unit(recs, memo.sender),
        "signer": bt.signer(recs, memo.signer),
        "blocks": bt.blocks(recs, chain(recs, memo.signer, to), to, notes=memo.annotations),
        "circular": {"number": bt.number(recs, circ.number, circular=True), "date": circ.date},
    }


def properties(recs: Records, ctx: dict[str, Any]) -> tuple[str, str, Any]:
    """Title, subject and date of the DOCX."""
    assert recs.progress is not None
    return bt.memo_properties(ctx, recs.progress.memo.date)


def images(recs: Records, ctx: dict[str, Any]) -> dict[str, Image]:
    return {"emblem": bt.emblem(recs)}
