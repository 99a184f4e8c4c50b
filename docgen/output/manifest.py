"""``manifest.json``: each file a build wrote, with its SHA-256, the records and
templates it came from, and docgen's version. A later build reads it to tell a file
docgen wrote from one a clerk edited since."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.records.source import Records

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(recs: Records, files: dict[str, bytes], *, templates: Path, names: list[str],
             conversions: dict[str, Any] | None = None) -> bytes:
    """JSON naming each of *files* with its SHA-256, the records it came from, the
    templates *names* in the folder *templates*, docgen's version, and (with PDFs) what
    each PDF was converted from (:mod:`docgen.build.reuse`)."""
    doc: dict[str, Any] = {
        "docgen": __version__,
        "records": [
            {"role": role, "path": src.path.as_posix(), "sha256": sha256(src.path.read_bytes())}
            for role, src in sorted(recs.sources.items())
        ],
        "templates": [{"name": name, "sha256": sha256((templates / name).read_bytes())} for name in names],
        "files": [{"name": name, "bytes": len(data), "sha256": sha256(data)} for name, data in sorted(files.items())],
    }
    if conversions is not None:
        doc["conversions"] = conversions
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
