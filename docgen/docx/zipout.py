"""Deterministic zip files, deflating each distinct member once per process.

Every member gets the same timestamp and attributes, so the same members give the same
bytes. A DOCX package repeats most of its members from one document to the next (the
styles, the theme, the numbering, the emblem): the deflated form of bytes already
written is kept (by the bytes themselves, so nothing can be stale) and copied into the
next zip as it is, instead of deflating them again.

Python's :mod:`zipfile` has no public call for writing an already deflated member;
:func:`_write_deflated` does what ``ZipFile.writestr`` does after its compressor has
run. Whether that gives the very bytes ``writestr`` gives is tried once per process
(:func:`_copy_works`); where it does not (another Python's zipfile), every member is
deflated by ``writestr`` as before.
"""

from __future__ import annotations

import functools
import io
import zipfile
from typing import Callable

from docgen.cache import remembered

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_DEFLATED: dict[bytes, tuple[int, bytes]] = {}  # member bytes -> (CRC, deflated bytes)
_DEFLATED_LIMIT = 256  # distinct members kept


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    return info


def _write_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int, crc: int, data: bytes) -> None:
    """Add a member whose deflated bytes *data* are known (what ``writestr`` writes
    for a seekable file, without deflating)."""
    info.file_size, info.CRC, info.compress_size = size, crc, len(data)
    zf._writecheck(info)  # type: ignore[attr-defined]
    info.header_offset = zf.fp.tell()  # type: ignore[union-attr]
    zf._didModify = True  # type: ignore[attr-defined]
    zf.fp.write(info.FileHeader(False))  # type: ignore[union-attr]
    zf.fp.write(data)  # type: ignore[union-attr]
    zf.filelist.append(info)
    zf.NameToInfo[info.filename] = info
    zf.start_dir = zf.fp.tell()  # type: ignore[union-attr]


#: zipfile's internals :func:`_write_deflated` and :func:`_deflated_member` rely on
PRIVATE_ZIPFILE = ("_writecheck", "_didModify", "start_dir", "fp", "FileHeader", "header_offset")


@functools.cache
def _copy_works() -> bool:
    """Whether :func:`_write_deflated` gives the bytes ``writestr`` gives, here (False
    where zipfile's internals are missing or behave otherwise: every member is then
    deflated by ``writestr``)."""
    sample = [("a.xml", b"<a>" + b"docgen " * 50 + b"</a>"), ("b/c.xml", b"<c/>")]
    plain, copied = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in sample:
            zf.writestr(_member(name), data)
    try:
        with zipfile.ZipFile(plain) as written:
            deflated = [_deflated_member(plain, info) for info in written.infolist()]
        with zipfile.ZipFile(copied, "w", zipfile.ZIP_DEFLATED) as zf:
            for (name, data), (crc, raw) in zip(sample, deflated):
                _write_deflated(zf, _member(name), len(data), crc, raw)
    except Exception:  # noqa: BLE001 - zipfile's internals changed, whatever that raises
        return False
    return copied.getvalue() == plain.getvalue()


def _deflated_member(archive: io.BytesIO, info: zipfile.ZipInfo) -> tuple[int, bytes]:
    """The CRC and the deflated bytes of the member *info* written into *archive*."""
    start = info.header_offset + len(info.FileHeader(False))
    with archive.getbuffer() as view:
        return info.CRC, bytes(view[start:start + info.compress_size])


class DeterministicZip:
    """A zip built in memory: :meth:`add` members in order, :meth:`close` for the bytes."""

    def __init__(self, replaced: dict[str, bytes] | None = None) -> None:
        self._replaced = replaced or {}  # python-docx parts written with other bytes, by part name
        self._out = io.BytesIO()
        self._zip = zipfile.ZipFile(self._out, "w", zipfile.ZIP_DEFLATED)

    def add(self, name: str, data: bytes) -> None:
        data = bytes(data)
        if not _copy_works():  # the public path: zipfile deflates every member
            self._zip.writestr(_member(name), data)
            return
        known = _DEFLATED.get(data)
        if known is not None:
            _write_deflated(self._zip, _member(name), len(data), *known)
            return
        self._zip.writestr(_member(name), data)
        remembered(_DEFLATED, data, lambda: _deflated_member(self._out, self._zip.filelist[-1]), _DEFLATED_LIMIT)

    def write(self, pack_uri: object, blob: bytes) -> None:
        """python-docx's physical package writer's call: a part at *pack_uri*."""
        self.add(pack_uri.membername, self._replaced.get(str(pack_uri), blob))  # type: ignore[attr-defined]

    def close(self) -> bytes:
        self._zip.close()
        return self._out.getvalue()


def deterministic_zip(data: bytes, change: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, members in the same order,
    each member's bytes passed through *change* (name, bytes) when given."""
    out = DeterministicZip()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            content = src.read(info.filename)
            out.add(info.filename, change(info.filename, content) if change else content)
    return out.close()
