"""The users of an office, for its admins (add a clerk, an approver holding a role of
the profile, another admin; remove one), and the reason a site admin records before
reading an office's documents (kept in the audit trail)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from docgen.accounts import audit, people
from docgen.accounts.models import ROLES
from docgen.errors import DocgenError
from docgen.serve.guard import actor
from docgen.serve.pages.auth import local_target
from docgen.serve.site import site

bp = Blueprint("users", __name__)


@bp.route("/office/<office>/users", methods=["GET", "POST"])
def office(office: str) -> Any:
    ws = site()
    assert ws.db is not None
    if request.method == "POST":
        form = request.form
        name = form.get("name", "").strip()
        try:
            with ws.db.session() as s:
                if form.get("action") == "remove":
                    people.remove(s, name, office)
                else:
                    people.add(s, name, office, form.get("role", ""), password=form.get("password") or None,
                               holds=form.get("holds", "").strip() or None)
        except DocgenError as exc:
            flash(str(exc), "error")
        else:
            removed = form.get("action") == "remove"
            audit.record(ws.db, actor(), "user-removed" if removed else "user-added", office=office, user=name,
                         role=form.get("role", ""))
            flash(f"{'ลบ' if removed else 'เพิ่ม'}ผู้ใช้ {name} แล้ว", "ok")
        return redirect(url_for("users.office", office=office))
    with ws.db.session() as s:
        rows = people.listing(s, office)
    return render_template("users.html", office=office, rows=rows, roles=ROLES)


@bp.route("/office/<office>/reason", methods=["GET", "POST"])
def reason(office: str) -> Any:
    ws = site()
    assert ws.db is not None
    target = local_target(request.args.get("next", "/"))
    if request.method == "POST":
        why = " ".join(request.form.get("reason", "").split())[:500]
        if len(why) < 10:
            flash("ต้องบันทึกเหตุผลอย่างน้อย 10 ตัวอักษร ว่าเปิดดูเอกสารของหน่วยงานนี้เพราะอะไร", "error")
        else:
            audit.record(ws.db, actor(), "reason", office=office, reason=why)
            session["reasons"] = sorted({*session.get("reasons", []), office})
            return redirect(target)
    return render_template("reason.html", office=office)
