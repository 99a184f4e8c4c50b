"""What a DOCX says about itself, made true: the parts python-docx's default template
carries from Word 2010 on a Mac are replaced or dropped before every save.

* ``word/stylesWithEffects.xml`` (a Word 2010 copy of the styles that no longer matches
  them; Word may call the file damaged) and the blank ``docProps/thumbnail.jpeg`` go;
* ``docProps/app.xml`` names docgen, not "Microsoft Macintosh Word" with 1 page and 0
  words (Word recounts pages and words when it saves);
* the compatibility mode is current Word's (15), so Word does not open the file in
  "[Compatibility Mode]";
* the font table lists the document's font with the Thai character set.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from docgen import __version__
from docgen.docx.ns import W

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DROPPED = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    f"<Application>docgen {__version__}</Application><DocSecurity>0</DocSecurity>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
).encode("utf-8")
WORD_2013_ON = "15"
THAI_CHARSET = "DE"  # 222, THAI_CHARSET


def tidy(doc: Any, *, font: str) -> None:
    """Make *doc*'s package parts truthful (see the module's text), in place."""
    for rels in (doc.part.package.rels, doc.part.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype in DROPPED:
                rels.pop(r_id)
    for rel in doc.part.package.rels.values():
        if rel.reltype == f"{RT}/extended-properties":
            rel.target_part._blob = APP_XML
    _compatibility_mode(doc.settings.element)
    for rel in doc.part.rels.values():
        if rel.reltype == f"{RT}/fontTable":
            _font_table(rel.target_part, font)


def _compatibility_mode(settings: etree._Element) -> None:
    for setting in settings.iter(f"{W}compatSetting"):
        if setting.get(f"{W}name") == "compatibilityMode":
            setting.set(f"{W}val", WORD_2013_ON)


def _font_table(part: Any, font: str) -> None:
    root = etree.fromstring(part.blob)
    if any(f.get(f"{W}name") == font for f in root.iter(f"{W}font")):
        return
    entry = etree.SubElement(root, f"{W}font", {f"{W}name": font})
    for name, value in (("charset", THAI_CHARSET), ("family", "swiss"), ("pitch", "variable")):
        etree.SubElement(entry, f"{W}{name}", {f"{W}val": value})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
