"""The clerk's side of the command line: Thai throughout, no silent misreadings,
progress on slow work, one numeral system per office."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ORG, PACKET, ROOT, run
from docx_helpers import body_text, open_docx

DOCGEN = str(Path(sys.executable).with_name("docgen"))


def test_click_speaks_thai_and_suggests_the_command():
    result = run("bulid")
    assert result.exit_code == 2
    assert "วิธีใช้: " in result.stderr and "[ตัวเลือก] คำสั่ง [ตัวเลือกของคำสั่ง]..." in result.stderr
    assert "ผิดพลาด: ไม่มีคำสั่ง 'bulid' หมายถึง 'build' หรือไม่?" in result.stderr
    assert "Usage" not in result.stderr and "Error" not in result.stderr


def test_help_is_thai_with_whole_summaries_and_thai_defaults():
    main_help = run("--help").stdout
    assert "ตัวเลือก:" in main_help and "คำสั่ง:" in main_help and "Options" not in main_help
    assert "วิเคราะห์ผลการประเมินปีที่แล้วและตารางมาตรการ (DOCX)" in " ".join(main_help.split())  # not cut off
    assert "..." not in main_help.split("คำสั่ง:")[1]
    memo_help = run("memo", "-h").stdout
    assert "[ค่าปริยาย: (ตำแหน่งบนสุดในสาย reports_to ของผู้ลงนาม)]" in " ".join(memo_help.split())  # from the records


def test_english_for_it_staff_on_request():
    env = {**os.environ, "DOCGEN_LANG": "en"}
    result = subprocess.run([DOCGEN, "bulid"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 2 and "No such command 'bulid'" in result.stderr


@pytest.mark.parametrize("to", ["head-of-office", "deputy-permanent-secretary"])
def test_a_memo_to_the_signer_or_below_is_refused(to, tmp_path):
    result = run("memo", "--to", to, "-o", str(tmp_path))
    assert result.exit_code == 2
    assert f"ส่งบันทึกถึง '{to}' ไม่ได้: บันทึกเสนอขึ้นไปตามสายการบังคับบัญชาของผู้ลงนาม" in result.stderr
    assert "ตำแหน่งที่ส่งถึงได้: permanent-secretary, deputy-chief-executive, chief-executive" in result.stderr
    assert not (tmp_path / "lopburi-pao").exists()


def test_one_numeral_system_per_office(records):
    records.edit(ORG, "numerals: thai", "numerals: arabic")
    records.edit(ORG, "number_prefix: ลบ 51001", "number_prefix: อด ๕๓๑๐๑")
    from docgen.documents.make import render
    from docgen.records.loading import load

    lines = body_text(open_docx(render(load(records.packet), "memo", to="chief-executive").data))
    head = next(line for line in lines if line.startswith("ที่"))
    assert head.startswith("ที่  อด 53101/-\tวันที่  23 กุมภาพันธ์ 2566")
    assert not any(re.search("[๐-๙]", line) for line in lines)


def test_the_sender_line_falls_back_to_the_offices_phone(records):
    records.edit(ORG, "    parent: office-of-secretary\n    phone_ext: 102", "    parent: office-of-secretary")
    from docgen.documents.make import render
    from docgen.records.loading import load

    lines = body_text(open_docx(render(load(records.packet), "memo", to="chief-executive").data))
    unit = next(line for line in lines if line.startswith("ส่วนราชการ"))
    assert "ฝ่ายนิติการ โทร. ๐ ๓๖๔๑ ๑๔๐๔" in unit


def test_all_problems_of_a_run_come_in_one_report_in_file_order(records):
    records.edit(PACKET, "  score: 96.77", "  score: 96,77")
    records.edit(PACKET, "    lead: internal-audit\n    support: [all-units]", "    lead: internal-audt\n    support: [all-units]")
    result = run("validate", "-r", str(records.packet))
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert len(problems) == 2
    assert "previous_result.score: '96,77' มีจุลภาค (,) ถ้าเป็นทศนิยมให้ใช้จุด (.)" in problems[0]
    assert "measures.0.lead: ไม่มีหน่วยงาน 'internal-audt' (หรือหมายถึง 'internal-audit'?)" in problems[1]


def test_build_pdf_says_what_it_is_doing_and_ends_with_one_line(tmp_path):
    env = {**os.environ, "DOCGEN_PROGRESS": "1"}
    result = subprocess.run([DOCGEN, "build", "--pdf", "-r", str(ROOT / "records" / PACKET), "-o", str(tmp_path)],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stderr.splitlines() if line.startswith("… ")]
    assert steps == ["… ตรวจแม่แบบและสร้างเอกสาร DOCX", "… แปลงเป็น PDF ด้วย LibreOffice (5 เอกสาร)",
                     "… ตกแต่ง PDF (ชั้นข้อความ วันที่) และทำภาพตัวอย่างหน้าแรก", "… เขียนไฟล์"]
    assert re.fullmatch(r"เสร็จ: 16 ไฟล์ ใน .+ \(\d+\.\d วินาที\)", result.stdout.splitlines()[-1])
    quiet = subprocess.run([DOCGEN, "build", "--force", "-r", str(ROOT / "records" / PACKET), "-o", str(tmp_path)],
                           capture_output=True, text=True, cwd=ROOT, timeout=300,
                           env={k: v for k, v in os.environ.items() if k != "DOCGEN_PROGRESS"})
    assert "… " not in quiet.stderr  # not a terminal: no progress lines


def test_a_long_indicator_name_keeps_the_bars_readable():
    from docgen.documents import chart_draw
    from docgen.documents.chart import _request
    from docgen.fonts import thai_font_file

    long_name = "การใช้ทรัพย์สินของทางราชการและการกำกับดูแลอย่างเคร่งครัด"  # over 40 characters
    assert len(long_name) >= 40
    rows = [{"name": n, "score": s, "passes": s >= 85} for n, s in
            [("การปฏิบัติหน้าที่", 97.85), (long_name, 90.0), ("การใช้งบประมาณ", 71.3)]]
    request = _request(rows, 85, font_path=thai_font_file("TH SarabunIT๙"), numerals="thai")
    assert all(len(line) <= 30 for line in request["rows"][1]["name"].split("\n"))
    lay = chart_draw.layout(**request)
    assert (lay.right - lay.left) / lay.size[0] > 0.5  # the bars keep most of the width
    assert [t for _, t in lay.ticks] == ["๐", "๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"]
