"""Load a packet's records: YAML files -> validated models, every problem reported with
its file, line and field, in Thai.

A packet is a ``packet.yaml`` that names (by relative path) the organisation profile
and the ITA framework file it uses.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from docgen.cache import remembered
from docgen.errors import Problem, RecordsError, UsageError
from docgen.records.models import Framework, Organisation, Packet, Progress
from docgen.safefile import Refused, is_inside, read_regular, records_root
from docgen.thai import Literal

PACKET_FILE = "packet.yaml"
PROGRESS_FILE = "progress.yaml"  # beside the packet: what was done under the measures
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
        dotted = ".".join(str(p) for p in loc) or WHOLE_FIELD
        return Problem(self.path, self.line(loc), dotted, message)


@dataclass
class Records:
    """A packet's validated records (organisation, this year's framework, the packet,
    and last year's framework where the packet names one) and where each came from."""

    organisation: Organisation
    framework: Framework
    packet: Packet
    sources: dict[str, Source]
    root: Path = Path("records")  # the records folder the files named in records must stay in
    previous_framework: Framework | None = None  # the framework last year's result was judged by
    progress: Progress | None = None  # progress.yaml beside the packet, when the office has made it
    warnings: list[Problem] = field(default_factory=list)

    @property
    def judged_by(self) -> Framework:
        """The framework last year's result is read against: last year's, else this year's."""
        return self.previous_framework or self.framework


# the field a problem of a whole records file is said under (not one of its values)
FILE_FIELD, YAML_FIELD, WHOLE_FIELD = "(ไฟล์)", "(รูปแบบ YAML)", "(ทั้งไฟล์)"
WHOLE_FILE = (FILE_FIELD, YAML_FIELD, WHOLE_FIELD)

MAX_RECORDS_BYTES = 1_000_000
MAX_DEPTH = 40  # levels of nesting a records file may use (the sample uses 5)
MAX_NODES = 200_000  # values, aliases counted each time they are used


_SHARED: dict[tuple[str, int, int, int], Any] = {}  # parsed shared files, by path and stat
# texts read in place of files (absolute path -> text): a form's edit, checked before it is written
_PROPOSED: ContextVar[Mapping[str, str]] = ContextVar("proposed", default={})


def read_shared_yaml(path: Path) -> Source:
    """:func:`read_yaml` for files many packets share (frameworks, an organisation's
    profile): parsed once per process while the file is unchanged (same path, size,
    modification time and inode); the tree is only read, never changed."""
    try:
        st = os.stat(path)
    except OSError:
        return read_yaml(path)
    if os.path.abspath(path) in _PROPOSED.get():
        return read_yaml(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino)
    return Source(path, remembered(_SHARED, key, lambda: read_yaml(path).tree, 256))


