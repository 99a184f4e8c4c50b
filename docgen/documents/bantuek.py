"""The บันทึกข้อความ form, defined once: its page, its header block, the signature,
the endorsements on the way up, the initials box. The memo and the circular build
their templates and contexts from these parts.

Layout (OPM typing guide and common practice; see the reference): A4, left 3 cm,
right 2 cm; the emblem 1.5 cm tall at the top left, 1.5 cm below the paper's edge, with
"บันทึกข้อความ" bold 29 pt on its line (both in the first page's header); labels bold
20 pt, values 16 pt, dotted leaders to the right margin; body 16 pt, first lines indented
2.5 cm, Thai-distributed; from page 2 on the page number "- ๒ -" at the top centre.
"""

from __future__ import annotations

from typing import Any, Callable

from docx.document import Document as DocumentObject
from docx.shared import Cm
from docx.table import Table, _Cell

from docgen import thai
from docgen.chain.content import DECISIONS
from docgen.docx import kit
from docgen.docx.render import Image
from docgen.errors import DocgenError
from docgen.facts.derive import role, unit
from docgen.records.emblem import emblem_path
from docgen.records.images import MAX_IMAGE_BYTES
from docgen.records.source import Records
from docgen.safefile import Refused, read_regular

MARGINS = kit.Margins(top=2.5, bottom=2.0, left=3.0, right=2.0, header=1.5)
WIDTH = MARGINS.text_width  # 16 cm
TITLE_PT, LABEL_PT = 29, 20
EMBLEM_MM = 15.0
SIGN_LEFT = 5.5  # the signature column: centred on 5.5-16 cm of the text width
DOTS = [(WIDTH, "right", "dot")]


# --------------------------------------------------------------------------- template parts


def page(doc_title: str) -> DocumentObject:
    """A new บันทึกข้อความ document: page set-up, the first page's header with the
    emblem and title, and the page number from page 2 on."""
    doc = kit.new_document(MARGINS)
    kit.different_first_page(doc)
    sec = doc.sections[0]
    first = sec.first_page_header.paragraphs[0]
    kit.paragraph(first, "{{ emblem }}", ("\t" + doc_title, {"size": TITLE_PT, "bold": True}),
                  tabs=[(WIDTH / 2, "center", "none")])
    kit.page_number_header(sec.header.paragraphs[0], "PAGE", "{{ 2 }}")  # rendering sets the numerals
    return doc


def header_block(doc: DocumentObject, *, subject: str) -> None:
    """ส่วนราชการ, ที่ and วันที่, เรื่อง: bold 20 pt labels, 16 pt values, dotted leaders."""
    label = {"size": LABEL_PT, "bold": True}
    kit.paragraph(doc, ("ส่วนราชการ", label), "  {{ head.unit_line }}\t", tabs=DOTS, before=6)
    kit.paragraph(doc, ("ที่", label), "  {{ head.number }}\t", ("วันที่", label),
                  "  {{ head.date|thai_date }}\t", tabs=[(WIDTH / 2 - 0.2, "left", "dot"), *DOTS])
    kit.paragraph(doc, ("เรื่อง", label), "  " + subject + "\t", tabs=DOTS)


def salutation(doc: DocumentObject, to: str) -> None:
    kit.paragraph(doc, "เรียน  " + to, before=6)


KEEP: dict[str, Any] = {"keep_with_next": True}


def end_block(doc: DocumentObject, who: str, *, beside: Callable[[_Cell], None]) -> Table:
    """The end of a บันทึกข้อความ as one table without borders, on a grid of the
    signature column's left edge and the page's middle (5.5, 8, 16 cm). Its first row:
    on the left what *beside* puts there (the initials box, a QR code), on the right
    room to sign, then "(name)" and the position, centred on the signature column.
    The caller adds rows (endorsements, a caption) with :func:`add_row`.

    The block is kept whole: every paragraph in it is kept with the next and no row
    splits (how Word keeps a table together and with the paragraph before it), and
    the closing sentence before it is kept with it, so Word and LibreOffice move the
    end to a new page whole, never leaving the decision or the initials alone."""
    t = kit.table(doc, 1, [SIGN_LEFT, WIDTH / 2 - SIGN_LEFT, WIDTH / 2], borders=False)
    left, right = add_row(t, (1, 2), first=True)
    beside(left)
    kit.paragraph(kit.cell_paragraph(right), "", **KEEP)
    for _ in range(2):
        kit.paragraph(right, "", **KEEP)
    kit.paragraph(right, "({{ %s.name }})" % who, align="center", **KEEP)
    kit.paragraph(right, "{{ %s.position }}" % who, align="center", **KEEP)
    return t


