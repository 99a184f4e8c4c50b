"""``docgen serve``: the clerks' workspace in the browser (Flask, pages rendered on the
server, a few lines of script for the build's live progress; everything works with
the keyboard and without script). The pages are blueprints in ``pages/``; what they
share is :class:`~docgen.serve.site.Site`.

Safety: it serves and writes only the packets found under the records folder and
their output folders; every form carries a CSRF token; with accounts (always on an
address other than the loopback) each user sees only their offices, and what they may
do there is decided by one function (:mod:`docgen.serve.guard`); requests naming
another host are refused (a web page cannot reach the workspace by DNS rebinding);
request bodies over the limit are refused before they are read (waitress and Flask).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from docgen import thai
from docgen.accounts.db import Database
from docgen.errors import DocgenError
from docgen.serve.guard import after, current, guard
from docgen.serve.pages import BLUEPRINTS
from docgen.serve.site import Site

MAX_UPLOAD = 10 * 1024 * 1024
#: the largest request body waitress reads (a photo or an emblem of 10 MB, with its form);
#: a larger one is refused from its Content-Length, before any of it is read
MAX_BODY = MAX_UPLOAD + 1024 * 1024
#: sign-in attempts: per account name and per address (Flask-Limiter, in memory); a
#: refused attempt answers at once and holds no server thread
SIGN_IN_LIMITS = ("10 per minute; 50 per hour", "30 per minute; 300 per hour")
HTTP_SAID = {
    400: ("คำขอไม่ถูกต้อง", "เบราว์เซอร์ส่งคำขอที่ใช้ไม่ได้ (หรือเปิดด้วยชื่อเครื่องที่ไม่รู้จัก)"
                            " ให้เปิดจากที่อยู่ที่ docgen serve พิมพ์ไว้"),
    404: ("ไม่พบหน้านี้", "ไม่พบสิ่งที่ขอ ให้กลับไปหน้าแรกแล้วเลือกใหม่"),
    405: ("ทำแบบนี้ไม่ได้", "หน้านี้ไม่รับคำขอแบบนี้ ให้กลับไปหน้าแรกแล้วเลือกใหม่"),
    413: ("ไฟล์ใหญ่เกินไป", f"ไฟล์ที่ส่งใหญ่เกิน {MAX_UPLOAD // 1024 // 1024} MB ให้ย่อภาพหรือใช้ไฟล์ที่เล็กลง"),
    429: ("ลองหลายครั้งเกินไป", "ใส่รหัสผ่านผิดหลายครั้งเกินไป ให้รอสักครู่แล้วลองใหม่"
                               " ถ้าจำรหัสผ่านไม่ได้ ให้ขอผู้ดูแลของหน่วยงานตั้งให้ใหม่"),
}


def create_app(records: Path, out: Path, *, host: str = "127.0.0.1", db: Database | None = None,
               accounts: bool = False, behind_proxy: bool = False, workers: int = 0, shared: bool = False,
               address_limit: str | None = None) -> Flask:
    """The workspace over *records* writing into *out*, listening on *host*. With
    *accounts*, every page but the sign-in asks who the user is and shows them only
    their offices (:mod:`docgen.serve.guard`); *db* holds the accounts and the audit
    trail. *behind_proxy*: served through an HTTPS reverse proxy (its forwarded
    address and scheme trusted, cookies sent only over HTTPS). *workers*: resident
    build workers (:mod:`docgen.serve.pool`; 0: each build a ``docgen build`` process);
    *shared*: builds queued in *db* (PostgreSQL) for ``docgen worker`` processes
    (:mod:`docgen.serve.shared`). *address_limit*: sign-in attempts allowed from one
    address (Flask-Limiter's form, e.g. ``100 per minute``; default in SIGN_IN_LIMITS):
    the offices of a province behind one NAT address need more."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=_secret(db),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        WTF_CSRF_TIME_LIMIT=None,  # a clerk may keep a form open all day
        # Lax: a link from another site brings the session along (with Strict it does not,
        # and the page it opens would start a new session in its place); CSRF tokens guard posts
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=behind_proxy,
        SESSION_COOKIE_NAME="docgen_session",
    )
    if behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    CSRFProtect(app)
    jobs: Any
    if shared:
        from docgen.serve.shared import SharedQueue

        assert db is not None
        jobs = SharedQueue(db)
    elif workers:
        from docgen.serve.pool import Pool

        jobs = Pool(workers)
    else:
        from docgen.serve.jobs import Jobs

        jobs = Jobs()
    app.extensions["docgen"] = Site(records.resolve(), out.resolve(), host, db=db, accounts=accounts,
                                     behind_proxy=behind_proxy, jobs=jobs)
    app.before_request(guard)
    app.after_request(after)
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(500, _bug)
    app.register_error_handler(DocgenError, _docgen)
    for bp in BLUEPRINTS:
        app.register_blueprint(bp)
    app.view_functions["static"] = _static
    _limit_sign_in(app, address_limit)
    app.jinja_env.globals.update(thai_digits=thai.to_thai_digits, signed_in=current)
    return app


def server_for(app: Flask, host: str, port: int) -> Any:
    """The waitress server of *app* on *host*:*port* (8 threads), refusing bodies over
    :data:`MAX_BODY` before reading them."""
    from waitress import create_server

    return create_server(app, host=host, port=port, threads=8, ident="docgen", max_request_body_size=MAX_BODY)


def _secret(db: Database | None) -> str:
    """The key that signs the cookies: kept in the database (a restart ends no session
    and spoils no open form); without a database, new at each start."""
    if db is None:
        return secrets.token_hex(32)
    from sqlalchemy.exc import IntegrityError

    from docgen.accounts.sessions import setting

    for _ in range(3):
        try:
            with db.session() as s:
                return setting(s, "cookie-key", secrets.token_hex(32))
        except IntegrityError:  # another process made it first: read it
            continue
    raise RuntimeError("the cookie key could be neither made nor read")


def _limit_sign_in(app: Flask, address_limit: str | None) -> None:
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    from docgen.serve.pages import auth

    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://", headers_enabled=False)
    per_name, per_address = SIGN_IN_LIMITS
    per_address = address_limit or per_address
    view: Any = app.view_functions["auth.login"]
    view = limiter.limit(per_address, methods=["POST"])(view)
    app.view_functions["auth.login"] = limiter.limit(per_name, key_func=auth.attempted_name, methods=["POST"])(view)


def _static(filename: str) -> Any:
    """The workspace's own style sheet and script, from memory (:func:`~docgen.serve.site.from_memory`)."""
    from flask import abort, current_app
    from werkzeug.security import safe_join

    from docgen.serve.site import from_memory

    found = safe_join(str(current_app.static_folder), filename)
    if found is None or not Path(found).is_file():
        abort(404)
    return from_memory(Path(found), max_age=3600)


def _csrf(exc: CSRFError) -> Any:
    return render_template("message.html", title="หน้านี้หมดอายุ",
                           message="ฟอร์มนี้ไม่มีรหัสยืนยันที่ถูกต้อง (อาจเปิดค้างไว้นานหรือออกจากระบบไปแล้ว)"
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
