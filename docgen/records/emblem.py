"""The organisation's emblem (ครุฑ) image, or the clearly marked placeholder docgen ships
until an office supplies its own."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any, cast

from docgen.docx.ns import W

PLACEHOLDER = "placeholder"


def placeholder_path() -> Path:
    """The shipped placeholder image (a red 'EMBLEM PLACEHOLDER' box)."""
    return Path(str(files("docgen") / "assets" / "emblem-placeholder.png"))


def is_placeholder(emblem: str) -> bool:
    """True while a profile names no emblem of its own."""
    return emblem.strip().lower() == PLACEHOLDER


def emblem_path(emblem: str, profile_dir: Path) -> Path:
    """The image file a profile's ``emblem`` value stands for."""
    return placeholder_path() if is_placeholder(emblem) else profile_dir / emblem


# --------------------------------------------------------------------------- docgen emblem FILE

MAX_SOURCE_BYTES = 20_000_000
MIN_PX, MAX_PX = 60, 6000  # a 1.5 cm emblem needs ~180 px at 300 dpi; 60 px is a blur
EMBLEM_FILE = "emblem.png"
DOCX_MAIN = "word/document.xml"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"


def emblem_png(source: Path) -> bytes:
    """The emblem in *source* (an office's own DOCX, whose first-page header holds it,
    or a PNG, JPEG or SVG), checked and as PNG; raise DocgenError (Thai) otherwise."""
    from docgen.errors import DocgenError
    from docgen.safefile import Refused, read_regular

    try:
        data = read_regular(source, limit=MAX_SOURCE_BYTES)
    except Refused as exc:
        raise DocgenError(f"อ่านไฟล์ {source} ไม่ได้: {exc}") from None
    if data[:2] == b"PK":
        data = _from_docx(data, source)
    elif b"<svg" in data[:4096]:
        data = _from_svg(data, source)
    return _checked_png(data, source)


def _from_docx(data: bytes, source: Path) -> bytes:
    import io
    import posixpath
    import zipfile

    from lxml import etree

    from docgen.docx.zipread import ZIP_ERRORS, TooLarge, limit_for, read_member
    from docgen.errors import DocgenError

    def xml(name: str) -> Any:
        return etree.fromstring(read(name), etree.XMLParser(resolve_entities=False, no_network=True))

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            def read(name: str) -> bytes:  # a member within its bound, stated and inflated: no zip bomb
                try:
                    return read_member(z, name, min(limit_for(name), MAX_SOURCE_BYTES))
                except TooLarge as exc:
                    raise DocgenError(f"ไฟล์ {source}: {exc}") from None

            body = xml(DOCX_MAIN)
            rels = xml("word/_rels/document.xml.rels")
            sect = next(body.iter(f"{W}sectPr"), None)
            headers = sect.iter(f"{W}headerReference") if sect is not None else []
            refs = {h.get(f"{W}type"): h.get(f"{R}id") for h in headers}
            first_page = sect is not None and sect.find(f"{W}titlePg") is not None
            r_id = refs.get("first") if first_page else refs.get("default")
            targets = {r.get("Id"): r.get("Target") for r in rels}
            if r_id not in targets:
                raise DocgenError(f"ไฟล์ {source} ไม่มีหัวกระดาษหน้าแรก จึงไม่พบตราครุฑ ให้ใช้ไฟล์ภาพแทน")
            header = posixpath.normpath(posixpath.join("word", targets[r_id]))
            header_rels = xml(posixpath.join(posixpath.dirname(header), "_rels", posixpath.basename(header) + ".rels"))
            images = {r.get("Id"): r.get("Target") for r in header_rels}
            blip = next(xml(header).iter(A_BLIP), None)
            if blip is None or blip.get(f"{R}embed") not in images:
                raise DocgenError(f"ไม่พบภาพในหัวกระดาษหน้าแรกของ {source} ให้ใช้ไฟล์ภาพตราครุฑแทน")
            return read(posixpath.normpath(posixpath.join(posixpath.dirname(header), images[blip.get(f"{R}embed")])))
    except (*ZIP_ERRORS, KeyError, etree.XMLSyntaxError):
        raise DocgenError(f"ไฟล์ {source} ไม่ใช่ DOCX ที่อ่านได้ ให้ใช้ไฟล์ .docx หรือไฟล์ภาพ PNG/JPEG/SVG") from None


