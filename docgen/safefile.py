"""Reading the files records name, safely: only regular files (never a FIFO, a device,
a folder or a symlink loop), of a bounded size, and, unless a profile allows it, only
inside the records folder; and removing folders whole, or saying beforehand which file
could not be (an immutable file, a folder without write permission)."""

from __future__ import annotations

import os
import shutil
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


def records_root(packet: Path, *, depth: int = 3) -> Path:
    """The records folder a packet belongs to: its nearest enclosing folder named
    ``records``, else the folder that holds its organisation's folder, as in
    ``<root>/<organisation>/<year>/packet.yaml`` beside ``<root>/frameworks/``
    (*depth* 2: of a profile, ``<root>/<organisation>/organisation.yaml``)."""
    packet = Path(os.path.abspath(packet))
    for parent in packet.parents:
        if parent.name == "records":
            return parent
    return packet.parents[depth - 1]


FS_IOC_GETFLAGS = 0x80086601  # Linux: a file's attributes (chattr)
IMMUTABLE_FL, APPEND_FL = 0x10, 0x20


def _attributes(path: str) -> int:
    """*path*'s ``chattr`` attributes; 0 where they cannot be read (another system, a
    file system without them, a symlink)."""
    try:
        import fcntl
        import struct

        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except (ImportError, OSError):
        return 0
    try:
        flags: int = struct.unpack("i", fcntl.ioctl(fd, FS_IOC_GETFLAGS, b"\0" * 8)[:4])[0]
        return flags
    except OSError:
        return 0
    finally:
        os.close(fd)


def unremovable(folder: Path) -> str | None:
    """Why *folder*, with everything in it, could not be removed (Thai, naming the
    file), or None: a file or folder set immutable or append-only (``chattr +i``/``+a``),
    or a folder this user may not write in and does not own (one it owns is made
    writable when it is removed)."""
    locked = "ถูกตั้งค่าห้ามแก้ไขและห้ามลบ (chattr +i หรือ +a) ให้ผู้ดูแลระบบเอาค่านั้นออก (chattr -i -a) แล้วสั่งใหม่"
    for top, dirs, files in os.walk(folder):
        if _attributes(top) & (IMMUTABLE_FL | APPEND_FL):
            return f"โฟลเดอร์ {top} {locked}"
        if not os.access(top, os.W_OK | os.X_OK) and os.stat(top).st_uid != os.geteuid():
            return (f"ไม่มีสิทธิ์ลบหรือแทนที่ไฟล์ในโฟลเดอร์ {top} ให้เจ้าของโฟลเดอร์เปิดสิทธิ์เขียน"
                    " หรือสั่งด้วยผู้ใช้ที่เป็นเจ้าของ แล้วสั่งใหม่")
        for name in files + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            if _attributes(os.path.join(top, name)) & (IMMUTABLE_FL | APPEND_FL):
                return f"ไฟล์ {os.path.join(top, name)} {locked}"
    return None


def remove_tree(path: Path) -> str | None:
    """Remove the folder *path* and all it holds, making writable the folders of this
    user's own that are not (a read-only folder copied with its mode); the first path
    that could not be removed, or None."""
    failed: list[str] = []

    def retry(_fn: object, failing: str, _exc: object) -> None:
        parent = os.path.dirname(failing)
        try:
            os.chmod(parent, os.stat(parent).st_mode | 0o700)
            if os.path.isdir(failing) and not os.path.islink(failing):
                os.chmod(failing, os.stat(failing).st_mode | 0o700)
                shutil.rmtree(failing)
            else:
                os.unlink(failing)
        except FileNotFoundError:
            pass
        except OSError:
            failed.append(failing)

    if os.path.lexists(path):
        shutil.rmtree(path, onerror=retry)
    return failed[0] if failed else None
