"""Drawing the indicator chart with matplotlib, from labels already formatted: this
module imports nothing of docgen, so the chart process starts with matplotlib alone."""

from __future__ import annotations

import io
from typing import Any, Sequence

WIDTH_IN, BAR_IN = 6.3, 0.42
DPI = 200


def draw(rows: Sequence[dict[str, Any]], *, pass_mark: float, pass_label: str, axis_digits: dict[str, str],
         axis_label: str, font_path: str) -> bytes:
    """Horizontal bars, the first row on top; each row has "name" (lines split by
    newlines), "score" (float), "label" (the score as printed) and "passes". Returns
    PNG bytes."""
    fig = figure(rows, pass_mark=pass_mark, pass_label=pass_label, axis_digits=axis_digits,
                 axis_label=axis_label, font_path=font_path)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def figure(rows: Sequence[dict[str, Any]], *, pass_mark: float, pass_label: str, axis_digits: dict[str, str],
           axis_label: str, font_path: str) -> Any:
    """The chart's matplotlib figure, laid out (see :func:`draw`)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    font_manager.fontManager.addfont(font_path)
    family = font_manager.FontProperties(fname=font_path).get_name()
    digits = str.maketrans(axis_digits)
    bottom_up = list(reversed(rows))  # barh draws bottom-up
    lines = max((r["name"].count("\n") + 1 for r in rows), default=1)  # wrapped names need taller rows
    fig = Figure(figsize=(WIDTH_IN, 0.9 + BAR_IN * max(1.0, 0.7 * lines) * len(bottom_up)), dpi=DPI)
    ax = fig.add_subplot()
    with matplotlib.rc_context({"font.family": family, "font.size": 15}):
        colours = ["#1f5f99" if r["passes"] else "#c0392b" for r in bottom_up]
        bars = ax.barh([r["name"] for r in bottom_up], [r["score"] for r in bottom_up], color=colours,
                       height=0.62, zorder=2)
        ax.axvline(pass_mark, color="#444444", linestyle="--", linewidth=1, zorder=1)
        ax.text(pass_mark - 1, len(bottom_up) - 0.45, pass_label, fontfamily=family, fontsize=14,
                va="bottom", ha="right", color="#444444")
        for bar, r in zip(bars, bottom_up):
            ax.text(bar.get_width() - 0.6, bar.get_y() + bar.get_height() / 2, r["label"], fontfamily=family,
                    fontsize=14, va="center", ha="right", color="white", zorder=3)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}".translate(digits)))
        for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
            label.set_fontfamily(family)
            label.set_fontsize(15)
        ax.set_xlabel(axis_label, fontfamily=family, fontsize=15)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        fig.tight_layout()
    return fig
