"""What a memo puts before its officials, held still from its sending to a new round:
the records file it is written from (the packet memo: packet.yaml, with the report's
measures and the circular it approves; the progress memo: progress.yaml), less what
the chain and the register themselves write into it (the notes, the numbers, the
circular's date set at the decision). Compared by values, not by layout: a comment or
a quoting changed by an editor changes nothing approved."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

#: document -> (its records file's name, the values that are not what the memo approves)
MEMOS = {
    "memo": ("packet.yaml", (("memo", "number"), ("memo", "annotations"), ("circular", "number"),
                             ("circular", "date"))),
    "progress-memo": ("progress.yaml", (("memo", "number"), ("memo", "annotations"))),
}
NAMES = {"memo": "บันทึกข้อความเสนอผู้บริหาร", "progress-memo": "บันทึกข้อความเสนอรายงานผล"}
#: the decisions of the chain's last official, as the records and the memo hold them
DECISIONS = {"approved": "อนุมัติ", "noted": "ทราบ", "not-approved": "ไม่อนุมัติ"}
GONE = "(ไม่มีไฟล์)"


def document_of(path: Path) -> str | None:
    """The memo whose content the records file *path* holds (None: no memo's)."""
    return next((doc for doc, (name, _) in MEMOS.items() if path.name == name), None)


def file_of(packet: Path, document: str) -> Path:
    """The records file of *document* of the packet whose packet.yaml is *packet*."""
    return packet.with_name(MEMOS[document][0])


def content_hash(document: str, data: bytes | None) -> str:
    """The SHA-256 of what *document* approves in its records file's bytes *data*."""
    if data is None:
        return hashlib.sha256(GONE.encode()).hexdigest()
    import yaml

    try:
        tree: Any = yaml.load(data.decode("utf-8"), Loader=yaml.BaseLoader)  # values as typed, every one text
    except (yaml.YAMLError, UnicodeDecodeError):
        return hashlib.sha256(data).hexdigest()  # not YAML: its bytes are what it holds
    if isinstance(tree, dict):
        for part, key in MEMOS[document][1]:
            held = tree.get(part)
            if isinstance(held, dict):
                tree[part] = {k: v for k, v in held.items() if k != key}
    text = json.dumps(tree, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
