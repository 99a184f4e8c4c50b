"""The O-item report (O42 in FY2566): the analysis of last year's ITA result and the
table of measures, ``docgen report``.

Order: cover; คำนำ; สารบัญ (a Word TOC field); the framework's basics; ๑. the result
with a chart and the advisors' comments; ๒. the weaknesses per survey tool; the
measures table (landscape); the organisation's closing block. Page numbers in the
organisation's numerals from the first page after the cover.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK

from docgen.documents.chart import indicator_chart
from docgen.documents.wording import AIM, RATING_INTRO, RESULT_STANDING, STANDING, held_text, rating_rows, thai_list
from docgen.docx import kit
from docgen.docx.render import Image
from docgen.facts.derive import facts, unit
from docgen.records.ita import grade_of
from docgen.records.source import Records
from docgen.thai import compose
from docgen.thai import score as fmt_score

MARGINS = kit.Margins(top=2.5, bottom=2.0, left=3.0, right=2.0, header=1.2)
WIDTH = MARGINS.text_width  # 16 cm portrait
WIDE = 29.7 - MARGINS.left - MARGINS.right  # 24.7 cm landscape
CHART_MM = 150.0  # wide: the chart spans most of the text width
TABLE_PT = 16  # the measures table, as the body: with the real glyphs 14 pt saves no page
MEASURE_COLUMNS = [("มาตรการ/แนวทาง", 5.2), ("วิธีดำเนินการ", 8.5), ("ผู้รับผิดชอบ", 4.0),
                   ("ระยะเวลาดำเนินการ", 3.0), ("การติดตาม/การรายงานผล", 4.0)]

ITA = "การประเมิน{{ ita.name }} ({{ ita.english }} : {{ ita.abbr }})"
PREFACE_1 = (
    "{{ org.name }} ได้เข้าร่วม" + ITA + " มาโดยตลอด โดยในปีงบประมาณ พ.ศ. {{ prev_fy }}"
    " ได้รับผลคะแนนการประเมิน {{ prev.score|score }} " + STANDING +
    # the pass mark is said of last year's score, next to it, before the year before's is named
    "{% if not prev.passed %} ซึ่งยังไม่ผ่านเกณฑ์ {{ prev.pass_mark|number }} คะแนน{% endif %}"
    "{% if prev.trend %} {% if prev.passed %}ซึ่ง{% else %}และ{% endif %}เป็นผลคะแนน"
    "{% if prev.trend == 'up' %}เพิ่มขึ้นจาก{% elif prev.trend == 'down' %}ลดลงจาก{% else %}เท่ากับ{% endif %}"
    "ปีงบประมาณ พ.ศ. {{ before_fy }} ที่ได้รับคะแนน {{ prev.year_before_score|score }}{% endif %}"
)
PREFACE_2 = (
    "ดังนั้น เพื่อให้เกิดการพัฒนาองค์กรอย่างต่อเนื่อง มีประสิทธิภาพ และเป็นการ"
    "{% if prev.aim == 'keep' %}รักษาระดับ{% else %}" + AIM + "{% endif %}คะแนนการประเมิน {{ ita.abbr }}"
    " ประจำปีงบประมาณ พ.ศ. {{ fy }} {{ org.name }} จึงได้นำผลการประเมิน {{ ita.abbr }}"
    " ประจำปีงบประมาณ พ.ศ. {{ prev_fy }} มาวิเคราะห์ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน"
    "ที่สมควรต้องมีการปรับปรุงและพัฒนาให้ดีขึ้น เพื่อให้เป็นไปตามหลักเกณฑ์การประเมินข้อ {{ ita.item.code }}"
    " ที่กำหนดให้หน่วยงานต้องจัดให้มี{{ ita.item.name }} โดยต้องเป็นการแสดงการวิเคราะห์ผลการประเมิน"
    "{{ ita.name }} ในปี พ.ศ. {{ prev_fy }} {{ ita.item.requirement }}"
    " ทั้งนี้ เพื่อนำไปสู่การปฏิบัติในองค์กรอย่างเป็นรูปธรรมต่อไป"
)
BASICS_1 = (
    "{{ ita.assessor.name }} ({{ ita.assessor.short }}) ได้ดำเนินการ" + ITA +
    " ประจำปีงบประมาณ พ.ศ. {{ fy }} โดยใช้แนวทางและเครื่องมือการประเมินตามที่{{ ita.assessor.short }} กำหนด"
)
BASICS_2 = ("{{ ita.assessor.short }} ได้กำหนดเครื่องมือสำหรับการประเมิน {{ ita.abbr }} ประจำปีงบประมาณ"
            " พ.ศ. {{ fy }} ไว้จำนวน {{ ita.tools|length }} เครื่องมือ ได้แก่")
TOOL_LINE = ("{{ loop.index }}. {{ t.name }} ({{ t.english }} : {{ t.key }})"
             " กำหนดค่าน้ำหนักเท่ากับ {{ t.weight|number }} คะแนน")
PASS_LINE = ("เกณฑ์คะแนนการประเมิน โดยหน่วยงานที่ได้ {{ ita.pass_mark|number }} คะแนน"
             "{% if pass_grade %} ระดับ {{ pass_grade }} ขึ้นไป{% endif %} จึงจะถือว่าผ่านการประเมิน")
RESULT = (
    "{{ ita.assessor.short }} ได้ประกาศผล" + ITA + " ประจำปีงบประมาณ พ.ศ. {{ prev_fy }}"
    " ลงวันที่ {{ prev.announced|thai_date }}{% if ita.system %} และแจ้งผลคะแนนผ่านระบบ {{ ita.system }}{% endif %}"
    " ซึ่งหน่วยงานที่ได้ระดับคะแนนตั้งแต่ {{ prev.pass_mark|number }} คะแนนขึ้นไปจึงจะถือว่าผ่านการประเมิน"
    " โดยปรากฏผลการประเมินของ{{ org.name }} มีค่าคะแนนในภาพรวมเท่ากับ {{ prev.score|score }} คะแนน"
    + RESULT_STANDING + " แยกคะแนนตามตัวชี้วัด {{ prev.indicators|length }} ตัวชี้วัด"
    " เรียงจากคะแนนสูงไปต่ำ ได้ดังนี้"
)
ADVICE_INTRO = ("จากผลการประเมินที่กล่าวข้างต้น คณะที่ปรึกษาได้ลงความเห็นในส่วนข้อเสนอแนะ/หมายเหตุ"
                "ไว้ในระบบการประเมินของ{{ org.name }} มีใจความแยกได้ดังนี้")
ADVICE_OVERALL = ("({{ 1 }}) {{ org.name }}มีผลการประเมิน{{ ita.name }} ประจำปีงบประมาณ พ.ศ. {{ prev_fy }}"
                  " {{ prev.overall_advice }} โดยมีคะแนนอยู่ที่ {{ prev.score|score }} คะแนน")
ADVICE_TOOL = ("({{ loop.index + 1 }}) การประเมินตาม{{ t.name }} ({{ t.english }} : {{ t.key }}) {{ t.remark }}"
               "{% if t.advice %}{% if t.shortfalls or prev.aim != 'keep' %} โดย{% else %} แต่{% endif %}"
               "มีข้อเสนอแนะที่ควรพัฒนาเพิ่มเติมในข้อ {{ t.codes }} ดังนี้{% endif %}")
ADVICE_ITEM = "ข้อ {{ a.code }} ประเด็น {{ a.issue }} {{ a.recommendation }}"
WEAK_INTRO = (
    "จากผลการประเมิน {{ ita.abbr }} ของ{{ org.name }} ประจำปีงบประมาณ พ.ศ. {{ prev_fy }} พบว่า "
    "{% if not prev.shortfalls %}คะแนนการประเมินทุกตัวชี้วัดผ่านเกณฑ์เป้าหมาย ({{ prev.pass_mark|number }} คะแนนขึ้นไป)"
    "{% else %}มีตัวชี้วัดที่มีคะแนนต่ำกว่าเกณฑ์เป้าหมาย ({{ prev.pass_mark|number }} คะแนน)"
    " จำนวน {{ prev.shortfalls|length }} ตัวชี้วัด ได้แก่ {{ shortfall_text }} ซึ่งเป็นจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน{% endif %}"
    "{% for t in full_mark_tools %} โดยได้รับคะแนน{{ t.name }} ({{ t.key }}) เต็ม {{ 100 }} คะแนน{% endfor %}"
    " สำหรับ{{ survey_names }} แยกเป็นคะแนนแต่ละตัวชี้วัดได้ดังนี้"
)
WEAK_QUESTIONS = ("จากผลคะแนนพบว่า{% if t.questions %} มีประเด็นคำถามทั้งหมด {{ t.questions }} คำถาม ซึ่ง{% endif %}"
                  "{% if t.advice %}มีประเด็นที่สมควรได้รับการยกระดับคะแนนตามข้อเสนอแนะของคณะที่ปรึกษาฯ ดังนี้"
                  "{% elif t.shortfalls %}มีตัวชี้วัดที่ต่ำกว่าเกณฑ์ ต้องแก้ไขโดยเร่งด่วน"
                  "{% else %}ไม่มีข้อเสนอแนะให้ปรับปรุงเพิ่มเติม ควรรักษามาตรฐานไว้{% endif %}")
MEASURES_INTRO = (
    "จากผลการวิเคราะห์การประเมิน {{ ita.abbr }} ประจำปีงบประมาณ พ.ศ. {{ prev_fy }} {{ org.name }}"
    " จึงได้กำหนดมาตรการเพื่อเป็นการ{% if prev.aim == 'keep' %}รักษาระดับคะแนนและยกระดับ{% else %}" + AIM
    + "{% endif %}คะแนนการประเมิน"
    " {{ ita.abbr }} ประจำปีงบประมาณ พ.ศ. {{ fy }} ดังนี้"
)


#: titles that do not enter the contents (คำนำ, สารบัญ) and the survey tools' subheadings:
#: paragraph styles of the template's own, (the name Word shows, the id)
PART_TITLE, SUBHEADING = ("ชื่อส่วน", "PartTitle"), ("หัวข้อย่อย", "Subheading")


def _heading(doc: DocumentObject, key: str, level: int, *, new_page: bool = False) -> None:
    """A heading of the contents: its size, weight, alignment and spacing are its style's."""
    p = kit.paragraph(doc, "{{ headings.%s }}" % key, style=f"Heading {level}")
    if new_page:  # a part of the report starts on a page of its own, as in a clerk's page plan
        p.paragraph_format.page_break_before = True


