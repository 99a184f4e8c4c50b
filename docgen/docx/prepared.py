"""A template file as every rendering of it starts, prepared once per process.

Rendering changes a template's stories (body, headers, footers), its core properties
and its pictures; its styles part it only typesets, the same way for every document of
one font. That part is most of a template (python-docx's default styles run to 350 kB),
so reading, typesetting and writing it again for every document was most of the work.
Here it is done once per template and font (:func:`styles_for`), and the package that
rendering opens holds a stub in its place (:attr:`Prepared.package`); the document is
written with the typeset part put back (:func:`docgen.render.package_bytes`).

Templates are known by their bytes, read for each rendering: a template edited in
between is prepared again, whatever its file's times say.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from docgen.cache import remembered
from docgen.docx.typeset import typeset_styles
from docgen.docx.zipread import read_all

STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
STUB = b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'


@dataclass(frozen=True)
class Prepared:
    """A template's package to render from, and its styles part kept aside (None
    where the template has none: python-docx then adds its default one, as before)."""

    package: bytes
    styles_name: str | None = None  # the styles part's name, "/word/styles.xml"
    styles_xml: bytes = b""  # the styles part as the template stores it


_PREPARED: dict[bytes, Prepared] = {}
_STYLED: dict[tuple[bytes, str], Any] = {}


def prepared(template: bytes) -> Prepared:
    """*template* (a DOCX's bytes) as :class:`Prepared`, once per process."""
    found: Prepared = remembered(_PREPARED, template, lambda: _prepare(template), 16)
    return found


def _prepare(template: bytes) -> Prepared:
    """Every member read within its bound first (:mod:`docgen.docx.zipread`: raises
    :class:`~docgen.docx.zipread.TooLarge`), then opened by python-docx."""
    from docx import Document

    members = read_all(template)
    doc = Document(io.BytesIO(template))  # a template python-docx cannot open fails here, as it did
    rel = next((r for r in doc.part.rels.values() if r.reltype == STYLES_REL and not r.is_external), None)
    if rel is None:
        return Prepared(template)
    name = rel.target_part.partname
    out = io.BytesIO()
    styles_xml = b""
    with zipfile.ZipFile(out, "w") as lean:
        for info, content in members:
            styles = info.filename == name.membername
            lean.writestr(info.filename, STUB if styles else content)
            styles_xml = content if styles else styles_xml
    return Prepared(out.getvalue(), str(name), styles_xml)


def styles_for(template: Prepared, font: str) -> tuple[bytes, Any]:
    """The template's styles part typeset for *font*: its bytes and its sizes
    (:func:`docgen.typeset.typeset_styles`), once per process."""
    found: tuple[bytes, Any] = remembered(_STYLED, (template.styles_xml, font),
                                          lambda: typeset_styles(template.styles_xml, font=font), 16)
    return found
