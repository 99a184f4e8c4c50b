"""A build converts only what changed: a document whose DOCX (as sent to LibreOffice)
is the one the last build into the same folder converted, with the same docgen, font
file and LibreOffice, keeps that build's PDF and first-page preview, as long as they
are still the bytes docgen wrote (the manifest's hashes). The same DOCX gives the same
PDF, so the output is the same bytes either way; only the time differs."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen import __version__
from docgen.output.manifest import MANIFEST, sha256


@dataclass(frozen=True)
class Kept:
    """What an earlier conversion of one document left: its PDF and preview files
    (name -> bytes), its contents as laid out and its rows taller than a page."""

    files: dict[str, bytes]
    toc: list[tuple[str, str]]
    tall: list[str]


def fingerprint(font: str) -> list[Any]:
    """What besides the DOCX decides a PDF: docgen, the font file, LibreOffice."""
    from docgen.cache import file_stamp
    from docgen.fonts import font_file

    found: list[Any] = [__version__]
    for path in (font_file(font), shutil.which("soffice") or shutil.which("libreoffice")):
        try:
            found.append(file_stamp(path) if path else None)
        except OSError:
            found.append(None)
    return found


def earlier(target: Path, sources: dict[str, str], now: list[Any]) -> dict[str, Kept]:
    """The documents of *sources* (DOCX name -> its SHA-256) whose conversion by the
    last build into *target* can stand."""
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        written = {f["name"]: f["sha256"] for f in manifest.get("files", [])}
        done = manifest.get("conversions") or {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}
    found = {}
    for name, source in sources.items():
        was = done.get(name) if isinstance(done, dict) else None
        if not isinstance(was, dict) or was.get("source") != source or was.get("fingerprint") != json.loads(
                json.dumps(now)):
            continue
        stem = Path(name).stem
        files = {}
        for part in (f"{stem}.pdf", f"{stem}-page1.png"):
            if part not in written:
                continue
            try:
                data = (target / part).read_bytes()
            except OSError:
                break
            if sha256(data) != written[part]:
                break  # edited by hand since: converted again
            files[part] = data
        else:
            if f"{stem}.pdf" in files:
                found[name] = Kept(files, [(str(a), str(b)) for a, b in was.get("toc", [])],
                                   [str(r) for r in was.get("tall", [])])
    return found
