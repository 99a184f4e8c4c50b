"""The circular (หนังสือเวียน) telling every unit to carry out the measures:
``docgen circular``. A บันทึกข้อความ with the circulars' own number book, recipients
from the profile, and a QR code leading to the published packet."""

from __future__ import annotations

import functools
import io
from typing import Any

from docx.document import Document as DocumentObject
from docx.table import _Cell

from docgen import thai
from docgen.documents import bantuek as bt
from docgen.documents.wording import AIM
from docgen.docx import kit
from docgen.docx.render import Image
from docgen.errors import DocgenError
from docgen.facts.derive import facts, recipients, role, unit
from docgen.records.source import Records

QR_MM = 30.0

INTRO = (
    "ตามที่ทราบอยู่แล้วว่า {{ org.name }} ต้องเข้าร่วมการประเมิน{{ ita.name }}"
    " ({{ ita.english }} : {{ ita.abbr }}) ประจำปีงบประมาณ พ.ศ. {{ fy }}"
    " ซึ่ง{{ sender.short_full }} ได้แจ้งหลักเกณฑ์ต่าง ๆ รวมทั้งการมอบหมายภารกิจตามตัวชี้วัดที่เกี่ยวข้อง"
    "ให้ทุกส่วนราชการได้รับทราบแล้ว นั้น"
)
REQUEST = (
    "เพื่อให้การประเมิน {{ ita.abbr }} ประจำปีงบประมาณ พ.ศ. {{ fy }} ของ{{ org.name }}"
    " เป็นไปด้วยความเรียบร้อย ตรงตามตัวชี้วัดและประเด็นการประเมินที่{{ ita.assessor.short }} กำหนด"
    " ซึ่งข้อ {{ ita.item.code }} กำหนดให้หน่วยงานต้องจัดทำ{{ ita.item.name }}"
    " จากการวิเคราะห์ผลการประเมินในปี พ.ศ. {{ prev_fy }}"
    " {{ sender.short_full }} จึงได้จัดทำ{{ ita.item.name }}ขึ้น"
    " และ{{ approval.by }}ได้ให้ความเห็นชอบแล้ว{% if approval.date %} เมื่อวันที่ {{ approval.date|thai_date }}{% endif %}"
    " โดยมีประเด็นที่เกี่ยวข้องกับทุกส่วนราชการ ซึ่งมีหน้าที่ต้องร่วมมือกันในการขับเคลื่อนการประเมิน {{ ita.abbr }}"
    " ให้เป็นไปด้วยความเรียบร้อย และเป็นการ" + AIM + "คะแนนการประเมิน {{ ita.abbr }}"
    " จึงแจ้งเวียนให้ทุกส่วนราชการในสังกัดทราบ และถือปฏิบัติตามมาตรการต่าง ๆ ที่กำหนดโดยเคร่งครัด"
    " หากมีการดำเนินการตามมาตรการแล้ว ขอให้รายงานผลการดำเนินการให้{{ sender.short_full }}ทราบ"
    "ภายในวันที่ {{ report_by|thai_date }} เพื่อจะได้ดำเนินการในส่วนที่เกี่ยวข้องต่อไป"
)
PUBLISH = (
    "สำหรับ{{ publisher.name }} ขอให้นำข้อมูลเผยแพร่บนเว็บไซต์หลักของหน่วยงาน"
    " เพื่อเตรียมความพร้อมสำหรับการประเมิน {{ ita.abbr }} ต่อไปด้วย"
    " รายละเอียดปรากฏตาม QR Code ที่ปรากฏท้ายหนังสือฉบับนี้"
)
CLOSING = "จึงเรียนมาเพื่อทราบและถือปฏิบัติ"
ENCLOSURE = "{{ ita.item.name }} ประจำปีงบประมาณ พ.ศ. {{ fy }} ของ{{ org.name }} จำนวน {{ 1 }} ฉบับ"
QR_CAPTION = "สแกนเพื่อดูรายละเอียด: {{ url }}"


def build_template() -> DocumentObject:
    """The circular template: the บันทึกข้อความ form, the request, the QR code."""
    doc = bt.page("บันทึกข้อความ")
    bt.header_block(doc, subject="{{ head.subject }}")
    bt.salutation(doc, "{{ to }}")
    kit.paragraph(doc, "{%p if enclosure %}")
    kit.paragraph(doc, ("สิ่งที่ส่งมาด้วย", {"bold": True}), "  " + ENCLOSURE, before=6)
    kit.paragraph(doc, "{%p endif %}")
    kit.body(doc, INTRO)
    kit.body(doc, REQUEST)
    # the last body paragraph and the closing sentence go with the signature
    kit.body(doc, PUBLISH, keep_with_next=True)
    kit.body(doc, CLOSING, keep_with_next=True)
    end = bt.end_block(doc, "signer", beside=_qr)
    kit.paragraph(kit.cell_paragraph(bt.add_row(end, (3,))[0]), QR_CAPTION, size=14, after=12, **bt.KEEP)
    bt.initials_box(bt.add_row(end, (1, 2))[0])
    return doc


def _qr(cell: _Cell) -> None:
    """The QR code leading to the published packet, beside the signature."""
    kit.paragraph(kit.cell_paragraph(cell), "{{ qr }}", before=6, keep_with_next=True)


@functools.lru_cache(maxsize=256)
def qr_png(url: str) -> bytes:
    """A QR code of *url* as PNG (segno; medium error correction, 4-module quiet zone),
    drawn once for each address while docgen and segno are the same (kept in the cache)."""
    from docgen import __version__
    from docgen.cache import kept, library_version, png

    def drawn() -> bytes:
        from docgen.records.images import qr_code

        buf = io.BytesIO()
        qr_code(url).save(buf, kind="png", scale=8, border=4)
        return buf.getvalue()

    return kept("qr", {"url": url, "docgen": __version__, "segno": library_version("segno")}, ".png", drawn, load=png)


def context(recs: Records) -> dict[str, Any]:
    """The circular's context: shared facts, its number book, recipients, approval."""
    pk = recs.packet
    circ = pk.circular
    approval = pk.memo.annotations.get(circ.signer)
    if approval is not None and approval.decision == "not-approved":
        raise DocgenError("ผู้บริหารไม่อนุมัติบันทึกเสนอ (memo.annotations ใน packet.yaml) จึงออกหนังสือเวียนไม่ได้"
                          " ให้แก้ตามที่สั่งการ แล้วเสนอบันทึกรอบใหม่")
    return {
        **facts(recs),
        **bt.common(recs),
        "head": bt.head(recs, sender=circ.sender, running=circ.number, date=circ.date, circular=True),
        "to": recipients(recs, circ.to),
        "sender": unit(recs, circ.sender),
        "publisher": unit(recs, circ.publisher),
        "signer": bt.signer(recs, circ.signer),
        "approval": {"by": role(recs, circ.signer)["position"], "date": approval.date if approval else None},
        "report_by": circ.report_by,
        "url": thai.Literal(circ.url),
        "enclosure": circ.enclose_report,
    }


def properties(recs: Records, ctx: dict[str, Any]) -> tuple[str, str, Any]:
    """Title, subject and date of the DOCX."""
    return ctx["head"]["subject"], "หนังสือเวียน", recs.packet.circular.date


def images(recs: Records, ctx: dict[str, Any]) -> dict[str, Image]:
    return {"emblem": bt.emblem(recs), "qr": Image(qr_png(recs.packet.circular.url), height_mm=QR_MM)}
