"""A second office, another province, another fiscal year: records only, no code."""

import re

from conftest import run
from docx_helpers import all_text, open_docx
from offices import second_office


def test_another_office_and_year_by_records_alone(records, tmp_path):
    second_office(records)
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
    assert ("ได้รับผลคะแนนการประเมิน 83.50 อยู่ในระดับ B ซึ่งยังไม่ผ่านเกณฑ์ 85 คะแนน"
            " และเป็นผลคะแนนลดลงจากปีงบประมาณ พ.ศ. 2565 ที่ได้รับคะแนน 88.00") in report  # 88.00 passed
    assert "เป็นการแก้ไขจุดอ่อนและยกระดับคะแนนการประเมิน ITA" in report and "เป็นการรักษาระดับ" not in report  # a fail
    assert "เป็นการแก้ไขจุดอ่อนและยกระดับคะแนนการประเมิน ITA" in memo
    assert "การใช้งบประมาณ (71.30 คะแนน)" in report and "ซึ่งเป็นจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน" in report
    assert "50.00 - 54.99" in report and "ข้อ O36" in report
    assert "วัฒนธรรม ทต.หนองตัวอย่าง" in report and "Tel. 0 5312 3456 ต่อ 102" in report
    assert "ที่  ชม 52301/-\tวันที่  23 กุมภาพันธ์ 2567\t" in memo
    assert "เรียน  นายกเทศมนตรีตำบลหนองตัวอย่าง" in memo and "(นางสมศรี มีสุข)" in memo
    assert "ที่  ชม 52301/ว 531" in circular and "https://www.nongsample.go.th/ita/2567" in circular
