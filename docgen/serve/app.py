"""``docgen serve``: the clerks' workspace in the browser (Flask, pages rendered on the
server, a few lines of script for the build's live progress; everything works with
the keyboard and without script). The pages are blueprints in ``pages/``; what they
share is :class:`~docgen.serve.site.Site`.

Safety: it serves and writes only the packets found under the records folder and
their output folders; every form carries a CSRF token; on an address other than the
loopback a password set at start-up is asked for; requests naming another host are
refused (a web page cannot reach the workspace by DNS rebinding).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from docgen import thai
from docgen.errors import DocgenError
from docgen.serve.pages import BLUEPRINTS
from docgen.serve.site import Site, site

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_UPLOAD = 10 * 1024 * 1024
OPEN_ENDPOINTS = ("auth.login", "static", "home.font")  # reached before signing in
HTTP_SAID = {
    400: ("คำขอไม่ถูกต้อง", "เบราว์เซอร์ส่งคำขอที่ใช้ไม่ได้ (หรือเปิดด้วยชื่อเครื่องที่ไม่รู้จัก)"
                            " ให้เปิดจากที่อยู่ที่ docgen serve พิมพ์ไว้"),
    404: ("ไม่พบหน้านี้", "ไม่พบสิ่งที่ขอ ให้กลับไปหน้าแรกแล้วเลือกใหม่"),
    405: ("ทำแบบนี้ไม่ได้", "หน้านี้ไม่รับคำขอแบบนี้ ให้กลับไปหน้าแรกแล้วเลือกใหม่"),
    413: ("ไฟล์ใหญ่เกินไป", f"ไฟล์ที่ส่งใหญ่เกิน {MAX_UPLOAD // 1024 // 1024} MB ให้ย่อภาพหรือใช้ไฟล์ที่เล็กลง"),
}


def create_app(records: Path, out: Path, *, host: str = "127.0.0.1", password: str | None = None) -> Flask:
    """The workspace over *records* writing into *out*, listening on *host*; with a
    *password*, every page but the sign-in asks for it."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),  # a new one each start: sessions end with the server
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        WTF_CSRF_TIME_LIMIT=None,  # a clerk may keep a form open all day
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
    )
    CSRFProtect(app)
    app.extensions["docgen"] = Site(records.resolve(), out.resolve(), host, password)
    app.before_request(guard)
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(500, _bug)
    app.register_error_handler(DocgenError, _docgen)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.jinja_env.globals.update(thai_digits=thai.to_thai_digits)
    return app


def guard() -> Any:
    """The one check every request passes first. On the loopback, only requests naming
    the loopback (a web page elsewhere cannot reach the workspace through a name of
    its own: DNS rebinding); with a password, only a signed-in session."""
    ws = site()
    if ws.host in LOOPBACK and _host_name(request.host) not in LOOPBACK:
        return ("คำขอไม่ถูกต้อง: เปิดพื้นที่ทำงานด้วยชื่อเครื่องที่ไม่รู้จัก"
                " ให้เปิดจากที่อยู่ที่ docgen serve พิมพ์ไว้\n",
                400, {"Content-Type": "text/plain; charset=utf-8"})
    if ws.password is not None and request.endpoint not in OPEN_ENDPOINTS and not session.get("signed_in"):
        return redirect(url_for("auth.login", next=request.path))
    return None


def _csrf(exc: CSRFError) -> Any:
    return render_template("message.html", title="หน้านี้หมดอายุ",
                           message="ฟอร์มนี้ไม่มีรหัสยืนยันที่ถูกต้อง (อาจเปิดค้างไว้ก่อนเริ่มโปรแกรมใหม่)"
                                   " ให้เปิดหน้านั้นใหม่แล้วกรอกอีกครั้ง"), 400


def _http(exc: HTTPException) -> Any:
    title, message = HTTP_SAID.get(exc.code or 500, ("ทำต่อไม่ได้", f"รหัส {exc.code}"))
    return render_template("message.html", title=title, message=message), exc.code or 500


def _bug(exc: Any) -> Any:
    return render_template("message.html", title="เกิดข้อผิดพลาดภายในโปรแกรม",
                           message="docgen ทำงานผิดพลาด ไม่ใช่ความผิดของผู้กรอก ให้เปิดหน้าเดิมอีกครั้ง"
                                   " ตรวจว่าข้อมูลที่บันทึกล่าสุดยังอยู่"
                                   " แล้วแจ้งผู้ดูแลพร้อมบอกว่ากำลังทำอะไรอยู่"), 500


def _docgen(exc: DocgenError) -> Any:
    return render_template("message.html", title="ทำต่อไม่ได้", message=str(exc)), 409


def _host_name(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8000`` -> ``::1``)."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host
