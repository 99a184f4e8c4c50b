"""The records files as the history walks them, and what it last found unchanged.

Every command that loads a packet first compares its office's folder with the newest
version (:func:`docgen.history.record.notice`). Where that comparison found nothing
changed, the newest version's id and each file's size, times, inode and mode are kept
beside the history (``.history/docgen-clean.json``, per office folder), as they were
before the comparison began and still were after it; the next command that finds the
version and every file still so knows, as ``git status`` does from git's index, that
nothing was changed outside docgen, without opening the
repository. Anything else (another version, a file edited, added or removed, a change
left half made, a file changed in the second before the stamp was taken) makes the
command compare as before. This module imports nothing of the repository's library.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from docgen.errors import DocgenError

FOLDER = ".history"
STAMP = "docgen-clean.json"
MAIN_REF = "refs/heads/main"
PENDING_REF = "refs/docgen/pending"
MAX_FILES = 5_000  # in one office's folder: ten years of packets with their photos are a few hundred
MAX_TRACKED = 50_000_000  # a file larger than this is not a records file: not kept
RACY_SECONDS = 2  # a file changed this recently may change again within the same timestamp


class NotRecords(Exception):
    """A folder too big to be an office's records: not compared with the history."""


def relative(root: Path, path: Path) -> str:
    """*path* under the records folder *root*, as the history names it."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        raise DocgenError(f"ไฟล์ {path} อยู่นอกโฟลเดอร์ข้อมูล {root} ประวัติจึงเก็บไม่ได้") from None


def scope_of(rel: str) -> str:
    """The folder whose files are compared with the history when *rel* is read or
    written: the office's folder (the first folder under the records folder)."""
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else rel


def tracked_file(st: os.stat_result) -> bool:
    """A regular file small enough to be a records file."""
    return st.st_mode & 0o170000 == 0o100000 and st.st_size <= MAX_TRACKED


def walk(root: Path, scope: str) -> Iterator[tuple[str, Path, os.stat_result]]:
    """The files of *scope* the history keeps (hidden names, links and huge files are
    not records), in order, with their stat; :class:`NotRecords` for a folder of more
    files than an office keeps (a packet's records folder guessed wrong)."""
    top = root / scope
    if top.is_file() and not top.is_symlink():
        st = os.lstat(top)
        if tracked_file(st):
            yield scope, top, st
        return
    count = 0
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if tracked_file(st):
                if count >= MAX_FILES:
                    raise NotRecords(top)
                count += 1
                yield path.relative_to(root).as_posix(), path, st


def signature(st: os.stat_result) -> tuple[int, int, int, int, int]:
    """A file's size, modification and change times, inode and mode: a change of its
    bytes, of its permissions, or of its times set back by hand changes one of them
    (what git's index compares)."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_mode


def _stats(root: Path, scope: str) -> dict[str, list[int]]:
    return {rel: list(signature(st)) for rel, _, st in walk(root, scope)}


Snapshot = tuple[int, dict[str, dict[str, list[int]]]]  # when it was taken, and each scope's files


def snapshot(root: Path, scopes: set[str]) -> Snapshot | None:
    """The files of *scopes* as they are before the history compares them (None:
    they cannot be walked)."""
    try:
        return time.time_ns(), {scope: _stats(root, scope) for scope in scopes}
    except (OSError, NotRecords):
        return None


def _ref(root: Path, name: str) -> str | None:
    try:
        return (root / FOLDER / name).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def still_clean(root: Path, scopes: set[str]) -> bool:
    """Whether the history last found *scopes* unchanged and the newest version and
    every file of them are still as they were then."""
    try:
        kept = json.loads((root / FOLDER / STAMP).read_text(encoding="utf-8"))
        head = _ref(root, MAIN_REF)
        if head is None or kept.get("head") != head or (root / FOLDER / PENDING_REF).exists():
            return False
        return all(scope in kept["scopes"] and kept["scopes"][scope] == _stats(root, scope) for scope in scopes)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, NotRecords):
        return False


def stamp(root: Path, before: Snapshot | None, head: str | None) -> None:
    """Keep the scopes of *before* as found unchanged at version *head*, where the
    history compared them just now (its lock held) and they are still as they were
    before it did; with what was kept of other scopes at the same version. Nothing
    where a file changed during the comparison, or so shortly before it that an edit
    within the same tick of the clock would leave its modification time as it is, or
    where the stamp cannot be written (the next command only compares again)."""
    if before is None or head is None or _ref(root, MAIN_REF) != head:  # a ref not readable as a file
        return
    taken, found = before
    path = root / FOLDER / STAMP
    try:
        if {scope: _stats(root, scope) for scope in found} != found:
            return
        recent = taken - RACY_SECONDS * 1_000_000_000
        if any(mtime >= recent for files in found.values() for _, mtime, _, _, _ in files.values()):
            return
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            others = kept["scopes"] if kept.get("head") == head else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            others = {}
        from docgen.output.staged import replace_file

        replace_file(path, json.dumps({"head": head, "scopes": {**others, **found}}, sort_keys=True).encode())
    except (OSError, NotRecords, ValueError):
        return
