"""Template + context -> DOCX bytes, the same bytes for the same records.

docxtpl renders through docgen's one sandboxed, autoescaping environment; the
typesetting pass then fixes every run's complex-script slots; document properties come
from the records, not the clock; the zip has fixed timestamps (:mod:`docgen.zipout`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.shared import Mm

from docgen.cache import remembered
from docgen.docx.bounds import Refused, bounded
from docgen.docx.jinja import Numerals, environment
from docgen.docx.kit import TEMPLATE_FONT
from docgen.docx.linebreak import glue
from docgen.docx.ns import W
from docgen.docx.package import tidy
from docgen.docx.prepared import prepared as prepared_template
from docgen.docx.prepared import styles_for
from docgen.docx.structure import check, rescue, shape
from docgen.docx.templatecheck import syntax_hint, undefined_hint
from docgen.docx.typeset import story_roots, typeset
from docgen.docx.xmltext import clean_text
from docgen.docx.zipout import DeterministicZip
from docgen.docx.zipread import Unreadable
from docgen.errors import TemplateError


@dataclass(frozen=True)
class Image:
    """A PNG to place where the template says ``{{ name }}``, scaled to a height or
    a width (the other follows the picture's proportions)."""

    data: bytes
    height_mm: float | None = None
    width_mm: float | None = None


@dataclass(frozen=True)
class Properties:
    """What Word shows under File > Info, taken from the records."""

    title: str
    subject: str
    author: str
    date: _dt.date


def save_document(doc: Any, props: Properties | None = None, *, font: str = TEMPLATE_FONT,
                  parts: dict[str, bytes] | None = None) -> bytes:
    """Serialise a python-docx document with *props*, truthful package parts (see
    :mod:`docgen.package`) and fixed zip timestamps; *parts* (by name) written as
    given instead of the document's own."""
    tidy(doc, font=font)
    core = doc.core_properties
    if props is not None:
        # the same characters XML forbids are dropped here as in the text (validate warns of them)
        core.title, core.subject, core.author = (clean_text(v) for v in (props.title, props.subject, props.author))
        stamp = _dt.datetime.combine(props.date, _dt.time(0, 0))
    else:
        stamp = _dt.datetime(2000, 1, 1)
    core.last_modified_by = "docgen"
    core.created = core.modified = core.last_printed = stamp
    core.revision = 1
    return package_bytes(doc.part.package, parts or {})


def package_bytes(package: Any, replaced: dict[str, bytes]) -> bytes:
    """A python-docx package as a deterministic zip: the members python-docx's
    ``save`` writes, in its order, each deflated once (see :mod:`docgen.zipout`);
    the parts named in *replaced* with those bytes."""
    parts = package.parts
    for part in parts:
        part.before_marshal()
    return _write_package(package.rels, parts, replaced)


#: python-docx's private steps of ``PackageWriter.write``, called one by one so the
#: members go straight into docgen's zip (no zip written by python-docx, then read back)
PRIVATE_WRITER = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
_PRIVATE_WORKS: dict[str, bool] = {}  # "verdict": whether the private steps give the public path's bytes, here


def _write_package(rels: Any, parts: list[Any], replaced: dict[str, bytes]) -> bytes:
    """The one seam over python-docx's private writer (:data:`PRIVATE_WRITER`): the
    first package of the process is written both ways; where the private steps are
    missing, fail or give other bytes than the public path, every package is written
    by the public path (the same bytes, a little slower)."""
    verdict = _PRIVATE_WORKS.get("verdict")
    if verdict is None:
        public = _write_public(rels, parts, replaced)
        try:
            same = _private_writer_present() and _write_private(rels, parts, replaced) == public
        except Exception:  # noqa: BLE001 - a changed private interface, whatever it raises
            same = False
        _PRIVATE_WORKS.setdefault("verdict", same)
        return public
    return _write_private(rels, parts, replaced) if verdict else _write_public(rels, parts, replaced)


def _private_writer_present() -> bool:
    from docx.opc.pkgwriter import PackageWriter

    return all(callable(getattr(PackageWriter, name, None)) for name in PRIVATE_WRITER)


def _write_private(rels: Any, parts: list[Any], replaced: dict[str, bytes]) -> bytes:
    """``PackageWriter.write``'s steps, into a :class:`DeterministicZip` in place of
    python-docx's physical package writer."""
    from docx.opc.pkgwriter import PackageWriter

    out = DeterministicZip(replaced)
    PackageWriter._write_content_types_stream(out, parts)
    PackageWriter._write_pkg_rels(out, rels)
    PackageWriter._write_parts(out, parts)  # type: ignore[arg-type]  # a PhysPkgWriter by its calls
    return out.close()


def _write_public(rels: Any, parts: list[Any], replaced: dict[str, bytes]) -> bytes:
    """python-docx's public ``PackageWriter.write`` (what ``Document.save`` calls), its
    zip then rewritten member by member with fixed timestamps, the parts in *replaced*
    (by part name, ``/word/styles.xml``) with those bytes."""
    from docx.opc.pkgwriter import PackageWriter

    from docgen.docx.zipout import deterministic_zip

    written = io.BytesIO()
    PackageWriter.write(written, rels, parts)
    return deterministic_zip(written.getvalue(), lambda name, data: replaced.get("/" + name, data))


WP_INLINE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"


def _inline_images_flush(doc: Any) -> None:
    """Give inline pictures zero wrapping distance, as Word assumes: without the
    attributes LibreOffice adds 0.32 cm around them (the emblem would sit 3 mm off
    the margin in a PDF)."""
    for root in story_roots(doc):
        for inline in root.iter(WP_INLINE):
            for side in ("distT", "distB", "distL", "distR"):
                inline.set(side, "0")


def render_docx(
    template: Path,
    context: dict[str, Any],
    *,
    numerals: Numerals,
    font: str,
    images: dict[str, Image] | None = None,
    properties: Properties,
) -> bytes:
    """Render *template* with *context*; return the DOCX file's bytes."""
    from docxtpl import InlineImage  # imported when a document is made

    if not template.is_file():
        raise TemplateError(f"ไม่พบไฟล์แม่แบบ {template}")
    try:
        prepared = prepared_template(template.read_bytes())
    except Unreadable as exc:
        raise TemplateError(f"แม่แบบ {template.name}: {exc}") from None
    tpl = _template_class()(io.BytesIO(prepared.package))
    tpl.init_docx()
    rescue(tpl.docx.element.body)
    before = shape(tpl.docx)
    def inline(value: Any) -> Any:
        """Every :class:`Image` in the context, at any depth, as docxtpl's InlineImage."""
        if isinstance(value, Image):
            return InlineImage(tpl, io.BytesIO(value.data), height=Mm(value.height_mm) if value.height_mm else None,
                               width=Mm(value.width_mm) if value.width_mm else None)
        if isinstance(value, dict):
            return {k: inline(v) for k, v in value.items()}
        if isinstance(value, list):
            return [inline(v) for v in value]
        return value

    _render(tpl, inline({**context, **(images or {})}), template.name, numerals, context)
    broken = check(before, tpl.docx, template.name)
    if broken:
        raise TemplateError(broken)
    styles: dict[str, bytes] = {}
    if prepared.styles_name:
        styles[prepared.styles_name], sizes = styles_for(prepared, font)
        typeset(tpl.docx, font=font, styles=sizes)
    else:
        typeset(tpl.docx, font=font)
    _inline_images_flush(tpl.docx)
    for root in story_roots(tpl.docx):
        glue(root)
    page_numbers(tpl.docx, numerals=numerals)
    return save_document(tpl.docx, properties, font=font, parts=styles)


def _render(tpl: Any, ctx: dict[str, Any], name: str, numerals: Numerals, context: dict[str, Any]) -> None:
    """docxtpl's rendering of every part of *tpl* on one budget (:mod:`docgen.docx.bounds`);
    what goes wrong is a :class:`TemplateError` naming the template *name*, in Thai."""
    try:
        with bounded():  # one budget for every part of the document
            tpl.render(ctx, jinja_env=environment(numerals))
    except Refused as exc:
        raise TemplateError(f"แม่แบบ {name}: {exc}") from None
    except RecursionError:  # a tag nested thousands deep, which Jinja parses by recursion
        raise TemplateError(f"แม่แบบ {name}: แท็กซ้อนวงเล็บหรือคำสั่งลึกเกินไป ให้ลบแท็กนั้นออก") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"แม่แบบ {name}: {undefined_hint(str(exc), sorted(_names(context)))}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"แม่แบบ {name}: {syntax_hint(exc.message or '')}"
                            " (ตรวจด้วย docgen templates check)") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"แม่แบบ {name} ใช้ไม่ได้กับข้อมูลนี้: {exc}") from None


