"""Small python-docx helpers the template builders share: page set-up, paragraphs with
runs of given size and weight, tab stops with leaders, fields, table row and border
properties. Sizes are in points, lengths in centimetres."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from docgen.docx.ns import SECTPR_AFTER_VALIGN, SETTINGS_AFTER_UPDATE_FIELDS, TBLPR_AFTER_BORDERS
from docgen.docx.typeset import typeset_rpr

#: the font name written into templates; rendering replaces it with the organisation's
TEMPLATE_FONT = "TH SarabunPSK"
BODY_PT = 16
A4 = (Cm(21.0), Cm(29.7))
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "thai": WD_ALIGN_PARAGRAPH.THAI_JUSTIFY,
}


@dataclass(frozen=True)
class Margins:
    top: float = 2.5
    bottom: float = 2.0
    left: float = 3.0
    right: float = 2.0
    header: float = 1.5  # distance of the header from the top edge
    footer: float = 1.0

    @property
    def text_width(self) -> float:
        return 21.0 - self.left - self.right


def new_document(margins: Margins) -> DocumentObject:
    """An A4 document whose Normal style is the template font at 16 pt, single spacing,
    no space after paragraphs, Thai as the complex-script language."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = A4
    sec.top_margin, sec.bottom_margin = Cm(margins.top), Cm(margins.bottom)
    sec.left_margin, sec.right_margin = Cm(margins.left), Cm(margins.right)
    sec.header_distance, sec.footer_distance = Cm(margins.header), Cm(margins.footer)
    normal = doc.styles["Normal"]
    normal.font.name = TEMPLATE_FONT
    normal.font.size = Pt(BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _complex_script(normal.element.get_or_add_rPr())
    _complex_script(doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    _text_bullets(doc)
    core = doc.core_properties
    core.author = core.last_modified_by = core.title = core.subject = core.comments = ""
    core.keywords = core.category = ""
    return doc


SYMBOL_BULLETS = {"\uf0b7", "\uf0a7", "\uf0d8", "\uf076", "o"}


def _text_bullets(doc: DocumentObject) -> None:
    """Bullets as the text character "•" in the document's font, not a Symbol-font
    glyph: Thai fonts carry "•", so a PDF needs no symbol font."""
    numbering = doc.part.numbering_part.element
    for lvl in numbering.iter(qn("w:lvl")):
        text = lvl.find(qn("w:lvlText"))
        if text is not None and text.get(qn("w:val")) in SYMBOL_BULLETS:
            text.set(qn("w:val"), "•")
            fonts = lvl.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if fonts is not None:
                fonts.attrib.clear()
                for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                    fonts.set(qn(f"w:{slot}"), TEMPLATE_FONT)


Run = str | tuple[str, dict]
#: what a paragraph has where no style sets it (spacing: unknown, so always written)
UNSET: dict[str, Any] = {"alignment": ALIGN["left"], "first_line_indent": Length(0), "left_indent": Length(0),
                         "keep_with_next": False, "bold": False}


def paragraph(
    where: DocumentObject | _Cell | Paragraph | object,
    *runs: Run,
    size: float | None = None,
    bold: bool | None = None,
    align: str | None = None,
    first_line: float | None = None,
    left: float | None = None,
    before: float | None = None,
    after: float | None = None,
    tabs: Sequence[tuple[float, str, str]] = (),
    style: str | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """Add a paragraph of *runs* to *where*, in *style* (Normal when None). A run is
    text, or (text, {"size": pt, "bold": bool}) to differ from the paragraph's defaults.
    Tabs are (cm, alignment, leader) with alignment left/center/right and leader
    none/dot.

    What the style already gives is not written again: a size, weight, alignment,
    spacing or indent is direct formatting only where it differs from the style's, so
    a style changed in Word changes every paragraph and run that uses it."""
    p = where if isinstance(where, Paragraph) else where.add_paragraph(style=style)  # type: ignore[attr-defined]
    fmt = p.paragraph_format
    for name, value in (("alignment", None if align is None else ALIGN[align]),
                        ("space_before", None if before is None else Pt(before)),
                        ("space_after", None if after is None else Pt(after)),
                        ("first_line_indent", None if first_line is None else Cm(first_line)),
                        ("left_indent", None if left is None else Cm(left)),
                        ("keep_with_next", keep_with_next or None)):
        if value is not None and not _inherits(p.style, value, f"paragraph_format.{name}"):
            setattr(fmt, name, value)
    for pos, kind, leader in tabs:
        fmt.tab_stops.add_tab_stop(
            Cm(pos),
            {"left": WD_TAB_ALIGNMENT.LEFT, "center": WD_TAB_ALIGNMENT.CENTER, "right": WD_TAB_ALIGNMENT.RIGHT}[kind],
            {"none": WD_TAB_LEADER.SPACES, "dot": WD_TAB_LEADER.DOTS}[leader],
        )
    for run in runs or ("",):
        text, opts = (run, {}) if isinstance(run, str) else run
        r = p.add_run(text)
        want_size, want_bold = opts.get("size", size), opts.get("bold", bold)
        if want_size is not None and not _inherits(p.style, Pt(want_size), "font.size"):
            r.font.size = Pt(want_size)
        if want_bold is not None and not _inherits(p.style, bool(want_bold), "font.bold"):
            r.font.bold = bool(want_bold)
    return p


def _inherits(style: Any, value: Any, attribute: str) -> bool:
    """Whether *style*, or the nearest of its base styles that sets *attribute* (``font.size``),
    gives *value* (:data:`UNSET`'s where none does; a length to the twip, as Word stores it)."""
    read = attrgetter(attribute)
    while style is not None and read(style) is None:
        style = style.base_style
    given = UNSET.get(attribute.rpartition(".")[2]) if style is None else read(style)
    if isinstance(value, Length) and given is not None:
        return bool(Length(given).twips == value.twips)
    return bool(given == value)


BODY_INDENT = 2.5  # first-line indent of body paragraphs (cm)


def body(where: DocumentObject | _Cell, text: str, **kw: object) -> Paragraph:
    """A body paragraph: Thai-distributed, first line indented 2.5 cm, 6 pt before
    (any of which *kw* may change)."""
    kw.setdefault("first_line", BODY_INDENT)
    kw.setdefault("before", 6)
    return paragraph(where, text, align="thai", **kw)  # type: ignore[arg-type]


def page_number_header(p: Paragraph, instruction: str, shown: str) -> None:
    """A header paragraph "- N -", centred, N a PAGE field (*instruction*)."""
    paragraph(p, "- ", align="center")
    field(p, instruction, shown)
    p.add_run(" -")


def field(p: Paragraph, instruction: str, shown: str) -> None:
    """Append a Word field (``PAGE``, ``TOC ...``) showing *shown* until Word updates it,
    in the paragraph's size."""
    def run(child: Any) -> None:
        p.add_run()._r.append(child)

    def char(kind: str) -> Any:
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        return c

    run(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(instr)
    run(char("separate"))
    p.add_run(shown)
    run(char("end"))


def table(where: DocumentObject | _Cell, rows: int, widths: Sequence[float], *, borders: bool) -> Table:
    """A table of fixed column *widths* (cm), with single-line borders or none."""
    t = where.add_table(rows=rows, cols=len(widths))
    t.alignment = WD_TABLE_ALIGNMENT.LEFT
    t.autofit = False
    tbl_pr = t._tbl.tblPr  # autofit=False above wrote w:tblLayout fixed
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(int(Cm(w).twips) for w in widths)))
    borders_el = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            e.set(qn("w:sz"), "4")
            e.set(qn("w:space"), "0")
            e.set(qn("w:color"), "000000")
        borders_el.append(e)
    tbl_pr.insert_element_before(borders_el, *TBLPR_AFTER_BORDERS)
    for row in t.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = Cm(w)
    for col, w in zip(t.columns, widths):
        col.width = Cm(w)
    return t


def row_properties(row: _Row, *, header: bool = False, cant_split: bool = False) -> None:
    """Mark a table row as a header repeated on every page, and/or as unsplittable."""
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def drop_leading_empty_paragraph(cell: _Cell) -> None:
    """Remove the empty paragraph a new cell starts with, once a table follows it."""
    first = cell._tc.find(qn("w:p"))
    if first is not None and first.getnext() is not None and first.getnext().tag == qn("w:tbl") \
            and not "".join(first.itertext()):
        cell._tc.remove(first)


def cell_paragraph(cell: _Cell) -> Paragraph:
    """The cell's first (empty) paragraph, to fill instead of adding a second one."""
    first: Paragraph = cell.paragraphs[0]
    return first


def different_first_page(doc: DocumentObject) -> None:
    """Give the first page its own header (the ``titlePg`` switch)."""
    doc.sections[0].different_first_page_header_footer = True


def new_section(doc: DocumentObject, *, landscape: bool = False) -> None:
    """Start a new section on a new page, portrait or landscape, same margins."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    prev = doc.sections[-1]
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    assert prev.page_width is not None and prev.page_height is not None  # the templates set the page
    short, long_ = sorted((prev.page_width, prev.page_height))
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (long_, short) if landscape else (short, long_)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin", "header_distance", "footer_distance"):
        setattr(sec, side, getattr(prev, side))
    # python-docx starts the new section as a copy of the previous one: page numbers
    # go on (no restart) and only a cover is centred vertically
    sect_pr = sec._sectPr
    for el in sect_pr.findall(qn("w:vAlign")):
        sect_pr.remove(el)
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is not None:
        pg.attrib.pop(qn("w:start"), None)


def page_numbering(section: object, *, fmt: str, start: int | None = None) -> None:
    """Set a section's page-number format (a literal or a ``{{ tag }}``) and start."""
    sect_pr = section._sectPr  # type: ignore[attr-defined]
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect_pr.insert_element_before(pg, "w:cols", "w:formProt", "w:vAlign", *SECTPR_AFTER_VALIGN)
    pg.set(qn("w:fmt"), fmt)
    if start is not None:
        pg.set(qn("w:start"), str(start))


def centre_vertically(section: object) -> None:
    """Centre a section's text between top and bottom margins (a cover page)."""
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), "center")
    section._sectPr.insert_element_before(v, *SECTPR_AFTER_VALIGN)  # type: ignore[attr-defined]


