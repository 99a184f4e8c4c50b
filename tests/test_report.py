"""The O42 report, opened as a clerk and a reader would check it."""

import io
import re
import time
import zipfile

import pytest
from PIL import Image

from docgen.documents.make import render
from docgen.records.loading import load

from conftest import PACKET, SAMPLE
from docx_helpers import W, body_text, cs_faults, index_of, open_docx, paragraphs, runs_with_thai, seen

RANKED = [("การเปิดเผยข้อมูล", "๑๐๐"), ("การป้องกันการทุจริต", "๑๐๐"), ("การปฏิบัติหน้าที่", "๙๗.๘๕"),
          ("การใช้อำนาจ", "๙๖.๗๖"), ("คุณภาพการดำเนินงาน", "๙๖.๓๘"), ("การใช้ทรัพย์สินของทางราชการ", "๙๕.๒๕"),
          ("การแก้ไขปัญหาการทุจริต", "๙๔.๑๔"), ("การใช้งบประมาณ", "๙๓.๒๔"), ("ประสิทธิภาพการสื่อสาร", "๙๒.๙๒"),
          ("การปรับปรุงการทำงาน", "๙๒.๘๙")]


@pytest.fixture(scope="module")
def report_bytes():
    return render(load(SAMPLE / PACKET), "report").data


@pytest.fixture(scope="module")
def report(report_bytes):
    return open_docx(report_bytes)


@pytest.fixture(scope="module")
def lines(report):
    return body_text(report)


def test_sections_in_order(lines):
    order = [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",  # cover
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "คำนำ", "สารบัญ",
        "ข้อมูลพื้นฐานของการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
        "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐของ",
        "๑. ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๕",
        "๒. วิเคราะห์ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อน",
        "มาตรการ/แนวทาง",
        "วัฒนธรรม อบจ.ลพบุรี",
    ]
    positions = [index_of(lines, s) for s in order[:4]]
    after_toc = lines[positions[-1] + 1:]
    # past the contents, each heading appears as a heading, in order
    positions += [positions[-1] + 1 + max(i for i, line in enumerate(after_toc) if line.startswith(s)) for s in order[4:8]]
    positions += [index_of(lines, s) for s in order[8:]]
    assert positions == sorted(positions)
    assert lines[0:4] == ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
                          "ของ", "องค์การบริหารส่วนจังหวัดลพบุรี"]


def test_cover_is_its_own_section_without_a_page_number(report):
    cover, body, measures = report.sections
    assert cover.header.is_linked_to_previous or not "".join(cover.header._element.itertext()).strip()
    instr = "".join(t.text for t in body.header._element.iter(W + "instrText"))
    assert instr.split() == ["PAGE", "\\*", "ThaiArabic"]  # the office's numerals, set when rendering
    pg = body._sectPr.find(W + "pgNumType")
    assert pg.get(W + "fmt") == "thaiNumbers" and pg.get(W + "start") == "1"
    assert measures._sectPr.find(W + "pgNumType").get(W + "start") is None  # numbering goes on
    assert measures.orientation == 1  # landscape for the wide table


def test_preface_derives_score_grade_and_rise(lines):
    preface = lines[index_of(lines, "คำนำ") + 1]
    assert ("ในปีงบประมาณ พ.ศ. ๒๕๖๕ ได้รับผลคะแนนการประเมิน ๙๖.๗๗ อยู่ในระดับ AA ซึ่งเป็นผลคะแนนเพิ่มขึ้นจาก"
            "ปีงบประมาณ พ.ศ. ๒๕๖๔ ที่ได้รับคะแนน ๙๕.๕๒") in preface
    second = lines[index_of(lines, "คำนำ") + 2]
    assert "เป็นการรักษาระดับคะแนนการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in second
    assert "หลักเกณฑ์การประเมินข้อ O๔๒ ที่กำหนดให้หน่วยงานต้องจัดให้มีมาตรการส่งเสริม" in second
    sign = index_of(lines, "กุมภาพันธ์ ๒๕๖๖")
    assert lines[sign - 2:sign + 1] == ["สำนักปลัดองค์การบริหารส่วนจังหวัด", "ฝ่ายนิติการ", "กุมภาพันธ์ ๒๕๖๖"]