def add_row(t: Table, spans: tuple[int, ...], *, first: bool = False) -> list[_Cell]:
    """A row of the end block (its first one when *first*), unsplittable, its cells
    spanning *spans* grid columns; returns the cells."""
    row = t.rows[0] if first else t.add_row()
    kit.row_properties(row, cant_split=True)
    cells, col = [], 0
    for span in spans:
        cell = row.cells[col]
        if span > 1:
            cell = cell.merge(row.cells[col + span - 1])
        cells.append(cell)
        col += span
    return cells


def control_row(t: Table, tag: str) -> None:
    """A row holding only a docxtpl row tag (``{%tr ... %}``); rendering removes it."""
    kit.paragraph(kit.cell_paragraph(add_row(t, (3,))[0]), tag)


def endorsements(t: Table) -> None:
    """Rows of the end block: the officials' notes on the way up and the recipient's
    decision, two to a row, each: its lines of text (or dotted lines to write on),
    room to sign, the name in parentheses, the position, the date."""
    control_row(t, "{%tr for row in blocks %}")
    for cell, side in zip(add_row(t, (2, 1)), ("left", "right")):
        b = f"row.{side}"
        kit.paragraph(kit.cell_paragraph(cell), "{%p for line in " + b + ".lines %}")
        kit.paragraph(cell, "{{ line }}", **KEEP)
        kit.paragraph(cell, "{%p endfor %}")
        kit.paragraph(cell, "", **KEEP)
        kit.paragraph(cell, "", **KEEP)
        kit.paragraph(cell, "{{ " + b + ".name_line }}", align="center", **KEEP)
        kit.paragraph(cell, "{{ " + b + ".position }}", align="center", **KEEP)
        kit.paragraph(cell, "{{ " + b + ".date }}", align="center", **KEEP)
    control_row(t, "{%tr endfor %}")


INITIALS_PT = 14
INITIALS_LABEL, INITIALS_BOX = 3.4, 1.8  # cm: the box fits beside the signature column


def initials_box(cell: _Cell) -> None:
    """A small bordered table in *cell*: one row per official or clerk who initials
    the draft (the labels come from the profile)."""
    t = kit.table(cell, 3, [INITIALS_LABEL, INITIALS_BOX], borders=True)
    kit.paragraph(kit.cell_paragraph(t.rows[0].cells[0]), "{%tr for label in initials %}", size=INITIALS_PT)
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[0]), "{{ label }}", size=INITIALS_PT, **KEEP)
    kit.paragraph(kit.cell_paragraph(t.rows[1].cells[1]), "", size=INITIALS_PT, **KEEP)
    kit.row_properties(t.rows[1], cant_split=True)
    kit.paragraph(kit.cell_paragraph(t.rows[2].cells[0]), "{%tr endfor %}", size=INITIALS_PT)
    t.rows[1].height = Cm(0.8)
    kit.drop_leading_empty_paragraph(cell)
    # the paragraph Word requires after a table in a cell: a line's room below the box
    kit.paragraph(cell.paragraphs[-1], "", **KEEP)


def three_part_memo(*, background: list[str], facts: list[str], proposal: list[str], closing: str) -> DocumentObject:
    """A memo asking an official to decide: the บันทึกข้อความ form, its body in the three
    numbered parts (เรื่องเดิม, ข้อเท็จจริง, ข้อพิจารณา/ข้อเสนอแนะ), the closing sentence, and the
    end block with the signature, initials box, endorsements and decision."""
    doc = page("บันทึกข้อความ")
    header_block(doc, subject="{{ head.subject }}")
    salutation(doc, "{{ to.position }}")
    for heading, paragraphs in (("{{ 1 }}. เรื่องเดิม", background), ("{{ 2 }}. ข้อเท็จจริง", facts),
                                ("{{ 3 }}. ข้อพิจารณา/ข้อเสนอแนะ", proposal)):
        kit.body(doc, heading, bold=True, keep_with_next=True)
        for text in paragraphs:
            kit.body(doc, text)
    kit.body(doc, closing, keep_with_next=True)
    endorsements(end_block(doc, "signer", beside=initials_box))
    return doc