def style_heading(doc: DocumentObject, name: str, *, size: float, align: str = "left",
                  before: float = 12, after: float = 6) -> None:
    """Make a built-in heading style black, bold, *size* pt, in the template font,
    aligned and spaced as given, kept with the next paragraph. Its paragraphs carry
    none of this themselves: the style changed in Word changes every heading."""
    from docx.shared import RGBColor

    st = doc.styles[name]
    st.font.name = TEMPLATE_FONT
    st.font.italic = False
    st.font.color.rgb = RGBColor(0, 0, 0)
    _look(st, size=size, bold=True, align=align, before=before, after=after, keep_with_next=True)


def paragraph_style(doc: DocumentObject, name: str, style_id: str, *, size: float, bold: bool = False,
                    align: str = "left", before: float = 0, after: float = 0, keep_with_next: bool = False) -> None:
    """A paragraph style of the template's own: *name* as Word's list of styles shows it
    (Thai, for the office's IT staff), *style_id* as the paragraphs refer to it; based
    on Normal and without an outline level, so its paragraphs (a title, a cover line)
    never enter the contents."""
    from docx.enum.style import WD_STYLE_TYPE

    st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.style_id = style_id
    st.base_style = doc.styles["Normal"]
    st.quick_style = True  # in Word's style gallery
    _look(st, size=size, bold=bold, align=align, before=before, after=after, keep_with_next=keep_with_next)