def _page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cover(doc: DocumentObject) -> None:
    kit.cover(doc, [("{{ ita.item.name }}", "title"), ("ประจำปีงบประมาณ พ.ศ. {{ fy }}", "line"), ("ของ", "minor"),
                    ("{{ org.name }}", "line")], sizes={"title": 26, "line": 24, "minor": 22})


def _preface(doc: DocumentObject) -> None:
    kit.paragraph(doc, "คำนำ", style=PART_TITLE[0])
    kit.body(doc, PREFACE_1)
    kit.body(doc, PREFACE_2)
    kit.paragraph(doc, "")
    kit.paragraph(doc, "{%p for line in preparer_lines %}")
    kit.paragraph(doc, "{{ line }}", align="center", left=6.0)
    kit.paragraph(doc, "{%p endfor %}")
    kit.paragraph(doc, "{{ report_month|month_year }}", align="center", left=6.0)


def _contents(doc: DocumentObject) -> None:
    kit.paragraph(doc, "สารบัญ", style=PART_TITLE[0])
    kit.paragraph(doc, ("เรื่อง", {"bold": True}), ("\tหน้า", {"bold": True}), tabs=[(WIDTH, "right", "none")])
    begin = kit.paragraph(doc, "")
    kit.paragraph(doc, "{%p for e in toc %}")
    kit.paragraph(doc, "{%p if e.level == 1 %}")
    kit.paragraph(doc, "{{ e.text }}\t{{ e.page }}", style="toc 1")
    kit.paragraph(doc, "{%p else %}")
    kit.paragraph(doc, "{{ e.text }}\t{{ e.page }}", style="toc 2")
    kit.paragraph(doc, "{%p endif %}")
    kit.paragraph(doc, "{%p endfor %}")
    end = kit.paragraph(doc, "")
    kit.complex_field(begin, 'TOC \\o "1-2" \\h \\z \\u', [end])


