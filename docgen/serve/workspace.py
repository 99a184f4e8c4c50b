"""Saving a form: filling it from its file, and writing it back only when the records'
own rules (those of ``docgen validate``) find nothing wrong in what the form writes,
and only over the version of the file the clerk started from (or merged with a newer
one, field by field, when the two changed different fields)."""

from __future__ import annotations

import copy
import json
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from docgen.accounts.audit import fields_changed
from docgen.errors import DocgenError, Problem
from docgen.records.edit import dump_text, get, index, load_text, version
from docgen.records.source import PROGRESS_FILE, WHOLE_FILE
from docgen.serve.fields import Field, apply, put, shown
from docgen.serve.follow import follow
from docgen.serve.sections import Context, Group, Section
from docgen.serve.tables import act, keyed, table_keys
from docgen.serve.versions import keep, save_summary
from docgen.serve.view import PacketView, RecordsFile


@dataclass
class FormState:
    """A form as shown: its groups of fields, where each list's items came from in
    the file, the file's version it was filled from, and what to tell the clerk."""

    section: Section
    groups: list[Group]
    version: str
    origins: dict[str, list[str]]
    keys: dict[str, list[str]] = field(default_factory=dict)  # the profile's tables: the keys the form shows
    others: list[Problem] = field(default_factory=list)  # problems outside this form
    saved: bool = False
    conflict: bool = False
    unsaved: bool = False  # items added, removed or moved, not yet saved
    refused: bool = False  # the clerk's values hold problems; nothing was written
    merged: bool = False  # saved over another tab's save, both kept (they changed different fields)
    lists_changed: bool = False  # the conflict is in the lists' items (added, removed or moved)
    general: list[str] = field(default_factory=list)  # this form's problems with no field of their own
    notes: list[str] = field(default_factory=list)  # what a save did besides (the progress records it moved)
    focus: str = ""  # the group the clerk's list action leaves them at (its element id)
    undo: str = ""  # after a removal: the form as it was, to bring the item back (JSON)
    changed: list[str] = field(default_factory=list)  # after a save: the fields it changed (for the audit trail)

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


def open_form(view: PacketView, section: Section) -> FormState:
    file = view.file(view.file_of(section))
    return FormState(section, section.build(file.tree, view.context()), _remember(file.data),
                     _origins(file.tree, section), table_keys(file.tree, section.tables))


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


def _focus(action: str, origins: dict[str, list[str]], before: dict[str, list[str]],
           after: dict[str, list[str]]) -> str:
    """The id of the group a list action leaves the clerk at: the item moved, the one
    added, the one now where the removed one was."""
    verb, _, rest = action.partition(":")
    if rest.startswith("key:"):
        table = rest[4:].partition(":")[0]
        added = [k for k in after.get(table, []) if k not in before.get(table, [])]
        return f"entry-{table}-{added[0]}" if added else ""
    path, _, where = rest.rpartition(":") if verb != "add" else (rest, "", "")
    size = len(origins.get(path, []))
    i = index(where) if verb != "add" else size - 1
    if i is None or not size:
        return ""
    i = {"up": i - 1, "down": i + 1}.get(verb, i)
    return f"item-{path.replace('.', '-')}-{max(0, min(i, size - 1))}"


WRITING = threading.Lock()  # one save at a time: check the version, check the rules, write


def submit(view: PacketView, section: Section, form: Any) -> FormState:
    """Apply a submitted form: a list action redraws the form unsaved; saving checks
    the whole packet as it would be with this form written, and writes the file only
    if this form's part holds no problem and the file is still the version the clerk
    started from (or the other save changed other fields: then both are kept)."""
    with WRITING:
        return _submit(view, section, form)


