"""The memo (บันทึกข้อความ) asking an official, by default the chief executive, to
approve the measures: ``docgen memo --to ROLE``."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject

from docgen.documents import bantuek as bt
from docgen.documents.wording import AIM, STANDING
from docgen.docx.render import Image
from docgen.facts.derive import chain, check_role, facts, role, unit
from docgen.records.source import Records

ITA = "การประเมิน{{ ita.name }} ({{ ita.english }} : {{ ita.abbr }})"
KEEP_RAISE = AIM + "คะแนนการประเมิน {{ ita.abbr }}"
BACKGROUND = (
    "ตามที่ {{ org.name }} ได้เข้าร่วม" + ITA + " มาโดยตลอด โดยในปีงบประมาณ พ.ศ. {{ prev_fy }}"
    " ได้รับผลคะแนนการประเมิน {{ prev.score|score }} " + STANDING +
    " และในปีงบประมาณ พ.ศ. {{ fy }} {{ org.name }}มีหน้าที่ต้องเข้าร่วมการประเมิน"
    "ตามหลักเกณฑ์ที่{{ ita.assessor.short }} กำหนด นั้น"
)
FACTS_1 = (
    "{{ ita.assessor.short }} ได้กำหนดประเด็น" + ITA + " ประจำปีงบประมาณ พ.ศ. {{ fy }}"
    " ในส่วนของ{{ ita.item.tool.name }} ({{ ita.item.tool.english }} : {{ ita.item.tool.key }})"
    " โดยในตัวชี้วัดที่ {{ ita.item.indicator_number }} {{ ita.item.indicator_name }}"
    " ข้อ {{ ita.item.code }} กำหนดให้หน่วยงานจะต้องจัดทำ{{ ita.item.name }}"
    " โดยต้องเป็นการแสดงการวิเคราะห์ผลการประเมิน{{ ita.name }} ในปี พ.ศ. {{ prev_fy }}"
    " {{ ita.item.requirement }}"
)
FACTS_2 = (
    "{{ sender.full_name }} ได้ศึกษาและวิเคราะห์ข้อมูลต่าง ๆ ที่เกี่ยวข้องกับการประเมิน {{ ita.abbr }}"
    " ประจำปีงบประมาณ พ.ศ. {{ fy }} และศึกษาองค์ประกอบต่าง ๆ ที่เกี่ยวข้องกับการประเมินในข้อ {{ ita.item.code }}"
    " มาประกอบกับการดำเนินงานตามภารกิจต่าง ๆ ของหน่วยงานอย่างละเอียดแล้ว จึงได้จัดทำ{{ ita.item.name }}"
    "ของ{{ org.name }} ประจำปีงบประมาณ พ.ศ. {{ fy }} ขึ้น เพื่อให้เป็นไปตามประเด็นการประเมิน"
    "ที่{{ ita.assessor.short }} กำหนด และเป็นการ" + KEEP_RAISE + "ของ{{ org.name }}"
    " ในปีงบประมาณ พ.ศ. {{ fy }} โดยมีรายละเอียดตามที่แนบท้าย"
)
PROPOSAL = (
    "เพื่อให้" + ITA + " ของ{{ org.name }} เป็นไปด้วยความเรียบร้อย"
    " ตรงตามตัวชี้วัดและประเด็นการประเมินที่{{ ita.assessor.short }} กำหนด"
    " เห็นควรพิจารณาให้ความเห็นชอบ{{ ita.item.name }}ของ{{ org.name }}"
    " และเนื่องจากการประเมิน {{ ita.abbr }} ประจำปีงบประมาณ พ.ศ. {{ fy }} เกี่ยวข้องกับทุกส่วนราชการ"
    " ที่มีหน้าที่ต้องร่วมมือกันในการขับเคลื่อนการประเมินให้เป็นไปด้วยความเรียบร้อย"
    " และเป็นการ" + KEEP_RAISE + " จึงเห็นควรแจ้งเวียนให้ทุกส่วนราชการในสังกัดทราบ"
    " และถือปฏิบัติตามมาตรการต่าง ๆ ที่กำหนดโดยเคร่งครัด พร้อมทั้งนำข้อมูลเผยแพร่บนเว็บไซต์หลักของหน่วยงาน"
    " เพื่อเตรียมความพร้อมสำหรับการประเมิน {{ ita.abbr }} ต่อไปด้วย"
)
CLOSING = (
    "จึงเรียนมาเพื่อโปรดทราบและพิจารณา{% if asks_signature %}"
    " หากเห็นชอบโปรดลงนามในร่างหนังสือที่เสนอมาพร้อมนี้{% endif %}"
)


def build_template() -> DocumentObject:
    """The memo template: the บันทึกข้อความ form with the seed's three-part body."""
    return bt.three_part_memo(background=[BACKGROUND], facts=[FACTS_1, FACTS_2], proposal=[PROPOSAL], closing=CLOSING)


def context(recs: Records, *, to: str) -> dict[str, Any]:
    """The memo's context: the shared facts and the memo's own header, chain and signer."""
    check_role(recs, to)
    memo = recs.packet.memo
    return {
        **facts(recs),
        **bt.common(recs),
        "head": bt.head(recs, sender=memo.sender, running=memo.number, date=memo.date),
        "to": role(recs, to),
        "sender": unit(recs, memo.sender),
        "signer": bt.signer(recs, memo.signer),
        "blocks": bt.blocks(recs, chain(recs, memo.signer, to), to),
        "asks_signature": to == recs.packet.circular.signer,
    }


def properties(recs: Records, ctx: dict[str, Any]) -> tuple[str, str, Any]:
    """Title, subject and date of the DOCX."""
    return bt.memo_properties(ctx, recs.packet.memo.date)


def images(recs: Records, ctx: dict[str, Any]) -> dict[str, Image]:
    return {"emblem": bt.emblem(recs)}
