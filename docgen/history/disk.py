"""The records files as they are on disk, as the history compares them: each file's
git blob id (remembered by size, times and inode, as git's index does), and files
written back."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from dulwich.objects import Blob, ObjectID

from docgen.history.clean import NotRecords, signature, tracked_file, walk

__all__ = ["NotRecords", "blob_id", "disk_blob", "on_disk", "put_files"]


def blob_id(data: bytes) -> ObjectID:
    return Blob.from_string(data).id


#: path -> (its stat's signature, blob id): git's index, in memory
_SEEN: dict[str, tuple[tuple[int, int, int, int, int], ObjectID]] = {}
_SEEN_LOCK = threading.Lock()


def disk_blob(path: Path) -> ObjectID | None:
    """The blob id of the file at *path* as it is now (None: no such regular file)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not tracked_file(st):
        return None
    key = signature(st)
    with _SEEN_LOCK:
        seen = _SEEN.get(str(path))
    if seen is not None and seen[0] == key:
        return seen[1]
    try:
        found = blob_id(path.read_bytes())
    except OSError:
        return None
    with _SEEN_LOCK:
        _SEEN[str(path)] = (key, found)
    return found


def on_disk(root: Path, scope: str) -> dict[str, ObjectID]:
    """The files of *scope* as they are now (see :func:`docgen.history.clean.walk`),
    by path: blob ids."""
    found: dict[str, ObjectID] = {}
    for rel, path, _ in walk(root, scope):
        sha = disk_blob(path)
        if sha is not None:
            found[rel] = sha
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
