"""The bar chart of indicator scores against the pass mark (PNG). matplotlib is
imported here only, when a chart is drawn."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Sequence

from . import thai
from .fonts import thai_font_file

WIDTH_IN, BAR_IN = 6.3, 0.42
DPI = 200


def indicator_chart(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font: str,
                    numerals: str) -> bytes:
    """Horizontal bars, best score on top, a dashed line at the pass mark; labels in
    the organisation's numerals, Thai drawn with *font*. Returns PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    path = thai_font_file(font)
    font_manager.fontManager.addfont(path)
    family = font_manager.FontProperties(fname=path).get_name()
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
