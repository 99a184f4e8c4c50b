"""Make every run's Thai text look as intended in Word.

Word takes the font and size of Thai text from the complex-script slots (``w:rFonts
w:cs``, ``w:szCs``, ``w:bCs``) and the language from ``w:lang w:bidi``. python-docx
and docxtpl write only the Latin slots, and a template restyled in Word may hold theme
fonts. This pass runs over every rendered story (body, headers, footers) and the
styles, after rendering, so no template or value can leave a Thai run without them:

* every run and paragraph mark: the organisation's font in all four slots, themes
  removed; its effective size written to both ``w:sz`` and ``w:szCs``; ``w:bCs`` and
  ``w:iCs`` following ``w:b`` and ``w:i``; ``w:lang w:bidi`` ``th-TH`` for Thai text
  and ``w:val`` ``en-US`` for the Latin text among it;
* every style and the document defaults: the same fonts, language and mirrored slots;
* the spaces Thai typing does not break at (พ.ศ. and its year, a number and its unit)
  become no-break spaces.

``w:rtl`` is never written: Thai is a left-to-right script.
"""

from __future__ import annotations

from typing import Iterable

from docx.document import Document as DocumentObject
from lxml import etree

from docgen.docx.ns import PPR_AFTER_RPR, RPR_ORDER, W

LANG = "th-TH"  # the complex-script language (w:bidi): Thai text
LATIN_LANG = "en-US"  # w:val, the language of Latin text: "th-TH" there would make
#                       LibreOffice break English words with the Thai dictionary
DEFAULT_HALF_POINTS = 20  # Word's size when nothing sets one: 10 pt

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


_RANKS: dict[tuple[str, ...], dict[str, int]] = {}


def _local(el: etree._Element) -> str | None:
    """An element's local name (None for a comment or a processing instruction)."""
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


def _child(parent: etree._Element, name: str, order: tuple[str, ...] = RPR_ORDER) -> etree._Element:
    """Get or insert ``w:name`` in *parent* at the place the schema orders it."""
    return _Children(parent, order).get(name)


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(W + "val", "true") not in ("0", "false", "off")


def _rpr_of(owner: etree._Element) -> etree._Element:
    """The w:rPr of a run, or of a paragraph's mark (inside w:pPr)."""
    rpr = owner.find(W + "rPr")
    if rpr is not None:
        return rpr
    rpr = etree.Element(W + "rPr")
    if owner.tag == W + "pPr":
        for i, sibling in enumerate(owner):
            if _local(sibling) in PPR_AFTER_RPR:
                owner.insert(i, rpr)
                return rpr
        owner.append(rpr)
    else:
        owner.insert(0, rpr)
    return rpr


class _Children:
    """The children of one element, read once: found by tag, inserted where the schema
    orders them (*order*, by local name), removed."""

    def __init__(self, parent: etree._Element, order: tuple[str, ...] = RPR_ORDER):
        self.parent = parent
        self.kids = list(parent)
        self.tags = [kid.tag for kid in self.kids]
        # by full tag ({namespace}name): an element of another namespace, a comment, ranks -1
        self.ranks = _RANKS.get(order) or _RANKS.setdefault(order, {W + n: i for i, n in enumerate(order)})

    def find(self, name: str) -> etree._Element | None:
        tag = W + name
        return self.kids[self.tags.index(tag)] if tag in self.tags else None

    def get(self, name: str) -> etree._Element:
        """``w:name``, inserted if missing (as :func:`_child`)."""
        found = self.find(name)
        if found is not None:
            return found
        el = etree.Element(W + name)
        rank = self.ranks[el.tag]
        at = next((i for i, tag in enumerate(self.tags) if self.ranks.get(tag, -1) > rank), len(self.tags))
        self.parent.insert(at, el)
        self.kids.insert(at, el)
        self.tags.insert(at, el.tag)
        return el

    def remove(self, el: etree._Element) -> None:
        at = self.kids.index(el)
        self.parent.remove(el)
        del self.kids[at], self.tags[at]


def _fonts_and_lang(rpr: etree._Element | _Children, font: str) -> None:
    kids = rpr if isinstance(rpr, _Children) else _Children(rpr)
    fonts = kids.get("rFonts")
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(W + attr, None)
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(W + slot, font)
    lang = kids.get("lang")
    lang.set(W + "val", LATIN_LANG)
    lang.set(W + "bidi", LANG)
    rtl = kids.find("rtl")
    if rtl is not None:
        kids.remove(rtl)


def _slots(rpr: etree._Element | _Children, font: str) -> None:
    """The font, language and mirrored complex-script slots of one w:rPr."""
    kids = rpr if isinstance(rpr, _Children) else _Children(rpr)
    _fonts_and_lang(kids, font)
    _mirror_cs(kids)


def typeset_rpr(rpr: etree._Element, *, font: str) -> None:
    """One style's (or the document defaults') w:rPr by the rules above, in place: what
    a template's builder applies to the styles it defines, so that the template shows
    Thai text in Word as its documents will."""
    _slots(rpr, font)