# --------------------------------------------------------------------------- context parts

BLANK_LINE = "." * 40
BLANK_NAME = "." * 30
BLANK_DATE = "......../......../........"


def number(recs: Records, running: int | None, *, circular: bool = False) -> str:
    """``<prefix>/-`` before registration (circulars ``<prefix>/ว -``), ``<prefix>/123``,
    circulars ``<prefix>/ว 531``."""
    prefix = recs.organisation.number_prefix
    if running is None:
        return f"{prefix}/ว -" if circular else f"{prefix}/-"
    return f"{prefix}/ว {running}" if circular else f"{prefix}/{running}"


def unit_line(recs: Records, key: str) -> str:
    """ส่วนราชการ: the sender's full name and telephone extension."""
    u = unit(recs, key)
    org = recs.organisation
    if u["phone_ext"]:
        return thai.compose(org.numerals, u["full_name"], f" โทร. {u['phone_ext']}")
    # no extension: the office's own number, so the reader can still call
    return thai.compose(org.numerals, u["full_name"], *((" โทร. ", org.phone) if org.phone else ()))


def subject(recs: Records) -> str:
    fw, pk = recs.framework, recs.packet
    assert fw.item is not None  # checked with the records
    return f"{fw.item.name} ประจำปีงบประมาณ พ.ศ. {pk.fiscal_year} ของ{recs.organisation.name}"


def head(recs: Records, *, sender: str, running: int | None, date: Any, circular: bool = False) -> dict[str, Any]:
    """The header block's values: ส่วนราชการ, ที่, วันที่, เรื่อง."""
    return {
        "unit_line": unit_line(recs, sender),
        "number": number(recs, running, circular=circular),
        "date": date,
        "subject": subject(recs),
    }


def signer(recs: Records, key: str) -> dict[str, Any]:
    r = role(recs, key)
    return {"name": r["name"] or BLANK_NAME, "position": r["position"]}


def blocks(recs: Records, chain: list[str], to: str, *, notes: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The endorsement blocks (each official of *chain*, addressed to *to*) and the
    recipient's decision, two to a row; *notes* are the officials' notes (the packet
    memo's by default)."""
    notes = recs.packet.memo.annotations if notes is None else notes
    recipient = role(recs, to)
    items = []
    for key in [*chain, to]:
        r = role(recs, key)
        note = notes.get(key)
        text = note.note if note and note.note else None
        if key == to:
            decided = DECISIONS.get(note.decision or "") if note else None
            lines = [x for x in (decided, text) if x] or [BLANK_LINE, BLANK_LINE]
        else:
            lines = [f"เรียน {recipient['short']}", f"- {text}" if text else BLANK_LINE]
        items.append({
            "lines": lines,
            "name_line": f"({r['name'] or BLANK_NAME})",
            "position": r["position"],
            "date": thai.thai_date_short(note.date) if note and note.date else BLANK_DATE,
        })
    if len(items) % 2:
        items.append({"lines": [], "name_line": "", "position": "", "date": ""})
    return [{"left": items[i], "right": items[i + 1]} for i in range(0, len(items), 2)]


def common(recs: Records) -> dict[str, Any]:
    """What every บันทึกข้อความ needs besides its own text."""
    return {
        "initials": list(recs.organisation.initials),
    }


def emblem(recs: Records) -> Image:
    """The organisation's emblem (or the placeholder), 1.5 cm tall."""
    src = emblem_path(recs.organisation.emblem, recs.sources["organisation"].path.parent)
    try:
        data = read_regular(src, limit=MAX_IMAGE_BYTES)
    except Refused as exc:  # changed since the records were checked
        raise DocgenError(f"อ่านไฟล์ภาพตราครุฑ {src} ไม่ได้: {exc}") from None
    return Image(data, height_mm=EMBLEM_MM)


def memo_properties(ctx: dict[str, Any], date: Any) -> tuple[str, str, Any]:
    """A บันทึกข้อความ's document properties: its subject line as the title."""
    return ctx["head"]["subject"], "บันทึกข้อความ", date