def _basics(doc: DocumentObject) -> None:
    _heading(doc, "basics", 1)
    kit.body(doc, BASICS_1)
    kit.body(doc, BASICS_2)
    kit.paragraph(doc, "{%p for t in ita.tools %}")
    kit.body(doc, TOOL_LINE)
    kit.paragraph(doc, "{%p endfor %}")
    kit.body(doc, PASS_LINE)
    kit.paragraph(doc, "{%p if ita.bands %}")  # a framework may grade by its rating alone
    kit.paragraph(doc, "")
    t = kit.table(doc, 4, [5.5, 2.5], borders=True)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(t.rows[0].cells, ("คะแนน", "ระดับ")):
        kit.paragraph(kit.cell_paragraph(cell), head, bold=True, align="center")
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "{%tr for b in ita.bands %}")
    kit.paragraph(kit.cell_paragraph(t.rows[2].cells[0]), "{{ b.min|score }} - {{ b.max|score }}", align="center")
    kit.paragraph(kit.cell_paragraph(t.rows[2].cells[1]), "{{ b.grade }}", align="center")
    kit.paragraph(kit.cell_paragraph(t.rows[3].cells[0]), "{%tr endfor %}")
    kit.row_properties(t.rows[0], header=True, cant_split=True)
    kit.paragraph(doc, "{%p endif %}")
    _rating(doc)


