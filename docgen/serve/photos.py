"""A photo uploaded as evidence of a measure: checked as an image, kept in the
packet's ``photos/`` folder, and added to the measure's evidence in progress.yaml."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ruamel.yaml.comments import CommentedSeq

from docgen.errors import DocgenError
from docgen.output.staged import replace_file
from docgen.records.edit import dump_text, index
from docgen.records.source import PROGRESS_FILE
from docgen.serve.view import PacketView
from docgen.serve.workspace import WRITING

PHOTOS = "photos"  # beside progress.yaml


def add_photo(view: PacketView, measure: str, caption: str, data: bytes) -> tuple[str, int]:
    """Keep an uploaded photo (PNG or JPEG, checked whole) in the packet's ``photos/``
    and add it to the measure's evidence in progress.yaml; return its file name and the
    measure's number."""
    from ruamel.yaml.comments import CommentedMap

    from docgen.records.images import image_fault

    packet = view.ref
    with WRITING:
        path = packet.inside(packet.folder / PROGRESS_FILE)
        tree = view.file(path).copy()
        items = tree.get("measures")
        i = index(measure)
        if not isinstance(items, list) or i is None or i >= len(items) or not isinstance(items[i], dict) \
                or not caption or not data:
            raise DocgenError("ต้องเลือกมาตรการ ใส่คำบรรยายภาพ และเลือกไฟล์ภาพ")
        folder = packet.folder / PHOTOS
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise DocgenError(f"{packet.shown(folder)} ไม่ใช่โฟลเดอร์ธรรมดา docgen จึงไม่เขียนภาพลงไป")
        ext = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
        kind = next((e for magic, e in ext.items() if data.startswith(magic)), None)
        if kind is None:
            raise DocgenError("ใช้ภาพนี้ไม่ได้: รับเฉพาะภาพ PNG หรือ JPEG")
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            fault = image_fault(Path(tmp))
            if fault is not None:
                raise DocgenError(f"ใช้ภาพนี้ไม่ได้: {fault}")
            n = 1
            while (folder / f"measure-{i + 1}-{n}.{kind}").exists():
                n += 1
            name = f"measure-{i + 1}-{n}.{kind}"
            os.link(tmp, folder / name)
        finally:
            os.unlink(tmp)
        item = CommentedMap([("caption", caption), ("photo", f"{PHOTOS}/{name}")])
        item.fa.set_flow_style()
        evidence = items[i].get("evidence")
        if not isinstance(evidence, list):
            items[i]["evidence"] = evidence = CommentedSeq()
        evidence.append(item)
        replace_file(path, dump_text(tree).encode("utf-8"))
        return name, i + 1
