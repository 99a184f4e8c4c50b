"""The bar chart of indicator scores against the pass mark (PNG): its cache, the
process that draws it, and the labels it shows. matplotlib is imported only where a
chart is drawn (:mod:`docgen.chart_draw`)."""

from __future__ import annotations

import atexit
import functools
import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any, Sequence

from docgen import __version__, thai
from docgen.cache import cache_file, keep_file
from docgen.fonts import thai_font_file

_worker: subprocess.Popen[bytes] | None = None


def prestart(recs: Any) -> None:
    """Start a process that imports matplotlib now, on the other core, where the
    packet's chart must be drawn (not in the cache): it loads while the other documents
    render. :func:`indicator_chart` uses it or dismisses it; without it, it draws
    in-process."""
    global _worker
    if _worker is None and not os.environ.get("DOCGEN_NO_WORKER"):
        from docgen.facts.derive import facts

        prev = facts(recs)["prev"]
        hit = _kept(prev["ranked"], prev["pass_mark"], font=recs.organisation.font,
                    numerals=recs.organisation.numerals)
        if hit is not None and hit.is_file():
            return
        try:
            _worker = subprocess.Popen([sys.executable, "-m", "docgen.documents.chart_worker"], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            _worker = None
        atexit.register(_dismiss)


def _dismiss() -> None:
    global _worker
    if _worker is not None:
        if _worker.poll() is None:
            _worker.kill()
        _worker.wait()
        for pipe in (_worker.stdin, _worker.stdout):
            if pipe is not None:
                pipe.close()
        _worker = None


def _draw_in_worker(request: dict[str, Any]) -> bytes | None:
    """PNG bytes from the prestarted worker, or None if there is none or it failed."""
    global _worker
    worker, _worker = _worker, None
    if worker is None:
        return None
    try:
        out, _ = worker.communicate(json.dumps(request).encode("utf-8"), timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        worker.kill()
        worker.communicate()
        return None
    return out if worker.returncode == 0 and out.startswith(b"\x89PNG") else None


@functools.cache
def _matplotlib_version() -> str:
    return version("matplotlib")


def _stamp(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


@functools.lru_cache(maxsize=16)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    """A font file's SHA-256, once per process while the file is unchanged."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def indicator_chart(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font: str,
                    numerals: str) -> bytes:
    """Horizontal bars, best score on top, a dashed line at the pass mark; labels in
    the organisation's numerals, Thai drawn with *font*. Returns PNG bytes (drawn by
    :mod:`docgen.chart_draw`, in the prestarted process when there is one).

    The chart is a pure function of its inputs, so a drawn PNG is kept in a cache
    keyed by all of them (names, scores, pass mark, numerals, the font file's bytes,
    docgen's and matplotlib's versions): a later build with the same inputs skips
    importing matplotlib (about half a second) and gets the same bytes."""
    path = thai_font_file(font)
    hit = _kept(indicators, pass_mark, font=font, numerals=numerals)
    if hit is not None and hit.is_file():
        _dismiss()
        return hit.read_bytes()
    request = _request(indicators, pass_mark, font_path=path, numerals=numerals)
    png = _draw_in_worker(request)
    if png is None:
        from docgen.documents.chart_draw import draw

        png = draw(**request)
    keep_file(hit, png)
    return png


def _kept(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font: str, numerals: str) -> Path | None:
    """The cache's file for the chart of these inputs (None: no cache)."""
    path = thai_font_file(font)
    return cache_file("charts", {
        "rows": [[r["name"], str(r["score"]), bool(r["passes"])] for r in indicators],
        "pass": str(pass_mark), "numerals": numerals, "docgen": __version__,
        "matplotlib": _matplotlib_version(), "font": _file_digest(path, *_stamp(path)),
    }, ".png")


def _request(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font_path: str,
             numerals: str) -> dict[str, Any]:
    """The drawing's arguments, every label already in the organisation's numerals."""
    digits = thai.to_thai_digits if numerals == "thai" else str
    return {
        "rows": [{"name": wrap_label(r["name"]), "score": float(r["score"]), "label": digits(thai.score(r["score"])),
                  "passes": bool(r["passes"])} for r in indicators],
        "pass_mark": float(pass_mark),
        "pass_label": digits(f"เกณฑ์ผ่าน {thai.number(pass_mark)}"),
        "axis_digits": {str(d): digits(str(d)) for d in range(10)},
        "axis_label": "คะแนน",
        "font_path": font_path,
    }


LABEL_CHARS, LABEL_LINES = 30, 3


def wrap_label(name: str) -> str:
    """An indicator's name in lines of at most about LABEL_CHARS characters, broken
    between Thai words (pythainlp), at most LABEL_LINES lines (the rest shortened with
    "…"), so a long name never squeezes the bars."""
    if len(name) <= LABEL_CHARS:
        return name
    from pythainlp.tokenize import word_tokenize

    lines, current = [], ""
    for word in word_tokenize(name, keep_whitespace=True):
        if current and len(current) + len(word) > LABEL_CHARS:
            lines.append(current.strip())
            current = ""
        current += word
    if current.strip():
        lines.append(current.strip())
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1] + "…"
    return "\n".join(lines)
