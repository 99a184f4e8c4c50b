"""docgen's cache folder: things that are pure functions of their inputs (a drawn
chart) or safe to copy (an initialised LibreOffice profile), kept to save time."""

from __future__ import annotations

import os
from pathlib import Path


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
