"""The workspace's side of the records' history (:mod:`docgen.history`): each save kept
as a version by the signed-in account, with its changes named by the form's own labels;
a packet's files compared with the history whenever it is read, so a hand edit is kept
as such before anything else is written."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.history import record
from docgen.history.entry import Version, acting
from docgen.history.fields import read_tree, summary, tree_changes
from docgen.serve.sections import SECTIONS, Group
from docgen.serve.view import PacketView

NUMBERED = re.compile(r"^\d+\.\s*")  # "2. การใช้งบประมาณ": the form's order, not the field's name


def labels(groups: list[Group], title: str = "") -> dict[str, str]:
    """The forms' names of the fields of *groups* by path (``previous_result.indicators.budget``:
    ``คะแนนรายตัวชี้วัด การใช้งบประมาณ``: the group's title first, unless it is the form's
    own *title*), and of each list item (``measures.2``: its group's title)."""
    found: dict[str, str] = {}
    for g in groups:
        if g.list_path is not None and g.index is not None:
            found[f"{g.list_path}.{g.index}"] = g.title
        for f in g.fields:  # a list item's field, or one the form numbers, needs its group's title
            within = g.title != title or g.list_path is not None or g.table is not None or NUMBERED.match(f.label)
            found[f.name] = f"{g.title} {NUMBERED.sub('', f.label)}" if within else f.label
    return found


def file_labels(view: PacketView, path: Path, data: bytes | None) -> dict[str, str]:
    """The labels of every form over the records file *path* as *data* holds it."""
    try:
        tree = read_tree(data)
        if not isinstance(tree, Mapping):
            return {}
        ctx = view.context()
        found: dict[str, str] = {}
        for section in SECTIONS.values():
            if os.path.abspath(view.file_of(section)) == os.path.abspath(path):
                found.update(labels(section.build(tree, ctx), section.title))
        return found
    except Exception:  # noqa: BLE001 - a file shaped by hand: its changes are named by path
        return {}


def describer(view: PacketView) -> record.Describe:
    """A change of one file described with the forms' labels."""
    from docgen.history.fields import describe

    root = view.ref.root

    def describe_labelled(rel: str, before: bytes | None, after: bytes | None) -> str:
        return describe(rel, before, after, file_labels(view, root / rel, after if after is not None else before))

    return describe_labelled


def save_summary(title: str, before: Any, after: Any, groups: list[Group]) -> str:
    """A form's save in one line: the form, then what it changed (``ผลการประเมินปีที่แล้ว:
    แก้คะแนนรายตัวชี้วัด การใช้งบประมาณ 93.24 → 94.1``), from the round-trip trees the
    save already holds (no file parsed again)."""
    return f"{title}: {summary(tree_changes(before, after), labels(groups, title))}"


def keep(view: PacketView, files: dict[Path, bytes | None], what: str, action: str = "save") -> Version | None:
    """Write *files* as one version by the signed-in account (refused where a memo's
    approval chain holds what they would change)."""
    from docgen.serve.guard import actor
    from docgen.serve.site import site

    with acting(actor()):
        made = record.write(view.ref.root, files, summary=what, action=action, describe=describer(view),
                            db=site().db)
    site().refresh(view)
    return made


def by_account() -> Any:
    """A context in which the history names the signed-in account (for the drafts and
    the emblem, which keep their own versions)."""
    from docgen.serve.guard import actor

    return acting(actor())


def notice(view: PacketView) -> Version | None:
    """Keep what was changed outside docgen in the packet's office folder."""
    return record.notice(view.ref.root, [view.ref.path], describer(view))


def built_from(view: PacketView, manifest: dict[str, Any] | None) -> tuple[Version | None, int]:
    """The version of the packet's records its built documents came from (by the
    manifest's hashes of the records; None: no version matches, e.g. a file changed
    outside docgen not yet kept), and how many versions of the packet followed it."""
    from docgen.errors import DocgenError
    from docgen.history.packet import Share
    from docgen.history.store import History
    from docgen.output.manifest import sha256

    if not manifest:
        return None, 0
    hist = History(view.ref.root)
    try:
        share = Share(view.ref.root, view.ref.path)
        found = hist.versions(share.touches)
        wanted = {}
        for r in manifest.get("records", []):
            if isinstance(r, dict) and isinstance(r.get("path"), str):
                try:
                    wanted[hist.rel(Path(r["path"]))] = r.get("sha256")
                except DocgenError:  # a file outside the records folder is no version's
                    continue
        wanted = {rel: sha for rel, sha in wanted.items() if share.touches(rel)}
        for n, v in enumerate(found):
            kept = {rel: hist.content(v.commit, rel) for rel in wanted}
            if all(data is not None and sha256(data) == wanted[rel] for rel, data in kept.items()):
                return v, n
        return None, len(found)
    finally:
        hist.close()
