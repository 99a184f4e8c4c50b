"""``docgen templates check`` and the same check in ``validate`` and ``build``: each
careful or careless edit of a template is named, with the template, the place and what
to do, in Thai; exit 1, no traceback, nothing written."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import ORG, ROOT, run

SHIPPED = ROOT / "templates"


def restyled(records, edit=None, name="memo.docx") -> Path:
    """A copy of the shipped templates beside the profile, named in it; *edit* changes
    the document XML of *name*."""
    folder = records.root / "lopburi-pao" / "my-templates"
    shutil.copytree(SHIPPED, folder)
    records.edit(ORG, "emblem: placeholder", "emblem: placeholder\ntemplates: my-templates")
    if edit is not None:
        path = folder / name
        buf = io.BytesIO()
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename == "word/document.xml":
                    data = edit(data.decode("utf-8")).encode("utf-8")
                dst.writestr(info, data)
        path.write_bytes(buf.getvalue())
    return folder


def replacing(old: str, new: str):
    def edit(xml: str) -> str:
        assert old in xml, old
        return xml.replace(old, new, 1)
    return edit


CASES = [
    ("misspelt variable", "memo.docx", replacing("{{ head.unit_line }}", "{{ haed.unit_line }}"),
     "แม่แบบ memo.docx (เนื้อหา, ย่อหน้า “ส่วนราชการ {{ haed.unit_line }}”): ไม่รู้จักชื่อ “haed” (หรือหมายถึง “head”?)"),
    ("misspelt attribute", "memo.docx", replacing("{{ head.unit_line }}", "{{ head.unit_lnie }}"),
     "ไม่รู้จักชื่อ “unit_lnie” (หรือหมายถึง “unit_line”?)"),
    ("unclosed block", "report.docx", replacing("{%p endfor %}", "ไม่มี"),
     "ไม่มีคำสั่งปิด {% endfor %} ให้เพิ่มให้ครบคู่"),
    ("stray brace", "memo.docx", replacing("{{ head.unit_line }}", "{{ head.unit_line }"),
     "มี “{{” ที่ไม่มี “}}” ปิด ให้พิมพ์แท็กให้ครบ"),
    ("a tag split over formats", "memo.docx",
     replacing("{{ head.unit_line }}", "{{ head.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>unit_line }}"),
     "แท็ก “{{ head.unit_line }}” ถูกจัดรูปแบบไม่เหมือนกันทั้งแท็ก"),
]


@pytest.mark.parametrize("what, name, edit, words", CASES, ids=[c[0] for c in CASES])
def test_a_careless_edit_is_named_with_its_place(records, tmp_path, what, name, edit, words):
    folder = restyled(records, edit, name)
    for args in (["templates", "check", str(folder)], ["validate"], ["build", "--pdf", "-o", str(tmp_path)]):
        result = run(*args, "-r", str(records.packet))
        assert result.exit_code == 1, (args, result.stdout)
        assert words in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and "is undefined" not in result.stderr
    assert not (tmp_path / "lopburi-pao").exists()


STRICT_DOC = (b'<?xml version="1.0"?><w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main">'
              b"<w:body/></w:document>")


def strict_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", STRICT_DOC)
    return buf.getvalue()


@pytest.mark.parametrize("content, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "เป็นไฟล์ Word รุ่นเก่า (.doc) ที่เปลี่ยนชื่อเป็น .docx"),
    ("แม่แบบที่เป็นข้อความธรรมดา".encode("utf-8"), "ไม่ใช่ไฟล์ DOCX"),
    (strict_docx(), "บันทึกเป็นแบบ Strict Open XML"),
    (None, "ไม่พบไฟล์นี้ในโฟลเดอร์"),
], ids=["a .doc renamed", "plain text", "Strict OOXML", "missing"])
def test_a_file_that_is_not_a_docx_is_named(records, tmp_path, content, words):
    folder = restyled(records)
    target = folder / "circular.docx"
    target.unlink()
    if content is not None:
        target.write_bytes(content)
    for args in (["templates", "check"], ["validate"], ["build", "-o", str(tmp_path)]):
        result = run(*args, "-r", str(records.packet))
        assert result.exit_code == 1, args
        assert f"แม่แบบ circular.docx: {words}" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "lopburi-pao").exists()


def test_the_shipped_and_an_untouched_copy_pass(records):
    assert run("templates", "check", "-r", str(records.packet)).exit_code == 0
    folder = restyled(records)
    result = run("templates", "check", str(folder), "-r", str(records.packet))
    assert result.exit_code == 0 and "ไม่พบปัญหา" in result.stdout
