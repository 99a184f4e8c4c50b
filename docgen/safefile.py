"""Reading the files records name, safely: only regular files (never a FIFO, a device,
a folder or a symlink loop), of a bounded size, and, unless a profile allows it, only
inside the records folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class Refused(ValueError):
    """A file docgen will not read; the message (Thai) says why."""


def read_regular(path: Path, *, limit: int, follow_links: bool = True) -> bytes:
    """The bytes of *path*, a regular file of at most *limit* bytes; raise
    :class:`Refused` otherwise. A FIFO is never opened for blocking reads, so a named
    pipe cannot hang docgen. Without *follow_links*, a link is refused even if it is
    swapped in after a check."""
    st = _stat(path)
    if stat.S_ISDIR(st.st_mode):
        raise Refused("เป็นโฟลเดอร์ ไม่ใช่ไฟล์")
    if not stat.S_ISREG(st.st_mode):
        raise Refused("ไม่ใช่ไฟล์ธรรมดา (เป็นอุปกรณ์หรือ pipe) docgen จึงไม่อ่าน")
    if st.st_size > limit:
        raise Refused(f"ไฟล์ใหญ่ {st.st_size:,} ไบต์ เกินขนาดที่รับได้ ({limit:,} ไบต์)")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                     | (0 if follow_links else os.O_NOFOLLOW))
    except OSError as exc:
        raise Refused(f"เปิดไฟล์ไม่ได้ ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the stat above
            raise Refused("ไม่ใช่ไฟล์ธรรมดา docgen จึงไม่อ่าน")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise Refused(f"ไฟล์ใหญ่เกินขนาดที่รับได้ ({limit:,} ไบต์)")
    return data


def _stat(path: Path) -> os.stat_result:
    try:
        return os.stat(path)
    except FileNotFoundError:
        raise Refused("ไม่พบไฟล์นี้") from None
    except OSError as exc:  # a symlink loop (ELOOP), a name too long, no permission
        raise Refused(f"เปิดไฟล์ไม่ได้ ({exc.strerror})") from None


def is_inside(path: Path, root: Path) -> bool:
    """Whether *path*, with every symlink followed, lies inside *root*."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def records_root(packet: Path) -> Path:
    """The records folder a packet belongs to: its nearest enclosing folder named
    ``records``, else the folder that holds its organisation's folder, as in
    ``<root>/<organisation>/<year>/packet.yaml`` beside ``<root>/frameworks/``."""
    packet = Path(os.path.abspath(packet))
    for parent in packet.parents:
        if parent.name == "records":
            return parent
    return packet.parent.parent.parent
