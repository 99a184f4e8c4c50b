"""``docgen templates check``: what is wrong with a folder of restyled templates, where
it is and what to do, in Thai, before any document is made from them.

For each template the packet needs: the file is there and is a real DOCX (not an old
``.doc`` renamed, not Strict Open XML, not text); its tags are whole (no stray brace,
no tag left open, every ``for`` and ``if`` closed); each tag is typed in one
formatting (a tag split over runs of different size or weight is a tag Word's
spelling or formatting broke); no row a ``{%tr %}`` tag deletes holds a section
break, a field or a bookmark; and, with the records, every variable it names exists
(with the nearest correct name) and it renders.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from lxml import etree

from docgen.docx.ns import W
from docgen.docx.zipread import Unreadable, read_all
from docgen.safefile import Refused, read_regular

STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MAX_TEMPLATE_BYTES = 20_000_000
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
BLOCK = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(for|if|endfor|endif|elif|else)\b")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class TemplateProblem:
    template: str
    where: str  # part and paragraph, in Thai
    message: str  # what is wrong and what to do

    def __str__(self) -> str:
        return f"แม่แบบ {self.template}" + (f" ({self.where})" if self.where else "") + f": {self.message}"


def _paragraph_where(part: str, text: str) -> str:
    shown = re.sub(r"\s+", " ", text).strip()
    return f"{part}, ย่อหน้า “{shown[:60]}{'…' if len(shown) > 60 else ''}”"


PARTS = {"word/document.xml": "เนื้อหา"}


def _parts(members: dict[str, bytes]) -> list[tuple[str, str]]:
    names = [n for n in members if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
    return [(n, PARTS.get(n, "หัวกระดาษ" if "header" in n else "ท้ายกระดาษ")) for n in sorted(names)]


def check_file(path: Path, *, render: Callable[[Path], str | None] | None = None) -> list[TemplateProblem]:
    """Every problem of one template; *render* (path -> a Thai message or None), when
    given, renders it with the real records."""
    name = path.name
    found: list[TemplateProblem] = []

    def bad(where: str, message: str) -> None:
        found.append(TemplateProblem(name, where, message))

    try:
        data = read_regular(path, limit=MAX_TEMPLATE_BYTES)
    except Refused as exc:
        bad("", f"{exc}")
        return found
    if data.startswith(OLE):
        bad("", "เป็นไฟล์ Word รุ่นเก่า (.doc) ที่เปลี่ยนชื่อเป็น .docx ให้เปิดใน Word แล้วบันทึกเป็น"
                " “เอกสาร Word (*.docx)”")
        return found
    try:
        zipfile.ZipFile(_bytes_io(data)).close()
    except (zipfile.BadZipFile, ValueError, OSError):
        bad("", "ไม่ใช่ไฟล์ DOCX (อาจเป็นไฟล์ข้อความหรือไฟล์ชนิดอื่นที่เปลี่ยนชื่อ) ให้เปิดใน Word แล้วบันทึกเป็น"
                " “เอกสาร Word (*.docx)”")
        return found
    try:  # every member, each within its bound (a zip bomb is refused here, before it inflates)
        members = {info.filename: content for info, content in read_all(data)}
    except Unreadable as exc:
        bad("", str(exc))
        return found
    if "word/document.xml" not in members:
        bad("", "ไม่มีส่วนเนื้อหาของเอกสาร Word (word/document.xml) ไฟล์อาจเสียหรือเป็นไฟล์ชนิดอื่น")
        return found
    parts = []
    for part, label in _parts(members):
        try:
            root = etree.fromstring(members[part], etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            bad(label, f"ไฟล์เสีย อ่าน XML ไม่ได้ ({exc.msg})")
            return found
        if STRICT_NS in (root.nsmap or {}).values():
            bad("", "บันทึกเป็นแบบ Strict Open XML ซึ่ง docgen ใช้ไม่ได้ ให้บันทึกใหม่เป็น “เอกสาร Word (*.docx)”"
                    " แบบปกติ")
            return found
        parts.append((label, root))
    _tags(parts, bad)
    if not found and render is not None:
        message = render(path)
        if message:
            bad(_where_named(message, parts), message)
    return found


def _tags(parts: list[tuple[str, etree._Element]], bad: Callable[[str, str], None]) -> None:
    """The tags of every part: braces, a tag split over formats, blocks opened and
    closed in pairs, rows that a {%tr %} tag would take with it."""
    stack: list[tuple[str, str]] = []
    for label, root in parts:
        for p in root.iter(f"{W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            if "{" not in text and "}" not in text:
                continue
            where = _paragraph_where(label, text)
            _braces(text, where, bad)
            _split_tags(p, text, where, bad)
            for tag in TAG.findall(text):
                m = BLOCK.match(tag)
                if not m:
                    continue
                word = m.group(1)
                if word in ("for", "if"):
                    stack.append((word, where))
                elif word in ("endfor", "endif"):
                    opener = "for" if word == "endfor" else "if"
                    if not stack or stack[-1][0] != opener:
                        bad(where, f"มี {{% {word} %}} ที่ไม่มี {{% {opener} %}} คู่กัน ให้ลบหรือเพิ่มคำสั่งเปิดให้ครบ")
                    else:
                        stack.pop()
        _rows_that_vanish(root, label, bad)
    for word, where in stack:
        bad(where, f"คำสั่ง {{% {word} %}} ไม่มีคำสั่งปิด {{% end{word} %}} ให้เพิ่มให้ครบคู่")


def _where_named(message: str, parts: list[tuple[str, etree._Element]]) -> str:
    """The paragraph holding the name a message quotes (“name”), if one does."""
    m = re.search(r"“([^”]+)”", message)
    if not m:
        return ""
    for label, root in parts:
        for p in root.iter(f"{W}p"):
            text = "".join(t.text or "" for t in p.iter(f"{W}t"))
            if re.search(r"[\s.{(]" + re.escape(m.group(1)) + r"\b", text):
                return _paragraph_where(label, text)
    return ""


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def _braces(text: str, where: str, bad: Callable[[str, str], None]) -> None:
    rest = TAG.sub("", text)
    for opener, closer in (("{{", "}}"), ("{%", "%}")):
        if opener in rest:
            bad(where, f"มี “{opener}” ที่ไม่มี “{closer}” ปิด ให้พิมพ์แท็กให้ครบ เช่น {{{{ org.name }}}}")
            return
        if closer in rest:
            bad(where, f"มี “{closer}” ที่ไม่มี “{opener}” เปิด ให้ลบหรือพิมพ์แท็กให้ครบ")
            return
    if re.search(r"(?<!\{)\{(?![{%])|(?<![}%])\}(?!\})", rest):
        bad(where, "มีวงเล็บปีกกา { หรือ } เกินมาเดี่ยว ๆ ถ้าเป็นแท็กให้ใช้ {{ }} หรือ {% %} ถ้าไม่ใช่ให้ลบออก")


FORMATS = ("b", "i", "sz", "u", "color")  # what a tag split over two formats differs in


def _split_tags(p: etree._Element, text: str, where: str, bad: Callable[[str, str], None]) -> None:
    """A tag whose characters lie in runs of different formatting (size, weight)."""
    runs, pos = [], 0
    for r in p.iter(f"{W}r"):
        t = "".join(x.text or "" for x in r.iter(f"{W}t"))
        if t:
            rpr = r.find(f"{W}rPr")
            fmt = tuple(sorted((etree.QName(c).localname, c.get(f"{W}val")) for c in rpr
                               if etree.QName(c).localname in FORMATS)) if rpr is not None else ()
            runs.append((pos, pos + len(t), fmt))
            pos += len(t)
    for m in TAG.finditer(text):
        formats = {fmt for start, end, fmt in runs if start < m.end() and end > m.start()}
        if len(formats) > 1:
            bad(where, f"แท็ก “{m.group()[:40]}” ถูกจัดรูปแบบไม่เหมือนกันทั้งแท็ก (เช่น ตัวหนาหรือขนาดต่างกันบางส่วน)"
                       " ให้ลบแท็กแล้วพิมพ์ใหม่ทั้งแท็กในรูปแบบเดียว")


def _rows_that_vanish(root: etree._Element, label: str, bad: Callable[[str, str], None]) -> None:
    """A table row holding a ``{%tr %}`` tag is deleted whole when rendering."""
    for tr in root.iter(f"{W}tr"):
        text = "".join(t.text or "" for t in tr.iter(f"{W}t"))
        if "{%tr" not in text.replace("{% tr", "{%tr"):
            continue
        if next(tr.iter(f"{W}sectPr", f"{W}fldChar", f"{W}bookmarkStart", f"{W}bookmarkEnd"), None) is not None:
            bad(_paragraph_where(label, text), "แถวตารางที่มีคำสั่ง {%tr %} จะถูกลบทั้งแถวเมื่อเติมข้อมูล แต่แถวนี้มี"
                                            " ตัวแบ่งส่วน ฟิลด์ หรือบุ๊กมาร์กอยู่ด้วย ให้ย้ายออกไปไว้นอกแถวนั้น")


def check_folder(folder: Path, *, names: Sequence[str],
                 render: Callable[[Path], str | None] | None = None) -> list[TemplateProblem]:
    """Every problem of the templates *names* in *folder*."""
    if not folder.is_dir():
        return [TemplateProblem("", "", f"ไม่พบโฟลเดอร์แม่แบบ {folder}")]
    problems = []
    for name in names:
        path = folder / name
        if not path.exists() and not path.is_symlink():
            problems.append(TemplateProblem(name, "", f"ไม่พบไฟล์นี้ในโฟลเดอร์ {folder} ให้คัดลอกมาจากแม่แบบของ docgen"))
            continue
        problems += check_file(path, render=render)
    return problems


def undefined_hint(message: str, names: list[str]) -> str:
    """A Jinja 'is undefined' message in Thai, with the nearest correct name."""
    m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", message)
    if not m:
        return f"เติมข้อมูลไม่ได้: {message}"
    wrong = m.group(1) or m.group(2)
    import difflib

    near = difflib.get_close_matches(wrong, names, n=1, cutoff=0.4)
    hint = f" (หรือหมายถึง “{near[0]}”?)" if near else ""
    return f"ไม่รู้จักชื่อ “{wrong}”{hint} ให้แก้แท็กให้ตรงกับชื่อที่มีในข้อมูล"


SYNTAX = (
    ("Unexpected end of template", "มีคำสั่งเปิด ({% for %} หรือ {% if %}) ที่ไม่มีคำสั่งปิดคู่กัน"),
    ("unexpected '}'", "มีวงเล็บปีกกา } เกินมา"),
    ("unexpected end of template", "แท็กเขียนไม่จบ"),
    ("Encountered unknown tag", "มีคำสั่งที่ไม่รู้จัก (อาจสะกดผิด เช่น endfor)"),
    ("expected token", "เขียนแท็กไม่ถูกต้อง"),
)


def syntax_hint(message: str) -> str:
    """A Jinja syntax error in Thai (its own text kept in brackets for IT staff)."""
    for english, thai in SYNTAX:
        if english in message:
            return f"{thai} ({message})"
    return f"เขียนแท็กไม่ถูกต้อง ({message})"
