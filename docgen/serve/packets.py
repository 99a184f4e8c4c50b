"""The packets under the records folder as the workspace sees them: where each is,
the files it names (always inside the records folder), the choices its forms offer
(units, roles, people, indicators), the chain each role's memos climb, its forms,
and what ``docgen validate`` finds in it."""

from __future__ import annotations

import copy
import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import g, has_request_context

from docgen import thai
from docgen.errors import DocgenError, Problem, RecordsError
from docgen.records.edit import get, read_for_editing
from docgen.records.loading import load
from docgen.records.source import PACKET_FILE, PROGRESS_FILE
from docgen.safefile import is_inside
from docgen.serve.sections import SECTIONS, Context, Section


@dataclass(frozen=True)
class PacketRef:
    """One packet under the records folder, named by its folder (``lopburi-pao/2566``)."""

    rel: str
    path: Path  # its packet.yaml
    root: Path  # the records folder: nothing outside it is read or written for the packet

    @property
    def folder(self) -> Path:
        return self.path.parent

    def shown(self, path: Path) -> str:
        """*path* as the clerk knows it: relative to the records folder."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return path.name

    def inside(self, path: Path) -> Path:
        """*path*, refused when it (its links followed) leaves the records folder."""
        if not is_inside(path, self.root):
            raise DocgenError(f"ไฟล์ {self.shown(path)} อยู่นอกโฟลเดอร์ข้อมูล docgen จึงไม่อ่านและไม่เขียน"
                              " ให้ย้ายไฟล์มาไว้ในโฟลเดอร์ข้อมูลแล้วแก้ที่อยู่ใน packet.yaml")
        return path


def packets(root: Path) -> list[PacketRef]:
    """Every packet under *root* (symlinks leading out of it are not followed)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if PACKET_FILE in filenames:
            path = Path(dirpath) / PACKET_FILE
            if path.is_file() and is_inside(path, root):
                found.append(PacketRef(Path(dirpath).relative_to(root).as_posix(), path, root))
    return found


def read_tree(path: Path) -> tuple[bytes, Any]:
    """A records file's bytes and its round-trip tree (comments kept); a file that is
    not a YAML map of names is refused with the records' own message and line.

    Within one request each version of a file is read and parsed once (the request's
    view of the packet, kept in ``flask.g`` by path and the file's size, time and
    inode, so a file the request writes is read anew); each caller gets its own copy
    of the tree to change."""
    if not has_request_context():
        return _read_tree(path)
    try:
        st = os.stat(path)
    except OSError:
        return _read_tree(path)
    seen: dict[tuple[str, int, int, int], tuple[bytes, Any]] = g.setdefault("docgen_trees", {})
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in seen:
        seen[key] = _read_tree(path)
    data, tree = seen[key]
    return data, copy.deepcopy(tree)


def _read_tree(path: Path) -> tuple[bytes, Any]:
    try:
        return read_for_editing(path)
    except RecordsError as exc:
        first = exc.problems[0]
        where = f"{path.name}" + (f" บรรทัด {first.line}" if first.line else "")
        raise DocgenError(f"ยังเปิดฟอร์มของไฟล์นี้ไม่ได้ ต้องแก้ไฟล์ก่อน: {where}: {first.message}") from None


def file_of(packet: PacketRef, section: Section) -> Path:
    """The records file a section's form edits."""
    if section.file == "progress":
        return packet.inside(packet.folder / PROGRESS_FILE)
    if section.file == "organisation":
        return profile_path(packet)
    return packet.path


def _named_file(packet: PacketRef, ref: str) -> Path:
    """The file the packet names by *ref* (relative to it), inside the records folder."""
    return packet.inside(Path(os.path.normpath(packet.folder / ref)))


def profile_path(packet: PacketRef) -> Path:
    _, tree = read_tree(packet.path)
    ref = tree.get("organisation")
    if not isinstance(ref, str) or not ref.strip():
        raise DocgenError(f"{packet.shown(packet.path)}: ไม่ได้ระบุไฟล์ข้อมูลองค์กร (organisation:)")
    return _named_file(packet, ref)


def _framework_tree(packet: PacketRef, ref: Any) -> Any:
    if not isinstance(ref, str):
        return {}
    try:
        return read_tree(_named_file(packet, ref))[1]
    except DocgenError:
        return {}


def _map(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _named(table: Any, *keys: str) -> list[tuple[str, str]]:
    """(key, what it is called) for each entry of a records table, as read (unchecked)."""
    return [(str(k), "".join(str(_map(v).get(key) or "") for key in keys) or str(k)) for k, v in _map(table).items()]


def context(packet: PacketRef) -> Context:
    """What the packet's forms choose from, read from its profile and frameworks (as
    they are: a profile broken by hand gives empty lists, and the records' rules say why)."""
    _, tree = read_tree(packet.path)
    year = thai.to_arabic_digits(str(tree.get("fiscal_year")))
    fy = int(year) if year.isascii() and year.isdecimal() and 2400 < int(year) < 2700 else \
        thai.be_year(datetime.date.today().year)
    ctx = Context(fiscal_year=fy)
    try:
        _, org = read_tree(profile_path(packet))
    except DocgenError:
        org = {}
    ctx.units = _named(org.get("units"), "name")
    ctx.roles = _named(org.get("roles"), "position")
    ctx.chains = chains(_map(org.get("roles")))
    ctx.people = _named(org.get("people"), "title", "name")
    this = _framework_tree(packet, tree.get("framework"))
    last = _framework_tree(packet, get(tree, "previous_result.framework")) or this
    ctx.indicators = _named(last.get("indicators"), "name")
    ctx.tools = _named(last.get("tools"), "name")
    return ctx


def chains(roles: Any) -> dict[str, list[str]]:
    """For each role of a profile's ``roles`` (as read, unchecked), the roles above it
    that its memos climb, lowest first (as :func:`docgen.records.models.superiors` follows them)."""
    from types import SimpleNamespace

    from docgen.records.models import superiors

    plain = {str(k): SimpleNamespace(reports_to=(r or {}).get("reports_to") if isinstance(r, dict) else None)
             for k, r in roles.items()}
    return {k: superiors(plain, k) for k in plain}


def sections_for(packet: PacketRef) -> list[Section]:
    """The forms the packet has (the progress form once it has a progress file)."""
    has_progress = (packet.folder / PROGRESS_FILE).is_file()
    return [s for s in SECTIONS.values() if s.file != "progress" or has_progress]


def problems(packet: PacketRef, proposed: dict[Path, str] | None = None) -> list[Problem]:
    """What ``docgen validate`` finds in the packet as it is on disk, or as it would
    be with the *proposed* texts written."""
    try:
        load(packet.path, proposed=proposed)
    except RecordsError as exc:
        return exc.problems
    return []