def _rating(doc: DocumentObject) -> None:
    """The levels of this year's rating, where its framework has one: overall and per-tool marks."""
    kit.paragraph(doc, "{%p if ita.rating %}")
    kit.body(doc, RATING_INTRO)
    t = kit.table(doc, 4, [3.5, 4.0, 7.5], borders=True)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(t.rows[0].cells, ("ระดับ", "คะแนนในภาพรวม", "คะแนนรายเครื่องมือ")):
        kit.paragraph(kit.cell_paragraph(cell), head, bold=True, align="center")
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "{%tr for r in rating_rows %}")
    for cell, text in zip(t.rows[2].cells, ("{{ r.name }}", "{{ r.overall }}", "{{ r.tools }}")):
        kit.paragraph(kit.cell_paragraph(cell), text, align="center")
    kit.paragraph(kit.cell_paragraph(t.rows[3].cells[0]), "{%tr endfor %}")
    kit.row_properties(t.rows[0], header=True, cant_split=True)
    kit.paragraph(doc, "{%p endif %}")


def _result(doc: DocumentObject) -> None:
    _heading(doc, "analysis", 1, new_page=True)
    _heading(doc, "result", 2)
    kit.body(doc, RESULT)
    t = kit.table(doc, 3, [10.0, 3.0, 2.5], borders=False)
    kit.paragraph(kit.cell_paragraph(t.rows[0].cells[0]), "{%tr for i in prev.ranked %}")
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "({{ loop.index }}) {{ i.name }}", left=1.0)
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[1]), "{{ i.score|score }}", align="right")
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[2]), "คะแนน", align="center")
    kit.paragraph(kit.cell_paragraph(t.rows[2].cells[0]), "{%tr endfor %}")
    kit.paragraph(doc, "{{ chart }}", align="center", before=12, keep_with_next=True)
    kit.paragraph(doc, "แผนภูมิ คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ. {{ prev_fy }} เทียบกับเกณฑ์ผ่าน"
                  " {{ prev.pass_mark|number }} คะแนน", size=14, align="center", after=6)
    kit.body(doc, ADVICE_INTRO)
    kit.body(doc, ADVICE_OVERALL)
    kit.paragraph(doc, "{%p for t in advised_tools %}")
    kit.body(doc, ADVICE_TOOL)
    kit.paragraph(doc, "{%p for a in t.advice %}")
    kit.body(doc, ADVICE_ITEM, left=1.0, first_line=1.5)
    kit.paragraph(doc, "{%p endfor %}")
    kit.paragraph(doc, "{%p endfor %}")


def _weaknesses(doc: DocumentObject) -> None:
    _heading(doc, "weaknesses", 2)
    kit.body(doc, WEAK_INTRO)
    kit.paragraph(doc, "{%p for t in survey_tools %}")
    kit.paragraph(doc, "{{ t.name }} ({{ t.key }})", style=SUBHEADING[0])
    t = kit.table(doc, 5, [12.0, 4.0], borders=True)
    for cell, head in zip(t.rows[0].cells, ("ตัวชี้วัด", "คะแนน")):
        kit.paragraph(kit.cell_paragraph(cell), head, bold=True, align="center")
    kit.row_properties(t.rows[0], header=True, cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "{%tr for i in t.indicators %}")
    kit.paragraph(kit.cell_paragraph(t.rows[2].cells[0]), "({{ loop.index }}) {{ i.name }}")
    kit.paragraph(kit.cell_paragraph(t.rows[2].cells[1]), "{{ i.score|score }}", align="center")
    kit.row_properties(t.rows[2], cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[3].cells[0]), "{%tr endfor %}")
    points = t.rows[4].cells[0].merge(t.rows[4].cells[1])
    kit.paragraph(kit.cell_paragraph(points), "ประเด็นที่ต้องปรับปรุง/พัฒนา", bold=True)
    kit.body(points, WEAK_QUESTIONS, first_line=1.0, before=0)
    kit.paragraph(points, "{%p for a in t.advice %}")
    kit.body(points, ADVICE_ITEM, first_line=1.0, before=3)
    kit.paragraph(points, "{%p endfor %}")
    kit.paragraph(doc, "{%p endfor %}")


