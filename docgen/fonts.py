"""Finding the font file behind a font name, for drawing (charts) rather than for Word."""

from __future__ import annotations

import functools
import shutil
import subprocess

from .errors import DocgenError

INSTALL_HINT = "ติดตั้งแบบอักษร TH Sarabun New ด้วย scripts/install-fonts.sh (หรือ ./make.sh setup)"


def font_file(pattern: str) -> str | None:
    """The font file fontconfig matches for *pattern*; None without fontconfig."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "--format=%{file}", pattern],
                           capture_output=True, text=True, check=False, timeout=30).stdout.strip()
    return found or None


@functools.cache
def thai_font_file(family: str) -> str:
    """The file fontconfig gives for *family*; it must draw Thai (holds ก, U+0E01)."""
    if shutil.which("fc-match") is None:
        raise DocgenError(f"ไม่พบ fontconfig (fc-match) จึงหาแบบอักษรไทยสำหรับแผนภูมิไม่ได้: {INSTALL_HINT}")
    found = font_file(f"{family}:lang=th")
    if not found or not _draws_thai(found):
        raise DocgenError(f"แบบอักษร '{family}' ที่เครื่องนี้ไม่มีตัวอักษรไทย ({found or 'ไม่พบ'}): {INSTALL_HINT}")
    return found


def _draws_thai(path: str) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return 0x0E01 in (font.getBestCmap() or {})
    except Exception:  # not a font fontTools can read
        return False
