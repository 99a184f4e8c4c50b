"""An SVG emblem as a PNG, bounded: a drawing of 2 KB whose ``<use>`` elements repeat
each other ten deep is billions of shapes, and rasterising it takes hours.

Before anything is drawn, the SVG is read (no entity expanded, nothing fetched) and
refused when it holds too many elements, nests too deep, or, following every
reference (``<use href="#a">``, ``fill="url(#g)"``), chains references past
:data:`MAX_CHAIN` or stands for more than :data:`MAX_DRAWN` elements drawn. What
passes is rasterised by cairosvg in a child process of its own, limited in memory
and killed after :data:`SECONDS`. Every refusal is a Thai message that says to save
the emblem as PNG.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

MAX_ELEMENTS = 50_000
MAX_DEPTH = 100  # elements inside elements
MAX_CHAIN = 4  # a reference to something holding a reference... this many deep
MAX_DRAWN = 200_000  # elements, each reference counted as what it stands for
SECONDS = 5
MEMORY = 1_000_000_000  # the rasterising child's address space
HEIGHT = 600  # pixels of the PNG made
REFERENCE = re.compile(r"url\(\s*['\"]?#([^)'\"\s]+)")
AS_PNG = "ให้บันทึกตราเป็นไฟล์ PNG (ส่งออกจากโปรแกรมวาดภาพ) แล้วใช้ไฟล์นั้นแทน"

CHILD = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import cairosvg
png = cairosvg.svg2png(bytestring=sys.stdin.buffer.read(), output_height=int(sys.argv[2]), unsafe=False)
sys.stdout.buffer.write(png)
"""


def _refused(source: Path, why: str) -> Exception:
    from docgen.errors import DocgenError

    return DocgenError(f"ไฟล์ SVG {source} {why} {AS_PNG}")


def _references(el: Any) -> list[str]:
    found = []
    for name, value in el.attrib.items():
        if name.endswith("href") and value.startswith("#"):
            found.append(value[1:])
        found += REFERENCE.findall(value)
    return found


def check_svg(data: bytes, source: Path) -> None:
    """Refuse an SVG too large or too deeply self-referring to draw (see the module)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return  # cairosvg refuses it too, with the message of a broken file
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    if len(elements) > MAX_ELEMENTS:
        raise _refused(source, f"มีองค์ประกอบ {len(elements):,} ชิ้น เกิน {MAX_ELEMENTS:,} ชิ้น")
    ids = {el.get("id"): el for el in elements if el.get("id")}
    drawn: dict[Any, tuple[int, int]] = {}  # element -> (elements drawn, reference depth)

    def cost(el: Any, depth: int, chain: tuple[Any, ...]) -> tuple[int, int]:
        if el in drawn:
            return drawn[el]
        if len(chain) > MAX_CHAIN:
            raise _refused(source, f"มี <use> หรือการอ้างถึงซ้อนกันลึกเกิน {MAX_CHAIN} ชั้น")
        if depth > MAX_DEPTH:
            raise _refused(source, f"ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น")
        total, deepest = 1, 0
        for child in el:
            if isinstance(child.tag, str):
                n, d = cost(child, depth + 1, chain)
                total, deepest = total + n, max(deepest, d)
        for key in _references(el):
            target = ids.get(key)
            if target is None:
                continue
            if target in chain or any(target is a for a in el.iterancestors()) or target is el:
                raise _refused(source, f"มีการอ้างถึงตัวเอง (#{key[:40]}) วนไม่รู้จบ")
            n, d = cost(target, 0, (*chain, el))
            total, deepest = total + n, max(deepest, d + 1)
        if deepest > MAX_CHAIN:
            raise _refused(source, f"มี <use> หรือการอ้างถึงซ้อนกันลึกเกิน {MAX_CHAIN} ชั้น")
        if total > MAX_DRAWN:
            raise _refused(source, f"เมื่อขยาย <use> และการอ้างถึงทั้งหมดแล้วมีองค์ประกอบเกิน {MAX_DRAWN:,} ชิ้น")
        drawn[el] = (total, deepest)
        return drawn[el]

    cost(root, 0, ())


def svg_png(data: bytes, source: Path) -> bytes:
    """The SVG *data* rasterised :data:`HEIGHT` pixels high, checked first; raise
    DocgenError (Thai) for what is refused, broken, or not drawn in time."""
    from docgen.errors import DocgenError

    check_svg(data, source)
    try:
        done = subprocess.run([sys.executable, "-I", "-c", CHILD, str(MEMORY), str(HEIGHT)], input=data,
                              capture_output=True, timeout=SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise _refused(source, f"ซับซ้อนเกินกว่าจะแปลงเป็นภาพได้ภายใน {SECONDS} วินาที") from None
    except OSError:
        raise DocgenError(f"แปลงไฟล์ SVG {source} เป็นภาพไม่ได้ (เริ่มโปรแกรมแปลงภาพไม่ได้) {AS_PNG}") from None
    if done.returncode != 0 or not done.stdout:
        raise DocgenError(f"แปลงไฟล์ SVG {source} เป็นภาพไม่ได้ (ไฟล์อาจเสียหรือใหญ่เกิน) ให้ใช้ไฟล์ PNG หรือ JPEG แทน")
    return done.stdout
