"""The bar chart of indicator scores against the pass mark (PNG) and the labels it
shows; drawn by :mod:`docgen.documents.chart_draw` (Pillow)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from docgen import thai
from docgen.fonts import thai_font_file


def indicator_chart(indicators: Sequence[dict[str, Any]], pass_mark: Decimal, *, font: str,
                    numerals: str) -> bytes:
    """Horizontal bars, best score on top, a dashed line at the pass mark; labels in
    the organisation's numerals, Thai drawn with *font*. Returns PNG bytes, the same
    for the same inputs and font file: kept in the cache, so a later build with the
    same scores draws nothing."""
    from docgen import __version__
    from docgen.cache import file_stamp, kept, library_version, png

    request = _request(indicators, pass_mark, font_path=thai_font_file(font), numerals=numerals)

    def drawn() -> bytes:
        from docgen.documents.chart_draw import draw

        return draw(**request)

    key = {"chart": request, "font": file_stamp(request["font_path"]), "docgen": __version__,
           "pillow": library_version("pillow")}
    return kept("charts", key, ".png", drawn, load=png)


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
    """An indicator's name in lines of at most LABEL_CHARS characters, broken between
    Thai words (pythainlp) and inside a word longer than a line (a code, an address),
    at most LABEL_LINES lines (the rest shortened with "…"), so a long name never
    squeezes the bars; line breaks and runs of spaces typed in it count as one space."""
    name = " ".join(name.split())
    if len(name) <= LABEL_CHARS:
        return name
    from pythainlp.tokenize import word_tokenize

    lines, current = [], ""
    for word in word_tokenize(name, keep_whitespace=True):
        # a word longer than a line (no word boundary inside) goes in cluster by cluster
        for piece in thai.clusters(word) if len(word) > LABEL_CHARS else (word,):
            if current and len(current) + len(piece) > LABEL_CHARS:
                lines.append(current.strip())
                current = ""
            current += piece
    if current.strip():
        lines.append(current.strip())
    lines = [line for line in lines if line]
    if len(lines) > LABEL_LINES:
        lines = lines[:LABEL_LINES]
        lines[-1] = lines[-1][: LABEL_CHARS - 1] + "…"
    return "\n".join(lines)
