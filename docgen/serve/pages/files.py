"""The output of a build: each file to download, the packet as a zip, each PDF page
as a preview, and the progress of a build under way."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from flask import Blueprint, abort, jsonify, render_template, request, send_file

from docgen.documents.kinds import kind_of_file
from docgen.pdf.convert import page_png
from docgen.serve.site import pages, read_file, site

bp = Blueprint("files", __name__)
PREVIEW_DPI = 50
READ_DPI = 100  # ?size=read: a page an official reads (the approval chain's memo)
PREVIEWS_KEPT = 200


@bp.route("/jobs/<job_id>")
def job(job_id: str) -> Any:
    jobs = site().jobs
    found = jobs.get(job_id)
    if found is None:
        abort(404)
    return jsonify({**found.as_json(), "place": jobs.place(found)})


@bp.route("/p/<path:rel>/file/<name>")
def download(rel: str, name: str) -> Any:
    ws = site()
    path = ws.out_file(ws.view(rel), name)
    return send_file(io.BytesIO(read_file(path)), as_attachment=path.suffix != ".png", download_name=name,
                     max_age=0)


@bp.route("/p/<path:rel>/preview/<name>/<int:page>.png")
def preview(rel: str, name: str, page: int) -> Any:
    ws = site()
    path = ws.out_file(ws.view(rel), name)
    if path.suffix != ".pdf" or not 1 <= page <= pages(path):
        abort(404)
    st = path.stat()
    dpi = READ_DPI if request.args.get("size") == "read" else PREVIEW_DPI
    key = (str(path), st.st_mtime_ns, page * 1000 + dpi)
    png = ws.previews.get(key)
    if png is None:
        png = page_png(path, page, dpi=dpi)
        ws.previews[key] = png
        while len(ws.previews) > PREVIEWS_KEPT:
            ws.previews.popitem(last=False)
    return send_file(io.BytesIO(png), mimetype="image/png", max_age=0)


@bp.route("/p/<path:rel>/page/<name>/<int:page>")
def page(rel: str, name: str, page: int) -> Any:
    """One page of a document's PDF, large enough to read its number and date, with
    the previous and next page."""
    from docgen.serve.site import document_title

    ws = site()
    view = ws.view(rel)
    path = ws.out_file(view, name)
    count = pages(path) if path.suffix == ".pdf" else 0
    if not 1 <= page <= count:
        abort(404)
    return render_template("page.html", p=view.ref, name=name, page=page, count=count,
                           title=document_title(name.removesuffix(".pdf") + ".docx")[1])


@bp.route("/p/<path:rel>/packet.zip")
def packet_zip(rel: str) -> Any:
    ws = site()
    files = ws.out_files(ws.view(rel))
    if not files:
        abort(404)
    buf = io.BytesIO()
    prefix = rel.replace("/", "-")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, f in files.items():
            if name.endswith(".png"):
                continue  # the page's previews: not documents
            info = zipfile.ZipInfo(f"{prefix}/{zip_name(name)}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, read_file(f))
    buf.seek(0)
    return send_file(buf, mimetype="application/zip", as_attachment=True, download_name=f"{prefix}.zip")


def zip_name(name: str) -> str:
    """A document's name in the packet's zip, as a clerk reads it in Windows' Explorer
    (``1 รายงานการวิเคราะห์ผลการประเมินและมาตรการ.docx``, the name in UTF-8, which zipfile
    flags as such); a file of no kind keeps its own."""
    stem, dot, ext = name.rpartition(".")
    kind = kind_of_file(f"{stem}.docx") if ext in ("docx", "pdf") else None
    if kind is None:
        return name
    addressed = stem.partition("-to-")[2]
    return f"{kind.shown} {kind.label}{f' ({addressed})' if addressed else ''}{dot}{ext}"
