"""The profile's tables (units, people, roles) grown and shrunk in a form: each is a
map keyed by a name the records refer to, so the form carries the keys it shows
(``__keys.TABLE``) the way it carries a list's order, a new entry gets a key docgen
makes (``person-3``), and the records' rules then ask for what it lacks."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap

from docgen.records.edit import get

KEY = re.compile(r"[a-z][a-z0-9-]{0,40}")
#: each table's new entry: its fields, empty, and the prefix of the keys docgen makes
NEW = {"units": (("name",), "unit"), "people": (("title", "name"), "person"), "roles": (("position", "short"), "role")}


def table_keys(tree: Any, tables: tuple[str, ...]) -> dict[str, list[str]]:
    return {t: [str(k) for k in (get(tree, t) or {})] if isinstance(get(tree, t), dict) else [] for t in tables}


def _entry(table: str) -> CommentedMap:
    return CommentedMap((name, None) for name in NEW[table][0])


def keyed(tree: Any, tables: tuple[str, ...], form: Any) -> dict[str, list[str]]:
    """Make each of *tables* in *tree* hold the keys the form lists (an entry it adds
    starts empty; one it no longer lists is removed; a key not made as docgen makes
    them is ignored); return the keys now there."""
    for table in tables:
        listed = form.get(f"__keys.{table}")
        if listed is None:
            continue
        node = get(tree, table)
        have = {str(k): k for k in node} if isinstance(node, dict) else {}
        want = [k for k in listed.split(",") if k in have or KEY.fullmatch(k)]  # new keys only as docgen makes them
        if not isinstance(node, dict):
            if not want or not isinstance(tree, dict):
                continue
            tree[table] = node = CommentedMap()
        for key in [k for k in node if str(k) not in want]:
            del node[key]
        for key in want:
            if key not in have:
                node[key] = _entry(table)
    return table_keys(tree, tables)


def act(tree: Any, tables: tuple[str, ...], action: str) -> bool:
    """``add:key:TABLE`` (a new entry, its key made) or ``remove:key:TABLE:KEY``;
    whether *action* was one of these."""
    verb, _, rest = action.partition(":key:")
    table, _, key = rest.partition(":")
    node = get(tree, table) if table in tables else None
    if verb == "add" and table in tables:
        if not isinstance(node, dict):
            tree[table] = node = CommentedMap()
        prefix, n = NEW[table][1], 1
        while f"{prefix}-{n}" in node:
            n += 1
        node[f"{prefix}-{n}"] = _entry(table)
        return True
    if verb == "remove" and isinstance(node, dict):
        node.pop(key, None)
        return True
    return False
