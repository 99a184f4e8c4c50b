"""Drawing the indicator chart with Pillow, from labels already formatted.

The chart is one fixed kind (horizontal bars, a dashed line at the pass mark, a score
axis from 0 to 100), so it is laid out here in pixels and painted with Pillow's
``ImageDraw``; its Thai text is shaped by HarfBuzz through Pillow's raqm layout (tone
marks stacked over upper vowels), the same shaping matplotlib did, without the half
second of importing matplotlib and numpy on every first build.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import Any, Sequence

from PIL import Image, ImageDraw, ImageFont

WIDTH_IN, BAR_IN = 6.3, 0.42
DPI = 200
PT = DPI / 72  # pixels per point
LABEL_PT, VALUE_PT = 15, 14  # names, ticks and the axis label; the scores in the bars
BAR_FILL = 0.62  # of a row's height
PASS, FAIL, LINE, INK = "#1f5f99", "#c0392b", "#444444", "#000000"
TICK = round(3.5 * PT)  # a tick's length, and the gap between a tick and its label
SPINE = round(0.8 * PT)
DASH = (round(3.7 * PT), round(1.6 * PT))  # on, off
EDGE = round(0.1 * DPI)  # white space around the whole chart
TICKS = range(0, 101, 20)


@dataclass(frozen=True)
class Row:
    """One bar: its name's lines (right-aligned left of the axis), the middle of its
    row, where its bar ends, its score as printed and its colour."""

    lines: tuple[str, ...]
    middle: int
    score: float
    end: int
    label: str
    colour: str


@dataclass(frozen=True)
class Layout:
    """Where everything goes, in pixels of the PNG; the plot is the box the bars and
    the pass mark's line are drawn in (0 at *left*, 100 at *right*)."""

    size: tuple[int, int]
    left: int
    top: int
    right: int
    bottom: int
    bar_height: int
    rows: tuple[Row, ...]
    ticks: tuple[tuple[int, str], ...]
    pass_x: int
    pass_label: str
    axis_label: str

    def x(self, value: float) -> int:
        """The pixel column of a score."""
        return round(self.left + (self.right - self.left) * max(0.0, min(100.0, value)) / 100)


@functools.lru_cache(maxsize=8)
def _font(path: str, points: int) -> ImageFont.FreeTypeFont:
    """The font at *points*, laid out by raqm (HarfBuzz); Pillow built without it
    places Thai marks unshaped, so that is refused rather than drawn wrong."""
    if not ImageFont.core.HAVE_RAQM:
        from docgen.errors import DocgenError

        raise DocgenError("Pillow ในเครื่องนี้จัดวางอักษรไทยไม่ได้ (ไม่มี raqm/HarfBuzz) จึงวาดแผนภูมิไม่ได้:"
                          " ติดตั้ง libfribidi0 และ Pillow จาก PyPI ด้วย ./make.sh setup")
    return ImageFont.truetype(path, size=round(points * PT), layout_engine=ImageFont.Layout.RAQM)


def _width(font: ImageFont.FreeTypeFont, text: str) -> int:
    return round(font.getlength(text))


