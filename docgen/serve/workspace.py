"""The workspace's work on the records, apart from the web: finding the packets under
the records folder, filling a form from a file, and saving a form back to its file
only when the records' own rules (those of ``docgen validate``) find nothing wrong
in what the form writes, and only over the version of the file the clerk started from.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from .. import thai
from ..errors import DocgenError, Problem, RecordsError
from ..output import replace_file
from ..records import MAX_RECORDS_BYTES, PACKET_FILE, PROGRESS_FILE, load
from ..safefile import Refused, is_inside, read_regular
from ..yamledit import dump_text, load_text, version
from .fields import Field, apply, get, put, shown
from .sections import SECTIONS, Context, Group, Section


@dataclass(frozen=True)
class PacketRef:
    """One packet under the records folder, named by its folder (``lopburi-pao/2566``)."""

    rel: str
    path: Path  # its packet.yaml

    @property
    def folder(self) -> Path:
        return self.path.parent


def packets(root: Path) -> list[PacketRef]:
    """Every packet under *root* (symlinks leading out of it are not followed)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if PACKET_FILE in filenames:
            path = Path(dirpath) / PACKET_FILE
            if path.is_file() and is_inside(path, root):
                found.append(PacketRef(Path(dirpath).relative_to(root).as_posix(), path))
    return found


