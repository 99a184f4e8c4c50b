"""Editing a clerk's records file in place: read, change some values, write back with
every comment, key order, quote and block style kept as the clerk left them.

Used by ``docgen new-year`` and the browser workspace. Dates stay the text the clerk
typed (``2566-02-23`` is a Buddhist-era date, so it is never read as a calendar date,
and ``2567-02-29`` is valid in BE though not in CE); written back, they stay unquoted.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter

TIMESTAMP = "tag:yaml.org,2002:timestamp"


class DateText(str):
    """A date as typed (``2566-02-23``), written back unquoted."""


def date_text(day: Any) -> DateText:
    """*day* (a calendar date) as the records write a date: ``2566-02-22``, Buddhist era."""
    from docgen.thai import be_year

    return DateText(f"{be_year(day.year)}-{day.month:02d}-{day.day:02d}")


class _Constructor(RoundTripConstructor):
    pass


class _Representer(RoundTripRepresenter):
    pass


_Constructor.add_constructor(TIMESTAMP, lambda loader, node: DateText(loader.construct_scalar(node)))
# unquoted where YAML reads it as a date anyway; else plain text (an explicit !!timestamp tag
# on ``2567-02`` would be refused when read)
_DAY = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_Representer.add_representer(DateText, lambda rep, data: rep.represent_scalar(TIMESTAMP, str(data))
                             if _DAY.fullmatch(str(data)) else rep.represent_str(str(data)))


def round_trip() -> YAML:
    """The YAML reader/writer for editing: round trip, lists written ``  - title:`` as
    the sample writes them, long lines never folded."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a clerk's long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_text(text: str) -> Any:
    return round_trip().load(text)


def dump_text(tree: Any) -> str:
    out = io.StringIO()
    round_trip().dump(tree, out)
    return out.getvalue()


def read_for_editing(path: Path) -> tuple[bytes, Any]:
    """A records file to edit: checked first as any records file is (its limits, and
    its problems said in Thai at their line: RecordsError), then its bytes and its
    round-trip tree (a map of names, comments kept). DocgenError otherwise."""
    from docgen.errors import DocgenError
    from docgen.records.yamlread import MAX_RECORDS_BYTES, read_yaml
    from docgen.safefile import Refused, read_regular

    read_yaml(path)
    try:
        data = read_regular(path, limit=MAX_RECORDS_BYTES)
        tree = load_text(data.decode("utf-8"))
    except (Refused, UnicodeDecodeError) as exc:
        raise DocgenError(f"อ่าน {path.name} ไม่ได้: {exc}") from None
    except Exception:  # noqa: BLE001 - what the records' reader accepts but the round trip does not
        raise DocgenError(f"อ่าน {path.name} เพื่อแก้ไขไม่ได้ ให้ตรวจไฟล์ด้วย docgen validate") from None
    if not isinstance(tree, dict):
        raise DocgenError(f"{path.name}: ไฟล์ต้องเป็นชุดข้อมูลแบบ ชื่อ: ค่า")
    return data, tree


def index(part: str) -> int | None:
    """*part* as a list index, if it is one (ASCII digits, not too many)."""
    return int(part) if part.isascii() and part.isdecimal() and len(part) < 7 else None


def step(node: Any, part: str) -> tuple[bool, Any]:
    """One step down *part*: a key of a map (``"007"`` stays a key), an index of a list."""
    if isinstance(node, dict):
        return (True, node[part]) if part in node else (False, None)
    i = index(part)
    if isinstance(node, list) and i is not None and i < len(node):
        return True, node[i]
    return False, None


def get(tree: Any, path: str) -> Any:
    """The value at the dotted *path* (``memo.annotations.chief-executive.date``,
    ``measures.2.lead``), or None where there is none."""
    node = tree
    for part in path.split("."):
        found, node = step(node, part)
        if not found:
            return None
    return node


def version(data: bytes) -> str:
    """A file's version as the workspace tracks it: the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()
