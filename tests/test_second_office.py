"""A second office, another province, another fiscal year: records only, no code."""

import re

from conftest import FRAMEWORK, ORG, PACKET, run
from docx_helpers import all_text, open_docx

REPLACE_ORG = {
    "key: lopburi-pao": "key: tambon-sample",
    "name: องค์การบริหารส่วนจังหวัดลพบุรี": "name: เทศบาลตำบลหนองตัวอย่าง",
    "short_name: อบจ.ลพบุรี": "short_name: ทต.หนองตัวอย่าง",
    "number_prefix: ลบ 51001": "number_prefix: ชม 52301",
    "font: TH SarabunIT๙": "font: TH Sarabun New",
    "numerals: thai": "numerals: arabic",
    "motto: ซื่อสัตย์ สุจริต โปร่งใส พร้อมรับการตรวจสอบ": "motto: บริการดี มีคุณธรรม",
    "website: www.loppao.go.th": "website: www.nongsample.go.th",
    "phone: 0 3641 1404": "phone: 0 5312 3456",
    "email: Lopburi1pao@gmail.com": "email: saraban@nongsample.go.th",
    "นายกองค์การบริหารส่วนจังหวัดลพบุรี": "นายกเทศมนตรีตำบลหนองตัวอย่าง",
    "นายก อบจ.ลพบุรี": "นายก ทต.หนองตัวอย่าง",
    "รองนายกองค์การบริหารส่วนจังหวัดลพบุรี": "รองนายกเทศมนตรีตำบลหนองตัวอย่าง",
    "รองนายก อบจ.ลพบุรี": "รองนายก ทต.หนองตัวอย่าง",
    "ปลัดองค์การบริหารส่วนจังหวัดลพบุรี": "ปลัดเทศบาลตำบลหนองตัวอย่าง",
    "ปลัด อบจ.ลพบุรี": "ปลัด ทต.หนองตัวอย่าง",
    "รองปลัดองค์การบริหารส่วนจังหวัดลพบุรี": "รองปลัดเทศบาลตำบลหนองตัวอย่าง",
    "รองปลัด อบจ.ลพบุรี": "รองปลัด ทต.หนองตัวอย่าง",
    "อรพิน จิระพันธุ์วานิช": "สมศรี มีสุข",
    "สำนักงานเลขา อบจ.": "สำนักงานเลขา ทต.",
    "- ปลัด อบจ.": "- ปลัด ทต.",
    "- รองปลัด อบจ.": "- รองปลัด ทต.",
    "สำนักงานเลขานุการองค์การบริหารส่วนจังหวัด": "สำนักงานเลขานุการเทศบาล",
    "สำนักปลัดองค์การบริหารส่วนจังหวัด": "สำนักปลัดเทศบาล",
    "หัวหน้าสำนักปลัด อบจ.": "หัวหน้าสำนักปลัด ทต.",
}


def rewrite(path, pairs):
    text = path.read_text(encoding="utf-8")
    for old, new in pairs.items():
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_another_office_and_year_by_records_alone(records, tmp_path):
    rewrite(records.root / ORG, REPLACE_ORG)
    framework = records.root / "frameworks" / "ita-2567.yaml"
    framework.write_text((records.root / FRAMEWORK).read_text(encoding="utf-8")
                         .replace("fiscal_year: 2566", "fiscal_year: 2567").replace("code: O42", "code: O36")
                         .replace("{grade: E, min: 40.00, max: 54.99}", "{grade: E, min: 50.00, max: 54.99}")
                         .replace("{grade: F, min: 0, max: 39.99}", "{grade: F, min: 0, max: 49.99}"),
                         encoding="utf-8")
    rewrite(records.packet, {
        "ita-2566.yaml": "ita-2567.yaml", "fiscal_year: 2566": "fiscal_year: 2567",
        "score: 96.77": "score: 83.50", "year_before_score: 95.52": "year_before_score: 88.00",
        "announced: 2565-08-01": "announced: 2566-09-01", "budget: 93.24": "budget: 71.30",
        "จัดให้มีเจ้าหน้าที่รับผิดชอบสื่อสังคมออนไลน์ของ อบจ.ลพบุรี": "จัดให้มีเจ้าหน้าที่รับผิดชอบสื่อสังคมออนไลน์ของเทศบาล",
        "องค์การบริหารส่วนจังหวัดลพบุรีได้คะแนน": "เทศบาลได้คะแนน",
        "2566-0": "2567-0", "2565-1": "2566-1",
        "url: https://www.loppao.go.th/ita/2566/o42": "url: https://www.nongsample.go.th/ita/2567",
    })
    result = run("build", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "tambon-sample" / "2567"
    texts = {name: "\n".join(all_text(open_docx((folder / name).read_bytes())))
             for name in ("report.docx", "memo.docx", "circular.docx")}
    for name, text in texts.items():
        assert not re.search("ลพบุรี|อบจ|loppao|Lopburi|๕๑๐๐๑", text), name
        assert not re.search("[๐-๙]", text), name  # arabic numerals throughout
    report, memo, circular = texts["report.docx"], texts["memo.docx"], texts["circular.docx"]
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in report and "เทศบาลตำบลหนองตัวอย่าง" in report
    assert "ได้รับผลคะแนนการประเมิน 83.50 อยู่ในระดับ B ซึ่งเป็นผลคะแนนลดลงจากปีงบประมาณ พ.ศ. 2565" in report
    assert "เป็นการยกระดับคะแนนการประเมิน ITA" in report  # a fail: no "รักษาระดับ"
    assert "การใช้งบประมาณ (71.30 คะแนน)" in report and "ซึ่งเป็นจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน" in report
    assert "50.00 - 54.99" in report and "ข้อ O36" in report
    assert "วัฒนธรรม ทต.หนองตัวอย่าง" in report and "Tel. 0 5312 3456 ต่อ 102" in report
    assert "ที่  ชม 52301/-\tวันที่  23 กุมภาพันธ์ 2567\t" in memo
    assert "เรียน  นายกเทศมนตรีตำบลหนองตัวอย่าง" in memo and "(นางสมศรี มีสุข)" in memo
    assert "ที่  ชม 52301/ว 531" in circular and "https://www.nongsample.go.th/ita/2567" in circular
