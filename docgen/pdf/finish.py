"""Finishing LibreOffice's PDFs: a text layer that names every glyph, and the same
bytes for the same records.

1. **Text layer.** Thai shaping splits SARA AM (ำ) into NIKHAHIT + SARA AA glyphs.
   LibreOffice 7.4 maps the first glyph of that cluster to "ำ" and gives the SARA AA
   glyph no entry in the font's ToUnicode map at all, so every later "า" copies or
   searches as nothing. Each embedded TrueType subset is compared, glyph by glyph
   (outline and advance), with the installed font it came from; where a glyph is
   exactly a glyph the font maps from one character, that character is its text.
   Glyphs the font reaches only through substitutions keep LibreOffice's mapping.
2. **Same bytes.** The creation date is the document's date from the records (not the
   clock), the modification date is dropped, and the file ID is derived from the
   content.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import re
from typing import Any

from docgen.fonts import font_file

CMAP_TEMPLATE = """/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
{codespace}
{blocks}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""
_HEX = re.compile(r"<([0-9A-Fa-f]+)>")


def parse_tounicode(cmap: str) -> tuple[str, dict[int, str]]:
    """The codespace block and code -> text of a ToUnicode CMap (bfchar and bfrange)."""
    space = re.search(r"\d+\s+begincodespacerange.*?endcodespacerange", cmap, re.S)
    codespace = space.group(0) if space else "1 begincodespacerange\n<00> <FF>\nendcodespacerange"
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2]):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for line in block.strip().splitlines():
            nums = _HEX.findall(line)
            if len(nums) < 3:
                continue
            lo, hi = int(nums[0], 16), int(nums[1], 16)
            if "[" in line:
                for code, dst in zip(range(lo, hi + 1), nums[2:]):
                    out[code] = bytes.fromhex(dst).decode("utf-16-be")
            else:
                first = int(nums[2], 16)
                for i, code in enumerate(range(lo, hi + 1)):
                    out[code] = chr(first + i)
    return codespace, out


def write_tounicode(codespace: str, mapping: dict[int, str]) -> str:
    """A ToUnicode CMap holding *mapping* (bfchar blocks of at most 100 entries)."""
    width = 2 if "<0000>" in codespace or "<FFFF>" in codespace.upper() else 1
    items = sorted(mapping.items())
    blocks = []
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        lines = [f"<{code:0{width * 2}X}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(lines) + "\nendbfchar")
    return CMAP_TEMPLATE.format(codespace=codespace, blocks="\n".join(blocks))


def _shape(font: Any, name: str) -> str:
    """A glyph's identity: resolved outline and advance width."""
    glyf = font["glyf"]
    coords, ends, flags = glyf[name].getCoordinates(glyf)
    return hashlib.sha1(repr((list(coords), list(ends), list(flags), font["hmtx"][name][0])).encode()).hexdigest()


@functools.cache
def _installed(postscript_name: str) -> dict[str, str] | None:
    """Glyph identity -> the one character an installed font maps to it."""
    from fontTools.ttLib import TTFont

    path = font_file(f":postscriptname={postscript_name}")
    if path is None:
        return None
    with TTFont(path, lazy=False) as font:
        if "glyf" not in font or font["name"].getDebugName(6) != postscript_name:
            return None
        by_glyph: dict[str, list[int]] = {}
        for cp, name in font.getBestCmap().items():
            if not 0xE000 <= cp <= 0xF8FF:  # private-use code points are no text
                by_glyph.setdefault(name, []).append(cp)
        best: dict[str, int] = {}
        for name, cps in by_glyph.items():  # identical glyphs (hyphen, figure dash): the lowest wins
            shape = _shape(font, name)
            best[shape] = min(min(cps), best.get(shape, 0x10FFFF))
        return {shape: chr(cp) for shape, cp in best.items()}


def _repair_font(doc: Any, font_dict: Any) -> bool:
    """Complete one simple TrueType font's ToUnicode map; True if it changed."""
    import pikepdf
    from fontTools.ttLib import TTFont

    base = str(font_dict.get("/BaseFont", ""))[1:]
    descriptor = font_dict.get("/FontDescriptor")
    if "/ToUnicode" not in font_dict or descriptor is None or "/FontFile2" not in descriptor:
        return False
    known = _installed(base.split("+", 1)[-1])
    if not known:
        return False
    subset = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
    cmap = subset["cmap"].getcmap(1, 0) or subset["cmap"].getcmap(3, 0)
    if cmap is None:
        return False
    codespace, mapping = parse_tounicode(font_dict.ToUnicode.read_bytes().decode("latin-1"))
    changed = dict(mapping)
    for code, glyph in cmap.cmap.items():
        if glyph == ".notdef" or "glyf" not in subset:
            continue
        text = known.get(_shape(subset, glyph))
        if text is not None:
            changed[code] = text
    if changed == mapping:
        return False
    font_dict.ToUnicode = pikepdf.Stream(doc, write_tounicode(codespace, changed).encode("latin-1"))
    return True


def finish(pdf: bytes, *, date: _dt.date) -> bytes:
    """The PDF with a complete text layer, dated *date*, with a content-derived ID."""
    import logging

    import pikepdf

    # subset fonts carry a zero 'modified' stamp, which fontTools logs a warning about
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        seen: set[tuple[int, int]] = set()
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and obj.objgen not in seen:
                seen.add(obj.objgen)
                if obj.get("/Subtype") == "/TrueType":
                    _repair_font(doc, obj)
        stamp = f"D:{date:%Y%m%d}000000Z"
        if "/Metadata" in doc.Root:  # LibreOffice writes XMP only for PDF/A
            with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
                for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                    if key in meta:
                        del meta[key]
        doc.docinfo["/CreationDate"] = stamp
        if "/ModDate" in doc.docinfo:
            del doc.docinfo["/ModDate"]
        # LibreOffice's trailer: a checksum that covers its clock, and a random ID
        # (qpdf would keep a file's first ID, so both go and the ID is derived anew)
        for key in ("/DocChecksum", "/ID"):
            if key in doc.trailer:
                del doc.trailer[key]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()