def layout(rows: Sequence[dict[str, Any]], *, pass_mark: float, pass_label: str, axis_digits: dict[str, str],
           axis_label: str, font_path: str) -> Layout:
    """The chart's layout (see :func:`draw`): the height grows with the rows (and
    with wrapped names), the plot takes the width the names leave."""
    label = _font(font_path, LABEL_PT)
    ascent, descent = label.getmetrics()
    lines = max((r["name"].count("\n") + 1 for r in rows), default=1)  # wrapped names need taller rows
    width = round(WIDTH_IN * DPI)
    height = round((0.9 + BAR_IN * max(1.0, 0.7 * lines) * len(rows)) * DPI)
    digits = str.maketrans(axis_digits)
    ticks = [(v, str(v).translate(digits)) for v in TICKS]
    names = [tuple(r["name"].split("\n")) for r in rows]
    widest = max((_width(label, n) for ls in names for n in ls), default=0)
    left = EDGE + widest + 2 * TICK
    right = width - EDGE - _width(label, ticks[-1][1]) // 2
    top = EDGE + ascent + descent  # room for the pass mark's label above the first bar
    bottom = height - EDGE - 2 * (ascent + descent) - 2 * TICK  # the ticks' labels, then the axis label
    pitch = (bottom - top) / max(1, len(rows))

    def x(v: float) -> int:
        return round(left + (right - left) * max(0.0, min(100.0, v)) / 100)

    placed = tuple(Row(lines=n, middle=round(top + (i + 0.5) * pitch), score=float(r["score"]),
                       end=x(float(r["score"])), label=r["label"],
                       colour=PASS if r["passes"] else FAIL) for i, (n, r) in enumerate(zip(names, rows)))
    return Layout(size=(width, height), left=left, top=top, right=right, bottom=bottom,
                  bar_height=round(pitch * BAR_FILL), rows=placed, ticks=tuple((x(v), t) for v, t in ticks),
                  pass_x=x(pass_mark), pass_label=pass_label, axis_label=axis_label)


def draw(rows: Sequence[dict[str, Any]], *, pass_mark: float, pass_label: str, axis_digits: dict[str, str],
         axis_label: str, font_path: str) -> bytes:
    """Horizontal bars, the first row on top; each row has "name" (lines split by
    newlines), "score" (float), "label" (the score as printed) and "passes". Returns
    PNG bytes: the same bytes for the same arguments and font file."""
    lay = layout(rows, pass_mark=pass_mark, pass_label=pass_label, axis_digits=axis_digits,
                 axis_label=axis_label, font_path=font_path)
    label, value = _font(font_path, LABEL_PT), _font(font_path, VALUE_PT)
    ascent, descent = label.getmetrics()
    line = round(LABEL_PT * PT * 1.2)
    image = Image.new("RGB", lay.size, "white")
    pen = ImageDraw.Draw(image)
    # the pass mark's dashed line behind the bars, its label above the first bar
    y = lay.top
    while y < lay.bottom:
        pen.line([(lay.pass_x, y), (lay.pass_x, min(y + DASH[0], lay.bottom))], fill=LINE, width=round(PT))
        y += DASH[0] + DASH[1]
    pen.text((lay.x(pass_mark - 1), lay.top), lay.pass_label, font=value, fill=LINE, anchor="rd")
    for row in lay.rows:
        half = lay.bar_height // 2
        pen.rectangle([lay.left, row.middle - half, row.end, row.middle + half], fill=row.colour)
        pen.text((lay.x(row.score - 0.6), row.middle), row.label, font=value, fill="white",
                 anchor="rm")
        pen.line([(lay.left - TICK, row.middle), (lay.left, row.middle)], fill=INK, width=SPINE)
        first = row.middle - (len(row.lines) - 1) * line / 2
        for i, name in enumerate(row.lines):
            pen.text((lay.left - 2 * TICK, round(first + i * line)), name, font=label, fill=INK, anchor="rm")
    # the axes: left and bottom spines, the score's ticks and their labels, the axis label
    pen.line([(lay.left, lay.top), (lay.left, lay.bottom)], fill=INK, width=SPINE)
    pen.line([(lay.left, lay.bottom), (lay.right, lay.bottom)], fill=INK, width=SPINE)
    for tx, text in lay.ticks:
        pen.line([(tx, lay.bottom), (tx, lay.bottom + TICK)], fill=INK, width=SPINE)
        pen.text((tx, lay.bottom + 2 * TICK), text, font=label, fill=INK, anchor="ma")
    pen.text(((lay.left + lay.right) // 2, lay.bottom + 2 * TICK + ascent + descent), lay.axis_label, font=label,
             fill=INK, anchor="ma")
    buf = io.BytesIO()
    image.save(buf, format="PNG", dpi=(DPI, DPI))
    return buf.getvalue()