_PATCHED: dict[str, str] = {}  # a part's XML -> docxtpl's Jinja source for it


@functools.cache
def _template_class() -> type:
    """docxtpl's template, doing once per process what depends on the template alone."""
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        def patch_xml(self, src_xml: str) -> str:
            """docxtpl's regex preprocessing of a part, a pure function of the part's
            XML: once for each distinct part (the template's, packet after packet)."""
            patched: str = remembered(_PATCHED, src_xml, lambda: super(Template, self).patch_xml(src_xml))
            return patched

        def resolve_listing(self, xml: str) -> str:
            """docxtpl's rewriting of tabs, line and page breaks in rendered text,
            which leaves XML without any of them as it is."""
            return super().resolve_listing(xml) if any(ch in xml for ch in "\t\a\n\f") else xml

    return Template


def _names(value: Any, depth: int = 0) -> set[str]:
    """Every key of the context, nested ones too: the names a tag may use."""
    found: set[str] = set()
    if depth < 6 and isinstance(value, dict):
        for key, inner in value.items():
            found.add(str(key))
            found |= _names(inner, depth + 1)
    elif depth < 6 and isinstance(value, list) and value:
        found |= _names(value[0], depth + 1)
    return found


#: Word's page-number formats for each numerals setting: a section's numbering and a
#: PAGE field's switch
PAGE_FORMATS = {"thai": ("thaiNumbers", "\\* ThaiArabic"), "arabic": ("decimal", "")}