def test_preface_wording_follows_a_fall(records):
    records.edit(PACKET, "year_before_score: 95.52", "year_before_score: 97.10")
    lines = body_text(open_docx(render(load(records.packet), "report").data))
    assert "ซึ่งเป็นผลคะแนนลดลงจากปีงบประมาณ พ.ศ. ๒๕๖๔ ที่ได้รับคะแนน ๙๗.๑๐" in lines[index_of(lines, "คำนำ") + 1]


def test_contents_is_a_word_toc_with_the_headings(report, lines):
    instr = "".join(t.text for t in report.element.body.iter(W + "instrText"))
    assert 'TOC \\o "1-2"' in instr
    toc = [p for p in report.paragraphs if p.style.name.startswith("toc")]
    assert [p.style.name for p in toc] == ["toc 1", "toc 1", "toc 2", "toc 2", "toc 1"]
    assert seen(toc[2].text).startswith("๑. ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๕")
    headings = [p.text for p in report.paragraphs if p.style.name.startswith("Heading")]
    assert [t.text.split("\t")[0] for t in toc] == headings
    assert report.settings.element.find(W + "updateFields").get(W + "val") == "true"


def test_basics_from_the_framework(lines):
    text = "\n".join(lines)
    assert "๑. แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency Assessment : IIT) กำหนดค่าน้ำหนักเท่ากับ ๓๐ คะแนน" in text
    assert "๓. แบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment : OIT) กำหนดค่าน้ำหนักเท่ากับ ๔๐ คะแนน" in text
    assert "โดยหน่วยงานที่ได้ ๘๕ คะแนน ระดับ A ขึ้นไป จึงจะถือว่าผ่านการประเมิน" in text
    head = lines.index("ระดับ")  # the band table's header cell
    bands = lines[head + 1: head + 15]
    assert bands[:4] == ["๙๕.๐๐ - ๑๐๐", "AA", "๘๕.๐๐ - ๙๔.๙๙", "A"]
    assert bands[12:14] == ["๐ - ๓๙.๙๙", "F"]


def test_result_scores_best_first_with_grade(lines):
    result = lines[index_of(lines, "ได้ประกาศผลการประเมินคุณธรรม")]
    assert "ลงวันที่ ๑ สิงหาคม ๒๕๖๕ และแจ้งผลคะแนนผ่านระบบ ITAS" in result
    assert "มีค่าคะแนนในภาพรวมเท่ากับ ๙๖.๗๗ คะแนน ระดับผลการประเมิน AA" in result
    start = index_of(lines, "(๑) การเปิดเผยข้อมูล")
    listed = [(lines[start + 3 * i], lines[start + 3 * i + 1]) for i in range(10)]
    assert listed == [(f"({n}) {name}", s) for n, (name, s) in zip("๑๒๓๔๕๖๗๘๙", RANKED[:9])] + [
        ("(๑๐) การปรับปรุงการทำงาน", "๙๒.๘๙")]


def test_advice_grouped_by_tool_with_item_codes(lines):
    text = "\n".join(lines)
    assert "(๒) การประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (Internal Integrity and Transparency Assessment : IIT)" in text
    assert "แต่มีข้อเสนอแนะที่ควรพัฒนาเพิ่มเติมในข้อ I๒๐ I๒๓ และ I๒๔ ดังนี้" in text
    assert "ข้อ E๕ ประเด็น การดำเนินงานโดยคำนึงถึงประโยชน์ของประชาชน" in text
    assert "(๔) การประเมินตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and Transparency Assessment : OIT) องค์การบริหารส่วนจังหวัดลพบุรีได้คะแนน" in text