def read_tree(path: Path) -> tuple[bytes, Any]:
    """A records file's bytes and its round-trip tree (comments kept)."""
    try:
        data = read_regular(path, limit=MAX_RECORDS_BYTES)
    except Refused as exc:
        raise DocgenError(f"อ่าน {path} ไม่ได้: {exc}") from None
    try:
        return data, load_text(data.decode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - a file the clerk broke by hand: validate says where
        raise DocgenError(f"อ่าน {path} ไม่ได้ ({type(exc).__name__}) ให้แก้ไฟล์ตามที่ docgen validate บอก") from None


def file_of(packet: PacketRef, section: Section) -> Path:
    """The records file a section's form edits."""
    if section.file == "progress":
        return packet.folder / PROGRESS_FILE
    if section.file == "organisation":
        return profile_path(packet)
    return packet.path


def profile_path(packet: PacketRef) -> Path:
    _, tree = read_tree(packet.path)
    ref = tree.get("organisation")
    if not isinstance(ref, str):
        raise DocgenError(f"{packet.path}: ไม่ได้ระบุไฟล์ข้อมูลองค์กร (organisation:)")
    return Path(os.path.normpath(packet.folder / ref))


def _framework_tree(packet: PacketRef, ref: Any) -> Any:
    if not isinstance(ref, str):
        return None
    try:
        return read_tree(Path(os.path.normpath(packet.folder / ref)))[1]
    except DocgenError:
        return None


def context(packet: PacketRef) -> Context:
    """What the packet's forms choose from, read from its profile and frameworks."""
    _, tree = read_tree(packet.path)
    try:
        fy = int(thai.to_arabic_digits(str(tree.get("fiscal_year"))))
    except ValueError:
        fy = thai.fiscal_year(__import__("datetime").date.today())
    ctx = Context(fiscal_year=fy)
    try:
        _, org = read_tree(profile_path(packet))
    except DocgenError:
        org = {}
    units = org.get("units") or {}
    ctx.units = [(str(k), f"{(u or {}).get('name', k)}") for k, u in units.items()]
    ctx.roles = [(str(k), f"{(r or {}).get('position', k)}") for k, r in (org.get("roles") or {}).items()]
    ctx.chains = chains(org.get("roles") or {})
    people = org.get("people") or {}
    ctx.people = [(str(k), f"{(p or {}).get('title', '')}{(p or {}).get('name', k)}") for k, p in people.items()]
    this = _framework_tree(packet, tree.get("framework"))
    last = _framework_tree(packet, get(tree, "previous_result.framework")) or this
    if last is not None:
        ctx.indicators = [(str(k), str((i or {}).get("name", k))) for k, i in (last.get("indicators") or {}).items()]
        ctx.tools = [(str(k), str((t or {}).get("name", k))) for k, t in (last.get("tools") or {}).items()]
    return ctx


def chains(roles: Any) -> dict[str, list[str]]:
    """For each role of a profile's ``roles`` (as read, unchecked), the roles above it
    that its memos climb, lowest first (as :func:`docgen.facts.superiors` follows them)."""
    from types import SimpleNamespace

    from ..facts import superiors

    plain = {str(k): SimpleNamespace(reports_to=(r or {}).get("reports_to") if isinstance(r, dict) else None)
             for k, r in roles.items()}
    return {k: superiors(plain, k) for k in plain}


@dataclass
class FormState:
    """A form as shown: its groups of fields, where each list's items came from in
    the file, the file's version it was filled from, and what to tell the clerk."""

    section: Section
    groups: list[Group]
    version: str
    origins: dict[str, list[str]]
    others: list[Problem] = field(default_factory=list)  # problems outside this form
    saved: bool = False
    conflict: bool = False
    unsaved: bool = False  # items added, removed or moved, not yet saved
    refused: bool = False  # the clerk's values hold problems; nothing was written
    merged: bool = False  # saved over another tab's save, both kept (they changed different fields)

    @property
    def fields(self) -> list[Field]:
        return _fields(self.groups)


def _fields(groups: list[Group]) -> list[Field]:
    return [f for g in groups for f in g.fields]


def _origins(tree: Any, section: Section) -> dict[str, list[str]]:
    return {path: [str(i) for i in range(len(get(tree, path) or []))] for path in section.lists(tree)}


_BASES: OrderedDict[str, bytes] = OrderedDict()  # the versions forms were filled from, for merging


def _remember(data: bytes) -> str:
    v = version(data)
    _BASES[v] = data
    _BASES.move_to_end(v)
    while len(_BASES) > 500:
        _BASES.popitem(last=False)
    return v


def open_form(packet: PacketRef, section: Section) -> FormState:
    data, tree = read_tree(file_of(packet, section))
    return FormState(section, section.build(tree, context(packet)), _remember(data), _origins(tree, section))


def _reorder(tree: Any, section: Section, form: Any) -> dict[str, list[str]]:
    """Put each list's items in the order the form shows them (items kept whole, with
    their comments); an item the form adds starts empty."""
    origins = {}
    for path in section.lists(tree):
        seq = get(tree, path)
        old = list(seq) if isinstance(seq, list) else []
        order = [o for o in form.get(f"__order.{path}", ",".join(str(i) for i in range(len(old)))).split(",") if o]
        items = []
        for o in order:
            items.append(old[int(o)] if o.isdigit() and int(o) < len(old) else section.new_item(path))
        if isinstance(seq, CommentedSeq):
            seq[:] = items
        elif items:
            parent, _, key = path.rpartition(".")
            get(tree, parent)[key] = CommentedSeq(items)
        origins[path] = order
    return origins


def _act(tree: Any, section: Section, action: str, origins: dict[str, list[str]]) -> None:
    """Add, remove or move a list item: ``add:PATH``, ``remove:PATH:I``, ``up:PATH:I``,
    ``down:PATH:I``."""
    verb, _, rest = action.partition(":")
    path, _, index = rest.rpartition(":") if verb != "add" else (rest, "", "")
    if path not in origins:
        return
    seq, order = get(tree, path), origins[path]
    if verb == "add":
        if not isinstance(seq, list):
            parent, _, key = path.rpartition(".")
            get(tree, parent)[key] = seq = CommentedSeq()
        seq.append(section.new_item(path))
        order.append("new")
        return
    i = int(index) if index.isdigit() else -1
    if not 0 <= i < len(seq):
        return
    if verb == "remove":
        del seq[i]
        del order[i]
    elif verb in ("up", "down"):
        j = i - 1 if verb == "up" else i + 1
        if 0 <= j < len(seq):
            seq[i], seq[j] = seq[j], seq[i]
            order[i], order[j] = order[j], order[i]


def submit(packet: PacketRef, section: Section, form: Any) -> FormState:
    """Apply a submitted form: a list action redraws the form unsaved; saving checks
    the whole packet as it would be with this form written, and writes the file only
    if this form's part holds no problem and the file is still the version the clerk
    started from."""
    path = file_of(packet, section)
    data, tree = read_tree(path)
    ctx = context(packet)
    origins = _reorder(tree, section, form)
    apply(tree, _fields(section.build(tree, ctx)), form)
    action = form.get("action", "save")
    if action != "save":
        _act(tree, section, action, origins)
        return FormState(section, section.build(tree, ctx), form.get("version", ""), origins, unsaved=True)
    state = FormState(section, section.build(tree, ctx), version(data), origins)
    merged = False
    if form.get("version") != version(data):  # saved from elsewhere since this form was filled
        tree, clashes = _merge(section, ctx, form, data)
        state.groups = section.build(tree, ctx)
        if clashes:  # both changed the same field: the clerk's value stays in the form, the file's beside it
            state.conflict = True
            for f in state.fields:
                if f.name in clashes:
                    f.value = clashes[f.name][0]
                    f.in_file = _as_text(clashes[f.name][1])
            return state
        merged = True
    text = dump_text(tree)
    problems = _problems(packet, path, text)
    mine, state.others = _split(problems, path, section, state.fields)
    if mine:
        state.refused = True
        state.version = form.get("version", "")
        return state
    if text.encode("utf-8") != data:
        replace_file(path, text.encode("utf-8"))
    state.saved, state.merged = True, merged
    state.version = _remember(text.encode("utf-8"))
    state.origins = _origins(tree, section)
    return state


def _merge(section: Section, ctx: Context, form: Any, now_data: bytes) -> tuple[Any, dict[str, Any]]:
    """Three-way merge of a form filled from an older version of its file: what the
    clerk changed is taken, what the other save changed is kept; a field both changed
    differently is a clash (clerk's value, file's value). Without the older version
    (the workspace restarted), or when the other save added, removed or moved list
    items, every field where the clerk's value differs from the file's is a clash."""
    base_data = _BASES.get(form.get("version", ""))
    now = load_text(now_data.decode("utf-8"))
    base = load_text(base_data.decode("utf-8")) if base_data is not None else None
    mine = load_text(base_data.decode("utf-8")) if base_data is not None else load_text(now_data.decode("utf-8"))
    _reorder(mine, section, form)
    fields = _fields(section.build(mine, ctx))
    apply(mine, fields, form)
    same_lists = base is not None and all(len(get(base, p) or []) == len(get(now, p) or [])
                                          for p in section.lists(base))
    clashes = {}
    for f in fields:
        m, n = shown(f.kind, get(mine, f.name)), shown(f.kind, get(now, f.name))
        b = shown(f.kind, get(base, f.name)) if base is not None and same_lists else None
        if m == n or (b is not None and m == b):
            continue  # the same, or the clerk did not change it: the file's value stays
        if b is not None and n == b:
            continue  # only the clerk changed it: written below
        clashes[f.name] = (m, n)
    if base is None or not same_lists:
        return mine, clashes
    for f in fields:
        if shown(f.kind, get(mine, f.name)) != shown(f.kind, get(base, f.name)):
            put(now, f.name, get(mine, f.name))
    return now, clashes


def _as_text(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('m')}/{value.get('y')}" if value.get("m") else "(ว่าง)"
    if isinstance(value, list):
        return ", ".join(value) or "(ว่าง)"
    return value or "(ว่าง)"


def _problems(packet: PacketRef, path: Path, text: str) -> list[Problem]:
    try:
        load(packet.path, proposed={path: text})
    except RecordsError as exc:
        return exc.problems
    return []


def problems(packet: PacketRef) -> list[Problem]:
    """What ``docgen validate`` finds in the packet as it is on disk."""
    return _problems(packet, packet.path, packet.path.read_text(encoding="utf-8"))


def _split(found: list[Problem], path: Path, section: Section, fields: list[Field]) -> tuple[int, list[Problem]]:
    """Put each problem of this form's part beside its field; return how many there
    are and the problems that lie elsewhere."""
    mine, others = 0, []
    for p in found:
        top = p.field.split(".")[0]
        if os.path.abspath(p.file) != os.path.abspath(path) or top not in section.owns:
            others.append(p)
            continue
        parts = p.field.split(".")
        target = None
        for k in range(len(parts), 0, -1):  # the field itself, else the first field of its nearest part
            prefix = ".".join(parts[:k])
            target = next((f for f in fields if f.name == prefix or f.name.startswith(prefix + ".")), None)
            if target is not None:
                break
        if target is None:
            others.append(p)
            continue
        target.errors.append(p.message)
        mine += 1
    return mine, others


def sections_for(packet: PacketRef) -> list[Section]:
    """The forms the packet has (the progress form once it has a progress file)."""
    has_progress = (packet.folder / PROGRESS_FILE).is_file()
    return [s for s in SECTIONS.values() if s.file != "progress" or has_progress]
