"""``docgen emblem FILE``: the Garuda from the office's own Word file or an image,
checked, stored beside the profile and named in it; anything else refused in Thai."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from conftest import ORG, ROOT, run
from docx_helpers import open_docx

PLACEHOLDER = ROOT / "docgen" / "assets" / "emblem-placeholder.png"


def png(colour, size=(400, 440), mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, colour).save(buf, format="PNG")
    return buf.getvalue()


def test_the_emblem_of_the_offices_own_word_file(records, tmp_path):
    built = run("memo", "-o", str(tmp_path), "-r", str(records.packet))  # a DOCX with the emblem in its header
    assert built.exit_code == 0
    result = run("emblem", str(tmp_path / "lopburi-pao" / "2566" / "memo.docx"), "-r", str(records.packet))
    assert result.exit_code == 0, result.stderr
    profile = (records.root / ORG).read_text(encoding="utf-8")
    assert "emblem: emblem.png                   # ไฟล์ภาพตราครุฑ (เทียบกับโฟลเดอร์นี้) เช่น garuda.png" in profile
    assert "# ข้อมูลองค์กร: เปลี่ยนไม่บ่อย" in profile  # the clerk's comments stay
    with Image.open(records.root / "lopburi-pao" / "emblem.png") as stored, Image.open(PLACEHOLDER) as shipped:
        assert stored.format == "PNG" and stored.size == shipped.size
    validated = run("validate", "-r", str(records.packet))
    assert validated.exit_code == 0 and "placeholder" not in validated.stderr
    again = run("memo", "-o", str(tmp_path / "b"), "-r", str(records.packet))
    header = open_docx((tmp_path / "b" / "lopburi-pao" / "2566" / "memo.docx").read_bytes()).sections[0].first_page_header
    assert again.exit_code == 0 and len(header.part.package.image_parts) == 1


def test_an_svg_and_a_transparent_png_are_taken(records, tmp_path):
    svg = tmp_path / "garuda.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="110">'
                   '<circle cx="50" cy="55" r="40" fill="black"/></svg>', encoding="utf-8")
    assert run("emblem", str(svg), "-r", str(records.packet)).exit_code == 0
    clear = tmp_path / "clear.png"
    clear.write_bytes(png((0, 0, 0, 0), mode="RGBA"))
    result = run("emblem", str(clear), "-r", str(records.packet))
    assert result.exit_code == 1 and "มีไฟล์นี้อยู่แล้ว" in result.stderr  # a different emblem is not replaced...
    assert run("emblem", str(clear), "--force", "-r", str(records.packet)).exit_code == 0  # ...unless asked


@pytest.mark.parametrize("content, words", [
    (PLACEHOLDER.read_bytes()[:3000], "ไม่ใช่ภาพ หรือไฟล์ภาพเสีย/ไม่ครบ"),
    (b"just some text", "ไม่ใช่ภาพ หรือไฟล์ภาพเสีย/ไม่ครบ"),
    (png((20, 20, 20)), "มีพื้นหลังไม่ใช่สีขาวหรือโปร่งใส"),
    (png((255, 255, 255), size=(30, 30)), "มีขนาด 30x30 จุด"),
    (png((255, 255, 255), size=(900, 200)), "สัดส่วนไม่ใช่ตราครุฑ"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="', "แปลงไฟล์ SVG"),
], ids=["truncated PNG", "text", "dark background", "tiny", "a banner", "broken SVG"])
def test_a_file_that_is_no_emblem_is_refused(records, tmp_path, content, words):
    source = tmp_path / "garuda.png"
    source.write_bytes(content)
    before = (records.root / ORG).read_bytes()
    result = run("emblem", str(source), "-r", str(records.packet))
    assert result.exit_code == 1 and words in result.stderr and "Traceback" not in result.stderr
    assert (records.root / ORG).read_bytes() == before
    assert not (records.root / "lopburi-pao" / "emblem.png").exists()
