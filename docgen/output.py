"""Writing documents: all or nothing, never over a file a clerk may have edited."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import DocgenError, OutputExistsError


def write_files(files: dict[Path, bytes], *, force: bool) -> list[Path]:
    """Write each file atomically (a temporary file renamed into place, so a failure or
    Ctrl-C never leaves a half-written one). Without *force*, refuse before writing
    anything if any target exists. Return the paths written."""
    if not force:
        for path in files:
            if path.exists():
                raise OutputExistsError(path)
    written = []
    for path, data in files.items():
        _write_one(path, data, force=force)
        written.append(path)
    return written


def _write_one(path: Path, data: bytes, *, force: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocgenError(f"สร้างโฟลเดอร์ {path.parent} ไม่ได้: {exc.strerror}") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise DocgenError(f"เขียนไฟล์ลงในโฟลเดอร์ {path.parent} ไม่ได้: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber
            except FileExistsError:
                raise OutputExistsError(path) from None
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
