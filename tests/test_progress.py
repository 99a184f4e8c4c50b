"""The year's second document: the progress report on the measures (O43 in FY2566)
and its memo, the measures held once."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from conftest import PACKET, PROGRESS, Records, run
from docx_helpers import all_text, open_docx


@pytest.fixture
def with_progress(tmp_path) -> Records:
    return Records(tmp_path / "records", progress=True)


def squash(text: str) -> str:
    return re.sub(r"\s", "", text.replace("\u0e4d\u0e32", "\u0e33"))


def test_progress_writes_the_report_and_its_memo(with_progress, tmp_path):
    result = run("progress", "-r", str(with_progress.packet), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "lopburi-pao" / "2566"
    assert sorted(p.name for p in folder.iterdir()) == ["progress-memo.docx", "progress.docx"]
    report = "\n".join(all_text(open_docx((folder / "progress.docx").read_bytes())))
    assert "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in report
    assert "ข้อ O๔๓" in report and "ข้อ O๔๒" in report
    assert "สรุปผล: ดำเนินการแล้วเสร็จ ๓ มาตรการ และอยู่ระหว่างดำเนินการ ๑ มาตรการ จากทั้งหมด ๔ มาตรการ" in report
    assert "ยังไม่ได้ดำเนินการ" not in report  # no measure is: no count of none
    assert "มาตรการที่ ๔ การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA" in report
    assert "๑๖ มกราคม ๒๕๖๖ จัดทำคู่มือการยืมและใช้ทรัพย์สินของทางราชการ" in report
    assert "https://www.loppao.go.th/ita/2566/o43/assets" in report  # a URL keeps its digits
    memo = "\n".join(all_text(open_docx((folder / "progress-memo.docx").read_bytes())))
    assert "เรียน  นายกองค์การบริหารส่วนจังหวัดลพบุรี" in memo
    assert "ตามหนังสือที่ ลบ ๕๑๐๐๑/ว ๕๓๑ ลงวันที่ ๒๗ กุมภาพันธ์ ๒๕๖๖" in memo
    assert "อนุมัติให้เผยแพร่บนเว็บไซต์หลักของหน่วยงาน" in memo
    assert "ปรากฏว่าดำเนินการแล้วเสร็จ ๓ มาตรการ และอยู่ระหว่างดำเนินการ ๑ มาตรการ รายละเอียด" in memo
    assert "ยังไม่ได้ดำเนินการ" not in memo


def test_the_pdfs_number_and_name_the_measures_as_the_measures_table(with_progress, tmp_path):
    result = run("build", "--pdf", "-r", str(with_progress.packet), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "lopburi-pao" / "2566"
    report = open_docx((folder / "report.docx").read_bytes())
    table = next(t for t in report.tables if t.rows[0].cells[0].text == "มาตรการ/แนวทาง")
    numbered = [squash(row.cells[0].text) for row in table.rows[1:]]  # "๑.การยืมทรัพย์สินของหน่วยงาน", ...
    with pdfplumber.open(folder / "progress.pdf") as pdf:
        progress = squash("".join(p.extract_text() or "" for p in pdf.pages))
        assert len(pdf.pages) <= 5
    titles = ["การยืมทรัพย์สินของหน่วยงาน", "การปรับปรุงระบบการทำงานเพื่อเพิ่มประสิทธิภาพการรับรู้ข้อมูลข่าวสารของประชาชน",
              "เสริมสร้างคุณธรรม จริยธรรมและความโปร่งใสภายในหน่วยงาน", "การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA"]
    for n, title in enumerate(titles, start=1):
        number = "๐๑๒๓๔๕๖๗๘๙"[n]
        assert numbered[n - 1] == squash(f"{number}. {title}")  # the measures table
        assert squash(f"มาตรการที่ {number} {title}") in progress  # the progress report's section, in the PDF
    with pdfplumber.open(folder / "progress-memo.pdf") as pdf:
        last = squash(pdf.pages[-1].extract_text())
        assert len(pdf.pages) <= 2 and "จึงเรียนมาเพื่อโปรดทราบและพิจารณา" in last and "(นายอนุรักษ์พลเสน)" in last
    manifest = (folder / "manifest.json").read_text(encoding="utf-8")
    assert '"role": "progress"' in manifest and "progress.pdf" in manifest


@pytest.mark.parametrize("old, new, words", [
    ("  - measure: 4\n", "  - measure: 9\n", "measures.3.measure: ไม่มีมาตรการที่ 9 ในตารางมาตรการของปีนี้ (มีที่ 1-4)"),
    ("    title: การยืมทรัพย์สินของหน่วยงาน\n    status: done", "    title: การยืมทรัพย์สิน\n    status: done",
     "measures.0.title: ชื่อไม่ตรงกับมาตรการที่ 1 ในตารางมาตรการ (“การยืมทรัพย์สินของหน่วยงาน”)"),
    ("    reason: การประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2566 ยังไม่ประกาศผล\n", "",
     "measures.3.reason: มาตรการที่ 4 อยู่ระหว่างดำเนินการ ต้องบอกเหตุผล (reason)"),
    ("{date: 2566-05-18,", "{date: 2565-05-18,", "วันที่ 18 พฤษภาคม 2565 อยู่นอกปีงบประมาณ 2566"),
], ids=["a measure that does not exist", "a title out of step", "no reason", "an activity out of the year"])
def test_a_progress_record_out_of_step_with_the_measures_is_refused(with_progress, tmp_path, old, new, words):
    with_progress.edit(PROGRESS, old, new)
    for args in (["validate"], ["progress", "-o", str(tmp_path / "out")], ["build", "-o", str(tmp_path / "out")]):
        result = run(*args, "-r", str(with_progress.packet))
        assert result.exit_code == 1, args
        assert "progress.yaml บรรทัด" in result.stderr and words in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_a_measure_added_in_between_is_reported_not_renumbered(with_progress):
    with_progress.edit(PACKET, "# รายงาน O42 (เล่มมาตรการ)", "  - title: มาตรการใหม่\n    steps: [ขั้นตอน]\n"
                       "    lead: strategy\n    start: 2566-03\n    end: 2566-04\n    follow_up: รายงานผล\n\n"
                       "# รายงาน O42 (เล่มมาตรการ)")
    result = run("validate", "-r", str(with_progress.packet))
    assert result.exit_code == 1
    assert "มาตรการที่ 5 (มาตรการใหม่) ยังไม่มีรายงานผล ให้เพิ่ม หรือใส่ status: not-started พร้อมเหตุผล" in result.stderr


def test_without_progress_records_the_command_says_what_is_missing(records, tmp_path):
    result = run("progress", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 2 and "ยังไม่มี progress.yaml" in result.stderr


def test_an_activity_outside_its_measures_period_is_flagged(with_progress):
    with_progress.edit(PROGRESS, "{date: 2566-02-20,", "{date: 2566-06-20,")  # measure 1 runs ม.ค.-ก.พ. 66
    result = run("validate", "-r", str(with_progress.packet))
    assert result.exit_code == 0
    assert ("measures.0.activities.2.date: วันที่ 20 มิถุนายน 2566 อยู่นอกระยะเวลาของมาตรการที่ 1 (ม.ค.-ก.พ. 66)"
            in result.stderr)


def test_new_progress_drafts_the_file_from_the_measures_table(tmp_path):
    from conftest import Records, run

    recs = Records(tmp_path / "records")
    result = run("new-progress", "-r", str(recs.packet))
    assert result.exit_code == 0, result.output
    draft = (recs.packet.parent / "progress.yaml").read_text(encoding="utf-8")
    assert "  - measure: 4\n    title: การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA\n    status: in-progress\n" in draft
    assert "  preparer: legal-affairs\n" in draft and "  signer: head-of-office\n" in draft
    out = run("validate", "-r", str(recs.packet)).output
    for field in ("as_of", "report.date", "memo.date"):
        assert f"{field}: ยังไม่ได้กรอก ต้องใส่ค่านี้" in out
    again = run("new-progress", "-r", str(recs.packet))
    assert again.exit_code == 1 and "จึงไม่ได้เขียนทับ" in again.output
