"""Form fields over a records file's YAML tree: how a value is shown in a form, read
back from what the clerk typed, and written into the tree without disturbing what the
clerk wrote around it.

A field is named by its dotted path in the file (``previous_result.indicators.duty``,
``measures.2.lead``): the same path ``docgen validate`` names in its messages, so each
message is shown beside its field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from docgen import thai
from docgen.records.edit import date_text, index, step

Options = list[tuple[str, str]]  # (value, label)


@dataclass
class Field:
    name: str  # dotted path in the file
    label: str
    kind: str  # text, long, number, date, month, select, checks, lines, activities
    value: Any = None  # as shown: a string, or for checks/lines a list
    options: Options = field(default_factory=list)
    year_options: Options = field(default_factory=list)  # a month picker's Buddhist-era years
    hint: str = ""
    required: bool = True
    errors: list[str] = field(default_factory=list)
    in_file: str | None = None  # after a conflict: the value the file now holds, where it differs

    @property
    def dom_id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)


# --------------------------------------------------------------------------- the tree


def put(tree: Any, path: str, value: Any) -> None:
    """Set *path* to *value*, making the maps on the way; an unchanged value is left
    as the clerk wrote it (its quotes, its folding, its block or flow style), a list is
    changed item by item (each item keeps its comment), and an empty optional key that
    is not there is not added. A path through something that is not a map or a list
    (a records file shaped by hand) is left for the records' rules to report."""
    *head, last = path.split(".")
    node = tree
    for part in head:
        found, child = step(node, part)
        if not found and isinstance(node, dict):
            if value is None or value == []:
                return
            child = CommentedMap()
            if any(isinstance(v, CommentedMap) and v.fa.flow_style() for v in node.values()):
                child.fa.set_flow_style()  # written as its siblings are: {note: ..., date: ...}
            node[part] = child
        elif not found or not isinstance(child, (dict, list)):
            return
        node = child
    key: int | str
    if isinstance(node, list):
        i = index(last)
        if i is None or i >= len(node):
            return
        old, key = node[i], i
    elif isinstance(node, dict):
        old, key = node.get(last), last
    else:
        return
    if _same(old, value):
        return
    if (value is None or value == []) and isinstance(node, dict) and last not in node:
        return  # an optional key the clerk left out stays out
    if isinstance(value, str) and "\n" in value and not isinstance(old, LiteralScalarString):
        value = " ".join(value.split("\n"))  # line breaks are kept only where the clerk wrote a |- block
    if isinstance(old, FoldedScalarString) and isinstance(value, str):
        value = FoldedScalarString(value)
    elif isinstance(old, LiteralScalarString) and isinstance(value, str):
        value = LiteralScalarString(value)
    elif isinstance(old, CommentedSeq) and isinstance(value, list):
        if not old and old.fa.flow_style() and any(isinstance(v, dict) or len(str(v)) > 40 for v in value):
            old.fa.set_block_style()  # a draft's empty [] filled with sentences: one a line, as the sample writes them
        _update(old, value)
        return
    node[key] = value


def _update(seq: CommentedSeq, items: list[Any]) -> None:
    """Change *seq* into *items* in place: items lined up by their text (difflib), so
    an unchanged item keeps its place's comment wherever it moves, a changed map keeps
    its keys' order and comments, and deleted or inserted items take their comments
    away or come without any (ruamel moves the comments of the items after them)."""
    def said(item: Any) -> str:
        return repr(sorted((str(k), str(v)) for k, v in item.items())) if isinstance(item, dict) else str(item)

    match = difflib.SequenceMatcher(None, [said(v) for v in seq], [said(v) for v in items], autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(match.get_opcodes()):
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:  # the same items, edited: each changed where it stands
            for i, item in zip(range(i1, i2), items[j1:j2]):
                if isinstance(seq[i], CommentedMap) and isinstance(item, dict):
                    for k, v in item.items():
                        put(seq[i], k, v)
                    for k in [k for k in seq[i] if k not in item]:
                        del seq[i][k]
                else:
                    seq[i] = item
            continue
        del seq[i1:i2]
        for k, item in enumerate(items[j1:j2]):
            seq.insert(i1 + k, item)


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is new
    if isinstance(new, list) and isinstance(old, list):
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new))
    if isinstance(new, dict) and isinstance(old, dict):
        return list(old) == list(new) and all(_same(old[k], new[k]) for k in new)
    if isinstance(new, (int, float)) and not isinstance(new, bool) and isinstance(old, (int, float)) \
            and not isinstance(old, bool):
        return isinstance(old, int) == isinstance(new, int) and Decimal(str(old)) == Decimal(str(new))
    return type(old) is not bool and str(old) == str(new)


