"""Finding the font file behind a font name, for drawing (charts) rather than for Word."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from docgen.errors import DocgenError

INSTALL_HINT = "ติดตั้งแบบอักษร TH SarabunPSK และ TH Sarabun New ด้วย ./make.sh setup (scripts/install_fonts.py)"


def name_fault(family: str) -> str | None:
    """What is wrong with *family* as a font's name (Thai), or None: a name starting
    with ``-`` is an option to any program, never a font."""
    if family.lstrip().startswith("-"):
        from docgen.records.types import visible

        return (f"'{visible(family)}' ขึ้นต้นด้วยเครื่องหมาย - จึงไม่ใช่ชื่อแบบอักษร"
                " ให้ใส่ชื่อแบบอักษรที่ติดตั้งไว้ เช่น TH SarabunPSK หรือ TH Sarabun New")
    return None


def _family(family: str) -> str:
    """*family*, if it can be a font's name; else the organisation's font field is told."""
    fault = name_fault(family)
    if fault:
        raise DocgenError(f"แบบอักษร (font: ในไฟล์ข้อมูลองค์กร): {fault}")
    return family


@dataclass(frozen=True)
class Match:
    """The font file fontconfig gives for a pattern, the family it knows it by (the
    one LibreOffice asks it for) and the characters the file draws (its ``charset``,
    ranges of hexadecimal code points as fontconfig prints them: ``20-7e e01 ...``)."""

    file: str
    family: str
    charset: str

    def draws(self, char: str) -> bool:
        """Whether the file has a glyph for *char*."""
        point = ord(char)
        for part in self.charset.split():
            low, _, high = part.partition("-")
            try:
                if int(low, 16) <= point <= int(high or low, 16):
                    return True
            except ValueError:
                return False
        return False


def font_match(pattern: str) -> Match | None:
    """What fontconfig matches for *pattern* (after ``--``: never an option); None
    without fontconfig, or where what it gives is not a file."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "--format=%{file}\n%{family[0]}\n%{charset}", "--", pattern],
                           capture_output=True, text=True, encoding="utf-8", errors="replace", check=False,
                           timeout=30).stdout.split("\n")
    path, family, charset = (found + ["", "", ""])[:3]
    return Match(path.strip(), family.strip(), charset.strip()) if path.strip() and os.path.isfile(path.strip()) \
        else None


def font_file(pattern: str) -> str | None:
    """The font file fontconfig matches for *pattern* (see :func:`font_match`)."""
    found = font_match(pattern)
    return found.file if found else None


@functools.cache
def thai_font_file(family: str) -> str:
    """The file fontconfig gives for *family*; it must draw Thai (holds ก, U+0E01)."""
    if shutil.which("fc-match") is None:
        raise DocgenError(f"ไม่พบ fontconfig (fc-match) จึงหาแบบอักษรไทยสำหรับแผนภูมิไม่ได้: {INSTALL_HINT}")
    found = font_match(f"{_family(family)}:lang=th")
    if found is None or not found.draws("ก"):
        raise DocgenError(f"แบบอักษร '{family}' ที่เครื่องนี้ไม่มีตัวอักษรไทย ({found.file if found else 'ไม่พบ'}):"
                          f" {INSTALL_HINT}")
    return found.file


@functools.cache
def line_metrics(path: str) -> dict[str, int | str]:
    """The vertical metrics of a font file that decide a "single" line's height, and
    its family; kept in the cache while the file is unchanged (a command then needs no
    fontTools)."""
    import json

    from docgen.cache import file_stamp, kept

    return kept("fonts", {"metrics": 3, "file": file_stamp(path)}, ".json", lambda: _measured(path),
                dump=lambda m: json.dumps(m, ensure_ascii=False).encode("utf-8"), load=json.loads)


def _measured(path: str) -> dict[str, int | str]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=0, lazy=True) as font:
        hhea, os2, name = font["hhea"], font["OS/2"], font["name"]
        return {
            "family": name.getDebugName(16) or name.getDebugName(1) or "",
            "upm": font["head"].unitsPerEm,
            "hhea_ascent": hhea.ascent, "hhea_descent": hhea.descent, "hhea_gap": hhea.lineGap,
            "typo_ascent": os2.sTypoAscender, "typo_descent": os2.sTypoDescender,
            "win_ascent": os2.usWinAscent, "win_descent": os2.usWinDescent,
        }


def word_line_em(m: dict[str, int | str]) -> float:
    """Word's single line on Windows, in em: usWinAscent + usWinDescent plus GDI's
    external leading, max(0, hhea.lineGap - (win sum - hhea sum))."""
    win = int(m["win_ascent"]) + int(m["win_descent"])
    hhea = int(m["hhea_ascent"]) - int(m["hhea_descent"])
    return (win + max(0, int(m["hhea_gap"]) - (win - hhea))) / int(m["upm"])


def libreoffice_line_em(m: dict[str, int | str]) -> float:
    """LibreOffice's single line on Linux, in em: hhea ascender - descender + lineGap."""
    return (int(m["hhea_ascent"]) - int(m["hhea_descent"]) + int(m["hhea_gap"])) / int(m["upm"])


def win_metrics_entries(family: str) -> list[str]:
    """The ``FontsUseWinMetrics`` entries that make LibreOffice set lines of *family* as
    Word does (``Family,hheaAsc,hheaDesc,typoAsc,typoDesc,winAsc,winDesc``), under the
    name asked for and the name of the file fontconfig gives for it; none where its line
    already equals Word's or the setting cannot make it so (the setting drops the
    external leading, so it fits only fonts whose Word line has none)."""
    path = font_file(_family(family))
    if path is None:
        return []
    m = line_metrics(path)
    word, libre = word_line_em(m), libreoffice_line_em(m)
    win_only = (int(m["win_ascent"]) + int(m["win_descent"])) / int(m["upm"])
    if abs(word - libre) < 1e-9 or abs(word - win_only) > 1e-9:
        return []
    numbers = ",".join(str(m[k]) for k in ("hhea_ascent", "hhea_descent", "typo_ascent", "typo_descent",
                                           "win_ascent", "win_descent"))
    return [f"{name},{numbers}" for name in dict.fromkeys((family, str(m["family"])))]


NATIONAL = ("TH SarabunPSK", "TH Sarabun New")


def font_advice(family: str) -> list[str]:
    """Lines for ``docgen validate``: the font a clerk's Word needs, where it comes from,
    and what this machine sets the PDFs in."""
    if family in NATIONAL:
        where = "แบบอักษรแห่งชาติ แจกฟรีจาก SIPA/DEPA (ชุด 13 ฟอนต์แห่งชาติ)"
    else:
        where = (f"ไม่อยู่ในชุดฟอนต์แห่งชาติ ติดตั้งจากแหล่งของหน่วยงาน"
                 f" หรือเปลี่ยน font: ในไฟล์องค์กรเป็น {' หรือ '.join(NATIONAL)}")
    lines = [f"  แบบอักษร: {family} ทั้ง 4 แบบ (ปกติ ตัวหนา ตัวเอียง ตัวหนาเอียง) ต้องติดตั้งในเครื่อง Windows"
             f" ที่เปิดไฟล์ DOCX ด้วย Word: {where}"]
    found = font_match(_family(family))
    if found is not None:
        lines.append(f"  PDF บนเครื่องนี้ใช้แบบอักษร {found.family} ({found.file})")
    return lines
