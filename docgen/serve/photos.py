"""A photo uploaded as evidence of a measure: checked as an image, kept in the
packet's ``photos/`` folder, and named in the measure's evidence by the progress
form it was sent with (so nothing typed in that form is lost)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.errors import DocgenError
from docgen.serve.versions import keep
from docgen.serve.view import PacketView
from docgen.serve.workspace import WRITING

PHOTOS = "photos"  # beside progress.yaml


def keep_photo(view: PacketView, measure: int, data: bytes) -> str:
    """Keep an uploaded photo (PNG or JPEG, checked whole) of measure *measure* (its
    index in progress.yaml) in the packet's ``photos/``; return its path as the
    evidence names it (``photos/measure-2-1.jpg``). The evidence line itself goes in
    with the form the clerk was filling in, saved as any save is."""
    from docgen.records.images import for_print, image_fault

    packet = view.ref
    ext = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
    kind = next((e for magic, e in ext.items() if data.startswith(magic)), None)
    if kind is None:
        raise DocgenError("ใช้ภาพนี้ไม่ได้: รับเฉพาะภาพ PNG หรือ JPEG")
    data = for_print(data)  # decoded and drawn before the lock: no other save waits for it
    with WRITING:
        folder = packet.folder / PHOTOS
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise DocgenError(f"{packet.shown(folder)} ไม่ใช่โฟลเดอร์ธรรมดา docgen จึงไม่เขียนภาพลงไป")
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            fault = image_fault(Path(tmp))
        finally:
            os.unlink(tmp)
        if fault is not None:
            raise DocgenError(f"ใช้ภาพนี้ไม่ได้: {fault}")
        n = 1
        while (folder / f"measure-{measure + 1}-{n}.{kind}").exists():
            n += 1
        name = f"{PHOTOS}/measure-{measure + 1}-{n}.{kind}"
        keep(view, {packet.folder / name: data}, f"เพิ่มภาพหลักฐานของมาตรการที่ {measure + 1}: {name}", "photo")
        return name