def _measures(doc: DocumentObject) -> None:
    kit.new_section(doc, landscape=True)
    _heading(doc, "measures", 1)
    kit.body(doc, MEASURES_INTRO)
    kit.paragraph(doc, "")
    t = kit.table(doc, 4, [w for _, w in MEASURE_COLUMNS], borders=True)
    small: dict[str, Any] = {"size": TABLE_PT}
    for cell, (head, _) in zip(t.rows[0].cells, MEASURE_COLUMNS):
        kit.paragraph(kit.cell_paragraph(cell), head, bold=True, align="center", **small)
    kit.row_properties(t.rows[0], header=True, cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "{%tr for m in measures %}", **small)
    row = t.rows[2].cells
    kit.paragraph(kit.cell_paragraph(row[0]), "{{ m.number }}. {{ m.title }}", **small)
    kit.paragraph(kit.cell_paragraph(row[1]), "{%p for s in m.steps %}", **small)
    kit.paragraph(row[1], "{{ s }}", style="List Bullet", **small)
    kit.paragraph(row[1], "{%p endfor %}", **small)
    kit.paragraph(kit.cell_paragraph(row[2]), "{{ m.lead.short_name }}", **small)
    kit.paragraph(row[2], "{%p for u in m.support %}", **small)
    kit.paragraph(row[2], "- {{ u.short_name }}", left=0.3, **small)
    kit.paragraph(row[2], "{%p endfor %}", **small)
    kit.paragraph(kit.cell_paragraph(row[3]), "{{ m.period }}", align="center", **small)
    kit.paragraph(kit.cell_paragraph(row[4]), "{{ m.follow_up }}", **small)
    kit.row_properties(t.rows[2], cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[3].cells[0]), "{%tr endfor %}", **small)
    kit.paragraph(doc, "{%p if abbreviations %}")
    kit.paragraph(doc, ("หมายเหตุ", {"bold": True}), " ชื่อย่อในตาราง: {{ abbreviations }}", before=6, **small)
    kit.paragraph(doc, "{%p endif %}")


def _closing(doc: DocumentObject) -> None:
    kit.paragraph(doc, "", before=24)
    kit.paragraph(doc, "{%p if org.motto %}")
    kit.paragraph(doc, "วัฒนธรรม {{ org.short_name }}", bold=True, align="center", keep_with_next=True)
    kit.paragraph(doc, "“{{ org.motto }}”", align="center", keep_with_next=True)
    kit.paragraph(doc, "{%p endif %}")
    kit.paragraph(doc, "{%p for line in contact_lines %}")
    kit.paragraph(doc, "{{ line }}", align="center", keep_with_next=True)
    kit.paragraph(doc, "{%p endfor %}")


def build_template() -> DocumentObject:
    """The report template: cover, preface, contents, analysis, measures, closing."""
    doc = kit.new_document(MARGINS)
    kit.style_heading(doc, "Heading 1", size=18, align="center")
    kit.style_heading(doc, "Heading 2", size=16, before=6)
    kit.paragraph_style(doc, *PART_TITLE, size=20, bold=True, align="center", after=12)
    kit.paragraph_style(doc, *SUBHEADING, size=16, bold=True, before=12, after=6, keep_with_next=True)
    kit.toc_styles(doc, 2, width=WIDTH)
    _cover(doc)
    kit.new_section(doc)
    body = doc.sections[-1]
    body.header.is_linked_to_previous = False
    kit.page_number_header(body.header.paragraphs[0], "PAGE", "{{ 1 }}")
    kit.page_numbering(body, fmt="decimal", start=1)  # rendering writes the office's numerals
    _preface(doc)
    _page_break(doc)
    _contents(doc)
    _page_break(doc)
    _basics(doc)
    _result(doc)
    _weaknesses(doc)
    _measures(doc)
    _closing(doc)
    kit.update_fields_on_open(doc)
    return doc


# --------------------------------------------------------------------------- context


