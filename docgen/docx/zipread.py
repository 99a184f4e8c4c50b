"""Reading the members of a DOCX (a template, an office's own Word file) with a bound
on what they inflate to: a few kilobytes of zip can claim, or hold, gigabytes.

Each member's size is checked as the zip's directory states it and again while it is
read (a directory can lie: reading stops one byte past the bound); so is the number of
members and their total. Past a bound, :class:`TooLarge` says so in Thai.
"""

from __future__ import annotations

import io
import zipfile
import zlib

MAX_XML = 10_000_000  # one XML part (word/document.xml...): Word's run to a few hundred kB
MAX_MEMBER = 25_000_000  # any other member (a picture)
MAX_TOTAL = 60_000_000  # every member together
MAX_MEMBERS = 1_000
CHUNK = 1 << 20


class Unreadable(ValueError):
    """A zip whose members cannot be read whole; ``str()`` is Thai."""


class TooLarge(Unreadable):
    """A member (or the members together) inflate past a bound; ``str()`` is Thai."""


#: what zipfile raises for a member it cannot inflate (bad CRC, cut off, encrypted, an
#: unknown compression method)
# zipfile raises NotImplementedError for a compression method it lacks, RuntimeError for an encrypted member
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError)
BROKEN = ("ไฟล์ zip ของเอกสารเสียหรือไม่ครบ (อ่านส่วนย่อยไม่ได้) ให้เปิดใน Word แล้วบันทึกใหม่เป็น"
          " “เอกสาร Word (*.docx)”")


def limit_for(name: str) -> int:
    return MAX_XML if name.endswith((".xml", ".rels")) else MAX_MEMBER


def _too_large(name: str, limit: int) -> TooLarge:
    return TooLarge(f"ส่วน {name[:80]} ในไฟล์ขยายออกเกิน {limit // 1_000_000:,} MB (ไฟล์อาจเป็น zip bomb หรือเสีย)"
                    " ให้เปิดใน Word แล้วบันทึกใหม่เป็น “เอกสาร Word (*.docx)” หรือใช้ไฟล์อื่น")


def read_member(z: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit: int | None = None) -> bytes:
    """The bytes of one member, at most *limit* (by its name's kind when not given)."""
    info = name if isinstance(name, zipfile.ZipInfo) else z.getinfo(name)
    bound = limit_for(info.filename) if limit is None else limit
    if info.file_size > bound:
        raise _too_large(info.filename, bound)
    out = io.BytesIO()
    with z.open(info) as stream:
        while chunk := stream.read(min(CHUNK, bound + 1 - out.tell())):
            out.write(chunk)
            if out.tell() > bound:
                raise _too_large(info.filename, bound)
    return out.getvalue()


def checked_members(z: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The members of *z*, their number and their stated sizes within the bounds."""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooLarge(f"ไฟล์มีส่วนย่อย {len(infos):,} ส่วน เกิน {MAX_MEMBERS:,} ส่วน (ไม่ใช่เอกสาร Word ทั่วไป)"
                       " ให้เปิดใน Word แล้วบันทึกใหม่ หรือใช้ไฟล์อื่น")
    total = 0
    for info in infos:
        if info.file_size > limit_for(info.filename):
            raise _too_large(info.filename, limit_for(info.filename))
        total += info.file_size
    if total > MAX_TOTAL:
        raise _too_large("ทุกส่วนรวมกัน", MAX_TOTAL)
    return infos


def read_all(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member of the zip *data*, each read within its bound, the total too.
    Raises :class:`TooLarge`, or :class:`Unreadable` for a zip that does not read."""
    out, total = [], 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in checked_members(z):
                content = read_member(z, info)
                total += len(content)
                if total > MAX_TOTAL:
                    raise _too_large("ทุกส่วนรวมกัน", MAX_TOTAL)
                out.append((info, content))
    except ZIP_ERRORS:
        raise Unreadable(BROKEN) from None
    return out
