"""Small python-docx helpers the template builders share: page set-up, paragraphs with
runs of given size and weight, tab stops with leaders, fields, table row and border
properties. Sizes are in points, lengths in centimetres."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from docgen.docx.ns import SECTPR_AFTER_VALIGN, SETTINGS_AFTER_UPDATE_FIELDS, TBLPR_AFTER_BORDERS

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


def paragraph(
    where: DocumentObject | _Cell | Paragraph | object,
    *runs: Run,
    size: float = BODY_PT,
    bold: bool = False,
    align: str = "left",
    first_line: float | None = None,
    left: float | None = None,
    before: float = 0,
    after: float = 0,
    tabs: Sequence[tuple[float, str, str]] = (),
    style: str | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    """Add a paragraph of *runs* to *where*. A run is text, or (text, {"size": pt,
    "bold": bool}) to differ from the paragraph's defaults. Tabs are (cm, alignment,
    leader) with alignment left/center/right and leader none/dot."""
    p = where if isinstance(where, Paragraph) else where.add_paragraph(style=style)  # type: ignore[attr-defined]
    fmt = p.paragraph_format
    fmt.alignment = ALIGN[align]
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if left is not None:
        fmt.left_indent = Cm(left)
    if keep_with_next:
        fmt.keep_with_next = True
    for pos, kind, leader in tabs:
        fmt.tab_stops.add_tab_stop(
            Cm(pos),
            {"left": WD_TAB_ALIGNMENT.LEFT, "center": WD_TAB_ALIGNMENT.CENTER, "right": WD_TAB_ALIGNMENT.RIGHT}[kind],
            {"none": WD_TAB_LEADER.SPACES, "dot": WD_TAB_LEADER.DOTS}[leader],
        )
    for run in runs or ("",):
        text, opts = (run, {}) if isinstance(run, str) else run
        r = p.add_run(text)
        r.font.size = Pt(opts.get("size", size))
        r.font.bold = opts.get("bold", bold) or None
    return p


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


def field(p: Paragraph, instruction: str, shown: str, *, size: float = BODY_PT) -> None:
    """Append a Word field (``PAGE``, ``TOC ...``) showing *shown* until Word updates it."""
    def run(child: Any) -> None:
        r = p.add_run()
        r.font.size = Pt(size)
        r._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run(sep)
    r = p.add_run(shown)
    r.font.size = Pt(size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run(end)


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
    """Make a built-in heading style black, bold, *size* pt, in the template font."""
    from docx.shared import RGBColor

    st = doc.styles[name]
    st.font.name = TEMPLATE_FONT
    st.font.size = Pt(size)
    st.font.bold = True
    st.font.italic = False
    st.font.color.rgb = RGBColor(0, 0, 0)
    pf = st.paragraph_format
    pf.alignment = ALIGN[align]
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.keep_with_next = True


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
