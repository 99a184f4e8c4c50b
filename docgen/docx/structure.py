"""A template's structure survives rendering, whoever last saved it.

docxtpl deletes a paragraph that holds a ``{%p ... %}`` tag, whole. Word and
LibreOffice, re-saving a template, move a section break, the end of a field (the
contents' TOC) or a bookmark into such a paragraph when it is the last of its section
or field, and rendering would then silently drop the break (every later page turns
landscape), cut the contents or the document. :func:`rescue` moves that structure out
of control paragraphs before rendering; :func:`check` compares the rendered document
with the template afterwards, so whatever still goes wrong is an error naming the
template, never a silently broken document.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree

from docgen.docx.ns import W

CONTROL = re.compile(r"^\s*\{%-?\s*p\s.*%\}\s*$", re.S)
#: what must outlive a deleted paragraph: field characters and codes, bookmarks
STRUCTURE = (f"{W}fldChar", f"{W}instrText", f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}fldSimple")


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _holds_structure(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and (el.tag in STRUCTURE or next(el.iter(*STRUCTURE), None) is not None)


def _empty_paragraph_like(p: etree._Element) -> etree._Element:
    new = etree.Element(f"{W}p")
    ppr = p.find(f"{W}pPr")
    if ppr is not None:
        kept = copy.deepcopy(ppr)
        for child in list(kept):
            if child.tag == f"{W}sectPr":
                kept.remove(child)
        new.append(kept)
    return new


OPENS = re.compile(r"\{%-?\s*p\s+(for|if|with|macro|block|filter|call)\b")


def rescue(body: etree._Element) -> int:
    """Move section breaks, field characters and bookmarks out of the ``{%p %}``
    paragraphs of *body* into an empty paragraph beside them, on the side outside the
    block the tag opens or closes (before a ``for``/``if``, after an ``endfor``,
    ``endif`` or ``else``), so rendering neither deletes nor repeats them; return how
    many paragraphs were mended."""
    mended = 0
    for p in list(body.iter(f"{W}p")):
        text = _text(p)
        if not CONTROL.match(text):
            continue
        ppr = p.find(f"{W}pPr")
        sect = ppr.find(f"{W}sectPr") if ppr is not None else None
        moved = [c for c in p if c.tag != f"{W}pPr" and _holds_structure(c)]
        if not moved and sect is None:
            continue
        new = _empty_paragraph_like(p)
        new.extend(moved)  # moved, not copied
        if sect is not None:
            new_ppr = new.find(f"{W}pPr")
            if new_ppr is None:
                new_ppr = etree.Element(f"{W}pPr")
                new.insert(0, new_ppr)
            new_ppr.append(sect)
        if OPENS.match(text.strip()):
            p.addprevious(new)
        else:
            p.addnext(new)
        mended += 1
    return mended


def shape(doc: Any) -> dict[str, Any]:
    """What rendering must keep of a document: its sections (orientation and page
    numbering, in order) and whether the fields of each story are balanced."""
    from docgen.docx.typeset import story_roots

    sections = []
    for sect in doc.element.body.iter(f"{W}sectPr"):
        size = sect.find(f"{W}pgSz")
        sections.append("landscape" if size is not None and size.get(f"{W}orient") == "landscape" else "portrait")
    return {"sections": sections, "unbalanced": [n for n, root in enumerate(story_roots(doc)) if not _balanced(root)]}


def _balanced(root: etree._Element) -> bool:
    depth = 0
    for ch in root.iter(f"{W}fldChar"):
        kind = ch.get(f"{W}fldCharType")
        depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        if depth < 0:
            return False
    return depth == 0


def check(template_shape: dict[str, Any], rendered: Any, template_name: str) -> str | None:
    """What rendering broke (a Thai sentence for the clerk), or None."""
    after = shape(rendered)
    if after["sections"] != template_shape["sections"]:
        return (f"แม่แบบ {template_name}: หลังเติมข้อมูล ส่วนของเอกสาร (section) เหลือ {len(after['sections'])}"
                f" จาก {len(template_shape['sections'])} ส่วน (ตัวแบ่งส่วนอยู่ในย่อหน้าคำสั่ง {{%p %}} ที่ถูกลบ)"
                " ให้ย้ายตัวแบ่งส่วนไปไว้ในย่อหน้าว่างของตัวเอง")
    if after["unbalanced"] and not template_shape["unbalanced"]:
        return (f"แม่แบบ {template_name}: หลังเติมข้อมูล ฟิลด์ (เช่น สารบัญหรือเลขหน้า) ขาดจุดเริ่มหรือจุดจบ"
                " ให้ตรวจว่าฟิลด์ไม่ได้อยู่ในย่อหน้าคำสั่ง {%p %}")
    return None
