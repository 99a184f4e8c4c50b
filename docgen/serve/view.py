"""One request's view of a packet: each records file it touches read and parsed once
(for each version of the file: one the request writes is read anew), the files the
packet names, the choices its forms offer, and what ``docgen validate`` finds in it.

A page or a save makes one :class:`PacketView` and passes it on; nothing is kept
between requests but what the records' own reader keeps (its parse of a file that has
not changed, :func:`~docgen.records.yamlread.read_shared_yaml`)."""

from __future__ import annotations

import copy
import datetime
import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from docgen import thai
from docgen.errors import DocgenError, Problem, RecordsError
from docgen.records.edit import get, read_for_editing, version
from docgen.records.loading import load
from docgen.records.source import PROGRESS_FILE, Records
from docgen.records.yamlread import read_shared_yaml
from docgen.serve.packets import PacketRef, chains
from docgen.serve.sections import Context, Section

T = TypeVar("T")
StatKey = tuple[str, int, int, int]


def _opened(path: Path, read: Callable[[Path], T]) -> T:
    """*read* of *path*; a file that is not a YAML map of names is refused with the
    records' own message and line."""
    try:
        return read(path)
    except RecordsError as exc:
        first = exc.problems[0]
        where = f"{path.name}" + (f" บรรทัด {first.line}" if first.line else "")
        raise DocgenError(f"ยังเปิดฟอร์มของไฟล์นี้ไม่ได้ ต้องแก้ไฟล์ก่อน: {where}: {first.message}") from None


class RecordsFile:
    """One version of a records file, as one request reads it: its bytes, text and
    version, its round-trip tree (comments kept: what a form shows and edits) and the
    records reader's tree (what ``docgen validate`` reads), each made once, when asked."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def _edited(self) -> tuple[bytes, Any]:
        return _opened(self.path, read_for_editing)

    @property
    def data(self) -> bytes:
        return self._edited[0]

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    @cached_property
    def version(self) -> str:
        return version(self.data)

    @property
    def tree(self) -> Any:
        """The round-trip tree, shared by all that read it in this request: never
        changed (a form changes :meth:`copy`)."""
        return self._edited[1]

    def copy(self) -> Any:
        """A round-trip tree of this version to change (comments and styles kept)."""
        return copy.deepcopy(self.tree)

    @cached_property
    def plain(self) -> Any:
        """The tree as the records' rules read it (shared with their check of the
        packet, and kept while the file is unchanged): only read, never changed."""
        return _opened(self.path, lambda p: read_shared_yaml(p).tree)


class Files:
    """The records files one request has read, by path and version (a file's size,
    time and inode: one written since it was read is read anew)."""

    def __init__(self) -> None:
        self._seen: dict[StatKey, RecordsFile] = {}

    def get(self, path: Path) -> RecordsFile:
        try:
            st = os.stat(path)
        except OSError:
            return RecordsFile(path)  # missing: reading it says so
        key = (os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = RecordsFile(path)
        return found


def _map(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _named(table: Any, *keys: str) -> list[tuple[str, str]]:
    """(key, what it is called) for each entry of a records table, as read (unchecked)."""
    return [(str(k), "".join(str(_map(v).get(key) or "") for key in keys) or str(k)) for k, v in _map(table).items()]


class PacketView:
    """A packet as one request reads it: the packet's own values from its round-trip
    tree (the one its forms edit), the profile's and the frameworks' from the records
    reader's (the one the packet's check reads too). *files* may be shared by the views
    of one page: the first page reads each organisation's profile once for all its packets."""

    def __init__(self, ref: PacketRef, files: Files | None = None) -> None:
        self.ref = ref
        self.files = files if files is not None else Files()

    def file(self, path: Path) -> RecordsFile:
        return self.files.get(path)

    @property
    def packet(self) -> RecordsFile:
        return self.file(self.ref.path)

    def named(self, ref: str) -> Path:
        """The file the packet names by *ref* (relative to it), inside the records folder."""
        return self.ref.inside(Path(os.path.normpath(self.ref.folder / ref)))

    @property
    def profile_path(self) -> Path:
        ref = self.packet.tree.get("organisation")
        if not isinstance(ref, str) or not ref.strip():
            raise DocgenError(f"{self.ref.shown(self.ref.path)}: ไม่ได้ระบุไฟล์ข้อมูลองค์กร (organisation:)")
        return self.named(ref)

    @property
    def profile(self) -> RecordsFile:
        return self.file(self.profile_path)

    def file_of(self, section: Section) -> Path:
        """The records file a section's form edits."""
        if section.file == "progress":
            return self.ref.inside(self.ref.folder / PROGRESS_FILE)
        if section.file == "organisation":
            return self.profile_path
        if section.file == "framework":
            ref = self.packet.tree.get("framework")
            if not isinstance(ref, str) or not ref.strip():
                raise DocgenError(f"{self.ref.shown(self.ref.path)}: ไม่ได้ระบุไฟล์กรอบการประเมิน (framework:)")
            return self.named(ref)
        return self.ref.path

    def _framework(self, ref: Any) -> Any:
        if not isinstance(ref, str):
            return {}
        try:
            return self.file(self.named(ref)).plain
        except DocgenError:
            return {}

    def context(self) -> Context:
        """What the packet's forms choose from, read from its profile and frameworks (as
        they are: a profile broken by hand gives empty lists, and the records' rules say why)."""
        tree = self.packet.tree
        year = thai.to_arabic_digits(str(tree.get("fiscal_year")))
        fy = int(year) if year.isascii() and year.isdecimal() and 2400 < int(year) < 2700 else \
            thai.be_year(datetime.date.today().year)
        ctx = Context(fiscal_year=fy)
        try:
            org = self.profile.plain
        except DocgenError:
            org = {}
        ctx.units = _named(org.get("units"), "name")
        ctx.roles = _named(org.get("roles"), "position")
        ctx.chains = chains(_map(org.get("roles")))
        ctx.people = _named(org.get("people"), "title", "name")
        this = self._framework(tree.get("framework"))
        last = self._framework(get(tree, "previous_result.framework")) or this
        ctx.indicators = _named(last.get("indicators"), "name")
        ctx.tools = _named(last.get("tools"), "name")
        ctx.bands = [b for b in last.get("bands") or [] if isinstance(b, dict)] if isinstance(last, dict) else []
        return ctx

    def problems(self, proposed: dict[Path, str] | None = None) -> list[Problem]:
        """What ``docgen validate`` finds in the packet as it is on disk, or as it would
        be with the *proposed* texts written."""
        try:
            recs = load(self.ref.path, proposed=proposed, office=self.ref.office)
        except RecordsError as exc:
            return exc.problems
        if proposed is None:
            self.records = recs
        return []

    records: Records | None = None  # the packet as it is on disk, once problems() found none
