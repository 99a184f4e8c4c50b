"""The register in the workspace: a number issued from the book for a document (a
button beside its number field), and the book of a year shown and downloaded."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from docgen.errors import DocgenError, RecordsError
from docgen.records.loading import load
from docgen.records.place import office_of
from docgen.register.book import BOOK_KEY, book_name, calendar_year, entries
from docgen.register.numbering import DOCS
from docgen.serve.guard import actor, wrote
from docgen.serve.site import site
from docgen.serve.versions import by_account
from docgen.serve.workspace import WRITING

bp = Blueprint("register", __name__)
FORM_OF = {"memo": "documents", "circular": "documents", "progress-memo": "progress"}


def _records(rel: str) -> Any:
    view = site().view(rel)
    try:
        return view, load(view.ref.path, office=view.ref.office)
    except RecordsError as exc:
        raise DocgenError("ออกเลขไม่ได้ เพราะข้อมูลยังมีปัญหา ให้แก้ก่อน: " + exc.problems[0].message) from None


@bp.route("/p/<path:rel>/number/<doc>", methods=["POST"])
def issue(rel: str, doc: str) -> Any:
    from docgen.register.numbering import number_document

    if doc not in DOCS:
        abort(404)
    ws = site()
    if ws.db is None:
        abort(404)
    try:
        with WRITING, by_account():
            view, recs = _records(rel)
            entry, path = number_document(ws.db, recs, "circular" if doc == "circular" else "outgoing", doc,
                                          who=actor())
        wrote(file=path.relative_to(ws.records).as_posix(), fields=[f"{DOCS[doc][1]}.number"], number=entry.number)
        flash(f"ออกเลข {entry.number} ให้{DOCS[doc][2]}แล้ว และบันทึกลงข้อมูลแล้ว", "ok")
    except DocgenError as exc:
        flash(str(exc), "error")
    return redirect(url_for("forms.edit", rel=rel, key=FORM_OF[doc]))


def _book(rel: str, book: str) -> tuple[Any, Any, int, list[Any]]:
    ws = site()
    if ws.db is None or not BOOK_KEY.match(book):
        abort(404)
    _, recs = _records(rel)
    year = request.args.get("year", type=int) or calendar_year()
    return recs, ws.db, year, entries(ws.db, office_of(recs), book, year)


@bp.route("/p/<path:rel>/register/<book>")
def show(rel: str, book: str) -> Any:
    from docgen.register.printed import COLUMNS, rows

    try:
        recs, _, year, found = _book(rel, book)
    except DocgenError as exc:
        flash(str(exc), "error")
        return redirect(url_for("packet.show", rel=rel))
    return render_template("register.html", p=site().view(rel).ref, book=book, name=book_name(book), year=year,
                           columns=[c for c, _ in COLUMNS], lines=rows(recs, book, found))


@bp.route("/p/<path:rel>/register/<book>/cancel", methods=["POST"])
def cancel(rel: str, book: str) -> Any:
    """A number cancelled from the workspace: it stays in the book, marked ยกเลิก."""
    from docgen.register.book import cancel as cancel_number

    year = request.form.get("year", type=int) or calendar_year()
    try:
        recs, db, _, _ = _book(rel, book)
        number = request.form.get("number", type=int)
        if number is None:
            raise DocgenError("ให้พิมพ์เลขที่จะยกเลิก")
        cancel_number(db, office_of(recs), book, year, number, reason=request.form.get("reason", ""), who=actor())
        wrote(book=book, year=year, cancelled=number)
        flash(f"ยกเลิกเลข {number} ใน{book_name(book)} ปี {year} แล้ว (ยังอยู่ในทะเบียน ไม่ออกซ้ำ)", "ok")
    except DocgenError as exc:
        flash(str(exc), "error")
    return redirect(url_for("register.show", rel=rel, book=book, year=year))


@bp.route("/p/<path:rel>/register/<book>/<int:year>.<ext>")
def download(rel: str, book: str, year: int, ext: str) -> Any:
    from docgen.register.printed import csv_bytes, docx_bytes, rows, xlsx_bytes

    kinds = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    if ext not in kinds:
        abort(404)
    recs, db, _, _ = _book(rel, book)
    lines = rows(recs, book, entries(db, office_of(recs), book, year))
    data = csv_bytes(lines) if ext == "csv" else xlsx_bytes(book, year, lines) if ext == "xlsx" else \
        docx_bytes(recs, book, year, lines)
    kind = kinds[ext]
    return Response(data, mimetype=kind,
                    headers={"Content-Disposition": f"attachment; filename={book}-{year}.{ext}"})
