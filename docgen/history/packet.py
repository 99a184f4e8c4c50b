"""One packet's share of the history: the versions of its files and of its office's
profile, what changed between two of them by field, and bringing one back.

A packet's files are those of its folder (packet.yaml, progress.yaml, photos); its
profile's are the office folder's files that lie in no packet's folder
(organisation.yaml, emblem.png). A packet's history shows both: the profile feeds its
documents."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import DocgenError, Problem, RecordsError
from docgen.history.disk import disk_blob
from docgen.history.entry import Version
from docgen.history.fields import change_text, file_changes
from docgen.history.store import History
from docgen.records.source import PACKET_FILE

Labels = Callable[[str, bytes | None], Mapping[str, str]]  # a file (rel) as it is -> its fields' names


@dataclass(frozen=True)
class Share:
    """Which files of the records folder *root* belong to the packet *packet*."""

    root: Path
    packet: Path  # its packet.yaml

    @property
    def folder(self) -> str:
        return Path(os.path.abspath(self.packet.parent)).relative_to(Path(os.path.abspath(self.root))).as_posix()

    @property
    def office(self) -> str:
        return self.folder.split("/", 1)[0]

    def of_packet(self, rel: str) -> bool:
        return rel.startswith(self.folder + "/")

    def of_profile(self, rel: str) -> bool:
        """A file of the office folder in no packet's folder (their packet.yaml says which)."""
        if not rel.startswith(self.office + "/"):
            return False
        parts = rel.split("/")[:-1]
        return not any((self.root.joinpath(*parts[:i]) / PACKET_FILE).is_file() for i in range(2, len(parts) + 1))

    def touches(self, rel: str) -> bool:
        return self.of_packet(rel) or self.of_profile(rel)


def versions(history: History, share: Share, file: str | None = None) -> list[Version]:
    """The packet's versions, newest first (*file*: only those that changed it)."""
    if file is not None:
        return history.versions(lambda rel: rel == file)
    return history.versions(share.touches)


def diff(history: History, share: Share, old: Version, new: Version, labels: Labels) -> list[tuple[str, list[str]]]:
    """Each of the packet's files that differs between *old* and *new*, with its
    changes by field (a file that is not YAML: replaced whole)."""
    before, after = history.tracked(old.commit), history.tracked(new.commit)
    out = []
    for rel in sorted(set(before) | set(after)):
        if before.get(rel) == after.get(rel) or not share.touches(rel):
            continue
        a, b = history.content(old.commit, rel), history.content(new.commit, rel)
        if a is None or b is None:
            out.append((rel, ["ไฟล์ใหม่" if a is None else "ลบไฟล์นี้"]))
            continue
        changes = file_changes(a, b) if rel.endswith((".yaml", ".yml")) else None
        named = labels(rel, b)
        out.append((rel, [change_text(c, named) for c in changes] if changes is not None else ["แทนทั้งไฟล์"]))
    return out


def restoring(history: History, share: Share, version: Version) -> dict[Path, bytes]:
    """The files that restoring *version* writes: of the packet's folder if it changed
    them, of the profile if it changed those, each as the version has it (a file the
    version did not have is left as it is now), where it differs from the file now."""
    parts = [test for test in (share.of_packet, share.of_profile) if any(test(f) for f in version.files)]
    if not parts:
        raise DocgenError(f"ฉบับ {version.id} ไม่ได้แก้ไฟล์ของชุดเอกสาร {share.folder} จึงคืนที่ชุดนี้ไม่ได้"
                          " (ดูฉบับของชุดนี้ได้จาก docgen history)")
    files = {}
    for rel, sha in history.tracked(version.commit).items():
        path = history.root / rel
        if any(test(rel) for test in parts) and disk_blob(path) != sha:
            data = history.content(version.commit, rel)
            if data is not None:
                files[path] = data
    return files


def problems_of(share: Share, files: Mapping[Path, bytes]) -> list[str]:
    """What restoring *files* would break, as a save is checked: a problem in a
    restored file, or a new one in another file of the packet (a progress record
    naming a measure the restored packet lacks)."""
    from docgen.records.loading import load

    def found(proposed: dict[Path, str] | None) -> list[Problem]:
        try:
            load(share.packet, proposed=proposed)
        except RecordsError as exc:
            return exc.problems
        except DocgenError as exc:
            return [Problem(share.packet, None, "", str(exc))]
        return []

    texts = {p: d.decode("utf-8", "replace") for p, d in files.items() if p.suffix in (".yaml", ".yml")}
    if not texts:
        return []
    before = {(os.path.abspath(p.file), p.field, p.message) for p in found(None)}
    out = []
    for p in found(texts):
        mine = any(os.path.abspath(p.file) == os.path.abspath(f) for f in texts)
        if mine or (os.path.abspath(p.file), p.field, p.message) not in before:
            rel = Path(os.path.abspath(p.file)).relative_to(Path(os.path.abspath(share.root))).as_posix()
            out.append(f"{rel}: {p.field + ': ' if p.field else ''}{p.message}")
    return out


def planned_restore(share: Share, name: str) -> tuple[Version, dict[Path, bytes], list[str]]:
    """Restoring the version named *name* to the packet, checked, not yet written: the
    version, the files it writes (none: they are as it has them already) and what they
    would break (:func:`problems_of`). DocgenError for a version not found or not the packet's."""
    history = History(share.root)
    try:
        version = history.find(name)
        files = restoring(history, share, version)
    finally:
        history.close()
    return version, files, problems_of(share, files) if files else []


def summary_of_restore(version: Version) -> str:
    was = version.summary if len(version.summary) <= 80 else version.summary[:79] + "…"
    return f"คืนข้อมูลเป็นฉบับ {version.id} ({version.when_text} โดย {version.who}: {was})"