def _look(st: Any, *, size: float, bold: bool, align: str, before: float, after: float, keep_with_next: bool) -> None:
    """A paragraph style's size, weight, alignment and spacing, its complex-script
    slots (what Word shows Thai text in) following."""
    st.font.size = Pt(size)
    st.font.bold = bold
    pf = st.paragraph_format
    pf.alignment = ALIGN[align]
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if keep_with_next:
        pf.keep_with_next = True
    _complex_script(st.element.get_or_add_rPr())


def _complex_script(rpr: Any) -> None:
    """A style's (or the document defaults') run properties as rendering typesets them
    (w:szCs, w:bCs, the font's four slots, Thai): so the template itself shows Thai text
    in Word at its styles' sizes and weights."""
    typeset_rpr(rpr, font=TEMPLATE_FONT)


#: the cover's paragraph styles, by role: (the name Word's list of styles shows, the id)
COVER_STYLES = {"title": ("หน้าปก ชื่อเรื่อง", "CoverTitle"), "line": ("หน้าปก บรรทัด", "CoverLine"),
                "minor": ("หน้าปก บรรทัดรอง", "CoverMinor")}


def cover(doc: DocumentObject, lines: Sequence[tuple[str, str]], *, sizes: dict[str, float]) -> None:
    """The first section as a cover centred between its margins: each of *lines* (text,
    role) a paragraph of its role's style (:data:`COVER_STYLES`), bold, centred, 12 pt
    after, *sizes* [role] pt."""
    centre_vertically(doc.sections[0])
    for role, (name, style_id) in COVER_STYLES.items():
        paragraph_style(doc, name, style_id, size=sizes[role], bold=True, align="center", after=12)
    for text, role in lines:
        paragraph(doc, text, style=COVER_STYLES[role][0])


def toc_styles(doc: DocumentObject, levels: int, *, width: float) -> None:
    """Word's built-in "toc N" styles (stored under Word's own lower-case names, as
    Word stores "heading 1"): indented by level, page numbers right-aligned after a
    dotted leader."""
    from docx.enum.style import WD_STYLE_TYPE

    for level in range(1, levels + 1):
        st = doc.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        st.style_id = f"TOC{level}"  # Word's own id, and not marked as a custom style
        st.element.attrib.pop(qn("w:customStyle"), None)
        st.base_style = doc.styles["Normal"]
        st.paragraph_format.left_indent = Cm(0.8 * (level - 1))
        st.paragraph_format.tab_stops.add_tab_stop(Cm(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def complex_field(p: Paragraph, instruction: str, result: Sequence[Paragraph] = ()) -> None:
    """Begin a field in *p* whose cached result is the paragraphs that follow, and end
    it in the last of *result* (a TOC spans paragraphs)."""
    def fld(kind: str) -> Any:
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        return r

    p._p.append(fld("begin"))
    r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    r.append(instr)
    p._p.append(r)
    p._p.append(fld("separate"))
    (result[-1] if result else p)._p.append(fld("end"))


def update_fields_on_open(doc: DocumentObject) -> None:
    """Ask Word to update fields (the TOC) when the document is opened."""
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    doc.settings.element.insert_element_before(el, *SETTINGS_AFTER_UPDATE_FIELDS)