# --------------------------------------------------------------------------- shown <-> typed


def shown(kind: str, value: Any) -> Any:
    """The tree's *value* as the form shows it."""
    if kind in ("checks", "lines"):
        return [str(v) for v in value] if isinstance(value, list) else []
    if kind in PAIRS:
        first, second = PAIRS[kind]
        if not isinstance(value, list):
            return ""
        return "\n".join(" | ".join(str(a.get(k) or "") for k in (first, *second) if k == first or a.get(k))
                         if isinstance(a, dict) else str(a) for a in value)
    if kind == "month":
        try:
            day = thai.parse_month(value)
        except Exception:  # noqa: BLE001 - empty or mistyped: shown empty, the message says why
            return {"m": "", "y": ""}
        return {"m": str(day.month), "y": str(thai.be_year(day.year))}
    return "" if value is None else str(value)


_NUMBER = re.compile(r"^[0-9๐-๙]+([.][0-9๐-๙]+)?$")  # longer than 20 digits: kept as text, for the rules to refuse
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def typed(f: Field, form: Any) -> Any:
    """What the clerk typed for *f* in *form* (a request's form), as the tree holds it.
    A value that is not what the field needs is kept as typed, for the records'
    own rules to say what is wrong with it."""
    if f.kind == "checks":
        return [v for v in form.getlist(f.name) if v]
    if f.kind == "month":
        m, y = form.get(f.name + ".m", "").strip(), thai.to_arabic_digits(form.get(f.name + ".y", "").strip())
        return f"{y}-{int(m):02d}" if index(m) is not None and index(y) is not None else None
    raw = form.get(f.name, "")
    if f.kind == "lines":
        return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    if f.kind in PAIRS:
        return [_pair(f.kind, line) for line in raw.splitlines() if line.strip()]
    lines = [line.rstrip() for line in raw.replace("\r", "").split("\n")]
    text = ("\n" if f.kind == "long" else " ").join(lines).strip()
    if not text:
        return None
    if f.kind == "number" and _NUMBER.match(text) and len(text) <= 20:
        digits = thai.to_arabic_digits(text)
        return float(digits) if "." in digits else int(digits)
    if f.kind == "date":
        return one_style(text)
    return text


def one_style(text: str) -> Any:
    """A date however typed (``22 ก.พ. ๒๕๖๖``, ``2023-02-22``) written one way,
    ``2566-02-22``, so a file does not hold three styles; kept as typed where it is
    not a date, for the records' rules to say why."""
    try:
        day = thai.parse_date(text)
    except ValueError:
        return text
    return date_text(day)


# list fields typed one item a line, "first | second": an activity's date and text; a
# piece of evidence's caption and its URL (http...) or photo file
PAIRS = {"activities": ("date", ("text",)), "evidence": ("caption", ("url", "photo"))}


def _pair(kind: str, line: str) -> CommentedMap:
    # an activity's text and an evidence's caption may hold "|": split where the date ends, where the link begins
    parts = line.partition("|") if kind == "activities" else line.rpartition("|")
    first, _, second = (part.strip() for part in parts)
    if kind != "activities" and not _:
        first, second = second, ""
    item = CommentedMap()
    if kind == "activities":
        item["date"] = one_style(first) if first else None
        item["text"] = second or None
    else:
        item["caption"] = first or None
        if second:
            item["url" if re.match(r"^[a-z]+://", second) else "photo"] = second
    item.fa.set_flow_style()
    return item


def month_options(fiscal_year: int) -> tuple[Options, Options]:
    """Months (Thai names) and Buddhist-era years around *fiscal_year* for a month picker."""
    months = [(str(i + 1), name) for i, name in enumerate(thai.MONTHS)]
    years = [(str(y), str(y)) for y in range(fiscal_year - 2, fiscal_year + 2)]
    return months, years


def apply(tree: Any, fields: Iterable[Field], form: Any) -> None:
    """Write what the clerk typed in *form* for each of *fields* into *tree*."""
    for f in fields:
        put(tree, f.name, typed(f, form))