def test_weakness_tables_per_survey_tool_share_the_scores(report, lines):
    tables = [t for t in report.tables if t.rows[0].cells[0].text == "ตัวชี้วัด"]
    assert len(tables) == 2
    iit = [(r.cells[0].text, r.cells[1].text) for r in tables[0].rows[1:-1]]
    assert iit == [("(๑) การปฏิบัติหน้าที่", "๙๗.๘๕"), ("(๒) การใช้งบประมาณ", "๙๓.๒๔"), ("(๓) การใช้อำนาจ", "๙๖.๗๖"),
                   ("(๔) การใช้ทรัพย์สินของทางราชการ", "๙๕.๒๕"), ("(๕) การแก้ไขปัญหาการทุจริต", "๙๔.๑๔")]
    points = seen(tables[0].rows[-1].cells[0].text)
    assert "มีประเด็นคำถามทั้งหมด ๓๐ คำถาม" in points and "ข้อ I๒๔ ประเด็น" in points
    assert "ได้รับคะแนนแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) เต็ม ๑๐๐ คะแนน" in lines[index_of(lines, "คะแนนการประเมินทุกตัวชี้วัดผ่านเกณฑ์")]


def test_one_score_changed_shows_everywhere_and_the_old_nowhere(records):
    records.edit(PACKET, "duty: 97.85", "duty: 88.88")
    text = "\n".join(body_text(open_docx(render(load(records.packet), "report").data)))
    assert text.count("๘๘.๘๘") == 2  # section ๑'s list and section ๒'s table
    assert "๙๗.๘๕" not in text


def test_measures_numbered_with_units_periods_and_bullets(report):
    table = report.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "มาตรการ/แนวทาง", "วิธีดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การติดตาม/การรายงานผล"]
    rows = table.rows[1:]
    assert [r.cells[0].text.split(".")[0] for r in rows] == ["๑", "๒", "๓", "๔"]
    assert rows[0].cells[2].text == "หน่วยตรวจสอบภายใน\n- ทุกส่วนราชการสังกัด"
    assert rows[1].cells[2].text == "กองยุทธศาสตร์ฯ"
    assert rows[2].cells[2].text.split("\n") == ["สำนักปลัดฯ", "- กองการเจ้าหน้าที่ฯ", "- สำนักงานเลขา อบจ.", "- หน่วยตรวจสอบภายใน"]
    assert [r.cells[3].text for r in rows] == ["ม.ค.-ก.พ.\u00a0๖๖", "ต.ค.๖๕ - ก.ย.๖๖", "พ.ย.๖๕ - ก.ย.๖๖", "พ.ย.๖๕ - ก.ย.๖๖"]
    steps = rows[0].cells[1].paragraphs
    assert [p.style.name for p in steps] == ["List Bullet"] * 3
    assert steps[0].text == "จัดทำคู่มือ/แนวทางการยืมและใช้ทรัพย์สินของหน่วยงาน"


def test_unit_names_spelled_right(lines):
    text = "\n".join(lines)
    assert "กองยุทธศาสตร์ฯ = กองยุทธศาสตร์และงบประมาณ" in text
    assert "กองทุนศาสตร์" not in text


def test_closing_block_keeps_url_and_email(lines):
    i = index_of(lines, "วัฒนธรรม อบจ.ลพบุรี")
    assert lines[i:i + 5] == ["วัฒนธรรม อบจ.ลพบุรี", "“ซื่อสัตย์ สุจริต โปร่งใส พร้อมรับการตรวจสอบ”", "www.loppao.go.th",
                              "Tel. ๐ ๓๖๔๑ ๑๔๐๔ ต่อ ๑๐๒", "Email. Lopburi1pao@gmail.com"]
    assert "ชื่อสัตย์" not in "\n".join(lines)


def test_no_ascii_digit_outside_url_and_email(report):
    for root in [report.element.body]:
        for line in paragraphs(root):
            assert not re.search(r"[0-9]", line.replace("Lopburi1pao@gmail.com", "")), line


