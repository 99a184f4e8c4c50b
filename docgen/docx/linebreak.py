"""Where a line of Thai may end.

Thai is written without spaces between words, so a line may end only where a word
does, and some spaces must not end a line at all: a score and its unit
(``๗๒.๕๐ คะแนน``), ``พ.ศ.`` and its year, a day, its month and its year, ``ข้อ O42``.

* :func:`glue` (the DOCX a clerk gets, and its PDF): those spaces become no-break
  spaces (U+00A0), which Word and LibreOffice both keep on one line.
* :func:`word_breaks` (only the copy LibreOffice lays out for the PDF): LibreOffice's
  own Thai line breaking splits words it does not know (``คะ``/``แนน``,
  ``สถานธนานุ``/``บาล``) and numbers and abbreviations next to Thai letters
  (``๗๒.๕``/``๐``, ``อบ``/``ต.``). There a zero-width space (U+200B) marks each
  boundary of pythainlp's dictionary segmentation and a word joiner (U+2060) every
  other boundary inside a run of Thai, digits and abbreviation dots, so LibreOffice
  breaks lines exactly where pythainlp found a word's end. Neither character is
  drawn or written into the PDF's text layer.

Both work on a paragraph's text as a whole, across its runs (a template's words and
a record's value are often in different runs), and change no run's formatting.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from docgen.docx.ns import W
from docgen.thai import NBSP, clusters, kept_spaces

ZWSP, WJ = "\u200b", "\u2060"
_T, _P = f"{W}t", f"{W}p"
_SEPARATORS = {f"{W}{name}" for name in ("tab", "br", "cr", "drawing", "sym", "ptab")}

_DIGIT = "0-9๐-๙"
_THAI = "\u0e01-\u0e4f"
#: a run that LibreOffice must not break inside except at a word's end: Thai letters,
#: digits, and the dots of abbreviations and decimals between them
_RUN = re.compile(f"[{_THAI}{_DIGIT}](?:[{_THAI}{_DIGIT}]|[.,:/](?=[{_THAI}{_DIGIT}]))*\\.?")
#: an abbreviation with what is written onto it (อบต., ป.ป.ช., ก.ย.๖๖): one piece
_ABBREVIATION = re.compile(f"(?:[ก-ฮ]{{1,4}}\\.)+[{_DIGIT}]*")
_NUMBER = re.compile(f"[{_DIGIT}](?:[{_DIGIT}.,:/]*[{_DIGIT}])?")


def _text_nodes(p: Any) -> Iterator[Any]:
    """The paragraph's own text elements and separators (not a nested paragraph's)."""
    for el in p.iter(_T, *_SEPARATORS):
        if next(el.iterancestors(_P), None) is p:
            yield el


def _rewrite(p: Any, edit: Callable[[str], list[str]]) -> None:
    """Apply *edit* to the paragraph's text: it returns, for each character, what
    replaces it (the character, with what is inserted before it)."""
    nodes = list(_text_nodes(p))
    texts = [el.text or "" if el.tag == _T else "\x00" for el in nodes]
    whole = "".join(texts)
    if not whole.strip("\x00"):
        return
    pieces = edit(whole)
    at = 0
    for el, text in zip(nodes, texts):
        if el.tag == _T and text:
            new = "".join(pieces[at:at + len(text)])
            if new != text:
                el.text = new
        at += len(text)


def _glued(text: str) -> list[str]:
    out = list(text)
    for at in kept_spaces(text):
        out[at] = NBSP
    return out


def glue(body: Any) -> None:
    """No-break spaces where a line must not end (in every paragraph under *body*)."""
    for p in body.iter(_P):
        _rewrite(p, _glued)


@functools.lru_cache(maxsize=4096)
def _pieces(run: str) -> tuple[str, ...]:
    """A run of Thai, digits and dots cut where pythainlp's dictionary ends a word;
    numbers and abbreviations stay whole."""
    from pythainlp.tokenize import word_tokenize

    out: list[str] = []
    at = 0
    for m in re.finditer(f"{_ABBREVIATION.pattern}|{_NUMBER.pattern}", run):
        if m.start() > at:
            out.extend(word_tokenize(run[at:m.start()], engine="newmm", keep_whitespace=False))
        out.append(m.group(0))
        at = m.end()
    if at < len(run):
        out.extend(word_tokenize(run[at:], engine="newmm", keep_whitespace=False))
    return tuple(out)


_MARK = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_MARK_BEFORE_SPACE = re.compile(f"{_MARK.pattern}(?=[ \u00a0])")


def _breaks(text: str) -> list[str]:
    out = list(text)
    for m in _MARK_BEFORE_SPACE.finditer(text):  # LibreOffice widens a space after a mark before the mark
        out[m.end()] = WJ + out[m.end()]
    for m in _RUN.finditer(text):
        at = m.start()
        for n, piece in enumerate(_pieces(m.group(0))):
            if n and not _MARK.match(text, at - 1):  # (after a mark LibreOffice draws it past the next letter)
                out[at] = ZWSP + out[at]
            inner = at
            for k, cluster in enumerate(clusters(piece)):
                if k and not _MARK.match(text, inner - 1):
                    out[inner] = WJ + out[inner]
                inner += len(cluster)
            at += len(piece)
    return out


def word_breaks(body: Any) -> None:
    """Line-break opportunities only at word ends (for LibreOffice's layout)."""
    for p in body.iter(_P):
        _rewrite(p, _breaks)


def unmarked(text: str) -> str:
    """*text* read back from LibreOffice's layout of the copy, without the marks
    :func:`word_breaks` put in."""
    return text.replace(ZWSP, "").replace(WJ, "")
