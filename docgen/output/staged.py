"""Writing documents: all or nothing, never over a file a clerk may have edited.

A packet's files are written into a staging folder beside their destination
(``.<folder>.staging-<pid>-…``, holding links to the files already there that the run
does not replace) and switched in as a whole: by one atomic exchange of the two
folders where the system offers it (Linux ``renameat2``), else by two renames that
the next run completes if a crash fell between them. Whatever happens, and at any
moment docgen is killed, the destination holds the old packet or the new one, never
a mix; the next run removes what a killed run left beside it.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from docgen.errors import DocgenError, OutputExistsError
from docgen.safefile import remove_tree, unremovable

RENAME_EXCHANGE = 2
AT_FDCWD = -100
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>staging|old)-(?P<pid>\d+)-")


def write_files(files: dict[Path, bytes], *, force: bool) -> list[Path]:
    """Write every file of *files* (path -> bytes; one folder or several) as one
    switch per folder. Without *force*, refuse before writing anything if any target
    exists. Files are created with the user's umask. Return the paths written."""
    if not force:
        for path in files:
            if path.exists():
                raise OutputExistsError(path)
    by_folder: dict[Path, dict[str, bytes]] = {}
    for path, data in files.items():
        path = Path(os.path.abspath(path))  # "a/b/../c" switches c, never a folder named ".."
        by_folder.setdefault(path.parent, {})[path.name] = data
    for folder, members in by_folder.items():
        _switch_in(folder, members, force=force)
    return list(files)


def _switch_in(target: Path, members: dict[str, bytes], *, force: bool) -> None:
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DocgenError(f"สร้างโฟลเดอร์ {target} ไม่ได้: {exc.strerror}") from None
    recover(target)
    fault = unremovable(target) if target.is_dir() else None
    if fault:  # the old packet could not be removed after the switch: nothing is written
        raise DocgenError(f"แทนที่เอกสารใน {target} ไม่ได้ (ไม่ได้เขียนไฟล์ใด เอกสารชุดเดิมยังอยู่ครบ): {fault}")
    try:
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.staging-{os.getpid()}-"))
    except OSError as exc:
        raise DocgenError(f"เขียนไฟล์ลงในโฟลเดอร์ {target} ไม่ได้: {exc.strerror}") from None
    try:
        os.chmod(staging, 0o777 & ~_umask())
        if target.is_dir():
            _link_others(target, staging, skip=set(members))
        _write_members(staging, target, members)
        _fsync_dir(staging)
        if not force:  # a file that appeared while we worked is not overwritten
            for name in members:
                if (target / name).exists():
                    raise OutputExistsError(target / name)
        _exchange(staging, target)
    except BaseException:
        remove_tree(staging)
        raise
    left = remove_tree(staging)  # after the exchange: the old packet
    _fsync_dir(parent)
    if left:
        raise DocgenError(f"เขียนเอกสารชุดใหม่ใน {target} แล้ว แต่ลบไฟล์เดิม {left} ไม่ได้"
                          f" จึงยังมีโฟลเดอร์ {staging} ค้างอยู่ ให้ลบโฟลเดอร์นั้นแล้วสั่งใหม่")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_members(staging: Path, target: Path, members: dict[str, bytes]) -> None:
    for name, data in members.items():
        try:
            _write_new(staging / name, data)
        except OSError as exc:  # a full disk: said with the file, where the clerk knows it
            raise OSError(exc.errno, exc.strerror, str(target / name)) from None


def _write_new(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _link_others(target: Path, staging: Path, *, skip: set[str]) -> None:
    """Keep what the folder holds besides this run's files (a clerk's memo to another
    official, a note): hard links where the file system allows, copies elsewhere."""
    for entry in os.scandir(target):
        if entry.name in skip or _LEFTOVER.match(entry.name):
            continue
        src, dst = Path(entry.path), staging / entry.name
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_symlink():
            os.symlink(os.readlink(src), dst)
        else:
            _link_or_copy(str(src), str(dst))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _exchange(staging: Path, target: Path) -> None:
    """Put *staging* in *target*'s place; *staging* then holds the old contents."""
    if not target.exists():
        os.rename(staging, target)
        os.mkdir(staging)  # so the caller's clean-up finds a folder, as after an exchange
        return
    if _renameat2(staging, target):
        return
    old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-{os.getpid()}-"))
    os.rmdir(old)
    os.rename(target, old)  # a crash here leaves only .old: recover() puts it back
    os.rename(staging, target)
    os.rename(old, staging)


def _renameat2(a: Path, b: Path) -> bool:
    """Swap *a* and *b* atomically (Linux); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Finish or undo what a killed run left beside *target*: put back an old packet
    that was moved aside and never replaced, remove staging and old folders."""
    parent = target.parent
    if not parent.is_dir():
        return
    for entry in os.scandir(parent):
        m = _LEFTOVER.match(entry.name)
        if not m or m["name"] != target.name or _alive(int(m["pid"])):
            continue
        path = Path(entry.path)
        if m["kind"] == "old" and not target.exists():
            os.rename(path, target)
        else:
            remove_tree(path)


def replace_file(path: Path, data: bytes) -> None:
    """Replace one file (a records file docgen edits for the clerk) atomically: a
    temporary file beside it, renamed over it; its permissions kept."""
    path = Path(os.path.abspath(path))
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
