"""Reading one records file: UTF-8, bounded in size, depth and values, every YAML
mistake said in Thai at its line. libyaml reads it where it can (``libyaml``), ruamel's
own parser everywhere else; both give ruamel's round-trip tree."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from docgen.cache import remembered
from docgen.errors import Problem, RecordsError
from docgen.records.libyaml import libyaml_tree
from docgen.records.source import FILE_FIELD, WHOLE_FIELD, YAML_FIELD, Source
from docgen.records.yamlrules import MAX_NODES, Refusal
from docgen.records.yamlrules import Constructor as _Constructor  # the name the bridge's tests know
from docgen.safefile import Refused, read_regular

MAX_RECORDS_BYTES = 1_000_000
MAX_DEPTH = 40  # levels of nesting a records file may use (the sample uses 5)
# characters of keys and text, aliases counted each time they are used: no more than a file
# of MAX_RECORDS_BYTES can hold written out (a character takes one byte or more)
MAX_CHARACTERS = MAX_RECORDS_BYTES


_SHARED: dict[tuple[str, int, int, int], Any] = {}  # parsed shared files, by path and stat
# texts read in place of files (absolute path -> text): a form's edit, checked before it is written
PROPOSED: ContextVar[Mapping[str, str]] = ContextVar("proposed", default={})


def read_shared_yaml(path: Path) -> Source:
    """:func:`read_yaml` for files many packets share (frameworks, an organisation's
    profile): parsed once per process while the file is unchanged (same path, size,
    modification time and inode); the tree is only read, never changed."""
    try:
        st = os.stat(path)
    except OSError:
        return read_yaml(path)
    if os.path.abspath(path) in PROPOSED.get():
        return read_yaml(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns, st.st_ino)
    return Source(path, remembered(_SHARED, key, lambda: read_yaml(path).tree, 256))


def read_yaml(path: Path) -> Source:
    """Read one YAML file as UTF-8; raise RecordsError if it is missing, not a regular
    file, too large, malformed, nested too deep or aliased too often."""
    src = Source(path)

    def fail(line: int | None, field: str, message: str) -> RecordsError:
        return RecordsError([Problem(path, line, field, message)])

    proposed = PROPOSED.get().get(os.path.abspath(path))
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
        src.tree = libyaml_tree(text, _Constructor)
        if src.tree is None:
            src.tree = yaml.load(text)
    except MarkedYAMLError as exc:
        at, message = yaml_problem(exc, text)
        raise fail(at, YAML_FIELD, message) from None
    except ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise fail(line, YAML_FIELD, f"มีอักขระควบคุมที่ใช้ไม่ได้ (U+{exc.character:04X}) มักติดมาจากการคัดลอก"
                                         " ให้ลบออก (ถ้าต้องการจริงให้เขียนในเครื่องหมายคำพูดแบบ \\x..)") from None
    except ValueError:  # a number of thousands of digits (Python's limit on int()): said at its line
        long = re.search(r"[0-9_]{4000,}", text)
        at = text.count("\n", 0, long.start()) + 1 if long else None
        raise fail(at, YAML_FIELD, "มีตัวเลขยาวเกินกว่าจะอ่านได้ (หลายพันหลัก)"
                                        " ถ้าเป็นข้อความให้ใส่ในเครื่องหมายคำพูด ถ้าเป็นตัวเลขให้แก้ให้ถูก") from None
    except (YAMLError, RecursionError) as exc:
        raise fail(None, YAML_FIELD, f"อ่าน YAML ไม่ได้: {type(exc).__name__}") from None
    if not isinstance(src.tree, CommentedMap):
        raise fail(1, WHOLE_FIELD, "ไฟล์ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า")
    too_large = _too_large(src)
    if too_large is not None:
        raise RecordsError([too_large])
    bad = list(_surrogates(src, src.tree))
    if bad:
        raise RecordsError(bad)
    return src


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

    if isinstance(exc, Refusal):
        return line, f"{exc.thai}{shown(line)}"
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


def _too_large(src: Source) -> Problem | None:
    """The problem of a tree larger, walked as validation walks it (a value used by
    alias counted at every use, a merge's values in every mapping they join), than
    MAX_NODES values or MAX_CHARACTERS characters of keys and text, at the line where
    the walk passes the limit; None for a tree within both."""
    count, characters = 0, 0
    stack: list[tuple[Any, Any]] = [(src.tree, None)]  # a value and its place: (key, the parent's place)
    while stack:
        node, place = stack.pop()
        count += 1
        if isinstance(node, str):
            characters += len(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                characters += len(key) if isinstance(key, str) else 0
                stack.append((value, (key, place)))
        elif isinstance(node, list):
            stack.extend((value, (i, place)) for i, value in enumerate(node))
        if count > MAX_NODES or characters > MAX_CHARACTERS:
            loc: list[Any] = []
            while place is not None:
                loc.insert(0, place[0])
                place = place[1]
            said = (f"ข้อมูลมีค่ามากเกิน {MAX_NODES:,} ค่า" if count > MAX_NODES
                    else f"ข้อมูลรวมกันยาวเกิน {MAX_CHARACTERS:,} ตัวอักษร")
            return Problem(src.path, src.line(tuple(loc)), WHOLE_FIELD,
                           f"{said} (มักเกิดจากการอ้างอิงซ้ำด้วย & และ *) ให้เขียนค่าโดยตรงแทนการอ้างอิง")
    return None