def _from_svg(data: bytes, source: Path) -> bytes:
    """The SVG drawn 600 pixels high, bounded in size and time (:mod:`docgen.records.svg`)."""
    from docgen.records.svg import svg_png

    return svg_png(data, source)


def _checked_png(data: bytes, source: Path) -> bytes:
    import io

    from PIL import Image, UnidentifiedImageError

    from docgen.errors import DocgenError

    try:
        with Image.open(io.BytesIO(data)) as img:
            w, h = img.size  # from the header: a huge picture is refused before it is decoded
            if not (MIN_PX <= w <= MAX_PX and MIN_PX <= h <= MAX_PX):
                raise DocgenError(f"ภาพ {source} มีขนาด {w}x{h} จุด ต้องอยู่ระหว่าง {MIN_PX} ถึง {MAX_PX} จุดทั้งกว้างและสูง")
            img.load()
            rgba = img.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise DocgenError(f"ไฟล์ {source} ไม่ใช่ภาพ หรือไฟล์ภาพเสีย/ไม่ครบ ให้ใช้ภาพ PNG, JPEG หรือ SVG") from None
    w, h = rgba.size
    if not (MIN_PX <= w <= MAX_PX and MIN_PX <= h <= MAX_PX):
        raise DocgenError(f"ภาพ {source} มีขนาด {w}x{h} จุด ต้องอยู่ระหว่าง {MIN_PX} ถึง {MAX_PX} จุดทั้งกว้างและสูง")
    if not 0.5 <= w / h <= 2:
        raise DocgenError(f"ภาพ {source} กว้าง {w} สูง {h} จุด สัดส่วนไม่ใช่ตราครุฑ ให้ตัดภาพให้เหลือเฉพาะตรา")
    corners = [cast(tuple[int, int, int, int], rgba.getpixel(p))
               for p in ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))]
    if not all(a < 16 or min(r, g, b) >= 235 for r, g, b, a in corners):
        raise DocgenError(f"ภาพ {source} มีพื้นหลังไม่ใช่สีขาวหรือโปร่งใส เมื่อพิมพ์จะเห็นเป็นกรอบสี"
                          " ให้ใช้ภาพตราที่พื้นหลังขาวหรือโปร่งใส")
    out = io.BytesIO()
    rgba.save(out, format="PNG", optimize=True)  # no metadata, the same bytes for the same picture
    return out.getvalue()


def install_emblem(source: Path, profile: Path, *, force: bool, png: bytes | None = None) -> Path:
    """Store the emblem of *source* beside the profile as ``emblem.png`` and set the
    profile's ``emblem:`` (its comments kept); return the image's path. *png*: the
    emblem already drawn from *source* (:func:`emblem_png`), e.g. outside a lock."""
    from docgen.errors import OutputExistsError
    from docgen.history import record
    from docgen.safefile import records_root

    png = emblem_png(source) if png is None else png
    target = profile.parent / EMBLEM_FILE
    if target.exists() and not force and target.read_bytes() != png:
        raise OutputExistsError(target)
    text = _with_emblem(profile.read_text(encoding="utf-8"), EMBLEM_FILE)
    record.write(records_root(profile, depth=2), {target: png, profile: text.encode("utf-8")},
                 summary=f"ตราสัญลักษณ์ใหม่ ({EMBLEM_FILE}) จากไฟล์ {source.name}", action="emblem")
    return target


def _with_emblem(profile_text: str, value: str) -> str:
    """The profile's text with ``emblem: value``, every other line as it was."""
    import re

    line = re.compile(r"^emblem:[^\n#]*?(\s*#[^\n]*)?$", re.M)
    if line.search(profile_text):
        return line.sub(lambda m: f"emblem: {value}" + (m.group(1) or ""), profile_text, count=1)
    return profile_text.rstrip("\n") + f"\nemblem: {value}\n"
