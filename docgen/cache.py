"""docgen's caches: the cache folder, for things that are pure functions of their
inputs (a drawn chart) or safe to copy (an initialised LibreOffice profile), and the
in-process stores of what does not change between packets (:func:`remembered`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable


def cache_dir(kind: str) -> Path | None:
    """``$DOCGEN_CACHE_DIR/<kind>``, else ``$XDG_CACHE_HOME/docgen/<kind>`` (``~/.cache``);
    None when ``DOCGEN_NO_CACHE`` is set."""
    if os.environ.get("DOCGEN_NO_CACHE"):
        return None
    root = os.environ.get("DOCGEN_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "docgen")
    return Path(root) / kind


def remembered(store: dict[Any, Any], key: Any, make: Callable[[], Any], limit: int = 64) -> Any:
    """``store[key]``, made by *make* the first time; a store holding *limit* entries is
    emptied first (a process renders few distinct templates and files)."""
    value = store.get(key)
    if value is None:
        if len(store) >= limit:
            store.clear()
        value = store[key] = make()
    return value
