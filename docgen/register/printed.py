"""The register of a year printed as the regulation's book (ทะเบียนหนังสือส่ง,
แบบที่ ๑๔ of ระเบียบงานสารบรรณ): landscape A4, in the office's font and numerals, its
header row repeated on every page; a cancelled number on its line, marked ยกเลิก with
the reason. Also XLSX (openpyxl) and CSV for the office's own use. Written all or
nothing, under ``<out>/<office>/register/``."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

from docgen import thai
from docgen.docx import kit
from docgen.docx.zipout import deterministic_zip
from docgen.records.source import Records
from docgen.register.book import CANCELLED, book_name
from docgen.register.models import Entry

#: แบบที่ ๑๔: the columns and their widths (cm) on a landscape A4 page
COLUMNS = [("วันที่ลงทะเบียน", 2.4), ("เลขทะเบียนส่ง", 1.9), ("ที่", 3.0), ("ลงวันที่", 2.4),
           ("จาก", 3.4), ("ถึง", 3.4), ("เรื่อง", 6.0), ("การปฏิบัติ", 1.6), ("หมายเหตุ", 2.6)]  # 26.7: the page less margins
#: the headings as printed, in lines that fit their columns
HEADINGS = {"วันที่ลงทะเบียน": ("วันที่", "ลงทะเบียน"), "เลขทะเบียนส่ง": ("เลข", "ทะเบียนส่ง"),
            "การปฏิบัติ": ("การ", "ปฏิบัติ")}
MARGINS = kit.Margins(top=2.0, bottom=1.5, left=1.5, right=1.5, header=1.0)


def _date(value: str | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        from docgen.history.entry import ICT

        aware = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)  # SQLite gives it back naive
        return thai.thai_date_short(aware.astimezone(ICT).date())
    try:
        return thai.thai_date_short(datetime.date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def rows(recs: Records, book: str, entries: list[Entry]) -> list[list[str]]:
    """The book's lines, as printed (Arabic digits; the DOCX turns them Thai where the office writes so)."""
    prefix = recs.organisation.number_prefix
    out = []
    for e in entries:
        cancelled = e.state == CANCELLED
        ref = f"{prefix}/ว {e.number}" if book == "circular" else f"{prefix}/{e.number}"
        note = f"ยกเลิก: {e.cancel_reason} ({e.cancelled_by})" if cancelled else ""
        out.append([_date(e.registered_at), str(e.number), ref, _date(e.doc_date), e.sender, e.recipient,
                    "ยกเลิก" if cancelled and not e.subject else e.subject, "", note])
    return out


def docx_bytes(recs: Records, book: str, year: int, lines: list[list[str]]) -> bytes:
    from docx.enum.section import WD_ORIENT

    from docgen.docx.render import Properties, save_document

    org = recs.organisation
    doc = kit.new_document(MARGINS)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    title = f"{book_name(book)} ประจำปี พ.ศ. {year}"
    kit.paragraph(doc, thai.compose(org.numerals, title), size=18, bold=True, align="center")
    kit.paragraph(doc, org.name, align="center", after=6)
    t = kit.table(doc, 1 + len(lines), [w for _, w in COLUMNS], borders=True)
    kit.row_properties(t.rows[0], header=True, cant_split=True)
    for cell, (name, _) in zip(t.rows[0].cells, COLUMNS):
        first, *more = HEADINGS.get(name, (name,))
        kit.paragraph(kit.cell_paragraph(cell), first, bold=True, align="center", size=14)
        for heading in more:
            kit.paragraph(cell, heading, bold=True, align="center", size=14)
    for row, line in zip(t.rows[1:], lines):
        kit.row_properties(row, cant_split=True)
        for i, (cell, text) in enumerate(zip(row.cells, line)):
            kit.paragraph(kit.cell_paragraph(cell), thai.compose(org.numerals, text), size=14,
                          align="center" if i in (0, 1, 3) else None)
    from docgen.docx.typeset import typeset

    typeset(doc, font=org.font)  # the office's font in every slot, Thai sizes and language: as every document
    props = Properties(title=title, subject=book_name(book), author=org.name, date=datetime.date(year - 543, 12, 31))
    return save_document(doc, props, font=org.font)


def xlsx_bytes(book: str, year: int, lines: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{book} {year}"[:31]
    ws.append([name for name, _ in COLUMNS])
    for line in lines:
        ws.append([int(v) if i == 1 else v for i, v in enumerate(line)])
    for col, (_, width) in zip("ABCDEFGHI", COLUMNS):
        ws.column_dimensions[col].width = width * 5
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.properties.created = wb.properties.modified = datetime.datetime(year - 543, 12, 31)  # the same bytes each time
    wb.save(out)
    return deterministic_zip(out.getvalue())  # openpyxl stamps each member with the time of writing


def csv_bytes(lines: list[list[str]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([name for name, _ in COLUMNS])
    w.writerows(lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the byte-order mark: Excel opens Thai as UTF-8


def write_book(recs: Records, book: str, year: int, entries: list[Entry], folder: Path, *, pdf: bool,
               force: bool) -> list[Path]:
    """The book of *year* as DOCX (and PDF), XLSX and CSV in *folder*/register/."""
    from docgen.output.staged import write_files

    lines = rows(recs, book, entries)
    stem = folder / "register" / f"{book}-{year}"
    files: dict[Path, bytes] = {stem.with_suffix(".docx"): docx_bytes(recs, book, year, lines),
                                stem.with_suffix(".xlsx"): xlsx_bytes(book, year, lines),
                                stem.with_suffix(".csv"): csv_bytes(lines)}
    if pdf:
        from docgen.pdf.convert import to_pdf

        converted: Any = to_pdf({stem.name + ".docx": files[stem.with_suffix(".docx")]},
                                thai_digits=recs.organisation.numerals == "thai", font=recs.organisation.font)
        files[stem.with_suffix(".pdf")] = converted.pdfs[stem.name + ".docx"]
    return write_files(files, force=force)
