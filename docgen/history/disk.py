"""The records files as they are on disk, as the history compares them: each file's
git blob id (remembered by size, time and inode, as git's index does), and files
written back."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from dulwich.objects import Blob, ObjectID

MAX_FILES = 5_000  # in one office's folder: ten years of packets with their photos are a few hundred
MAX_TRACKED = 50_000_000  # a file larger than this is not a records file: not kept


class NotRecords(Exception):
    """A folder too big to be an office's records: not compared with the history."""


def blob_id(data: bytes) -> ObjectID:
    return Blob.from_string(data).id


_SEEN: dict[str, tuple[int, int, int, ObjectID]] = {}  # path -> (size, mtime, inode, blob id): git's index
_SEEN_LOCK = threading.Lock()


def disk_blob(path: Path) -> ObjectID | None:
    """The blob id of the file at *path* as it is now (None: no such regular file)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not (st.st_mode & 0o170000 == 0o100000) or st.st_size > MAX_TRACKED:
        return None
    key = (st.st_size, st.st_mtime_ns, st.st_ino)
    with _SEEN_LOCK:
        seen = _SEEN.get(str(path))
    if seen is not None and seen[:3] == key:
        return seen[3]
    try:
        found = blob_id(path.read_bytes())
    except OSError:
        return None
    with _SEEN_LOCK:
        _SEEN[str(path)] = (*key, found)
    return found


def on_disk(root: Path, scope: str) -> dict[str, ObjectID]:
    """The files of *scope* as they are now (hidden names, links and huge files are
    not records), by path: blob ids. :class:`NotRecords` for a folder of more
    files than an office keeps (a packet's records folder guessed wrong)."""
    top = root / scope
    if top.is_file() and not top.is_symlink():
        sha = disk_blob(top)
        return {scope: sha} if sha is not None else {}
    found: dict[str, ObjectID] = {}
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            if len(found) >= MAX_FILES:
                raise NotRecords(top)
            path = Path(dirpath) / name
            sha = disk_blob(path)
            if sha is not None:
                found[path.relative_to(root).as_posix()] = sha
    return found


def put_files(root: Path, files: dict[str, bytes | None]) -> None:
    """Each file replaced atomically (None: removed)."""
    from docgen.output.staged import replace_file

    for rel, data in sorted(files.items()):
        path = root / rel
        if data is None:
            if path.is_file():
                path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(path, data)
