"""Where a PDF's lines end, read as a reader would (poppler's text and blocks): each
line that wraps (the next line is in its block, and it reaches the block's right
edge) is checked against the next line's start with pythainlp's dictionary."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

THAI = "\u0e01-\u0e4e"
DIGIT = "0-9๐-๙"
MONTHS = "มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
UNITS = "คะแนน|มาตรการ|ตัวชี้วัด|เครื่องมือ|ข้อ|คน|วัน|เดือน|ครั้ง"
ABBREVIATION = re.compile(f"^(?:[ก-ฮ]{{1,4}}\\.)+[{DIGIT}]*")


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    size: float


@functools.cache
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def whole_words(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """*text* (Thai) is made of dictionary words (or words of the records)."""
    from pythainlp.tokenize import word_tokenize

    words = _words() | extra
    return all(t in words or t in "ๆฯณ" for t in word_tokenize(text, engine="newmm", custom_dict=None))


def _blocks(pdf: str) -> list[list[Line]]:
    """The PDF's text blocks, each a list of lines, as poppler reads them (the text a
    reader searches; SARA AM as one character, as a reader's search folds it)."""
    import subprocess
    import xml.etree.ElementTree as ET

    html = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(html)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    out = []
    for n, page in enumerate(root.iterfind(".//h:page", ns), 1):
        for block in page.iterfind(".//h:block", ns):
            rows = []
            for line in block.iterfind("h:line", ns):
                words = line.findall("h:word", ns)
                rows.append(Line(n, " ".join(w.text or "" for w in words).replace("\u0e4d\u0e32", "\u0e33"), float(line.get("xMin", 0)),
                                 float(line.get("xMax", 0)), float(line.get("yMin", 0)),
                                 float(line.get("yMax", 0)) - float(line.get("yMin", 0))))
            out.append(rows)
    return out


def lines(pdf: str) -> list[Line]:
    return [ln for block in _blocks(pdf) for ln in block]


def wraps(pdf: str) -> list[tuple[Line, Line]]:
    """Pairs (a line that wraps, the line it goes on in): lines of one block, the
    first reaching the block's right edge."""
    out = []
    for block in _blocks(pdf):
        if len(block) < 2:
            continue
        left = min(ln.x0 for ln in block)
        right = max(ln.x1 for ln in block)
        for a, b in zip(block, block[1:]):
            if a.x1 >= right - 0.04 * (right - left):
                out.append((a, b))
    return out


def bad_line_ends(pdf: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """Each wrapped line that ends inside a number, a date, a count or a Thai word."""
    found = []
    for a, b in wraps(pdf):
        why = []
        if "...." in a.text or re.fullmatch(f"[{DIGIT}.,\\s-]+", a.text) or re.match(f"[{DIGIT}]+\\.\\s", b.text):
            continue  # a contents line, a table's column of numbers, a numbered heading below
        if re.search(f"[{DIGIT}][.,:/]?$", a.text) and re.match(f"[{DIGIT}]", b.text):
            why.append("a number parted")
        if re.search(f"(?:{MONTHS}|พ\\.ศ\\.|วันที่|ข้อ)$", a.text) and re.match(f"[{DIGIT}A-Z]", b.text) or \
                re.search(f"[{DIGIT}]$", a.text) and re.match(f"(?:{MONTHS}|{UNITS})", b.text):
            why.append("a date or a count parted")
        if re.match(r"[:;)\]]", b.text):
            why.append("a line starts with closing punctuation")
        tail = re.search(f"([{THAI}]+)$", a.text)
        head = ABBREVIATION.match(b.text) or re.match(f"([{THAI}]+)", b.text)
        if tail and head and not ABBREVIATION.match(b.text) and not (
                whole_words(tail.group(1), extra) and whole_words(head.group(0), extra)):
            why.append("a Thai word parted")
        if why:
            found.append(f"p.{a.page} {', '.join(why)}: …{a.text[-25:]} / {b.text[:25]}…")
    return found


def spaces_inside_words(pdf: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """Spaces the text layer holds (or a reader infers) inside a Thai word."""
    found = []
    for ln in lines(pdf):
        for m in re.finditer(f"([{THAI}]+) ([{THAI}]+)", ln.text):
            if not (whole_words(m.group(1), extra) or whole_words(m.group(2), extra)):
                found.append(f"p.{ln.page}: {ln.text[max(0, m.start() - 10):m.end() + 10]}")
    return found
