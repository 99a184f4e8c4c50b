"""A second office, another province and fiscal year, written as records only."""

from __future__ import annotations

from conftest import FRAMEWORK, ORG

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



#: longer texts than the sample's, as another office writes them
LONGER = {
    "title: การยืมทรัพย์สินของหน่วยงาน":
        "title: การยืมทรัพย์สินของหน่วยงานและการกำกับดูแลการใช้ทรัพย์สินของทางราชการให้เป็นไปตามระเบียบ"
        " พ.ศ. 2566 ที่กำหนดไว้อย่างเคร่งครัด",
    "title: การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA":
        "title: การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567"
        " มีการมอบหมายผู้รับผิดชอบและติดตามผลทุก 3 เดือน",
}


def second_office(records, *, longer: bool = False):
    """Turn the copy *records* (conftest.Records) into the second office's FY2567
    packet; return the packet's path."""
    rewrite(records.root / ORG, REPLACE_ORG)
    framework = records.root / "frameworks" / "ita-2567.yaml"
    framework.write_text((records.root / FRAMEWORK).read_text(encoding="utf-8")
                         .replace("fiscal_year: 2566", "fiscal_year: 2567").replace("code: O42", "code: O36")
                         .replace("{grade: E, min: 40.00, max: 54.99}", "{grade: E, min: 50.00, max: 54.99}")
                         .replace("{grade: F, min: 0, max: 39.99}", "{grade: F, min: 0, max: 49.99}"),
                         encoding="utf-8")
    rewrite(records.packet, {
        "ita-2566.yaml": "ita-2567.yaml", "ita-2565.yaml": "ita-2566.yaml", "fiscal_year: 2566": "fiscal_year: 2567",
        "score: 96.77": "score: 83.50", "year_before_score: 95.52": "year_before_score: 88.00",
        "budget: 93.24": "budget: 71.30",
        "จัดให้มีเจ้าหน้าที่รับผิดชอบสื่อสังคมออนไลน์ของ อบจ.ลพบุรี": "จัดให้มีเจ้าหน้าที่รับผิดชอบสื่อสังคมออนไลน์ของเทศบาล",
        "องค์การบริหารส่วนจังหวัดลพบุรีได้คะแนน": "เทศบาลได้คะแนน",
        "2566-0": "2567-0", "2565-1": "2566-1",
        "url: https://www.loppao.go.th/ita/2566/o42": "url: https://www.nongsample.go.th/ita/2567",
    })
    rewrite(records.packet, {"announced: 2565-08-01": "announced: 2566-09-01"})  # after the years moved on
    if longer:
        rewrite(records.packet, LONGER)
    return records.packet
