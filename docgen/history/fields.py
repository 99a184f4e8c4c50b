"""What changed between two versions of a records file, by field: each value that
differs named by its dotted path (``previous_result.indicators.budget``, ``measures.2.title``:
the path ``docgen validate`` and the workspace's forms name, lists counted from 0), with
the value before and after; and the one-line Thai summary a version is kept with."""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GONE = object()  # no value on that side
SHOWN = 3  # changes named in a summary; the rest are counted


@dataclass(frozen=True)
class Change:
    path: str
    before: Any  # GONE: added
    after: Any  # GONE: removed


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def tree_changes(before: Any, after: Any, at: str = "") -> list[Change]:
    """The values that differ between two trees of records, by path. A list whose
    items were added or removed is matched item by item (difflib), so adding a measure
    is one change, not one for every measure after it."""
    here = at or "(ทั้งไฟล์)"
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        out: list[Change] = []
        for key in list(before) + [k for k in after if k not in before]:
            out += tree_changes(before.get(key, GONE), after.get(key, GONE), f"{at}.{key}" if at else str(key))
        return out
    if isinstance(before, list) and isinstance(after, list):
        if len(before) == len(after):
            return [c for i, (b, a) in enumerate(zip(before, after)) for c in tree_changes(b, a, f"{at}.{i}")]
        out = []
        matcher = difflib.SequenceMatcher(a=[_key(b) for b in before], b=[_key(a) for a in after], autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                out += tree_changes(before[i1 + k], after[j1 + k], f"{at}.{j1 + k}")
            out += [Change(f"{at}.{i}", before[i], GONE) for i in range(i1 + pairs, i2)]
            out += [Change(f"{at}.{j}", GONE, after[j]) for j in range(j1 + pairs, j2)]
        return out
    if before is GONE and after is GONE:
        return []
    return [] if before == after and type(before) is type(after) else [Change(here, before, after)]


def read_tree(data: bytes | None) -> Any:
    """A records file's values (None: no file); raise ValueError if it is not YAML."""
    if data is None:
        return GONE
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="base", pure=True).load(data.decode("utf-8"))  # every value as written: 94.10, not 94.1
    except (YAMLError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None


def file_changes(before: bytes | None, after: bytes | None) -> list[Change] | None:
    """The fields that differ between two versions of a YAML file (None: one of them
    is not YAML that can be read, or the file is not YAML)."""
    try:
        return tree_changes(read_tree(before), read_tree(after))
    except ValueError:
        return None


def shown(value: Any, limit: int = 60) -> str:
    """A value as a summary shows it: a map by its title or name, a list by its count."""
    if isinstance(value, Mapping):
        named = next((value[k] for k in ("title", "name", "caption") if isinstance(value.get(k), str)), None)
        value = named if named is not None else f"({len(value)} ช่อง)"
    elif isinstance(value, list):
        value = f"({len(value)} รายการ)"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def change_text(change: Change, labels: Mapping[str, str] | None = None) -> str:
    """One change in Thai: ``แก้คะแนน 96.77 → 69.77``, ``เพิ่มมาตรการ ...``, ``ลบ ...``."""
    label = (labels or {}).get(change.path) or change.path
    if change.before is GONE:
        return f"เพิ่ม{label} {shown(change.after)}"
    if change.after is GONE:
        return f"ลบ{label} {shown(change.before)}"
    return f"แก้{label} {shown(change.before)} → {shown(change.after)}"


def summary(changes: list[Change], labels: Mapping[str, str] | None = None) -> str:
    """The changes in one line: the first few named, the rest counted."""
    if not changes:
        return "ไม่มีค่าใดเปลี่ยน (เปลี่ยนเฉพาะการจัดรูปแบบหรือหมายเหตุ)"
    text = "; ".join(change_text(c, labels) for c in changes[:SHOWN])
    return text + (f" และอีก {len(changes) - SHOWN} รายการ" if len(changes) > SHOWN else "")


def describe(rel: str, before: bytes | None, after: bytes | None, labels: Mapping[str, str] | None = None) -> str:
    """A file's change in one line: its name, and for a YAML file its fields."""
    if before is None:
        return f"เพิ่มไฟล์ {rel}"
    if after is None:
        return f"ลบไฟล์ {rel}"
    changes = file_changes(before, after) if rel.endswith((".yaml", ".yml")) else None
    return f"{rel} ({summary(changes, labels) if changes is not None else 'แทนทั้งไฟล์'})"
