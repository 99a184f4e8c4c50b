"""Signing in and out, where the workspace is open to other machines (a password set
at start-up; on the loopback nobody signs in)."""

from __future__ import annotations

import hmac
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from docgen.serve.site import site

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    password = site().password
    if request.method == "POST":
        if password is not None and hmac.compare_digest(request.form.get("password", "").encode(),
                                                        password.encode()):
            session["signed_in"] = True
            return redirect(local_target(request.args.get("next", "/")))
        time.sleep(1)  # a guess a second at most, per connection
        flash("รหัสผ่านไม่ถูกต้อง", "error")
    return render_template("login.html")


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    session.clear()
    return redirect(url_for("auth.login"))


def local_target(target: str) -> str:
    """*target* if it is a path of this site, else the home page (no redirect away)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or any(c in target for c in "\\\t\r\n") or not target.isprintable():
        return "/"
    return target