def page_numbers(doc: Any, *, numerals: Numerals) -> None:
    """Page numbers in the office's numerals: every section numbered in decimal or Thai
    digits takes the office's, every PAGE field its switch. (Templates hold plain
    ``decimal`` and ``PAGE``: Jinja inside an attribute is not valid Word, and an editor
    rewrites it.)"""
    fmt, switch = PAGE_FORMATS[numerals]
    for sect in doc.element.body.iter(W + "sectPr"):
        pg = sect.find(W + "pgNumType")
        if pg is not None and pg.get(W + "fmt") in ("decimal", "thaiNumbers"):
            pg.set(W + "fmt", fmt)
    def page_field(instruction: str) -> str | None:
        words = instruction.split()
        if words[:1] != ["PAGE"]:
            return None
        return " " + " ".join(["PAGE", *switch.split(), *_without_format(words[1:])]) + " "

    for root in story_roots(doc):
        for instr in root.iter(W + "instrText"):  # a complex field's code
            if (new := page_field(instr.text or "")) is not None:
                instr.text = new
        for simple in root.iter(W + "fldSimple"):  # a simple field's
            if (new := page_field(simple.get(W + "instr") or "")) is not None:
                simple.set(W + "instr", new)


def _without_format(switches: list[str]) -> list[str]:
    """A field's switches less its number format (``\\* ThaiArabic``, ``\\* Arabic``...)."""
    out, skip = [], False
    for word in switches:
        if skip:
            skip = False
        elif word == "\\*":
            skip = True
        else:
            out.append(word)
    return out