def _mirror_cs(kids: _Children) -> None:
    """``w:bCs``/``w:iCs``/``w:szCs`` follow ``w:b``/``w:i``/``w:sz`` where those are set."""
    for latin, cs in (("b", "bCs"), ("i", "iCs")):
        state = _on(kids.find(latin))
        if state is not None:
            kids.get(cs).set(W + "val", "1" if state else "0")
    sz = kids.find("sz")
    if sz is not None:
        kids.get("szCs").set(W + "val", sz.get(W + "val"))


class _Styles:
    """Sizes resolved through styles, ``basedOn`` chains and the document defaults."""

    def __init__(self, styles_root: etree._Element | None):
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_size = DEFAULT_HALF_POINTS
        if styles_root is None:
            return
        for st in styles_root.iter(W + "style"):
            sid = st.get(W + "styleId")
            self.by_id[sid] = st
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                self.default_para = sid
        sz = styles_root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        if sz is not None:
            self.default_size = int(sz.get(W + "val"))

    def size(self, style_id: str | None) -> int | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            st = self.by_id.get(style_id)
            if st is None:
                return None
            sz = st.find(f"{W}rPr/{W}sz")
            if sz is not None:
                return int(sz.get(W + "val"))
            based = st.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return None


def _val(el: etree._Element | None, child: str) -> str | None:
    found = el.find(W + child) if el is not None else None
    return found.get(W + "val") if found is not None else None


def _paragraph_of(el: etree._Element) -> etree._Element | None:
    while el is not None and el.tag != W + "p":
        el = el.getparent()
    return el


def _story(root: etree._Element, font: str, styles: _Styles) -> None:
    run_sizes: dict[etree._Element, set[str]] = {}
    for run in root.iter(W + "r"):
        p = _paragraph_of(run)
        rpr = _rpr_of(run)
        kids = _Children(rpr)
        sz = kids.find("sz")
        if sz is None:
            para_style = _val(p.find(W + "pPr") if p is not None else None, "pStyle") or styles.default_para
            half = styles.size(_val(rpr, "rStyle")) or styles.size(para_style) or styles.default_size
            sz = kids.get("sz")
            sz.set(W + "val", str(half))
        run_sizes.setdefault(p, set()).add(sz.get(W + "val"))
        _slots(kids, font)
    for p in root.iter(W + "p"):
        ppr = p.find(W + "pPr")
        if ppr is None:
            ppr = etree.Element(W + "pPr")
            p.insert(0, ppr)
        mark = _Children(_rpr_of(ppr))
        sizes = run_sizes.get(p, set())
        if len(sizes) == 1:  # the mark sets an empty line's height: match the runs
            mark.get("sz").set(W + "val", next(iter(sizes)))
        elif mark.find("sz") is None:
            para_size = styles.size(_val(ppr, "pStyle") or styles.default_para) or styles.default_size
            mark.get("sz").set(W + "val", str(para_size))
        _slots(mark, font)


def _styles(root: etree._Element, font: str) -> None:
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault")
    if defaults is not None:
        _slots(_rpr_of(defaults), font)
    for st in root.iter(W + "style"):
        rpr = st.find(W + "rPr")
        if rpr is not None:
            _slots(rpr, font)


STORY_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
)


def story_roots(doc: DocumentObject) -> Iterable[etree._Element]:
    """The XML roots of the body, every header and every footer."""
    for part in doc.part.package.iter_parts():
        if part.content_type in STORY_TYPES:
            yield part.element if hasattr(part, "element") else etree.fromstring(part.blob)


NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def _numbering(doc: DocumentObject, font: str) -> None:
    """List levels (bullets, numbers) in the organisation's font too."""
    for rel in doc.part.rels.values():  # looked up, not python-docx's create-on-access
        if rel.reltype == NUMBERING_REL:
            for rpr in rel.target_part.element.iter(W + "rPr"):
                if rpr.getparent().tag == W + "lvl":
                    _fonts_and_lang(rpr, font)


def typeset_styles(styles_xml: bytes, *, font: str) -> tuple[bytes, _Styles]:
    """A styles part (its XML as stored) with the rules above applied for *font*: its
    bytes as python-docx writes them, and the sizes it gives. The same for every
    document of a template, where :func:`typeset` would redo it each time."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    root = parse_xml(styles_xml)
    _styles(root, font)
    return serialize_part_xml(root), _Styles(root)


def typeset(doc: DocumentObject, *, font: str, styles: _Styles | None = None) -> None:
    """Apply the complex-script rules above to *doc* in place, with *font*; *styles*
    when its styles part is already done (:func:`typeset_styles`)."""
    if styles is None:
        styles_root = doc.styles.element
        _styles(styles_root, font)
        styles = _Styles(styles_root)
    _numbering(doc, font)
    for root in story_roots(doc):
        _story(root, font, styles)
