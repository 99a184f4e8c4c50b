"""No photo reaches a DOCX as it came: one placed by hand in the records, carrying the
camera's GPS position and other data appended after the image, is written anew
without either when the progress report embeds it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

from conftest import PROGRESS, Records, run

URL_LINE = "      - {caption: คู่มือการยืมและใช้ทรัพย์สินของทางราชการ, url: https://www.loppao.go.th/ita/2566/o43/assets}"


def test_a_hand_placed_photo_loses_its_gps_and_appended_data(tmp_path: Path) -> None:
    recs = Records(tmp_path / "records", progress=True)
    photo = (recs.root / PROGRESS).parent / "photos" / "site.jpg"
    photo.parent.mkdir()
    exif = Image.Exif()
    exif[0x8825] = {2: (13.0, 48.0, 0.0), 4: (100.0, 36.0, 0.0)}  # GPSInfo: latitude, longitude
    exif[0x010F] = "PhoneMaker"  # Make
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), "navy").save(buf, format="JPEG", exif=exif)
    photo.write_bytes(buf.getvalue() + b"SECRET-APPENDED-DATA" * 50)
    recs.edit(PROGRESS, URL_LINE, "      - {caption: ภาพการอบรม, photo: photos/site.jpg}")
    out = tmp_path / "out"
    result = run("build", "-r", str(recs.packet), "-o", str(out))
    assert result.exit_code == 0, result.output
    [docx] = out.glob("*/2566/progress.docx")
    with zipfile.ZipFile(docx) as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/") and n.endswith((".jpg", ".jpeg"))]
    assert len(media) == 1
    embedded = media[0]
    assert b"SECRET-APPENDED-DATA" not in embedded and embedded.endswith(b"\xff\xd9")
    with Image.open(io.BytesIO(embedded)) as img:
        assert dict(img.getexif()) == {}
        assert img.size == (320, 240)
    assert b"PhoneMaker" not in embedded
