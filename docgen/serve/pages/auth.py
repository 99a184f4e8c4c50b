"""Signing in and out with an account (:mod:`docgen.accounts`). A session lives in the
database; the browser's cookie holds only its token. Signing out ends every session
of the user. Attempts are limited per account name and per address (the app's
limiter), so a guess costs no waiting thread."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from docgen.accounts import audit, people, sessions
from docgen.serve.guard import current
from docgen.serve.site import site

bp = Blueprint("auth", __name__)


def attempted_name() -> str:
    """The account a sign-in attempt names (the limiter's key per account)."""
    return "name:" + request.form.get("name", "").strip().lower()[:100]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    ws = site()
    if not ws.accounts:
        return redirect(url_for("home.home"))
    if request.method == "POST":
        assert ws.db is not None
        name = request.form.get("name", "").strip()
        with ws.db.session() as s:
            user = people.verify(s, name, request.form.get("password", ""))
            token = sessions.begin(s, user, request.remote_addr or "") if user is not None else None
        if token is not None:
            session.clear()
            session["token"] = token
            audit.record(ws.db, name, "sign-in", address=request.remote_addr or "")
            return redirect(local_target(request.args.get("next", "/")))
        audit.record(ws.db, name[:100] or "-", "sign-in-failed", address=request.remote_addr or "")
        flash("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "error")
    return render_template("login.html")


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    ws = site()
    who = current() if ws.accounts else None
    if who is not None and ws.db is not None:
        with ws.db.session() as s:
            sessions.end_all(s, who.id)  # everywhere: a copied cookie ends with it
        audit.record(ws.db, who.name, "sign-out")
    session.clear()
    return redirect(url_for("auth.login"))


def local_target(target: str) -> str:
    """*target* if it is a path of this site, else the home page (no redirect away)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or any(c in target for c in "\\\t\r\n") or not target.isprintable():
        return "/"
    return target