def headings(f: dict[str, Any]) -> dict[str, str]:
    """The section headings, written once for the body and the contents."""
    ita, org = f["ita"], f["org"]
    return {
        "basics": f"ข้อมูลพื้นฐานของการประเมิน{ita['name']} ({ita['english']} : {ita['abbr']})"
                  f" ประจำปีงบประมาณ พ.ศ. {f['fy']}",
        "analysis": f"การวิเคราะห์ผลการประเมิน{ita['name']}ของ{org['name']} ประจำปีงบประมาณ พ.ศ. {f['prev_fy']}",
        "result": f"1. ผลการประเมิน {ita['abbr']} ประจำปีงบประมาณ พ.ศ. {f['prev_fy']}",
        "weaknesses": "2. วิเคราะห์ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องมีการปรับปรุง/พัฒนาให้ดีขึ้น",
        "measures": f"{ita['item']['name']} ประจำปีงบประมาณ พ.ศ. {f['fy']}",
    }


TOC_LEVELS = {"basics": 1, "analysis": 1, "result": 2, "weaknesses": 2, "measures": 1}


def context(recs: Records, *, pages: dict[str, int] | None = None) -> dict[str, Any]:
    """The report's context. *pages* (heading key -> page number), when known from a
    laid-out copy, fills the contents' cached page numbers."""
    f = facts(recs)
    pk = recs.packet
    heads = headings(f)
    tools = f["prev"]["tools"]
    preparer = unit(recs, pk.report.preparer)
    survey = [t for t in tools if t["kind"] == "survey"]
    return {
        **f,
        "headings": heads,
        "toc": [{"level": TOC_LEVELS[k], "text": heads[k], "page": (pages or {}).get(k, "")} for k in heads],
        "pass_grade": grade_of(recs.framework.pass_mark, recs.framework.bands),
        "rating_rows": rating_rows(f["ita"]["rating"]),
        "held_back_text": held_text(f["prev"]["held_back"]),
        "preparer_lines": [line for line in (preparer["parent_name"], preparer["name"]) if line],
        "report_month": pk.report.date,
        "advised_tools": [{**t, "codes": thai_list([a["code"] for a in t["advice"]]) if t["advice"] else ""}
                          for t in tools if t["remark"]],
        "survey_tools": survey,
        "survey_names": thai_list([f"{t['name']} ({t['key']})" for t in survey]),
        "full_mark_tools": [t for t in tools if t["full_marks"]],
        "shortfall_text": thai_list([f"{i['name']} ({fmt_score(i['score'])} คะแนน)" for i in f["prev"]["shortfalls"]])
        if f["prev"]["shortfalls"] else "",
        "contact_lines": contact_lines(recs, preparer),
        "abbreviations": _abbreviations(f["measures"]),
    }


def contact_lines(recs: Records, preparer: dict[str, Any]) -> list[str]:
    """The closing block's website, telephone (with the preparer's extension) and e-mail."""
    org = recs.organisation
    contact: list[str] = []
    if org.website:
        contact.append(org.website)
    if org.phone:
        ext = f" ต่อ {preparer['phone_ext']}" if preparer["phone_ext"] else ""
        contact.append(compose(org.numerals, "Tel. ", org.phone, ext))
    if org.email:
        contact.append(f"Email. {org.email}")
    return contact


def _abbreviations(measures: list[dict[str, Any]]) -> str:
    """``กองยุทธศาสตร์ฯ = กองยุทธศาสตร์และงบประมาณ, ...`` for the short names the
    measures table uses, in order of first use."""
    seen: dict[str, str] = {}
    for m in measures:
        for u in (m["lead"], *m["support"]):
            if u["short_name"] != u["full_name"]:
                seen.setdefault(u["short_name"], u["full_name"])
    return ", ".join(f"{short} = {full}" for short, full in seen.items())


def properties(recs: Records, ctx: dict[str, Any]) -> tuple[str, str, Any]:
    """Title, subject and date of the DOCX."""
    assert recs.framework.item is not None
    return ctx["headings"]["measures"], recs.framework.item.code, recs.packet.report.date


def images(recs: Records, ctx: dict[str, Any]) -> dict[str, Image]:
    png = indicator_chart(ctx["prev"]["ranked"], ctx["prev"]["pass_mark"], font=recs.organisation.font,
                          numerals=recs.organisation.numerals)
    return {"chart": Image(png, width_mm=CHART_MM)}
