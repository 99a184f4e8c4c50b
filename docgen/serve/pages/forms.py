"""The forms: a part of the packet's records (``edit``), the office's profile with
its chains of officials, and the uploads (the emblem, a photo as evidence)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from docgen.errors import DocgenError
from docgen.serve.guard import wrote
from docgen.serve.packets import chains, sections_for
from docgen.serve.photos import keep_photo
from docgen.serve.sections import SECTIONS
from docgen.serve.site import site
from docgen.serve.versions import by_account, notice
from docgen.serve.workspace import WRITING, open_form, submit

bp = Blueprint("forms", __name__)
EMBLEM_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".docx")


@bp.route("/p/<path:rel>/edit/<key>", methods=["GET", "POST"])
def edit(rel: str, key: str) -> Any:
    ws = site()
    view = ws.view(rel)
    p = view.ref
    section = SECTIONS.get(key)
    if section is None or section not in sections_for(p):
        abort(404)
    form: Any = request.form
    if request.method == "POST" and not p.own(view.file_of(section)):
        return render_template("message.html", title="แก้ไฟล์นี้ไม่ได้",
                               message=f"{view.file_of(section).relative_to(ws.records)} ใช้ร่วมกันหลายหน่วยงาน"
                                       " หน่วยงานเดียวแก้ไม่ได้ ถ้าต้องแก้ ให้ขอผู้ดูแลระบบ"), 403
    if request.method == "POST" and form.get("action") == "undo":  # the form as it was before a removal
        form = _before_removal(form)
    if request.method == "POST" and form.get("action") == "photo" and section.file == "progress":
        form = _with_photo(view, form)
        if form is None:  # the photo refused: the form as the clerk filled it, unsaved, the reason above
            form = request.form.copy()
            form["action"] = "redraw"
    if request.method == "GET":
        notice(view)  # a hand edit is kept as such before this form's save
    state = submit(view, section, form) if request.method == "POST" else open_form(view, section)
    if state.saved:
        wrote(file=view.file_of(section).relative_to(ws.records).as_posix(), fields=state.changed[:200])
    if form.get("photo_saved"):
        flash("เก็บภาพไว้แล้ว แต่ยังไม่ได้บันทึกหน้านี้: แก้ตามที่แจ้งแล้วกดบันทึก" if state.conflict or state.refused
              else "เพิ่มภาพเป็นหลักฐานและบันทึกหน้านี้แล้ว", "warn" if state.conflict or state.refused else "ok")
    status = 409 if state.conflict else 422 if state.refused else 200
    issuable = ({"memo.number": "memo", "circular.number": "circular"} if key == "documents" else
                {"memo.number": "progress-memo"} if key == "progress" else {}) if ws.db is not None else {}
    return render_template("edit.html", p=p, state=state, file=view.file_of(section).relative_to(ws.records),
                           sections=sections_for(p), issuable=issuable), status


@bp.route("/p/<path:rel>/profile")
def profile(rel: str) -> Any:
    ws = site()
    view = ws.view(rel)
    p = view.ref
    org = view.profile.tree  # as the people form shows it (only read)
    roles = org.get("roles") or {}
    people = org.get("people") or {}

    def who(role: str) -> str:
        holder = (roles.get(role) or {}).get("holder")
        person = people.get(holder) or {}
        return f"{person.get('title', '')}{person.get('name', '')}" if person else "(ว่าง)"

    rows = [{"key": k, "position": (r or {}).get("position", k), "who": who(k),
             "up": [(u, (roles.get(u) or {}).get("position", u)) for u in up]}
            for (k, r), up in zip(roles.items(), chains(roles).values())]
    units = org.get("units") or {}
    return render_template("profile.html", p=p, org=org, units=units, people=people, chains=rows, who=who,
                           file=view.profile_path.relative_to(ws.records))


@bp.route("/p/<path:rel>/emblem", methods=["POST"])
def emblem(rel: str) -> Any:
    from docgen.records.emblem import emblem_png, install_emblem

    view = site().view(rel)
    profile = view.profile_path
    if not view.ref.own(profile):
        abort(404)  # another office's profile: as if it did not exist
    upload = request.files.get("emblem")
    if upload is None or not upload.filename:
        flash("ยังไม่ได้เลือกไฟล์ภาพตราสัญลักษณ์", "error")
        return redirect(url_for("forms.profile", rel=rel))
    suffix = Path(upload.filename).suffix.lower()
    if suffix not in EMBLEM_SUFFIXES:
        flash("รับเฉพาะไฟล์ PNG JPEG SVG หรือ DOCX ที่มีตราในหัวกระดาษ", "error")
        return redirect(url_for("forms.profile", rel=rel))
    fd, tmp = tempfile.mkstemp(dir=profile.parent, prefix=".upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            upload.save(fh)
        png = emblem_png(Path(tmp))  # decoded and drawn (bounded) before the lock: no other save waits for it
        with WRITING, by_account():
            install_emblem(Path(tmp), profile, force=True, png=png)
        wrote(file=profile.relative_to(site().records).as_posix(), fields=["emblem"], upload=upload.filename)
        flash("บันทึกตราสัญลักษณ์แล้ว และใช้เป็นตราของหน่วยงานในเอกสารทุกฉบับแล้ว", "ok")
    except DocgenError as exc:  # said of the file the clerk chose, not of the temporary copy
        flash(f"ใช้ภาพนี้ไม่ได้: {str(exc).replace(tmp, upload.filename)}", "error")
    finally:
        os.unlink(tmp)
    return redirect(url_for("forms.profile", rel=rel))


def _before_removal(form: Any) -> Any:
    """The form the clerk had before removing an item (its ``__undo``), redrawn unsaved."""
    from werkzeug.datastructures import MultiDict

    try:
        was = json.loads(form.get("__undo", ""))
        pairs = [(str(k), str(v)) for k, vs in was.items() for v in vs] if isinstance(was, dict) else []
    except (ValueError, AttributeError, TypeError):
        pairs = []
    out = MultiDict(pairs or [(k, v) for k, v in form.items(multi=True) if k != "__undo"])
    out["action"] = "redraw"
    out["csrf_token"] = form.get("csrf_token", "")
    return out


def _with_photo(view: Any, form: Any) -> Any:
    """The progress form as sent with a photo: the photo kept in ``photos/`` and a
    line for it added to its measure's evidence, to be saved with everything else the
    clerk typed; None (the reason flashed) where the photo cannot be used."""
    upload = request.files.get("photo")
    caption = " ".join(form.get("photo_caption", "").replace("|", "/").split())
    measure = form.get("photo_measure", "")
    data = upload.read() if upload is not None and upload.filename else b""
    if not (measure.isdecimal() and caption and data):
        flash("ยังไม่ได้เพิ่มภาพ: ต้องเลือกมาตรการ ใส่คำบรรยายภาพ และเลือกไฟล์ภาพ (สิ่งที่กรอกไว้ยังอยู่ ยังไม่ได้บันทึก)",
              "error")
        return None
    try:
        path = keep_photo(view, int(measure), data)
    except DocgenError as exc:
        flash(f"{exc} (สิ่งที่กรอกไว้ยังอยู่ ยังไม่ได้บันทึก)", "error")
        return None
    out = form.copy()
    field = f"measures.{int(measure)}.evidence"
    out[field] = "\n".join(line for line in (out.get(field, "").rstrip(), f"{caption} | {path}") if line)
    out["action"] = "save"
    out["photo_saved"] = "1"
    return out
