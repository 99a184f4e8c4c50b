"""The bar chart of indicator scores against the pass mark (PNG). matplotlib is
imported here only, when a chart is drawn."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any, Sequence

from . import __version__, thai
from .cache import cache_dir
from .fonts import thai_font_file

WIDTH_IN, BAR_IN = 6.3, 0.42
DPI = 200


def indicator_chart(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font: str,
                    numerals: str) -> bytes:
    """Horizontal bars, best score on top, a dashed line at the pass mark; labels in
    the organisation's numerals, Thai drawn with *font*. Returns PNG bytes.

    The chart is a pure function of its inputs, so a drawn PNG is kept in a cache
    keyed by all of them (names, scores, pass mark, numerals, the font file's bytes,
    docgen's and matplotlib's versions): a later build with the same inputs skips
    importing matplotlib (about half a second) and gets the same bytes."""
    path = thai_font_file(font)
    key = hashlib.sha256(json.dumps({
        "rows": [[r["name"], str(r["score"]), bool(r["passes"])] for r in indicators],
        "pass": str(pass_mark), "numerals": numerals, "docgen": __version__,
        "matplotlib": version("matplotlib"), "font": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
    }, ensure_ascii=False).encode()).hexdigest()
    cache = cache_dir("charts")
    hit = cache / f"{key}.png" if cache else None
    if hit is not None and hit.is_file():
        return hit.read_bytes()
    png = _draw(indicators, pass_mark, font_path=path, numerals=numerals)
    if hit is not None:
        try:
            hit.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=hit.parent, suffix=".part")
            with os.fdopen(fd, "wb") as fh:
                fh.write(png)
            os.replace(tmp, hit)
        except OSError:  # a cache that cannot be written is only slower
            pass
    return png


def _draw(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font_path: str, numerals: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    font_manager.fontManager.addfont(font_path)
    family = font_manager.FontProperties(fname=font_path).get_name()
    digits = thai.to_thai_digits if numerals == "thai" else str

    rows = list(reversed(indicators))  # barh draws bottom-up: best ends on top
    fig = Figure(figsize=(WIDTH_IN, 0.9 + BAR_IN * len(rows)), dpi=DPI)
    ax = fig.add_subplot()
    with matplotlib.rc_context({"font.family": family, "font.size": 15, "svg.hashsalt": "docgen"}):
        scores = [float(r["score"]) for r in rows]
        colours = ["#1f5f99" if r["passes"] else "#c0392b" for r in rows]
        bars = ax.barh([r["name"] for r in rows], scores, color=colours, height=0.62, zorder=2)
        ax.axvline(float(pass_mark), color="#444444", linestyle="--", linewidth=1, zorder=1)
        ax.text(float(pass_mark) - 1, len(rows) - 0.45, digits(f"เกณฑ์ผ่าน {thai.number(pass_mark)}"),
                fontfamily=family, fontsize=14, va="bottom", ha="right", color="#444444")
        for bar, r in zip(bars, rows):
            ax.text(bar.get_width() - 0.6, bar.get_y() + bar.get_height() / 2, digits(thai.score(r["score"])),
                    fontfamily=family, fontsize=14, va="center", ha="right", color="white", zorder=3)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: digits(f"{v:.0f}")))
        for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
            label.set_fontfamily(family)
            label.set_fontsize(15)
        ax.set_xlabel("คะแนน", fontfamily=family, fontsize=15)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
