"""The packet page says when its documents are older than the records: after a save,
the previews and downloads shown are the last build's, and the clerk is told which
records changed since and to build again."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_serve import U, client, form_of

from conftest import ORG, Records, run

STALE = "เอกสารด้านล่างสร้างจากข้อมูลฉบับก่อน"


@pytest.fixture
def recs(tmp_path: Path) -> Records:
    return Records(tmp_path / "records", progress=True)


def _build(recs: Records) -> None:
    result = run("build", "--force", "-r", str(recs.packet), "-o", str(recs.root.parent / "output"))
    assert result.exit_code == 0, result.stderr


def test_documents_older_than_the_records_are_said_to_be(recs: Records) -> None:
    _build(recs)
    c = client(recs)
    assert STALE not in c.get(f"{U}/").get_data(as_text=True)  # just built: current
    form = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    form["memo.date"] = "22 ก.พ. 2566"
    assert c.post(f"{U}/edit/documents", data=form).status_code == 200
    page = " ".join(c.get(f"{U}/").get_data(as_text=True).split())
    assert (f"{STALE}: แก้ไขข้อมูลชุดเอกสารหลังจากนั้น 1 ครั้ง เอกสารจึงยังไม่ตรงกับข้อมูลปัจจุบัน"
            " ให้กด “สร้างเอกสารทั้งชุด” อีกครั้ง") in page
    assert "ดาวน์โหลดทั้งชุด (ฉบับก่อน) (zip)" in page
    _build(recs)
    assert STALE not in c.get(f"{U}/").get_data(as_text=True)


def test_a_change_to_the_profile_or_a_broken_packet_is_said_too(recs: Records) -> None:
    _build(recs)
    recs.edit(ORG, "phone: 0 3641 1404", "phone: 0 3641 1405")
    page = " ".join(client(recs).get(f"{U}/").get_data(as_text=True).split())
    assert f"{STALE}: แก้ไขข้อมูลองค์กรหลังจากนั้น" in page
    recs.packet.write_text(recs.packet.read_text(encoding="utf-8").replace("  score: 96.77", "  score: 196.77"),
                           encoding="utf-8")
    page = " ".join(client(recs).get(f"{U}/").get_data(as_text=True).split())
    assert f"{STALE}: แก้ไขข้อมูล (ซึ่งยังมีปัญหาอยู่)หลังจากนั้น" in page


def test_nothing_built_says_nothing_of_age(recs: Records) -> None:
    assert STALE not in client(recs).get(f"{U}/").get_data(as_text=True)


def _png() -> bytes:
    import io

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(png, format="PNG")
    return png.getvalue()


def test_a_photo_keeps_what_was_typed_in_the_progress_form(recs: Records) -> None:
    from test_serve import post_photo

    from conftest import PROGRESS

    c = client(recs)
    r = post_photo(c, "1", "ภาพหน้าเว็บไซต์", _png(), "web.png", **{"measures.1.results": "ข่าวสาร 120 เรื่อง"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "เพิ่มภาพเป็นหลักฐานและบันทึกหน้านี้แล้ว" in page
    text = (recs.root / PROGRESS).read_text(encoding="utf-8")
    assert "      - ข่าวสาร 120 เรื่อง\n" in text  # typed, then the photo: both saved
    assert "      - {caption: ภาพหน้าเว็บไซต์, photo: photos/measure-2-1.png}\n" in text


def test_a_photo_sent_with_a_wrong_value_keeps_both_and_saves_neither(recs: Records) -> None:
    from test_serve import errors_of, post_photo

    from conftest import PROGRESS

    before = (recs.root / PROGRESS).read_bytes()
    c = client(recs)
    r = post_photo(c, "0", "ภาพการอบรม", _png(), "a.png",
                   **{"measures.0.activities": "วันนี้ | อบรม", "measures.0.results": "ผลที่พิมพ์ไว้"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "เก็บภาพไว้แล้ว แต่ยังไม่ได้บันทึกหน้านี้: แก้ตามที่แจ้งแล้วกดบันทึก" in page
    assert "measures.0.activities" in errors_of(page)
    assert "ผลที่พิมพ์ไว้" in page and "ภาพการอบรม | photos/measure-1-1.png" in page  # all still in the form
    assert (recs.root / PROGRESS).read_bytes() == before


def test_a_photo_refused_keeps_the_form_as_typed(recs: Records) -> None:
    from test_serve import post_photo

    from conftest import PROGRESS

    before = (recs.root / PROGRESS).read_bytes()
    r = post_photo(client(recs), "0", "ภาพ", b"GIF89a not a photo", "a.gif", **{"measures.0.results": "ผลที่พิมพ์ไว้"})
    page = r.get_data(as_text=True)
    assert "ใช้ภาพนี้ไม่ได้: รับเฉพาะภาพ PNG หรือ JPEG (สิ่งที่กรอกไว้ยังอยู่ ยังไม่ได้บันทึก)" in page
    assert "ผลที่พิมพ์ไว้" in page and (recs.root / PROGRESS).read_bytes() == before


def test_a_phones_photo_is_scaled_turned_upright_and_stripped_of_its_data(recs: Records) -> None:
    """An ordinary phone photo (4000x3000, over 5 MB, taken sideways, with its GPS
    position) is kept, not refused: upright, 2000 px at most, without the camera's data."""
    import io
    import os

    from PIL import Image
    from test_serve import post_photo

    img = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90 degrees to see it upright
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (14.0, 48.0, 0.0)  # GPS latitude
    raw = io.BytesIO()
    img.save(raw, format="JPEG", quality=70, exif=exif)
    assert 5_000_000 < raw.tell() < 10_000_000  # over the old limit, under an upload's
    r = post_photo(client(recs), "0", "ภาพจากโทรศัพท์", raw.getvalue(), "IMG_0001.jpg")
    assert "เพิ่มภาพเป็นหลักฐานและบันทึกหน้านี้แล้ว" in r.get_data(as_text=True)
    kept = recs.packet.parent / "photos" / "measure-1-1.jpg"
    with Image.open(kept) as photo:
        assert photo.size == (1500, 2000)  # upright, its longest side 2000
        assert not photo.getexif() and b"PhoneMaker" not in kept.read_bytes()
