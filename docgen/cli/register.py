"""The register from the command line: ``number`` (issue a number for a document of
the packet or a letter docgen did not write, ``number cancel``, ``number set-next``)
and ``register`` (the book of a year, printed as the regulation's form, and as XLSX
and CSV)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from docgen.cli.accounts import DB, system_actor
from docgen.cli.group import load_records, main, output_options, records_option
from docgen.errors import DocgenError
from docgen.history.entry import ICT


def _db(recs: Any, db_url: str | None) -> Any:
    from docgen.accounts.db import default_url, open_db
    from docgen.records.place import records_folder

    return open_db(db_url or default_url(records_folder(recs)))


class _Number(click.Group):
    """``docgen number BOOK ...`` issues; ``docgen number cancel|set-next ...`` are its
    two other commands."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands:
            args.insert(0, "issue")
        return super().resolve_command(ctx, args)


@main.group("number", cls=_Number)
def number() -> None:
    """ออกเลขทะเบียนหนังสือส่ง (ต่อเนื่องตามปีปฏิทิน เลขไม่ซ้ำ ไม่ขาด) ยกเลิกเลข และตั้งเลขถัดไป

    \b
    ตัวอย่าง:
      docgen number outgoing -r records/lopburi-pao/2566 --doc memo
      docgen number circular -r records/lopburi-pao/2566 --doc circular
      docgen number outgoing -r records/lopburi-pao/2566 --subject "ขอเชิญประชุม" --to "นายอำเภอ"
      docgen number cancel outgoing 12 --reason "พิมพ์ผิด ออกเลขใหม่แทน" -r records/lopburi-pao/2566
      docgen number set-next outgoing 245 -r records/lopburi-pao/2566
    """


@number.command("issue")
@click.argument("book")
@records_option
@click.option("--doc", type=click.Choice(["memo", "circular", "progress-memo"]), default=None,
              help="เอกสารของชุดที่จะใส่เลข (เขียนเลขลงในข้อมูลให้)")
@click.option("--subject", default=None, metavar="TEXT", help="เรื่อง ของหนังสือที่ไม่ได้ทำด้วย docgen")
@click.option("--to", "recipient", default=None, metavar="TEXT", help="ถึง (ผู้รับ) ของหนังสือนั้น")
@click.option("--date", "doc_date", default=None, metavar="D", help="ลงวันที่ของหนังสือนั้น เช่น 2569-01-15")
@DB
def issue_number(book: str, records: Path | None, doc: str | None, subject: str | None, recipient: str | None,
                 doc_date: str | None, db_url: str | None) -> None:
    """ออกเลขถัดไปของทะเบียน BOOK (outgoing, circular หรือทะเบียนของหน่วยงานเอง)

    \b
    ตัวอย่าง:
      docgen number outgoing -r records/lopburi-pao/2566 --doc memo
    """
    from docgen import thai
    from docgen.records.place import office_of
    from docgen.register.book import Letter, book_name, calendar_year, issue
    from docgen.register.numbering import number_document

    recs = load_records(records)
    db = _db(recs, db_url)
    if doc is not None:
        entry, path = number_document(db, recs, book, doc, who=system_actor())
        shown = thai.compose(recs.organisation.numerals, str(entry.number))
        click.echo(f"ออกเลข {shown} ({book_name(book)} ปี {calendar_year(entry.registered_at)}) ให้ {doc}"
                   f" และเขียนลงใน {path} แล้ว")
        return
    if not subject or not recipient:
        raise DocgenError("ต้องบอกเอกสารของชุด (--doc memo|circular|progress-memo) หรือเรื่องและผู้รับของหนังสือ"
                          " (--subject และ --to)")
    when = (thai.parse_date(doc_date) if doc_date else datetime.datetime.now(ICT).date()).isoformat()
    entry = issue(db, office_of(recs), book, Letter("letter", subject, recipient, recs.organisation.name, when),
                  who=system_actor())
    click.echo(entry.number)


def _year(year: int | None) -> int:
    from docgen.register.book import calendar_year

    return year if year is not None else calendar_year()


@number.command("cancel")
@click.argument("book")
@click.argument("running", type=int, metavar="NUMBER")
@click.option("--reason", required=True, metavar="TEXT", help="เหตุผลที่ยกเลิก (พิมพ์ในทะเบียน)")
@click.option("--year", type=int, default=None, metavar="พ.ศ.", help="ปีปฏิทินของทะเบียน (ไม่ระบุ: ปีนี้)")
@records_option
@DB
def cancel_number(book: str, running: int, reason: str, year: int | None, records: Path | None,
                  db_url: str | None) -> None:
    """ยกเลิกเลข NUMBER ของทะเบียน BOOK: เลขยังอยู่ในทะเบียนโดยมีคำว่า ยกเลิก และจะไม่ออกซ้ำ

    \b
    ตัวอย่าง:
      docgen number cancel outgoing 12 --reason "พิมพ์ผิด" -r records/lopburi-pao/2566
    """
    from docgen.records.place import office_of
    from docgen.register.book import book_name, cancel

    recs = load_records(records)
    cancel(_db(recs, db_url), office_of(recs), book, _year(year), running, reason=reason, who=system_actor())
    click.echo(f"ยกเลิกเลข {running} ใน{book_name(book)} ปี {_year(year)} แล้ว (ยังอยู่ในทะเบียน ไม่ออกซ้ำ)")


@number.command("set-next")
@click.argument("book")
@click.argument("running", type=int, metavar="N")
@click.option("--year", type=int, default=None, metavar="พ.ศ.", help="ปีปฏิทินของทะเบียน (ไม่ระบุ: ปีนี้)")
@records_option
@DB
def set_next_number(book: str, running: int, year: int | None, records: Path | None, db_url: str | None) -> None:
    """ตั้งเลขถัดไปของทะเบียน BOOK เป็น N (หน่วยงานที่เริ่มใช้ docgen กลางปี ต่อจากทะเบียนกระดาษ)

    \b
    ตัวอย่าง:
      docgen number set-next outgoing 245 -r records/lopburi-pao/2566
    """
    from docgen.records.place import office_of
    from docgen.register.book import book_name, set_next

    recs = load_records(records)
    set_next(_db(recs, db_url), office_of(recs), book, _year(year), running, who=system_actor())
    click.echo(f"เลขถัดไปของ{book_name(book)} ปี {_year(year)} คือ {running}")


@main.command("register")
@click.argument("book")
@click.option("--year", type=int, default=None, metavar="พ.ศ.", help="ปีปฏิทินของทะเบียน (ไม่ระบุ: ปีนี้)")
@click.option("--pdf/--no-pdf", default=True, help="ทำ PDF ด้วย (ต้องมี LibreOffice)")
@records_option
@output_options
@DB
def register(book: str, year: int | None, pdf: bool, records: Path | None, out: Path, force: bool,
             db_url: str | None) -> None:
    """พิมพ์ทะเบียนหนังสือส่งของปี (แบบที่ ๑๔): DOCX PDF XLSX และ CSV

    \b
    ตัวอย่าง:
      docgen register outgoing --year 2569 -r records/lopburi-pao/2566
    """
    from docgen.records.place import office_of
    from docgen.register.book import entries
    from docgen.register.printed import write_book

    recs = load_records(records)
    office = office_of(recs)
    found = entries(_db(recs, db_url), office, book, _year(year))
    for path in write_book(recs, book, _year(year), found, out / office, pdf=pdf, force=force):
        click.echo(f"เขียน {path}")
