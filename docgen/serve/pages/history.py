"""A packet's history (its files' versions, and its profile's) in the workspace: the
list, two versions compared by field, and a version restored as a new one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for

from docgen.errors import DocgenError
from docgen.history.packet import Share, diff, planned_restore, summary_of_restore
from docgen.history.store import History
from docgen.serve.guard import wrote
from docgen.serve.site import site
from docgen.serve.versions import file_labels, keep, notice
from docgen.serve.workspace import WRITING

bp = Blueprint("history", __name__)


@bp.route("/p/<path:rel>/history")
def show(rel: str) -> Any:
    view = site().view(rel)
    notice(view)
    share = Share(view.ref.root, view.ref.path)
    profile = request.args.get("of") == "profile"
    hist = History(view.ref.root)
    found, compared = [], None
    try:
        found = hist.versions(share.of_profile if profile else share.touches)
        pair = request.args.get("diff", "")
        if ".." in pair:
            old, new = (hist.find(v) for v in pair.split("..", 1))
            if not all(any(share.touches(f) for f in v.files) for v in (old, new)):
                raise DocgenError("ฉบับที่ขอเทียบไม่ใช่ของชุดเอกสารนี้")
            compared = (old, new, diff(hist, share, old, new,
                                       lambda r, d: file_labels(view, view.ref.root / r, d)))
    except DocgenError as exc:  # a version named wrong: said above the list
        flash(str(exc), "error")
    finally:
        hist.close()
    return render_template("history.html", p=view.ref, versions=found, compared=compared, profile=profile)


@bp.route("/p/<path:rel>/restore/<version>", methods=["POST"])
def restore(rel: str, version: str) -> Any:
    view = site().view(rel)
    share = Share(view.ref.root, view.ref.path)
    with WRITING:
        try:
            v, files, broken = planned_restore(share, version)
        except DocgenError as exc:
            flash(str(exc), "error")
            return redirect(url_for("history.show", rel=rel))
        if not files:
            flash(f"ข้อมูลตรงกับฉบับ {v.id} อยู่แล้ว ไม่มีไฟล์ใดต้องคืน", "ok")
            return redirect(url_for("history.show", rel=rel))
        if broken:
            flash(f"ยังไม่ได้คืนฉบับ {v.id} เพราะข้อมูลจะผิด: " + "; ".join(broken[:5])
                  + (f" และอีก {len(broken) - 5} รายการ" if len(broken) > 5 else ""), "error")
            return redirect(url_for("history.show", rel=rel))
        made = keep(view, dict(files), summary_of_restore(v), "restore")
    wrote(restored=v.id, files=sorted(str(p.relative_to(view.ref.root)) for p in files))
    flash(f"คืนข้อมูลเป็นฉบับ {v.id} แล้ว เก็บเป็นฉบับใหม่ {made.id if made else ''}".rstrip(), "ok")
    return redirect(url_for("history.show", rel=rel))