def read_yaml(path: Path) -> Source:
    """Read one YAML file as UTF-8; raise RecordsError if it is missing, not a regular
    file, too large, malformed, nested too deep or aliased too often."""
    src = Source(path)

    def fail(line: int | None, field: str, message: str) -> RecordsError:
        return RecordsError([Problem(path, line, field, message)])

    proposed = _PROPOSED.get().get(os.path.abspath(path))
    try:
        data = read_regular(path, limit=MAX_RECORDS_BYTES) if proposed is None else proposed.encode("utf-8")
    except Refused as exc:
        raise fail(None, FILE_FIELD, str(exc)) from None
    if len(data) > MAX_RECORDS_BYTES:
        raise fail(None, FILE_FIELD, f"ข้อมูลยาวเกิน {MAX_RECORDS_BYTES:,} ไบต์")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(line, FILE_FIELD, "ไฟล์ไม่ได้บันทึกเป็น UTF-8 ให้บันทึกใหม่เป็น UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    deep = _too_deep(text)
    if deep is not None:
        raise fail(deep, YAML_FIELD, f"ข้อมูลซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น ให้ตรวจการย่อหน้าและวงเล็บ [ ] {{ }}")
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        src.tree = _libyaml_tree(text)
        if src.tree is None:
            src.tree = yaml.load(text)
    except MarkedYAMLError as exc:
        line, message = yaml_problem(exc, text)
        raise fail(line, YAML_FIELD, message) from None
    except ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise fail(line, YAML_FIELD, f"มีอักขระควบคุมที่ใช้ไม่ได้ (U+{exc.character:04X}) มักติดมาจากการคัดลอก"
                                         " ให้ลบออก (ถ้าต้องการจริงให้เขียนในเครื่องหมายคำพูดแบบ \\x..)") from None
    except ValueError as exc:  # a number of thousands of digits (Python's limit on int())
        raise fail(None, YAML_FIELD, "มีตัวเลขยาวเกินกว่าจะอ่านได้ ถ้าเป็นข้อความให้ใส่ในเครื่องหมายคำพูด"
                                        f" ({str(exc)[:80]})") from None
    except (YAMLError, RecursionError) as exc:
        raise fail(None, YAML_FIELD, f"อ่าน YAML ไม่ได้: {type(exc).__name__}") from None
    if not isinstance(src.tree, CommentedMap):
        raise fail(1, WHOLE_FIELD, "ไฟล์ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า")
    if _count_nodes(src.tree) > MAX_NODES:
        raise fail(None, WHOLE_FIELD, f"ข้อมูลมีค่ามากเกิน {MAX_NODES:,} ค่า (มักเกิดจากการอ้างอิงซ้ำด้วย & และ *)"
                                      " ให้เขียนค่าโดยตรงแทนการอ้างอิง")
    bad = list(_surrogates(src, src.tree))
    if bad:
        raise RecordsError(bad)
    return src


try:
    from yaml.cyaml import CParser as _CParser  # PyYAML's binding of libyaml
except ImportError:  # PyYAML built without libyaml
    _CParser = None

# what libyaml reads otherwise than ruamel: line ends it counts apart, directives, tabs
# (libyaml takes one after a colon) and a byte-order mark inside the text
_NOT_FOR_LIBYAML = re.compile("[\x85\u2028\u2029\t\ufeff]|^%", re.M)
_TAGS = (None, "!", "!literal")  # the tags libyaml's nodes keep as ruamel's do


def _libyaml_tree(text: str) -> Any:
    """What ruamel's round-trip loader makes of *text* (the same types, the same line
    numbers), from libyaml's parse, several times faster; None where libyaml cannot
    stand in: not installed, a directive or a line end it counts otherwise, anything
    it refuses (ruamel's own parser then reads the file and says what is wrong, in the
    same words as ever), an error or a warning while building the tree."""
    if _CParser is None or _NOT_FOR_LIBYAML.search(text):
        return None
    import warnings

    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            node = _compose(_CParser(text), yaml.resolver)
            tree = yaml.constructor.construct_document(node) if node is not None else None
    except Exception:  # noqa: BLE001 - whatever it is, ruamel's parser will say it
        return None
    return None if warned else tree


def _compose(parser: Any, resolver: Any) -> Any:
    """ruamel's nodes (as its composer makes them) from libyaml's events; None for
    what ruamel's composer would refuse or warn of (an undefined or reused anchor,
    a second document), for tags other than ``!literal`` (ruamel keeps more of them),
    and for an empty item or key (libyaml puts it on another line)."""
    import yaml.events as ev
    from ruamel.yaml.error import StreamMark
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    def mark(m: Any) -> StreamMark:
        return StreamMark(m.name, m.index, m.line, m.column)

    root, open_, anchors, documents = None, [], {}, 0  # open_: [collection, key waiting for its value]
    while (event := parser.get_event()) is not None:
        kind = type(event)
        if kind is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                return None
            continue
        if kind in (ev.SequenceEndEvent, ev.MappingEndEvent):
            open_.pop()[0].end_mark = mark(event.end_mark)
            continue
        if kind is ev.AliasEvent:
            if event.anchor not in anchors:
                return None
            node = anchors[event.anchor]
        elif kind in (ev.ScalarEvent, ev.SequenceStartEvent, ev.MappingStartEvent):
            node_class = {ev.ScalarEvent: ScalarNode, ev.SequenceStartEvent: SequenceNode}.get(kind, MappingNode)
            tag = event.tag
            if tag not in _TAGS or (node_class is ScalarNode and event.value == "" and not event.style and open_
                                    and (open_[-1][1] is None or not isinstance(open_[-1][0], MappingNode))):
                return None
            if tag is None or tag == "!":
                tag = resolver.resolve(node_class, event.value if node_class is ScalarNode else None, event.implicit)
            if node_class is ScalarNode:
                node = ScalarNode(tag, event.value, mark(event.start_mark), mark(event.end_mark),
                                  style=event.style or None, anchor=event.anchor)
            else:
                node = node_class(tag, [], mark(event.start_mark), None, flow_style=event.flow_style,
                                  anchor=event.anchor)
            if event.anchor is not None:
                if event.anchor in anchors:
                    return None
                anchors[event.anchor] = node
        else:  # the stream's start and end, a document's end
            continue
        if not open_:
            root = node
        elif isinstance(open_[-1][0], MappingNode):
            if open_[-1][1] is None:
                open_[-1][1] = node
            else:
                open_[-1][0].value.append((open_[-1][1], node))
                open_[-1][1] = None
        else:
            open_[-1][0].value.append(node)
        if kind in (ev.SequenceStartEvent, ev.MappingStartEvent):
            open_.append([node, None])
    return root


def yaml_problem(exc: MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line of a YAML mistake and a Thai sentence saying what it is and what to do,
    with the line itself (the parser's own words never reach the clerk)."""
    lines = text.splitlines()
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "") + " " + (exc.context or "")

    def shown(n: int | None) -> str:
        return f" ข้อความบรรทัดนั้น: “{lines[n - 1].strip()[:80]}”" if n and 0 < n <= len(lines) else ""

    if "\t" in problem or "'\\t'" in problem:
        return line, f"ย่อหน้าด้วยปุ่ม Tab (คอลัมน์ {column}) ให้ลบ Tab แล้วเว้นวรรคด้วยช่องว่างแทน{shown(line)}"
    if "duplicate key" in problem:
        found = re.search(r'duplicate key "([^"]*)"', problem)
        key = found.group(1) if found else ""
        here = lines[line - 1] if line and line <= len(lines) else ""
        indent = len(here) - len(here.lstrip())
        first = next((n for n in range(1, line or 1) if lines[n - 1].startswith(" " * indent + key + ":")
                      and len(lines[n - 1]) - len(lines[n - 1].lstrip()) == indent), None)
        again = f"ซ้ำกับบรรทัด {first}" if first else "ซ้ำ"
        return line, (f"ชื่อ '{key}' {again} ในชุดเดียวกัน ให้ลบบรรทัดที่ไม่ใช้หรือรวมเป็นอันเดียว{shown(line)}")
    if "another document" in problem or "document start" in problem:
        return line, f"มีเส้นแบ่ง --- ทำให้ไฟล์มีข้อมูลสองชุด ไฟล์ข้อมูลต้องมีชุดเดียว ให้ลบบรรทัด ---{shown(line)}"
    if "end of stream" in problem and ("quoted" in problem or "scalar" in problem):
        start = exc.context_mark.line + 1 if exc.context_mark else line
        return start, f"เปิดเครื่องหมายคำพูดไว้แต่ไม่ได้ปิด ให้ใส่เครื่องหมายคำพูดปิดท้ายค่า{shown(start)}"
    if "flow sequence" in problem or "flow mapping" in problem:
        start = exc.context_mark.line + 1 if exc.context_mark else line
        return start, f"เปิดวงเล็บ [ หรือ {{ ไว้แต่ไม่ได้ปิด ให้ใส่ ] หรือ }} ปิดท้ายค่า{shown(start)}"
    if "mapping values are not allowed" in problem or "could not find expected ':'" in problem:
        # a name without its colon reads as text running on to the next line's colon
        for n in range((line or 1) - 1, 0, -1):
            candidate = lines[n - 1].strip()
            if candidate and not candidate.startswith("#"):
                if ":" not in candidate.split("#")[0] and not candidate.startswith("-"):
                    return n, f"ขาดเครื่องหมาย : หลังชื่อ ให้เขียนแบบ “ชื่อ: ค่า”{shown(n)}"
                break
        return line, (f"มีเครื่องหมาย : ในค่า (คอลัมน์ {column}) ถ้าค่ามี : ให้ใส่ค่าทั้งหมดในเครื่องหมายคำพูด"
                      f"{shown(line)}")
    return line, (f"เขียนรูปแบบ YAML ไม่ถูกต้องที่คอลัมน์ {column} ให้ตรวจการย่อหน้า เครื่องหมาย : และเครื่องหมายคำพูด"
                  f"{shown(line)}")


def _too_deep(text: str) -> int | None:
    """The line where nesting first goes past MAX_DEPTH (flow brackets, or block
    indentation counted in levels), or None. Checked before parsing: the parser
    recurses once per level."""
    depth, quote, indents = 0, "", [0]
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" -")
        if stripped and not stripped.startswith("#"):
            indent = len(line) - len(stripped)
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            if len(indents) > MAX_DEPTH:
                return number
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif ch in "]}":
                depth = max(0, depth - 1)
        quote = ""  # quotes do not run across lines in records files worth reading this way
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogates(src: Source, node: Any, loc: tuple[Any, ...] = (), depth: int = 0) -> Iterator[Problem]:
    """A problem for every key or value holding a lone surrogate (a half of a
    character, from an escape like "\\ud800"): it cannot be written to a document."""
    if depth > MAX_DEPTH:
        return
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        where = (*loc, key)
        for text in (key, value):
            if isinstance(text, str) and (bad := _SURROGATE.search(text)):
                yield src.problem(where if text is value else loc,
                                  f"มีอักขระเสีย (U+{ord(bad.group()):04X}) ซึ่งเขียนลงเอกสารไม่ได้"
                                  " มักเกิดจากการคัดลอกข้อความมาไม่ครบ ให้ลบแล้วพิมพ์ส่วนนั้นใหม่")
        yield from _surrogates(src, value, where, depth + 1)


def _count_nodes(tree: Any) -> int:
    """How many values a walk of *tree* meets, aliases counted at every use (what
    validation will meet); stops counting past MAX_NODES."""
    count, stack = 0, [tree]
    while stack and count <= MAX_NODES:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return count


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
    if err["type"] != "missing" and err.get("input", "") is None:
        return "ยังไม่ได้กรอก ต้องใส่ค่านี้"
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
    if not is_inside(path, root):
        raise RecordsError([packet.problem(loc, f"ไฟล์ '{ref}' อยู่นอกโฟลเดอร์ข้อมูล {root} ให้ย้ายไฟล์มาไว้ในโฟลเดอร์นั้น")])
    return read_shared_yaml(path)


def load(records: Path | str | None = None, *, proposed: Mapping[Path, str] | None = None) -> Records:
    """Load and check a packet with its organisation profile and framework.

    Returns the validated :class:`Records` (with any warnings); raises
    :class:`RecordsError` listing every problem found in any of the three files.
    *proposed* (path -> text) is read in place of those files: an edit is checked
    by the same rules before anything is written.
    """
    token = _PROPOSED.set({os.path.abspath(p): t for p, t in (proposed or {}).items()})
    try:
        return _load(records)
    finally:
        _PROPOSED.reset(token)


def _load(records: Path | str | None) -> Records:
    from docgen.records.checks import check  # the cross-record rules

    packet_src = read_yaml(find_packet(records))
    root = records_root(packet_src.path)
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
                sources[name] = _referenced(packet_src, (name,), ref, root)
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
            sources["progress"] = read_yaml(progress_path)
            progress = validate(sources["progress"], Progress)
        except RecordsError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordsError(problems)
    recs = Records(models["organisation"], models["framework"], models["packet"], sources, root=root,
                   previous_framework=previous, progress=progress)
    errors, recs.warnings = check(recs)
    if errors:
        raise RecordsError(errors)
    return recs
