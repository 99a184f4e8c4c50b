"""The progress report (O43 in FY2566): what the office did under each of the year's
measures, ``docgen progress``. The measures come from the packet, so their numbers,
titles, units and periods are the measures table's; the clerk adds only what was done.

Order: cover; an introduction naming this year's progress item; a summary table
(measure, lead unit, period, status) numbered as the measures table; one section per
measure (activities with dates, results, problems and how they were handled, evidence
with a QR code for each published item and photos scaled to the text width); the
organisation's closing block.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject

from docgen import thai
from docgen.documents import report as rp
from docgen.documents.circular import qr_png
from docgen.docx import kit
from docgen.docx.render import Image
from docgen.facts.derive import facts, unit
from docgen.records.checks import STATUS
from docgen.records.images import MAX_IMAGE_BYTES, for_print
from docgen.records.source import Records
from docgen.safefile import read_regular

QR_MM, PHOTO_MM = 22.0, 120.0
SUMMARY_COLUMNS = [("มาตรการ", 7.0), ("ผู้รับผิดชอบ", 3.4), ("ระยะเวลา", 2.6), ("สถานะ", 3.0)]
ROUNDS = {"mid-year": "รอบ ๖ เดือน", "year-end": "รอบ ๑๒ เดือน"}

INTRO = (
    "ตามที่ {{ org.name }} ได้กำหนด{{ ita.item.name }} ประจำปีงบประมาณ พ.ศ. {{ fy }} จำนวน {{ measures|length }} มาตรการ"
    " ตามหลักเกณฑ์การประเมินข้อ {{ ita.item.code }} นั้น เพื่อให้เป็นไปตามหลักเกณฑ์การประเมินข้อ"
    " {{ progress.item.code }} {{ progress.item.name }} ซึ่งกำหนดให้หน่วยงาน{{ progress.item.requirement }}"
    " {{ org.name }} จึงได้รายงานผลการดำเนินการตามมาตรการ {{ progress.round }} ข้อมูล ณ วันที่"
    " {{ progress.as_of|thai_date }} ดังนี้"
)
SUMMARY = "สรุปผล: {{ progress.tally }} จากทั้งหมด {{ measures|length }} มาตรการ"


def _list(doc: DocumentObject, label: str, items: str, line: str, *, indent: float = 1.0) -> None:
    """A bold label and the lines of *items* below it, when there are any."""
    kit.paragraph(doc, "{%p if " + items + " %}")
    kit.paragraph(doc, (label, {"bold": True}), before=6, keep_with_next=True)
    kit.paragraph(doc, "{%p for x in " + items + " %}")
    kit.body(doc, line, first_line=0, left=indent, before=0)
    kit.paragraph(doc, "{%p endfor %}")
    kit.paragraph(doc, "{%p endif %}")


def build_template() -> DocumentObject:
    """The progress report template."""
    doc = kit.new_document(rp.MARGINS)
    kit.style_heading(doc, "Heading 1", size=18, align="center", before=0)
    kit.style_heading(doc, "Heading 2", size=16)
    kit.cover(doc, [("รายงานผล{{ progress.item.name }}", "title"), ("ประจำปีงบประมาณ พ.ศ. {{ fy }}", "line"),
                    ("{{ progress.round }} (ข้อมูล ณ วันที่ {{ progress.as_of|thai_date }})", "minor"),
                    ("{{ org.name }}", "line")], sizes={"title": 24, "line": 22, "minor": 18})
    kit.new_section(doc)
    body = doc.sections[-1]
    body.header.is_linked_to_previous = False
    kit.page_number_header(body.header.paragraphs[0], "PAGE", "{{ 1 }}")
    kit.page_numbering(body, fmt="decimal", start=1)
    kit.paragraph(doc, "รายงานผล{{ progress.item.name }} ประจำปีงบประมาณ พ.ศ. {{ fy }}", style="Heading 1")
    kit.body(doc, INTRO)
    kit.body(doc, SUMMARY)
    kit.paragraph(doc, "")
    t = kit.table(doc, 4, [w for _, w in SUMMARY_COLUMNS], borders=True)
    for cell, (head, _) in zip(t.rows[0].cells, SUMMARY_COLUMNS):
        kit.paragraph(kit.cell_paragraph(cell), head, bold=True, align="center")
    kit.row_properties(t.rows[0], header=True, cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "{%tr for m in progress.measures %}")
    row = t.rows[2].cells
    kit.paragraph(kit.cell_paragraph(row[0]), "{{ m.number }}. {{ m.title }}")
    kit.paragraph(kit.cell_paragraph(row[1]), "{{ m.lead.short_name }}")
    kit.paragraph(kit.cell_paragraph(row[2]), "{{ m.period }}", align="center")
    kit.paragraph(kit.cell_paragraph(row[3]), "{{ m.status }}", align="center")
    kit.row_properties(t.rows[2], cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[3].cells[0]), "{%tr endfor %}")
    kit.paragraph(doc, "{%p for m in progress.measures %}")
    kit.paragraph(doc, "มาตรการที่ {{ m.number }} {{ m.title }}", style="Heading 2")
    kit.paragraph(doc, ("ผู้รับผิดชอบ", {"bold": True}), " {{ m.lead.full_name }}  ",
                  ("ระยะเวลา", {"bold": True}), " {{ m.period }}  ", ("สถานะ", {"bold": True}), " {{ m.status }}",
                  keep_with_next=True)
    kit.paragraph(doc, "{%p if m.reason %}")
    kit.paragraph(doc, ("เหตุผล", {"bold": True}), " {{ m.reason }}")
    kit.paragraph(doc, "{%p endif %}")
    _list(doc, "การดำเนินการ", "m.activities", "{{ x.date|thai_date }} {{ x.text }}")
    _list(doc, "ผลการดำเนินการ", "m.results", "- {{ x }}")
    _list(doc, "ปัญหาและอุปสรรค", "m.problems", "- {{ x }}")
    _list(doc, "การแก้ไข", "m.handling", "- {{ x }}")
    kit.paragraph(doc, "{%p if m.evidence %}")
    kit.paragraph(doc, ("หลักฐานการดำเนินการ", {"bold": True}), before=6, keep_with_next=True)
    kit.paragraph(doc, "{%p for x in m.evidence %}")
    kit.paragraph(doc, "{{ x.picture }}", left=1.0, keep_with_next=True)
    kit.paragraph(doc, "{{ x.caption }}{% if x.url %} {{ x.url }}{% endif %}", size=14, left=1.0, after=6)
    kit.paragraph(doc, "{%p endfor %}")
    kit.paragraph(doc, "{%p endif %}")
    kit.paragraph(doc, "{%p endfor %}")
    rp._closing(doc)
    return doc


def context(recs: Records) -> dict[str, Any]:
    """The progress report's context: the shared facts, each measure's report joined to
    the measure of the same number."""
    f = facts(recs)
    pr = recs.progress
    assert pr is not None and recs.framework.progress_item is not None  # checked with the records
    by_number = {mp.measure: mp for mp in pr.measures}
    measures = []
    for m in f["measures"]:
        mp = by_number[m["number"]]
        measures.append({
            **m, "status": STATUS[mp.status], "status_key": mp.status, "reason": mp.reason,
            "activities": [a.model_dump() for a in sorted(mp.activities, key=lambda a: a.date)],
            "results": list(mp.results), "problems": list(mp.problems), "handling": list(mp.handling),
            "evidence": [_evidence(recs, e) for e in mp.evidence],
        })
    counts = {key: sum(1 for m in measures if m["status_key"] == key) for key in STATUS}
    org = recs.organisation
    preparer = unit(recs, pr.report.preparer)
    return {
        **f,
        "progress": {
            "item": recs.framework.progress_item.model_dump(), "round": ROUNDS[pr.round], "as_of": pr.as_of,
            "measures": measures, "tally": tally(counts),
        },
        "contact_lines": rp.contact_lines(recs, preparer),
        "abbreviations": "",
        "org": {**f["org"], "motto": org.motto},
    }


def tally(counts: dict[str, int]) -> str:
    """``ดำเนินการแล้วเสร็จ 3 มาตรการ และอยู่ระหว่างดำเนินการ 1 มาตรการ``: the measures
    by status, in the statuses' order, a status no measure has left out."""
    parts = [f"{STATUS[key]} {n} มาตรการ" for key, n in counts.items() if n]
    return parts[0] if len(parts) == 1 else " ".join(parts[:-1]) + " และ" + parts[-1]


def _evidence(recs: Records, ev: Any) -> dict[str, Any]:
    if ev.url is not None:
        return {"caption": ev.caption, "url": thai.Literal(ev.url), "picture": Image(qr_png(ev.url), height_mm=QR_MM)}
    photo = recs.sources["progress"].path.parent / ev.photo
    return {"caption": ev.caption, "url": None,
            "picture": Image(for_print(read_regular(photo, limit=MAX_IMAGE_BYTES)), width_mm=PHOTO_MM)}


def properties(recs: Records, ctx: dict[str, Any]) -> tuple[str, str, Any]:
    """Title, subject and date of the DOCX."""
    assert recs.progress is not None
    return f"รายงานผล{ctx['progress']['item']['name']}", ctx["progress"]["item"]["code"], recs.progress.report.date


def images(recs: Records, ctx: dict[str, Any]) -> dict[str, Image]:
    return {}
