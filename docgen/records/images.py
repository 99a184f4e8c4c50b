"""What keeps an image or an address from going into a document: a picture Word
cannot embed or that does not decode whole, one too large; an address no QR code
can hold. Checked with the records, so what ``validate`` passes, ``build`` renders."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.safefile import Refused, read_regular

MAX_IMAGE_BYTES = 5_000_000
MAX_IMAGE_PIXELS = 50_000_000  # a 48-megapixel phone photo; decoded it takes about 150 MB


def image_fault(path: Path) -> str | None:
    """What keeps *path* from being embedded in Word (python-docx reads it as Word
    would: PNG, JPEG, GIF, BMP, TIFF, whole, and it decodes whole), or None."""
    from docx.image.image import Image

    try:
        data = read_regular(path, limit=MAX_IMAGE_BYTES)
    except Refused as exc:
        return str(exc)
    try:
        image = Image.from_blob(data)
        if not (0 < image.px_width <= 20000 and 0 < image.px_height <= 20000) or \
                image.px_width * image.px_height > MAX_IMAGE_PIXELS:
            return _too_big(image.px_width, image.px_height)
    except Exception:  # python-docx raises many kinds for a bad or cut-off image
        return "ไม่ใช่ภาพที่ Word ใส่ได้ หรือไฟล์ภาพเสีย/ไม่ครบ ให้ใช้ภาพ PNG หรือ JPEG"
    return _decode_fault(data)


def _too_big(w: int, h: int) -> str:
    return f"ภาพใหญ่ {w}x{h} จุด เกินที่รับได้ ({MAX_IMAGE_PIXELS // 1_000_000} ล้านจุด) ให้ย่อภาพก่อน"


def _decode_fault(data: bytes) -> str | None:
    """What keeps the whole picture from decoding, or None: its size as Pillow reads
    it is checked again before it is decoded (a header python-docx reads otherwise
    cannot make Pillow decode more than :data:`MAX_IMAGE_PIXELS`)."""
    import io

    from PIL import Image as Picture

    try:
        with Picture.open(io.BytesIO(data)) as img:
            w, h = img.size
            if w * h > MAX_IMAGE_PIXELS:
                return _too_big(w, h)
            img.load()
        return None
    except Exception:  # Pillow raises many kinds for a broken picture (a decompression bomb too)
        return "ไฟล์ภาพเสีย/ไม่ครบ (อ่านภาพทั้งภาพไม่ได้) ให้บันทึกภาพใหม่เป็น PNG หรือ JPEG"


#: an address of at most this many bytes fits any QR code docgen draws, whatever it
#: holds: version 40 at medium error correction holds 2,331 bytes in byte mode
#: (ISO/IEC 18004, table 7), less a few for the mode's header
ALWAYS_FITS = 2300


@functools.lru_cache(maxsize=256)
def qr_code(url: str) -> Any:
    """The QR code of *url* as docgen draws it (segno; medium error correction, no
    micro QR), made once per process for each address; segno's DataOverflowError where
    none can hold it."""
    import segno

    return segno.make(url, error="m", micro=False)


def qr_fault(url: str) -> str | None:
    """Why no QR code can hold *url*, or None (a short address is not encoded to know)."""
    if len(url.encode("utf-8")) <= ALWAYS_FITS:
        return None
    import segno

    try:
        qr_code(url)
    except segno.DataOverflowError:
        return f"ที่อยู่เว็บยาว {len(url):,} ตัวอักษร เกินกว่าที่ QR Code จะบรรจุได้ ให้ใช้ที่อยู่ที่สั้นลง"
    return None


#: the longest side of a photo as kept: sharp at 300 dpi across a page's text width (about 6.5 in)
LONGEST_SIDE = 2000


def for_print(data: bytes) -> bytes:
    """A photo made fit for the report (on upload in the workspace, and again as the
    progress report embeds it, so no photo reaches a DOCX as it came): turned upright as the camera meant
    (its EXIF orientation), scaled so its longest side is at most LONGEST_SIDE, and
    written anew (JPEG stays JPEG, PNG stays PNG) with none of the camera's data, the
    GPS position included. DocgenError (Thai) where it cannot be decoded whole."""
    import io
    import warnings

    from PIL import Image, ImageOps

    from docgen.records.images import MAX_IMAGE_PIXELS

    try:
        with warnings.catch_warnings():  # the size is judged below, in Thai
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
        with img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise DocgenError(f"ใช้ภาพนี้ไม่ได้: ภาพใหญ่ {img.width}x{img.height} จุด เกินที่รับได้")
            kind = img.format
            img.load()
            upright = ImageOps.exif_transpose(img)
    except DocgenError:
        raise
    except Image.DecompressionBombError:
        raise DocgenError("ใช้ภาพนี้ไม่ได้: ภาพใหญ่เกินที่รับได้") from None
    except Exception:  # noqa: BLE001 - Pillow's many decoding errors: one Thai message
        raise DocgenError("ใช้ภาพนี้ไม่ได้: ไฟล์ภาพเสีย/ไม่ครบ") from None
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    if kind == "JPEG":
        upright.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
    else:
        upright.save(out, format="PNG", optimize=True)
    return out.getvalue()
