"""Versions of the records files, kept in a git repository beside them.

The repository is ``<records>/.history``, bare, with the records folder as its work
tree: ``git --git-dir=records/.history log --stat`` shows it to an IT person, and a copy
of the records folder backs up the files and their history together. It is written
with dulwich (no git program needed). Each version is a commit on ``main``: its author
is who made the change (an account of the workspace, the system user at the command
line, or ``นอก docgen`` for a change found made outside docgen), its message the Thai
summary, a ``Docgen-Action:`` line says what made it.

A change docgen makes is written in three steps under one lock (a file lock, so the
workspace and the command line take turns): the version is made and named by the ref
``refs/docgen/pending``; the files are written (each replaced atomically); ``main``
moves to it. A run killed between the steps leaves the pending ref: the next run finds
each file either as it was or as the version has it, and finishes the change (or drops
it, if nothing of it was written). The files and their history therefore never
disagree, and a change is never taken for one made outside docgen.

Before anything is written, and whenever the workspace or ``docgen history`` reads a
packet, the files of the office's folder are compared with the newest version; what
differs is kept first as a version of its own, ``แก้ไขนอก docgen``.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from dulwich.diff_tree import tree_changes
from dulwich.object_store import commit_tree_changes
from dulwich.objects import Blob, Commit, ObjectID, Tree
from dulwich.refs import Ref
from dulwich.repo import Repo

from docgen.errors import DocgenError
from docgen.history.clean import FOLDER, relative, scope_of
from docgen.history.disk import NotRecords, disk_blob, on_disk, put_files
from docgen.history.entry import ICT, Version, actor

MAIN = Ref(b"refs/heads/main")
PENDING = Ref(b"refs/docgen/pending")
OUTSIDE = "นอก docgen"  # the author of a change found made outside docgen
FILE_MODE = 0o100644
PACK_AT = 300  # loose objects (about 60 saves) packed at once

Files = dict[Path, bytes | None]  # path -> new bytes (None: removed)
Describe = Callable[[str, bytes | None, bytes | None], str]

class History:
    """The history of one records folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(os.path.abspath(root))
        self.folder = self.root / FOLDER
        self._repo: Repo | None = None

    # ------------------------------------------------------------------ the repository

    @property
    def repo(self) -> Repo:
        if self._repo is None:
            if not (self.folder / "HEAD").is_file():
                self._make()
            self._repo = Repo(str(self.folder))
        return self._repo

    def _make(self) -> None:
        """The repository made aside and moved into place whole: of several runs that
        start at once, one makes it and the others open it."""
        import shutil
        import tempfile

        aside = Path(tempfile.mkdtemp(prefix=".history-", dir=self.root))
        os.chmod(aside, 0o755)  # as a folder made by mkdir (mkdtemp makes it private)
        try:
            repo = Repo.init_bare(str(aside))
            repo.refs.set_symbolic_ref(Ref(b"HEAD"), MAIN)
            repo.close()
            (aside / "description").write_text("docgen: the history of the records folder\n")
            try:
                os.rename(aside, self.folder)
            except OSError:  # made meanwhile by another run (or a folder in the way: opening it says so)
                pass
        finally:
            shutil.rmtree(aside, ignore_errors=True)

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()
            self._repo = None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """The history's lock, held by one writer at a time (threads and processes)."""
        self.repo  # noqa: B018 - made before it is locked
        with open(self.folder / "docgen.lock", "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def head(self) -> ObjectID | None:
        try:
            return self.repo.refs[MAIN]
        except KeyError:
            return None

    def _tree_of(self, commit: ObjectID | None) -> ObjectID:
        if commit is None:
            empty = Tree()
            self.repo.object_store.add_object(empty)
            return empty.id
        return self.repo[commit].tree  # type: ignore[attr-defined,no-any-return]

    def rel(self, path: Path) -> str:
        return relative(self.root, path)

    def tracked(self, commit: ObjectID | None, under: str = "") -> dict[str, ObjectID]:
        """The files of version *commit* (under the folder *under*), by path: blob ids."""
        if commit is None:
            return {}
        found = {}
        for entry in self.repo.object_store.iter_tree_contents(self._tree_of(commit)):
            path = entry.path.decode("utf-8")
            if not under or path == under or path.startswith(under.rstrip("/") + "/"):
                found[path] = entry.sha
        return found

    def content(self, commit: ObjectID | None, rel: str) -> bytes | None:
        """The bytes of the file *rel* at version *commit* (None: it had none)."""
        if commit is None:
            return None
        from dulwich.object_store import tree_lookup_path

        try:
            _, sha = tree_lookup_path(self.repo.__getitem__, self._tree_of(commit), rel.encode("utf-8"))
        except KeyError:
            return None
        return self.repo[sha].as_raw_string()

    # ------------------------------------------------------------------ the files now

    def scope(self, rel: str) -> str:
        return scope_of(rel)

    def on_disk(self, scope: str) -> dict[str, ObjectID]:
        return on_disk(self.root, scope)

    # ------------------------------------------------------------------ making versions

    def _commit(self, changes: list[tuple[bytes, int | None, ObjectID | None]], *, who: str,
                summary: str, action: str, parent: ObjectID | None) -> ObjectID | None:
        """A version of the files with *changes* (path, mode, blob) over *parent*; None
        where they change nothing."""
        base = self._tree_of(parent)
        tree = commit_tree_changes(self.repo.object_store, self.repo[base], changes)  # type: ignore[arg-type]
        if tree == base:
            return None
        c = Commit()
        c.tree = tree
        c.parents = [parent] if parent is not None else []
        noticed = actor()
        c.author = f"{who} <>".encode()
        c.committer = f"{noticed if who == OUTSIDE else who} <>".encode()
        c.commit_time = c.author_time = int(time.time())
        c.commit_timezone = c.author_timezone = 7 * 3600
        c.encoding = b"UTF-8"
        one_line = " ".join(summary.split())
        c.message = f"{one_line}\n\nDocgen-Action: {action}\n".encode()
        self.repo.object_store.add_object(c)
        return c.id

    def _blobs(self, files: dict[str, bytes | None]) -> list[tuple[bytes, int | None, ObjectID | None]]:
        changes: list[tuple[bytes, int | None, ObjectID | None]] = []
        for rel, data in sorted(files.items()):
            if data is None:
                changes.append((rel.encode("utf-8"), None, None))
            else:
                blob = Blob.from_string(data)
                self.repo.object_store.add_object(blob)
                changes.append((rel.encode("utf-8"), FILE_MODE, blob.id))
        return changes

    def _advance(self, old: ObjectID | None, new: ObjectID) -> None:
        refs = self.repo.refs
        if not refs.set_if_equals(MAIN, old, new):
            raise DocgenError("ประวัติข้อมูลถูกเขียนพร้อมกันจากที่อื่น ให้ลองใหม่อีกครั้ง")
        refs.remove_if_equals(PENDING, None)

    def outside(self, scopes: set[str], describe: Describe) -> Version | None:
        """Keep what differs in *scopes* from the newest version as a version made
        outside docgen (the first one of a folder: the files as they were found). Hold
        the lock."""
        head = self.head()
        kept, now = {}, {}
        for scope in sorted(scopes):
            try:
                now.update(self.on_disk(scope))
            except NotRecords:
                return None
            kept.update(self.tracked(head, scope))
        differ = sorted(p for p in set(kept) | set(now) if kept.get(p) != now.get(p))
        if not differ:
            return None
        files = {p: (self.root / p).read_bytes() if p in now else None for p in differ}
        if not kept:
            summary, action = f"เริ่มเก็บประวัติ: ข้อมูลที่มีอยู่แล้ว {len(differ)} ไฟล์", "found"
        else:
            old = {p: self.repo[kept[p]].as_raw_string() if p in kept else None for p in differ}
            summary = "แก้ไขนอก docgen: " + "; ".join(describe(p, old[p], files[p]) for p in differ)
            action = "outside"
        commit = self._commit(self._blobs(files), who=OUTSIDE, summary=summary, action=action, parent=head)
        if commit is None:
            return None
        self._advance(head, commit)
        return self.version(commit)

    def write(self, files: Files, *, summary: str, action: str, describe: Describe,
              writer: Callable[[], object] | None = None) -> Version | None:
        """Write *files* (path -> bytes, None: remove) as one version by :func:`actor`
        with *summary*; first keep what was changed outside docgen in their offices'
        folders. *writer*: how the files are written (default: each replaced
        atomically). Return the version (None: the files were already so)."""
        rels = {self.rel(p): data for p, data in files.items()}
        with self.locked():
            self.recover()
            self.outside({self.scope(r) for r in rels}, describe)
            head = self.head()
            commit = self._commit(self._blobs(rels), who=actor(), summary=summary, action=action, parent=head)
            if commit is None:
                return None
            self.repo.refs[PENDING] = commit
            try:
                (writer or (lambda: self.put(files)))()
            except BaseException:
                self._undo(head, commit)
                raise
            self._advance(head, commit)
            self._pack()
            return self.version(commit)

    def _pack(self, at_least: int = PACK_AT) -> None:
        """The loose objects (each version's few) packed together, each stored as its
        change from a similar one (the versions of one file differ by a line or two):
        a thousand saves of a packet take about half a megabyte. Hold the lock."""
        from dulwich.pack import pack_objects_to_data

        objects = self.folder / "objects"
        loose = [ObjectID((d.name + f.name).encode()) for d in objects.iterdir()
                 if len(d.name) == 2 and d.is_dir() for f in d.iterdir()]
        if len(loose) < at_least:
            return
        store = self.repo.object_store
        count, records = pack_objects_to_data([(store[sha], None) for sha in loose], deltify=True)
        store.add_pack_data(count, records)
        for sha in loose:
            store.delete_loose_object(sha)

    def put(self, files: Files) -> None:
        """*files* written, each replaced atomically (None: removed)."""
        put_files(self.root, {self.rel(p): data for p, data in files.items()})

    def _undo(self, head: ObjectID | None, pending: ObjectID) -> None:
        """After a write that failed: the files put back as they were, the pending version dropped."""
        before, meant = self.tracked(head), self.tracked(pending)
        ours = [p for p in self._changed(head, pending)
                if disk_blob(self.root / p) == meant.get(p) != before.get(p)]  # written by this change
        try:
            put_files(self.root, {p: self.content(head, p) for p in ours})
        except OSError:
            return  # left for recover(): the pending version says what was meant
        self.repo.refs.remove_if_equals(PENDING, None)

    def _changed(self, old: ObjectID | None, new: ObjectID) -> list[str]:
        found = set()
        for c in tree_changes(self.repo.object_store, self._tree_of(old), self._tree_of(new)):
            entry = c.new if c.new is not None and c.new.path else c.old
            if entry is not None and entry.path:
                found.add(entry.path.decode("utf-8"))
        return sorted(found)

    def recover(self) -> None:
        """Finish (or drop) a change a killed run left half made. Hold the lock."""
        try:
            pending = self.repo.refs[PENDING]
        except KeyError:
            return
        head = self.head()
        commit = self.repo[pending]
        if list(commit.parents) != ([head] if head is not None else []):  # type: ignore[attr-defined]
            self.repo.refs.remove_if_equals(PENDING, None)
            return
        paths = self._changed(head, pending)
        before, after = self.tracked(head), self.tracked(pending)
        now = {p: disk_blob(self.root / p) for p in paths}
        if any(now[p] not in (before.get(p), after.get(p)) for p in paths) or all(
                now[p] == before.get(p) for p in paths):
            self.repo.refs.remove_if_equals(PENDING, None)  # nothing written, or edited since: not ours to finish
            return
        put_files(self.root, {p: self.content(pending, p) for p in paths if now[p] != after.get(p)})
        self._advance(head, pending)

    # ------------------------------------------------------------------ reading versions

    def version(self, commit: ObjectID) -> Version:
        c = self.repo[commit]
        parent = c.parents[0] if c.parents else None  # type: ignore[attr-defined]
        message = c.message.decode("utf-8", "replace")  # type: ignore[attr-defined]
        action = next((line.split(":", 1)[1].strip() for line in message.splitlines()
                       if line.startswith("Docgen-Action:")), "")
        who = c.author.decode("utf-8", "replace").rsplit(" <", 1)[0]  # type: ignore[attr-defined]
        when = datetime.datetime.fromtimestamp(c.author_time, ICT)  # type: ignore[attr-defined]
        return Version(commit.decode()[:10], commit, when, who, message.split("\n", 1)[0], action,
                       tuple(self._changed(parent, commit)))

    def versions(self, touching: Callable[[str], bool] | None = None) -> list[Version]:
        """The versions, newest first; with *touching*, those that changed a file it accepts."""
        head = self.head()
        if head is None:
            return []
        found = []
        for entry in self.repo.get_walker(include=[head]):
            v = self.version(entry.commit.id)
            if touching is None or any(touching(f) for f in v.files):
                found.append(v)
        return found

    def find(self, name: str) -> Version:
        """The version named *name* (its first digits, at least 4)."""
        key = name.strip().lower()
        if len(key) >= 4 and all(ch in "0123456789abcdef" for ch in key):
            head = self.head()
            hits = [e.commit.id for e in (self.repo.get_walker(include=[head]) if head is not None else [])
                    if e.commit.id.decode().startswith(key)]
            if len(hits) == 1:
                return self.version(hits[0])
            if len(hits) > 1:
                raise DocgenError(f"มีหลายฉบับที่ขึ้นต้นด้วย {name} ให้พิมพ์ชื่อฉบับให้ยาวขึ้น")
        raise DocgenError(f"ไม่พบฉบับ {name} ในประวัติ (ดูชื่อฉบับได้จาก docgen history)")
