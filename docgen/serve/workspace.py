"""The workspace's work on the records, apart from the web: finding the packets under
the records folder, filling a form from a file, and saving a form back to its file
only when the records' own rules (those of ``docgen validate``) find nothing wrong
in what the form writes, and only over the version of the file the clerk started from.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from docgen import thai
from docgen.errors import DocgenError, Problem, RecordsError
from docgen.output.staged import replace_file
from docgen.records.loading import load
from docgen.records.source import PACKET_FILE, PROGRESS_FILE, WHOLE_FILE
from docgen.safefile import is_inside
from docgen.records.edit import dump_text, get, index, load_text, read_for_editing, version
from docgen.serve.fields import Field, apply, put, shown
from docgen.serve.sections import SECTIONS, Context, Group, Section


@dataclass(frozen=True)
class PacketRef:
    """One packet under the records folder, named by its folder (``lopburi-pao/2566``)."""

    rel: str
    path: Path  # its packet.yaml
    root: Path  # the records folder: nothing outside it is read or written for the packet

    @property
    def folder(self) -> Path:
        return self.path.parent

    def shown(self, path: Path) -> str:
        """*path* as the clerk knows it: relative to the records folder."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:
            return path.name

    def inside(self, path: Path) -> Path:
        """*path*, refused when it (its links followed) leaves the records folder."""
        if not is_inside(path, self.root):
            raise DocgenError(f"ไฟล์ {self.shown(path)} อยู่นอกโฟลเดอร์ข้อมูล docgen จึงไม่อ่านและไม่เขียน"
                              " ให้ย้ายไฟล์มาไว้ในโฟลเดอร์ข้อมูลแล้วแก้ที่อยู่ใน packet.yaml")
        return path


def packets(root: Path) -> list[PacketRef]:
    """Every packet under *root* (symlinks leading out of it are not followed)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if PACKET_FILE in filenames:
            path = Path(dirpath) / PACKET_FILE
            if path.is_file() and is_inside(path, root):
                found.append(PacketRef(Path(dirpath).relative_to(root).as_posix(), path, root))
    return found


def read_tree(path: Path) -> tuple[bytes, Any]:
    """A records file's bytes and its round-trip tree (comments kept); a file that is
    not a YAML map of names is refused with the records' own message and line."""
    try:
        return read_for_editing(path)
    except RecordsError as exc:
        first = exc.problems[0]
        where = f"{path.name}" + (f" บรรทัด {first.line}" if first.line else "")
        raise DocgenError(f"ยังเปิดฟอร์มของไฟล์นี้ไม่ได้ ต้องแก้ไฟล์ก่อน: {where}: {first.message}") from None


def file_of(packet: PacketRef, section: Section) -> Path:
    """The records file a section's form edits."""
    if section.file == "progress":
        return packet.inside(packet.folder / PROGRESS_FILE)
    if section.file == "organisation":
        return profile_path(packet)
    return packet.path


def _named_file(packet: PacketRef, ref: str) -> Path:
    """The file the packet names by *ref* (relative to it), inside the records folder."""
    return packet.inside(Path(os.path.normpath(packet.folder / ref)))


def profile_path(packet: PacketRef) -> Path:
    _, tree = read_tree(packet.path)
    ref = tree.get("organisation")
    if not isinstance(ref, str) or not ref.strip():
        raise DocgenError(f"{packet.shown(packet.path)}: ไม่ได้ระบุไฟล์ข้อมูลองค์กร (organisation:)")
    return _named_file(packet, ref)


def _framework_tree(packet: PacketRef, ref: Any) -> Any:
    if not isinstance(ref, str):
        return {}
    try:
        return read_tree(_named_file(packet, ref))[1]
    except DocgenError:
        return {}


