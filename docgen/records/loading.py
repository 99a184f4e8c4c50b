"""Load a packet's records: YAML files -> validated models, every problem reported with
its file, line and field, in Thai.

A packet is a ``packet.yaml`` that names (by relative path) the organisation profile
and the ITA framework file it uses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from docgen.errors import Problem, RecordsError, UsageError
from docgen.records.bounds import MAX_PATH
from docgen.records.models import Framework, Organisation, Packet, Progress
from docgen.records.source import FILE_FIELD, PACKET_FILE, PROGRESS_FILE, Records, Source
from docgen.records.yamlread import PROPOSED, read_shared_yaml, read_yaml
from docgen.safefile import is_inside, records_root

M = TypeVar("M", bound=BaseModel)


_MESSAGES = {
    "missing": "ขาดข้อมูลนี้ ต้องใส่",
    "extra_forbidden": "ไม่รู้จักชื่อ '{key}' (อาจสะกดผิด) ให้ลบออกหรือแก้ให้ตรงกับชื่อที่ใช้ได้",
    "string_type": "ต้องเป็นข้อความ",
    "dict_type": "ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า",
    "model_type": "ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า",
    "list_type": "ต้องเป็นรายการ (แต่ละข้อขึ้นบรรทัดด้วย - )",
    "too_short": "ต้องมีอย่างน้อย {min_length} รายการ",
    "bool_type": "ต้องเป็น true หรือ false",
    "bool_parsing": "ต้องเป็น true หรือ false",
    "int_type": "ต้องเป็นจำนวนเต็ม",
    "int_parsing": "ต้องเป็นจำนวนเต็ม",
    "int_from_float": "ต้องเป็นจำนวนเต็ม",
    "literal_error": "ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {expected}",
    "string_too_long": "ยาว {length:,} ตัวอักษร เกินที่รับได้ ({max_length:,} ตัวอักษร) ให้ย่อให้สั้นลง",
}


def _thai_message(err: ErrorDetails) -> str:
    if err["type"] == "docgen":
        return str(err["msg"])
    if err["type"] != "missing" and err.get("input", "") is None:
        return "ยังไม่ได้กรอก ต้องใส่ค่านี้"
    template = _MESSAGES.get(err["type"])
    if template is None:
        return str(err["msg"])
    length = len(err["input"]) if isinstance(err.get("input"), str) else 0
    return template.format(key=err["loc"][-1] if err["loc"] else "", length=length, **(err.get("ctx") or {}))


def validate(src: Source, model: type[M]) -> M:
    """Validate *src* against *model*; raise RecordsError naming every bad field."""
    try:
        return model.model_validate(src.tree)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("[")))
            problems.append(src.problem(loc, _thai_message(err)))
        raise RecordsError(problems) from None


def find_packet(records: Path | str | None = None) -> Path:
    """Resolve ``-r PACKET``: a packet file or a folder holding ``packet.yaml``; with none
    given, the packet of the current folder, else the newest fiscal year of the only
    organisation under ``./records`` (see :func:`default_packet`)."""
    return default_packet()[0] if records is None else _named_packet(Path(records))


def _named_packet(records: Path) -> Path:
    if records.is_dir():
        records = records / PACKET_FILE
    if not records.is_file():
        raise UsageError(f"ไม่พบไฟล์ข้อมูล {records}")
    return records


def _year_of(packet: Path) -> int:
    name = packet.parent.name
    return int(name) if name.isdigit() else -1


def default_packet() -> tuple[Path, str | None]:
    """The packet docgen uses when none is named, and a line saying which (or None
    when the choice is plain): the current folder's ``packet.yaml``; else, under
    ``./records``, the newest fiscal year of the only organisation. Several
    organisations are listed for the clerk to choose from (a usage error)."""
    here = Path(PACKET_FILE)
    if here.is_file():
        return here, None
    root = Path("records")
    found = sorted(root.rglob(PACKET_FILE)) if root.is_dir() else []
    if not found:
        raise UsageError("ไม่พบ packet.yaml ในโฟลเดอร์นี้หรือใต้โฟลเดอร์ records/ ให้ระบุด้วย -r PACKET")
    by_org: dict[Path, list[Path]] = {}
    for packet in found:
        by_org.setdefault(packet.parent.parent, []).append(packet)
    if len(by_org) > 1:
        listing = "\n".join(f"  {org.name}: " + ", ".join(str(p.parent) for p in sorted(packets, key=_year_of))
                            for org, packets in sorted(by_org.items()))
        raise UsageError(f"มีข้อมูลของหลายองค์กรใต้ records/ ให้เลือกด้วย -r PACKET:\n{listing}")
    packets = sorted(next(iter(by_org.values())), key=_year_of)
    newest = packets[-1]
    return newest, (f"ใช้ข้อมูล {newest} (ปีงบประมาณล่าสุด จาก {len(packets)} ปี)" if len(packets) > 1 else None)


def _referenced(packet: Source, loc: tuple[Any, ...], ref: str, root: Path) -> Source:
    """The records file the packet names at *loc* (*ref*, relative to the packet), read
    as a shared file; a file outside the records folder is refused at *loc*."""
    path = Path(os.path.normpath(packet.path.parent / ref))
    return _confined(path, root, ref, lambda message: packet.problem(loc, message), read_shared_yaml)


def _confined(path: Path, root: Path, shown: str, refuse: Callable[[str], Problem],
              read: Callable[[Path], Source]) -> Source:
    """Every records file the packet reads: *path* read by *read*, unless, with every
    symbolic link followed, it lies outside the records folder *root* (then the
    problem *refuse* makes of the message, naming the file as *shown*)."""
    if not is_inside(path, root):
        raise RecordsError([refuse(f"ไฟล์ '{shown}' อยู่นอกโฟลเดอร์ข้อมูล {root} ให้ย้ายไฟล์มาไว้ในโฟลเดอร์นั้น")])
    return read(path)


#: set by the workspace with accounts for the builds it starts: the office's folder
OFFICE_FOLDER = "DOCGEN_OFFICE_FOLDER"


def load(records: Path | str | None = None, *, proposed: Mapping[Path, str] | None = None,
         office: Path | None = None) -> Records:
    """Load and check a packet with its organisation profile and framework.

    Returns the validated :class:`Records` (with any warnings); raises
    :class:`RecordsError` listing every problem found in any of the three files.
    *proposed* (path -> text) is read in place of those files: an edit is checked
    by the same rules before anything is written. *office* (or ``$DOCGEN_OFFICE_FOLDER``,
    which the workspace with accounts gives its builds): the folder of one office among
    many, which the packet's own files (profile, progress, photos, emblem, templates)
    may not leave; only the frameworks are read from the records folder beside it, and
    ``allow_outside_records`` is refused.
    """
    token = PROPOSED.set({os.path.abspath(p): t for p, t in (proposed or {}).items()})
    try:
        return _load(records, office or (Path(os.environ[OFFICE_FOLDER]) if os.environ.get(OFFICE_FOLDER) else None))
    finally:
        PROPOSED.reset(token)


def _load(records: Path | str | None, office: Path | None) -> Records:
    from docgen.records.checks import check  # the cross-record rules

    packet_src = read_yaml(find_packet(records))
    root = records_root(packet_src.path)
    own = office if office is not None else root
    problems: list[Problem] = []
    models: dict[str, Any] = {}
    sources = {"packet": packet_src}
    for name, model in (("packet", Packet), ("organisation", Organisation), ("framework", Framework)):
        try:
            if name != "packet":
                ref = packet_src.tree.get(name)
                if not isinstance(ref, str) or not ref.strip():
                    problems.append(packet_src.problem((name,), f"ต้องระบุที่อยู่ไฟล์ {name} (เทียบกับไฟล์นี้)"))
                    continue
                if len(ref) > MAX_PATH:  # the packet's own check says so
                    continue
                sources[name] = _referenced(packet_src, (name,), ref, own if name == "organisation" else root)
            models[name] = validate(sources[name], model)
        except RecordsError as exc:
            problems.extend(exc.problems)
    if "packet" not in models and "organisation" in sources:
        from docgen.records.checks import raw_references

        problems += [p for p in raw_references(packet_src, sources["organisation"].tree) if p not in problems]
    previous = None
    ref = (packet_src.tree.get("previous_result") or {}).get("framework") if not problems else None
    if isinstance(ref, str) and ref.strip():
        try:
            sources["previous_framework"] = _referenced(packet_src, ("previous_result", "framework"), ref, root)
            previous = validate(sources["previous_framework"], Framework)
        except RecordsError as exc:
            problems.extend(exc.problems)
    progress = None
    progress_path = packet_src.path.parent / PROGRESS_FILE
    if progress_path.exists() or progress_path.is_symlink():
        try:
            sources["progress"] = _confined(progress_path, own, PROGRESS_FILE, lambda message: Problem(
                progress_path, None, FILE_FIELD, message), read_yaml)
            progress = validate(sources["progress"], Progress)
        except RecordsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordsError(problems)
    recs = Records(models["organisation"], models["framework"], models["packet"], sources, root=own,
                   previous_framework=previous, progress=progress, strict=office is not None)
    errors, recs.warnings = check(recs)
    if errors:
        raise RecordsError(errors)
    return recs
