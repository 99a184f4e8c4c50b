"""Reading a generated DOCX the way a user would check it."""

from __future__ import annotations

import io
import re
from typing import Iterator

from docx import Document
from docx.document import Document as DocumentObject
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
THAI = re.compile("[\u0e00-\u0e7f]")


def open_docx(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def stories(doc: DocumentObject) -> Iterator[etree._Element]:
    """Body, then every header and footer of every section."""
    yield doc.element.body
    for sec in doc.sections:
        for hf in (sec.first_page_header, sec.header, sec.even_page_header,
                   sec.first_page_footer, sec.footer, sec.even_page_footer):
            if not hf.is_linked_to_previous:
                yield hf._element


def seen(text: str) -> str:
    """Text as a reader sees it: a no-break space looks like a space."""
    return text.replace("\xa0", " ")


def paragraphs(root: etree._Element) -> list[str]:
    """The text of every paragraph (tables included), tabs as \\t, in document order."""
    out = []
    for p in root.iter(W + "p"):
        parts = []
        for el in p.iter(W + "t", W + "tab", W + "br"):
            if el.tag == W + "t":
                parts.append(seen(el.text or ""))
            elif el.tag == W + "tab" and el.getparent().tag == W + "r":
                parts.append("\t")
            elif el.tag == W + "br":
                parts.append("\n")
        out.append("".join(parts))
    return out


def all_text(doc: DocumentObject) -> list[str]:
    return [t for root in stories(doc) for t in paragraphs(root)]


def body_text(doc: DocumentObject) -> list[str]:
    return paragraphs(doc.element.body)


def index_of(lines: list[str], needle: str) -> int:
    """The index of the first line containing *needle*; fails the test if none does."""
    for i, line in enumerate(lines):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not found in:\n" + "\n".join(lines))


def runs_with_thai(doc: DocumentObject) -> Iterator[etree._Element]:
    for root in stories(doc):
        for r in root.iter(W + "r"):
            if THAI.search("".join(t.text or "" for t in r.iter(W + "t"))):
                yield r


def cs_faults(run: etree._Element, font: str) -> list[str]:
    """What a Thai run lacks of the complex-script settings."""
    faults = []
    rpr = run.find(W + "rPr")
    if rpr is None:
        return ["no w:rPr"]
    fonts = rpr.find(W + "rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        if fonts is None or fonts.get(W + slot) != font:
            faults.append(f"rFonts {slot}")
    sz, szcs = rpr.find(W + "sz"), rpr.find(W + "szCs")
    if sz is None or szcs is None or sz.get(W + "val") != szcs.get(W + "val"):
        faults.append("sz/szCs")
    b = rpr.find(W + "b")
    if b is not None and b.get(W + "val", "1") not in ("0", "false"):
        bcs = rpr.find(W + "bCs")
        if bcs is None or bcs.get(W + "val", "1") in ("0", "false"):
            faults.append("bCs")
    lang = rpr.find(W + "lang")
    if lang is None or lang.get(W + "bidi") != "th-TH":
        faults.append("lang bidi")
    if rpr.find(W + "rtl") is not None:
        faults.append("rtl")
    return faults


def run_size_pt(run: etree._Element) -> float:
    return int(run.find(f"{W}rPr/{W}szCs").get(W + "val")) / 2


def is_bold(run: etree._Element) -> bool:
    b = run.find(f"{W}rPr/{W}bCs")
    return b is not None and b.get(W + "val", "1") not in ("0", "false")


def run_of(doc: DocumentObject, text: str) -> etree._Element:
    """The first run whose text contains *text*."""
    for root in stories(doc):
        for r in root.iter(W + "r"):
            if text in "".join(t.text or "" for t in r.iter(W + "t")):
                return r
    raise AssertionError(f"no run holds {text!r}")


ASCII_DIGIT_OUTSIDE_LITERALS = re.compile(r"\d")