def _map(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _named(table: Any, *keys: str) -> list[tuple[str, str]]:
    """(key, what it is called) for each entry of a records table, as read (unchecked)."""
    return [(str(k), "".join(str(_map(v).get(key) or "") for key in keys) or str(k)) for k, v in _map(table).items()]


def context(packet: PacketRef) -> Context:
    """What the packet's forms choose from, read from its profile and frameworks (as
    they are: a profile broken by hand gives empty lists, and the records' rules say why)."""
    _, tree = read_tree(packet.path)
    year = thai.to_arabic_digits(str(tree.get("fiscal_year")))
    fy = int(year) if year.isascii() and year.isdecimal() and 2400 < int(year) < 2700 else \
        thai.be_year(datetime.date.today().year)
    ctx = Context(fiscal_year=fy)
    try:
        _, org = read_tree(profile_path(packet))
    except DocgenError:
        org = {}
    ctx.units = _named(org.get("units"), "name")
    ctx.roles = _named(org.get("roles"), "position")
    ctx.chains = chains(_map(org.get("roles")))
    ctx.people = _named(org.get("people"), "title", "name")
    this = _framework_tree(packet, tree.get("framework"))
    last = _framework_tree(packet, get(tree, "previous_result.framework")) or this
    ctx.indicators = _named(last.get("indicators"), "name")
    ctx.tools = _named(last.get("tools"), "name")
    return ctx


def chains(roles: Any) -> dict[str, list[str]]:
    """For each role of a profile's ``roles`` (as read, unchecked), the roles above it
    that its memos climb, lowest first (as :func:`docgen.records.models.superiors` follows them)."""
    from types import SimpleNamespace

    from docgen.records.models import superiors

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
    lists_changed: bool = False  # the conflict is in the lists' items (added, removed or moved)
    general: list[str] = field(default_factory=list)  # this form's problems with no field of their own

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


def _identity(origins: dict[str, list[str]]) -> bool:
    return all(order == [str(i) for i in range(len(order))] for order in origins.values())


def _reorder(tree: Any, section: Section, form: Any) -> dict[str, list[str]]:
    """Put each list's items in the order the form shows them (items kept whole, with
    their comments); an item the form adds starts empty, and so does an item named
    twice or not in the file (a form tampered with)."""
    origins = {}
    for path in section.lists(tree):
        seq = get(tree, path)
        old = list(seq) if isinstance(seq, list) else []
        order = [o for o in form.get(f"__order.{path}", ",".join(str(i) for i in range(len(old)))).split(",") if o]
        items, used = [], set()
        for n, o in enumerate(order):
            i = index(o)
            if i is not None and i < len(old) and i not in used:
                used.add(i)
                items.append(old[i])
            else:
                order[n] = "new"
                items.append(section.new_item(path))
        if items and not isinstance(seq, list):
            seq = _new_list(tree, path)
        if isinstance(seq, list):
            seq[:] = items
        origins[path] = order
    return origins


def _new_list(tree: Any, path: str) -> CommentedSeq | None:
    """An empty list put at *path* (None where its parent is not a map)."""
    parent, _, key = path.rpartition(".")
    holder = get(tree, parent)
    if not isinstance(holder, dict):
        return None
    holder[key] = seq = CommentedSeq()
    return seq


def _act(tree: Any, section: Section, action: str, origins: dict[str, list[str]]) -> None:
    """Add, remove or move a list item: ``add:PATH``, ``remove:PATH:I``, ``up:PATH:I``,
    ``down:PATH:I``."""
    verb, _, rest = action.partition(":")
    path, _, where = rest.rpartition(":") if verb != "add" else (rest, "", "")
    if path not in origins:
        return
    seq, order = get(tree, path), origins[path]
    if verb == "add":
        if not isinstance(seq, list):
            seq = _new_list(tree, path)
            if seq is None:
                return
        seq.append(section.new_item(path))
        order.append("new")
        return
    i = index(where)
    if i is None or not isinstance(seq, list) or i >= len(seq):
        return
    if verb == "remove":
        del seq[i]
        del order[i]
    elif verb in ("up", "down"):
        j = i - 1 if verb == "up" else i + 1
        if 0 <= j < len(seq):
            seq[i], seq[j] = seq[j], seq[i]
            order[i], order[j] = order[j], order[i]


WRITING = threading.Lock()  # one save at a time: check the version, check the rules, write


def submit(packet: PacketRef, section: Section, form: Any) -> FormState:
    """Apply a submitted form: a list action redraws the form unsaved; saving checks
    the whole packet as it would be with this form written, and writes the file only
    if this form's part holds no problem and the file is still the version the clerk
    started from (or the other save changed other fields: then both are kept)."""
    with WRITING:
        return _submit(packet, section, form)


def _submit(packet: PacketRef, section: Section, form: Any) -> FormState:
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
        merged_tree, clashes = _merge(section, ctx, form, data)
        if merged_tree is None or clashes:
            # not written. The form shows the newer file with the clerk's changes in it (so saving again
            # loses neither side), the clerk's value in each field both changed, the file's beside it;
            # lists changed on either side cannot be merged: the clerk's form, every differing field marked
            state.conflict = True
            state.lists_changed = merged_tree is None
            if merged_tree is not None:
                state.groups = section.build(merged_tree, ctx)
            for f in state.fields:
                if f.name in clashes:
                    f.in_file = _as_text(clashes[f.name])
            return state
        tree, merged = merged_tree, True
        state.groups = section.build(tree, ctx)
    text = dump_text(tree)
    mine, state.others, state.general = _split(problems(packet, {path: text}), path, section, state.fields)
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
    """Three-way merge of a form filled from an older version of its file. When the
    clerk's lists and the file's lists are as they were (no item added, removed or
    moved on either side), what the clerk changed is put into the newer file and what
    the other save changed stays; a field both changed differently is a clash (the
    file's value is returned for it). Otherwise (lists changed, or the older version
    unknown after a restart) nothing is merged: None, with the fields that differ."""
    base_data = _BASES.get(form.get("version", ""))
    now = load_text(now_data.decode("utf-8"))
    mine = load_text((base_data or now_data).decode("utf-8"))
    origins = _reorder(mine, section, form)
    fields = _fields(section.build(mine, ctx))
    apply(mine, fields, form)
    base = load_text(base_data.decode("utf-8")) if base_data is not None else None
    if base is None or not _identity(origins) or any(
            len(get(base, p) or []) != len(get(now, p) or []) or len(origins.get(p, [])) != len(get(base, p) or [])
            for p in section.lists(now) + section.lists(base)):
        return None, {f.name: shown(f.kind, get(now, f.name)) for f in fields
                      if shown(f.kind, get(mine, f.name)) != shown(f.kind, get(now, f.name))}
    clashes = {}
    for f in fields:
        m, n, b = (shown(f.kind, get(t, f.name)) for t in (mine, now, base))
        if m == b:
            continue  # the clerk did not change it: the file's value stays
        if n not in (b, m):
            clashes[f.name] = n
        put(now, f.name, get(mine, f.name))
    return now, clashes


def _as_text(value: Any) -> str:
    if isinstance(value, dict):
        return f"{value.get('m')}/{value.get('y')}" if value.get("m") else "(ว่าง)"
    if isinstance(value, list):
        return ", ".join(value) or "(ว่าง)"
    return value or "(ว่าง)"


def problems(packet: PacketRef, proposed: dict[Path, str] | None = None) -> list[Problem]:
    """What ``docgen validate`` finds in the packet as it is on disk, or as it would
    be with the *proposed* texts written."""
    try:
        load(packet.path, proposed=proposed)
    except RecordsError as exc:
        return exc.problems
    return []


def _split(found: list[Problem], path: Path, section: Section,
           fields: list[Field]) -> tuple[int, list[Problem], list[str]]:
    """Put each problem of this form's part of its file beside its field (or, with no
    field of its own, at the top of the form); return how many there are, the problems
    that lie elsewhere, and those at the top. Any of this form's own stops the save."""
    mine, others, general = 0, [], []
    for p in found:
        top = p.field.split(".")[0]
        if os.path.abspath(p.file) != os.path.abspath(path) or (top not in section.owns and p.field not in WHOLE_FILE):
            others.append(p)
            continue
        mine += 1
        parts = p.field.split(".")
        target = None
        for k in range(len(parts), 0, -1):  # the field itself, else the first field of its nearest part
            prefix = ".".join(parts[:k])
            target = next((f for f in fields if f.name == prefix or f.name.startswith(prefix + ".")), None)
            if target is not None:
                break
        if target is None:
            general.append(f"{p.field}: {p.message}" if p.field not in WHOLE_FILE else p.message)
        else:
            target.errors.append(p.message)
    return mine, others, general


PHOTOS = "photos"  # beside progress.yaml


def add_photo(packet: PacketRef, measure: str, caption: str, data: bytes) -> tuple[str, int]:
    """Keep an uploaded photo (PNG or JPEG, checked whole) in the packet's ``photos/``
    and add it to the measure's evidence in progress.yaml; return its file name and the
    measure's number."""
    from ruamel.yaml.comments import CommentedMap

    from docgen.records.checks import image_fault

    with WRITING:
        path = packet.inside(packet.folder / PROGRESS_FILE)
        _, tree = read_tree(path)
        items = tree.get("measures")
        i = index(measure)
        if not isinstance(items, list) or i is None or i >= len(items) or not isinstance(items[i], dict) \
                or not caption or not data:
            raise DocgenError("ต้องเลือกมาตรการ ใส่คำบรรยายภาพ และเลือกไฟล์ภาพ")
        folder = packet.folder / PHOTOS
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise DocgenError(f"{packet.shown(folder)} ไม่ใช่โฟลเดอร์ธรรมดา docgen จึงไม่เขียนภาพลงไป")
        ext = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
        kind = next((e for magic, e in ext.items() if data.startswith(magic)), None)
        if kind is None:
            raise DocgenError("ใช้ภาพนี้ไม่ได้: รับเฉพาะภาพ PNG หรือ JPEG")
        folder.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            fault = image_fault(Path(tmp))
            if fault is not None:
                raise DocgenError(f"ใช้ภาพนี้ไม่ได้: {fault}")
            n = 1
            while (folder / f"measure-{i + 1}-{n}.{kind}").exists():
                n += 1
            name = f"measure-{i + 1}-{n}.{kind}"
            os.link(tmp, folder / name)
        finally:
            os.unlink(tmp)
        item = CommentedMap([("caption", caption), ("photo", f"{PHOTOS}/{name}")])
        item.fa.set_flow_style()
        evidence = items[i].get("evidence")
        if not isinstance(evidence, list):
            items[i]["evidence"] = evidence = CommentedSeq()
        evidence.append(item)
        replace_file(path, dump_text(tree).encode("utf-8"))
        return name, i + 1


def sections_for(packet: PacketRef) -> list[Section]:
    """The forms the packet has (the progress form once it has a progress file)."""
    has_progress = (packet.folder / PROGRESS_FILE).is_file()
    return [s for s in SECTIONS.values() if s.file != "progress" or has_progress]
