"""Load a packet's records: YAML files -> validated models, every problem reported with
its file, line and field, in Thai.

A packet is a ``packet.yaml`` that names (by relative path) the organisation profile
and the ITA framework file it uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError

from .errors import Problem, RecordsError, UsageError
from .models import Framework, Organisation, Packet
from .thai import Literal

PACKET_FILE = "packet.yaml"
M = TypeVar("M", bound=BaseModel)


class _Constructor(RoundTripConstructor):
    """Round-trip loading (keeps line numbers) with two changes: timestamps stay text,
    because ``2567-02-29`` is a real BE date but no CE one, and ``!literal`` marks text
    whose digits must stay as typed."""


def _as_text(loader: RoundTripConstructor, node: Any) -> str:
    return str(loader.construct_scalar(node))


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _as_text)
_Constructor.add_constructor("!literal", lambda loader, node: Literal(_as_text(loader, node)))


@dataclass
class Source:
    """One records file as read: its path and its YAML tree (for line numbers)."""

    path: Path
    tree: Any = None

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the deepest node of *loc* that exists in the file."""
        node, line = self.tree, None
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line or (1 if self.tree is not None else None)

    def problem(self, loc: tuple[Any, ...], message: str) -> Problem:
        dotted = ".".join(str(p) for p in loc) or "(ทั้งไฟล์)"
        return Problem(self.path, self.line(loc), dotted, message)


@dataclass
class Records:
    """A packet's three validated records and where each came from."""

    organisation: Organisation
    framework: Framework
    packet: Packet
    sources: dict[str, Source]
    warnings: list[Problem] = field(default_factory=list)


def read_yaml(path: Path) -> Source:
    """Read one YAML file as UTF-8; raise RecordsError if it is missing or malformed."""
    src = Source(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RecordsError([Problem(path, None, "(ไฟล์)", "ไม่พบไฟล์นี้")]) from None
    except UnicodeDecodeError:
        raise RecordsError([Problem(path, None, "(ไฟล์)", "ไฟล์ไม่ได้บันทึกเป็น UTF-8 ให้บันทึกใหม่เป็น UTF-8")]) from None
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        src.tree = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RecordsError([Problem(path, line, "(รูปแบบ YAML)", f"เขียน YAML ไม่ถูกต้อง: {exc.problem}")]) from None
    if not isinstance(src.tree, CommentedMap):
        raise RecordsError([Problem(path, 1, "(ทั้งไฟล์)", "ไฟล์ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า")])
    return src


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
}


def _thai_message(err: dict[str, Any]) -> str:
    if err["type"] == "docgen":
        return str(err["msg"])
    template = _MESSAGES.get(err["type"])
    if template is None:
        return str(err["msg"])
    return template.format(key=err["loc"][-1] if err["loc"] else "", **(err.get("ctx") or {}))


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
    """Resolve ``-r PACKET``: a packet file, a folder holding ``packet.yaml``, or (with
    none given) the only packet under ``./records``."""
    if records is None:
        root = Path("records")
        found = sorted(root.rglob(PACKET_FILE)) if root.is_dir() else []
        if len(found) == 1:
            return found[0]
        if not found:
            raise UsageError("ไม่พบ packet.yaml ใต้โฟลเดอร์ records/ ให้ระบุด้วย -r PACKET")
        listing = "\n".join(f"  {p}" for p in found)
        raise UsageError(f"มี packet.yaml หลายชุดใต้ records/ ให้เลือกด้วย -r PACKET:\n{listing}")
    records = Path(records)
    if records.is_dir():
        records = records / PACKET_FILE
    if not records.is_file():
        raise UsageError(f"ไม่พบไฟล์ข้อมูล {records}")
    return records


def load(records: Path | str | None = None) -> Records:
    """Load and check a packet with its organisation profile and framework.

    Returns the validated :class:`Records` (with any warnings); raises
    :class:`RecordsError` listing every problem found in any of the three files.
    """
    from .checks import check  # the cross-record rules

    packet_src = read_yaml(find_packet(records))
    base = packet_src.path.parent
    problems: list[Problem] = []
    models: dict[str, Any] = {}
    sources = {"packet": packet_src}
    for name, model in (("packet", Packet), ("organisation", Organisation), ("framework", Framework)):
        try:
            if name != "packet":
                ref = packet_src.tree.get(name)
                if not isinstance(ref, str):
                    problems.append(packet_src.problem((name,), f"ต้องระบุที่อยู่ไฟล์ {name} (เทียบกับไฟล์นี้)"))
                    continue
                sources[name] = read_yaml(Path(os.path.normpath(base / ref)))
            models[name] = validate(sources[name], model)
        except RecordsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordsError(problems)
    recs = Records(models["organisation"], models["framework"], models["packet"], sources)
    errors, recs.warnings = check(recs)
    if errors:
        raise RecordsError(errors)
    return recs