def _submit(view: PacketView, section: Section, form: Any) -> FormState:
    path = view.file_of(section)
    file = view.file(path)  # looked up under the lock: the version this save checks and replaces
    tree = file.copy()
    ctx = view.context()
    origins = _reorder(tree, section, form)
    keys = keyed(tree, section.tables, form)
    apply(tree, _fields(section.build(tree, ctx)), form)
    action = form.get("action", "save")
    if action != "save":
        keys_before = table_keys(tree, section.tables)
        if not act(tree, section.tables, action):
            _act(tree, section, action, origins)
        state = FormState(section, section.build(tree, ctx), form.get("version", ""), origins,
                          table_keys(tree, section.tables), unsaved=True)
        state.focus = _focus(action, origins, keys_before, state.keys)
        if action.startswith("remove:"):
            state.undo = json.dumps({k: form.getlist(k) for k in form if k != "action"}, ensure_ascii=False)
        return state
    state = FormState(section, section.build(tree, ctx), file.version, origins, keys)
    merged = False
    if form.get("version") != file.version:  # saved from elsewhere since this form was filled
        merged_tree, clashes = _merge(section, ctx, form, file)
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
    also = _progress_following(view, section, file, tree, origins) if section.key == "measures" else {}
    proposed = {path: text, **{p: t for p, (t, _) in also.items()}}
    mine, state.others, state.general = _split(view.problems(proposed), path, section, state.fields)
    broken = _broken_elsewhere(view, [p for p in state.others if Path(p.file) not in also])
    state.general += broken
    if mine or broken:
        state.refused = True
        state.version = form.get("version", "")
        return state
    try:
        _write(view, state, file, tree, text, also)
    except DocgenError as exc:  # e.g. what a memo's approval chain holds: the form keeps what was typed
        state.general.append(str(exc))
        state.refused = True
        state.version = form.get("version", "")
        return state
    state.saved, state.merged = True, merged
    state.version = _remember(text.encode("utf-8"))
    state.origins = _origins(tree, section)
    state.keys = table_keys(tree, section.tables)
    return state


def _write(view: PacketView, state: FormState, file: RecordsFile, tree: Any, text: str,
           also: dict[Path, tuple[str, list[str]]]) -> None:
    """The form's file and the progress records that follow it, as one version of the
    history by the signed-in account (:mod:`docgen.serve.versions`)."""
    written: dict[Path, bytes | None] = {}
    for other, (other_text, notes) in also.items():
        written[other] = other_text.encode("utf-8")
        state.notes += notes
    if text.encode("utf-8") != file.data:
        written[file.path] = text.encode("utf-8")
    state.changed = fields_changed(file.tree, tree)
    if written:
        keep(view, written, save_summary(state.section.title, file.tree, tree, state.groups))


def _broken_elsewhere(view: PacketView, others: list[Problem]) -> list[str]:
    """The problems in other files that this save would bring about (a unit removed
    from the profile while a measure names it), which stop it: those files are not
    this form's to mend. Problems already there do not."""
    if not others:
        return []
    before = {(os.path.abspath(p.file), p.field, p.message) for p in view.problems()}
    return [f"บันทึกไม่ได้ เพราะจะทำให้ {p.file.name} ผิด: {p.field}: {p.message}" for p in others
            if (os.path.abspath(p.file), p.field, p.message) not in before]


def _progress_following(view: PacketView, section: Section, file: RecordsFile, tree: Any,
                        origins: dict[str, list[str]]) -> dict[Path, tuple[str, list[str]]]:
    """progress.yaml's text once its records follow the measures as this save leaves
    them (:func:`docgen.serve.follow.follow`), with what to tell the clerk; nothing
    where there is no progress.yaml or it would not change."""
    ref = view.ref
    path = ref.folder / PROGRESS_FILE
    if not path.is_file() or "measures" not in origins:
        return {}
    path = ref.inside(path)
    progress = view.file(path)
    moved = progress.copy()
    before = [m.get("title") if isinstance(m, dict) else None for m in (file.tree.get("measures") or [])]
    notes = follow(moved, origins["measures"], list(get(tree, "measures") or []), before)
    text = dump_text(moved)
    if text.encode("utf-8") == progress.data:
        return {}
    return {path: (text, notes or ["เลขและชื่อมาตรการในรายงานผลการดำเนินการเปลี่ยนตามตารางมาตรการแล้ว"])}


def _merge(section: Section, ctx: Context, form: Any, now_file: RecordsFile) -> tuple[Any, dict[str, Any]]:
    """Three-way merge of a form filled from an older version of its file. When the
    clerk's lists and the file's lists are as they were (no item added, removed or
    moved on either side), what the clerk changed is put into the newer file and what
    the other save changed stays; a field both changed differently is a clash (the
    file's value is returned for it). Otherwise (lists changed, or the older version
    unknown after a restart) nothing is merged: None, with the fields that differ.
    The older version is parsed once (the clerk's side is a copy of it); the newer
    one is the request's."""
    base_data = _BASES.get(form.get("version", ""))
    now = now_file.copy()
    base = load_text(base_data.decode("utf-8")) if base_data is not None else None
    mine = copy.deepcopy(base) if base is not None else now_file.copy()
    origins = _reorder(mine, section, form)
    same_keys = base is not None and keyed(mine, section.tables, form) == table_keys(base, section.tables) \
        == table_keys(now, section.tables)
    fields = _fields(section.build(mine, ctx))
    apply(mine, fields, form)
    if base is None or not same_keys or not _identity(origins) or any(
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
