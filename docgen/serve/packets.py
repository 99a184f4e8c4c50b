"""The packets under the records folder as the workspace finds them: where each is
(nothing outside the records folder is read or written for it), its forms, and the
chain each role's memos climb. How one request reads a packet is :mod:`.view`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError
from docgen.records.source import PACKET_FILE, PROGRESS_FILE
from docgen.safefile import is_inside
from docgen.serve.sections import SECTIONS, Section


@dataclass(frozen=True)
class PacketRef:
    """One packet under the records folder, named by its folder (``lopburi-pao/2566``)."""

    rel: str
    path: Path  # its packet.yaml
    root: Path  # the records folder: nothing outside it is read or written for the packet
    #: with accounts, the office's folder (``<root>/<office>``): the packet's own files, its
    #: profile, photos and emblem must lie inside it; only the frameworks are shared
    office: Path | None = None

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

    def own(self, path: Path) -> bool:
        """Whether *path* is the office's own to write (with accounts: inside its folder;
        a framework shared by many offices is not)."""
        return is_inside(path, self.office if self.office is not None else self.root)


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
