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


MAX_NAME_SHARE = 0.45  # of the width: the names never take the bars' room
MAX_HEIGHT = 16_000  # pixels (80 inches): a framework of hundreds of indicators still draws, in bounded memory


@dataclass(frozen=True)
class Row:
    """One bar: its name's lines (right-aligned left of the axis), the middle of its
    row, where its bar ends, its score as printed, its colour, and where the score
    stands (inside the bar's end in white, or after a bar too short to hold it)."""

    lines: tuple[str, ...]
    middle: int
    score: float
    end: int
    label: str
    colour: str
    label_x: int
    label_inside: bool


@dataclass(frozen=True)
class Layout:
    """Where everything goes, in pixels of the PNG; the plot is the box the bars and
    the pass mark's line are drawn in (0 at *left*, 100 at *right*). The pass mark's
    label ends just left of its line, or starts just right of it where the names'
    column would be in its way."""

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
    pass_label_x: int
    pass_label_left: bool
    axis_label: str


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


def _fitted(font: ImageFont.FreeTypeFont, text: str, room: int) -> str:
    """*text*, or as much of it as fits in *room* pixels followed by "…" (never cut
    between a letter and its marks)."""
    if _width(font, text) <= room:
        return text
    from docgen.thai import clusters

    kept = list(clusters(text))
    while kept and _width(font, "".join(kept) + "…") > room:
        kept.pop()
    return "".join(kept) + "…"


def layout(rows: Sequence[dict[str, Any]], *, pass_mark: float, pass_label: str, axis_digits: dict[str, str],
           axis_label: str, font_path: str) -> Layout:
    """The chart's layout (see :func:`draw`): the height grows with the rows (and
    with wrapped names), the plot takes the width the names leave."""
    label, value = _font(font_path, LABEL_PT), _font(font_path, VALUE_PT)
    ascent, descent = label.getmetrics()
    width = round(WIDTH_IN * DPI)
    room = round(width * MAX_NAME_SHARE)
    names = [tuple(_fitted(label, n, room) for n in r["name"].split("\n")) for r in rows]
    lines = max((len(n) for n in names), default=1)  # wrapped names need taller rows
    top = EDGE + ascent + descent  # room for the pass mark's label above the first bar
    below = EDGE + 2 * (ascent + descent) + 2 * TICK  # the ticks' labels, then the axis label
    height = round((0.9 + BAR_IN * max(1.0, 0.7 * lines) * len(rows)) * DPI)
    height = min(max(height, top + below + round(BAR_IN * DPI)), MAX_HEIGHT)
    digits = str.maketrans(axis_digits)
    ticks = [(v, str(v).translate(digits)) for v in TICKS]
    widest = max((_width(label, n) for ls in names for n in ls), default=0)
    left = EDGE + widest + 2 * TICK
    right = width - EDGE - _width(label, ticks[-1][1]) // 2
    bottom = height - below
    pitch = (bottom - top) / max(1, len(rows))
    pad = round(0.6 / 100 * (right - left))  # the score's distance from its bar's end

    def x(v: float) -> int:
        return round(left + (right - left) * max(0.0, min(100.0, v)) / 100)

    placed = []
    for i, (n, r) in enumerate(zip(names, rows)):
        end, text = x(float(r["score"])), r["label"]
        inside = end - left >= _width(value, text) + 2 * pad
        placed.append(Row(lines=n, middle=round(top + (i + 0.5) * pitch), score=float(r["score"]), end=end,
                          label=text, colour=PASS if r["passes"] else FAIL, label_x=end - pad if inside else end + pad,
                          label_inside=inside))
    pass_x = x(pass_mark)
    left_of_line = pass_x - pad - _width(value, pass_label) >= left
    return Layout(size=(width, height), left=left, top=top, right=right, bottom=bottom,
                  bar_height=round(pitch * BAR_FILL), rows=tuple(placed), ticks=tuple((x(v), t) for v, t in ticks),
                  pass_x=pass_x, pass_label=pass_label, pass_label_x=pass_x - pad if left_of_line else pass_x + pad,
                  pass_label_left=left_of_line, axis_label=axis_label)


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
    pen.text((lay.pass_label_x, lay.top), lay.pass_label, font=value, fill=LINE,
             anchor="rd" if lay.pass_label_left else "ld")
    for row in lay.rows:
        half = lay.bar_height // 2
        if row.end > lay.left:
            pen.rectangle([lay.left, row.middle - half, row.end, row.middle + half], fill=row.colour)
        pen.text((row.label_x, row.middle), row.label, font=value, fill="white" if row.label_inside else INK,
                 anchor="rm" if row.label_inside else "lm")
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

