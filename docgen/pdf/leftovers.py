"""docgen's private folder for one LibreOffice session, in TMPDIR, and what a killed run
leaves there.

The folder is named after the process that owns it, by its pid and the time the
system started it (``docgen-lo-<pid>-<start>-…``, so a pid used again by another
program is not taken for the owner). The session's worker removes the folder when the
owner dies; a folder whose owner is gone (a run killed before its worker could look)
is removed by the next run that starts LibreOffice. A full TMPDIR is said in Thai."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import tempfile
import threading
import time
import uuid
from pathlib import Path

from docgen.errors import ConversionError

PREFIX = "docgen-lo-"
#: a profile being kept in the cache (:func:`docgen.pdf.convert._keep_profile`), named the same way
KEEPING = ".profile-"
NEARLY_FULL = 16 << 20  # bytes free below which a failure in the folder is taken for a full disk
_swept = False
#: this process's session folders, each with its worker's pid once started; taken
#: while a folder is made or a worker started, and for good by :func:`end_all`
LOCK = threading.Lock()
LIVE: dict[Path, int | None] = {}


def _start_time(pid: int) -> str:
    """When the system started process *pid* (clock ticks since boot), "" if it does not
    run, "0" where the system does not tell."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rpartition(")")[2].split()
    except FileNotFoundError:
        return "" if os.path.isdir("/proc/self") else "0"
    except OSError:
        return "0"
    return "" if fields[0] == "Z" else fields[19]


def _owner_gone(pid: int, start: str) -> bool:
    now = _start_time(pid)
    return now == "" or (now != "0" and start != "0" and now != start)


def owned_prefix(prefix: str = PREFIX) -> str:
    """The start of the name of a folder this process owns (its pid and start time)."""
    me = os.getpid()
    return f"{prefix}{me}-{_start_time(me) or 0}-"


def sweep(folder: str | None = None, prefix: str = PREFIX) -> None:
    """Remove the folders named *prefix*… in *folder* (session folders in TMPDIR) that
    belong to this user and whose owner no longer runs: only docgen's own, by name."""
    owned = re.compile(rf"^{re.escape(prefix)}(?P<pid>\d+)-(?P<start>\d+)-")
    try:
        entries = list(os.scandir(folder or tempfile.gettempdir()))
    except OSError:
        return
    for entry in entries:
        m = owned.match(entry.name)
        try:
            if not m or not entry.is_dir(follow_symlinks=False) or \
                    entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
        except OSError:
            continue
        if _owner_gone(int(m["pid"]), m["start"]):
            shutil.rmtree(entry.path, ignore_errors=True)


def folder_name() -> Path:
    """The name of a new session folder, owned by this process, in TMPDIR (after
    removing what killed runs left there, once per process). The folder is not made
    here: :func:`make_folder` makes it once the session's worker runs and watches this
    process, so that a kill at any moment leaves no folder behind."""
    global _swept
    if not _swept:
        _swept = True
        sweep()
    return Path(tempfile.gettempdir()) / f"{owned_prefix()}{uuid.uuid4().hex[:12]}"


def make_folder(folder: Path) -> None:
    """Make the session folder *folder* (this user's alone), or say in Thai why not."""
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        where = str(folder.parent)
        raise disk_full(exc, folder.parent) or ConversionError(
            f"สร้างโฟลเดอร์ชั่วคราวใน {where} ไม่ได้ ({exc.strerror or exc}) จึงสร้าง PDF ไม่ได้ (ไม่ได้เขียนไฟล์ใด)"
            " ให้ตั้งตัวแปร TMPDIR เป็นโฟลเดอร์ที่ผู้ใช้นี้เขียนได้แล้วสั่งใหม่") from None


def end_all() -> None:
    """In a process about to end because docgen died (a worker of ``build -r``): every
    LibreOffice worker it runs killed with its group, every session folder removed,
    and none made or started again (the lock is never given back)."""
    LOCK.acquire()
    for pid in LIVE.values():
        if pid is not None:
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
    time.sleep(0.02)  # the killed LibreOffices stop writing before their folders go
    for folder in LIVE:
        shutil.rmtree(folder, ignore_errors=True)


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL
    except OSError:
        return False


def disk_full(exc: BaseException, folder: Path) -> ConversionError | None:
    """The Thai message for *exc* if it came of a full disk (or quota) where *folder*
    lies, else None: a full TMPDIR makes copies fail by the dozen (``shutil.Error``) and
    LibreOffice fail in its own words, so the folder's free space decides too."""
    code = getattr(exc, "errno", None)
    if code not in (errno.ENOSPC, errno.EDQUOT) and not _nearly_full(folder):
        return None
    return ConversionError(
        f"พื้นที่ดิสก์ของโฟลเดอร์ชั่วคราว {folder} เต็ม จึงสร้าง PDF ไม่ได้ (ไม่ได้เขียนไฟล์ใด เอกสารชุดเดิมยังอยู่ครบ)"
        " ให้ลบไฟล์ที่ไม่ใช้ในโฟลเดอร์นั้น หรือตั้งตัวแปร TMPDIR เป็นโฟลเดอร์ที่มีที่ว่างอย่างน้อย 100 MB แล้วสั่งใหม่")