def test_chart_image_is_in_the_document(report_bytes, report):
    with zipfile.ZipFile(io.BytesIO(report_bytes)) as z:
        pngs = [Image.open(io.BytesIO(z.read(n))) for n in z.namelist() if n.startswith("word/media/")]
    assert [im.size for im in pngs] == [(1260, 1020)]
    extents = [e for e in report.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")]
    assert len(extents) == 1 and abs(int(extents[0].get("cx")) - 150 * 36000) < 36000


def test_chart_font_draws_thai():
    from fontTools.ttLib import TTFont

    from docgen.fonts import thai_font_file
    with TTFont(thai_font_file("TH SarabunIT๙")) as font:
        assert 0x0E01 in font.getBestCmap()
        assert "Sarabun" in font["name"].getDebugName(1)


def test_every_thai_run_has_the_complex_script_slots(report):
    runs = list(runs_with_thai(report))
    assert len(runs) > 100
    for r in runs:
        assert cs_faults(r, "TH SarabunIT๙") == [], "".join(t.text for t in r.iter(W + "t"))


def test_same_records_same_bytes(report_bytes, monkeypatch):
    later = time.time() + 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert render(load(SAMPLE / PACKET), "report").data == report_bytes


LONG = "ดำเนินการจัดทำแผนปฏิบัติการและติดตามผลการดำเนินงานอย่างต่อเนื่องทุกไตรมาส พร้อมทั้งรายงานผลต่อผู้บริหาร"


def test_twelve_measures_header_repeats_and_rows_never_split(records):
    text = (records.root / PACKET).read_text(encoding="utf-8")
    block = text[text.index("  - title: การยืมทรัพย์สินของหน่วยงาน"):text.index("# รายงาน O42")]
    extra = "".join(
        block.split("\n  - title:")[0].replace("การยืมทรัพย์สินของหน่วยงาน", f"มาตรการทดสอบที่ {n} {LONG}")
        .replace("      - จัดทำคู่มือ/แนวทางการยืมและใช้ทรัพย์สินของหน่วยงาน", f"      - {LONG}\n      - {LONG}") + "\n"
        for n in range(5, 13))
    records.edit(PACKET, "# รายงาน O42", extra + "# รายงาน O42")
    doc = open_docx(render(load(records.packet), "report").data)
    table = doc.tables[-1]
    rows = table.rows
    assert len(rows) == 13
    assert rows[0]._tr.trPr.find(W + "tblHeader") is not None
    assert all(r._tr.trPr.find(W + "cantSplit") is not None for r in rows)
    assert [r.cells[0].text.split(".")[0] for r in rows[1:]] == [
        "๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙", "๑๐", "๑๑", "๑๒"]
    widths = [c.width for c in rows[1].cells]
    assert widths[1] == max(widths)  # the steps get the widest column


def test_values_appear_as_typed(records):
    records.edit(PACKET, "title: การยืมทรัพย์สินของหน่วยงาน", "title: 'R&D <ทดสอบ> \"x\" {{ 7*7 }}'")
    doc = open_docx(render(load(records.packet), "report").data)
    first = doc.tables[-1].rows[1].cells[0].text
    assert first == "๑. R&D <ทดสอบ> \"x\" {{ ๗*๗ }}"
    assert "วัฒนธรรม อบจ.ลพบุรี" in body_text(doc)  # nothing after the value was lost


def test_a_value_tagged_literal_keeps_its_digits(records):
    records.edit(PACKET, "  - title: การยืมทรัพย์สินของหน่วยงาน", '  - title: !literal "การยืมทรัพย์สิน บัญชี 123-4-56789"')
    records.edit(PACKET, "      - จัดทำคู่มือ/แนวทางการยืมและใช้ทรัพย์สินของหน่วยงาน", "      - จัดทำคู่มือ 2 ฉบับ")
    row = open_docx(render(load(records.packet), "report").data).tables[-1].rows[1]
    assert row.cells[0].text == "๑. การยืมทรัพย์สิน บัญชี 123-4-56789"  # the number docgen adds is still Thai
    assert seen(row.cells[1].paragraphs[0].text) == "จัดทำคู่มือ ๒ ฉบับ"  # untagged text is converted


def test_bullets_are_text_in_the_organisations_font(report_bytes):
    with zipfile.ZipFile(io.BytesIO(report_bytes)) as z:
        numbering = z.read("word/numbering.xml").decode("utf-8")
    bullets = set(re.findall(r'w:lvlText w:val="([^"%]+)"', numbering))
    assert bullets == {"•"}  # a text bullet the Thai font carries, not a Symbol-font glyph
    assert set(re.findall(r'w:cs="([^"]+)"', numbering)) == {"TH SarabunIT๙"}
