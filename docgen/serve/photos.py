"""A photo uploaded as evidence of a measure: checked as an image, kept in the
packet's ``photos/`` folder, and named in the measure's evidence by the progress
form it was sent with (so nothing typed in that form is lost)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.errors import DocgenError
from docgen.serve.view import PacketView
from docgen.serve.workspace import WRITING

PHOTOS = "photos"  # beside progress.yaml


#: the longest side of a photo as kept: sharp at 300 dpi across a page's text width (about 6.5 in)
LONGEST_SIDE = 2000


def for_print(data: bytes) -> bytes:
    """A phone's photo made fit for the report: turned upright as the camera meant
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


def keep_photo(view: PacketView, measure: int, data: bytes) -> str:
    """Keep an uploaded photo (PNG or JPEG, checked whole) of measure *measure* (its
    index in progress.yaml) in the packet's ``photos/``; return its path as the
    evidence names it (``photos/measure-2-1.jpg``). The evidence line itself goes in
    with the form the clerk was filling in, saved as any save is."""
    from docgen.records.images import image_fault

    packet = view.ref
    with WRITING:
        folder = packet.folder / PHOTOS
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise DocgenError(f"{packet.shown(folder)} ไม่ใช่โฟลเดอร์ธรรมดา docgen จึงไม่เขียนภาพลงไป")
        ext = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
        kind = next((e for magic, e in ext.items() if data.startswith(magic)), None)
        if kind is None:
            raise DocgenError("ใช้ภาพนี้ไม่ได้: รับเฉพาะภาพ PNG หรือ JPEG")
        data = for_print(data)
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            fault = image_fault(Path(tmp))
            if fault is not None:
                raise DocgenError(f"ใช้ภาพนี้ไม่ได้: {fault}")
            n = 1
            while (folder / f"measure-{measure + 1}-{n}.{kind}").exists():
                n += 1
            name = f"measure-{measure + 1}-{n}.{kind}"
            os.link(tmp, folder / name)
        finally:
            os.unlink(tmp)
        return f"{PHOTOS}/{name}"
