"""A packet's page (its forms, the check, the last build's files and previews), the
build it starts, and the drafts made from it (``new-progress``, ``new-year``)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from docgen.records.source import PROGRESS_FILE
from docgen.serve.guard import wrote
from docgen.serve.jobs import edited_by_hand, manifest_of, records_changed
from docgen.serve.packets import sections_for
from docgen.serve.site import document_title, pages, site
from docgen.serve.versions import built_from, by_account, notice
from docgen.serve.workspace import WRITING

bp = Blueprint("packet", __name__)


@bp.route("/p/<path:rel>/")
def show(rel: str) -> Any:
    ws = site()
    view = ws.view(rel)
    p = view.ref
    notice(view)  # a hand edit of the records is kept as such before anything else is written
    folder = ws.out_dir(view)
    files = list(ws.out_files(view))
    docs = []
    for name in files:
        if name.endswith(".docx"):
            stem = name[:-5]
            pdf = f"{stem}.pdf" if f"{stem}.pdf" in files else None
            rank, title = document_title(name)
            docs.append({"docx": name, "pdf": pdf, "pages": pages(folder / pdf) if pdf else 0, "title": title,
                         "rank": rank})
    docs.sort(key=lambda d: (d["rank"], d["docx"]))
    tree = view.packet.tree
    problems = view.problems()
    if ws.db is not None and view.records is not None:  # the numbers the documents carry, against the register
        from docgen.chain.lock import problems as held
        from docgen.register.checks import problems as against_register

        problems = against_register(ws.db, view.records) + held(ws.db, view.records)
    changed = records_changed(folder, view.records) if docs else []
    source, since = built_from(view, manifest_of(folder)) if docs else (None, 0)
    from docgen.serve.pages.chain import panel

    job = ws.jobs.running(rel)

    return render_template("packet.html", p=p, sections=sections_for(p), problems=problems, docs=docs, changed=changed,
                           chains=panel(view, view.records),
                           source=source, since=since, has_register=ws.db is not None,
                           has_progress=(p.folder / PROGRESS_FILE).exists(),
                           year=str(tree.get("fiscal_year")), job=job, place=ws.jobs.place(job) if job else None,
                           edited=edited_by_hand(folder),
                           has_files=bool(files))


@bp.route("/p/<path:rel>/build", methods=["POST"])
def build(rel: str) -> Any:
    ws = site()
    view = ws.view(rel)
    p = view.ref
    edited = edited_by_hand(ws.out_dir(view))
    if edited and request.form.get("replace") != "yes":
        flash("ยังไม่ได้สร้าง: ไฟล์เหล่านี้ในโฟลเดอร์ผลลัพธ์ถูกแก้ไขหลังจาก docgen สร้าง "
              + ", ".join(edited) + " ถ้าต้องการสร้างใหม่แทนที่ ให้ติ๊ก 'แทนที่ไฟล์ที่แก้ไว้' แล้วกดอีกครั้ง",
              "error")
        return redirect(url_for("packet.show", rel=rel))
    job = ws.jobs.start(rel, p.path, ws.out, pdf=True, force=True, folders=(ws.out, ws.records), office=p.office)
    return redirect(url_for("packet.show", rel=rel, job=job.id) + "#build")


@bp.route("/p/<path:rel>/new-progress", methods=["POST"])
def new_progress(rel: str) -> Any:
    from docgen.drafts.new_progress import new_progress as draft

    p = site().packet_of(rel)
    with WRITING, by_account():
        draft(p.path)
    wrote(draft="new-progress")
    flash("สร้างร่างรายงานผลการดำเนินการแล้ว กรอกสถานะ กิจกรรม และผลของแต่ละมาตรการ", "ok")
    return redirect(url_for("forms.edit", rel=rel, key="progress"))


@bp.route("/p/<path:rel>/new-year", methods=["POST"])
def new_year(rel: str) -> Any:
    from docgen.drafts.new_year import new_year as draft

    ws = site()
    p = ws.packet_of(rel)
    with WRITING, by_account():
        target, notes = draft(p.path)
    wrote(draft="new-year", file=target.relative_to(ws.records).as_posix())
    flash(f"สร้างร่างข้อมูลปีถัดไปแล้ว: {target.relative_to(ws.records)}"
          " ช่องที่ต้องกรอกใหม่แสดงเป็นปัญหาด้านล่าง", "ok")
    for note in notes:
        flash(note, "warn")
    return redirect(url_for("packet.show", rel=target.parent.relative_to(ws.records).as_posix()))
