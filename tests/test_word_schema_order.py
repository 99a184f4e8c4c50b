"""Word rejects or "repairs" a file whose elements stand out of the schema's order.
These are the parents whose children docgen writes itself (the typesetting pass, the
template builder): their children must follow ECMA-376's sequence."""

import io
import zipfile

import pytest
from lxml import etree

from docgen.documents.make import render
from docgen.records.loading import load

from conftest import PACKET, ROOT, SAMPLE

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEQUENCES = {
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"),
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
}
SETTINGS_TAIL = ("updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                 "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping", "shapeDefaults",
                 "decimalSymbol", "listSeparator")


def out_of_order(root, parent, sequence):
    faults = []
    for el in root.iter(W + parent):
        names = [etree.QName(c).localname for c in el if etree.QName(c).localname in sequence]
        ranks = [sequence.index(n) for n in names]
        if ranks != sorted(ranks):
            faults.append(names)
    return faults


def docx_files():
    recs = load(SAMPLE / PACKET)
    yield "memo", render(recs, "memo", to="chief-executive").data
    yield "circular", render(recs, "circular").data
    yield "report", render(recs, "report").data
    for path in sorted((ROOT / "templates").glob("*.docx")):
        yield f"templates/{path.name}", path.read_bytes()


@pytest.mark.parametrize("name, data", list(docx_files()), ids=lambda v: v if isinstance(v, str) else "")
def test_children_follow_the_schema_order(name, data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: etree.fromstring(z.read(n)) for n in z.namelist()
                 if n.startswith("word/") and n.endswith(".xml") and "/_rels/" not in n}
    for part, root in parts.items():
        for parent, sequence in SEQUENCES.items():
            assert out_of_order(root, parent, sequence) == [], f"{name} {part} {parent}"
    settings = [etree.QName(c).localname for c in parts["word/settings.xml"]]
    tail = [n for n in settings if n in SETTINGS_TAIL]
    assert [SETTINGS_TAIL.index(n) for n in tail] == sorted(SETTINGS_TAIL.index(n) for n in tail), settings
