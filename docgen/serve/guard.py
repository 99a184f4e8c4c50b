"""The one check every request of the workspace passes (:func:`guard`): the host it
names, then who is signed in and what the route needs of them in which office
(:func:`docgen.accounts.access.decide`). Every route is in :data:`NEEDS`: a route that
is not answers 404 to everyone, so a new route cannot escape the check
(``tests/test_access.py`` walks the app's URL map)."""

from __future__ import annotations

from typing import Any

from flask import abort, g, redirect, render_template, request, session, url_for

from docgen.accounts import access, audit
from docgen.accounts.people import Who

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: what each endpoint needs, by method; "open": reached before signing in
NEEDS: dict[str, dict[str, str]] = {
    "auth.login": {"GET": "open", "POST": "open"},
    "auth.logout": {"POST": "open"},
    "static": {"GET": "open"},
    "home.font": {"GET": "open"},
    "home.home": {"GET": "signed-in"},
    "packet.show": {"GET": "read"},
    "packet.build": {"POST": "build"},
    "packet.new_progress": {"POST": "write"},
    "packet.new_year": {"POST": "write"},
    "forms.edit": {"GET": "read", "POST": "write"},
    "forms.profile": {"GET": "read"},
    "forms.emblem": {"POST": "write"},
    "files.job": {"GET": "read"},
    "files.download": {"GET": "download"},
    "files.preview": {"GET": "read"},
    "files.page": {"GET": "read"},
    "files.packet_zip": {"GET": "download"},
    "history.show": {"GET": "read"},
    "history.restore": {"POST": "write"},
    "register.issue": {"POST": "write"},
    "register.show": {"GET": "read"},
    "register.cancel": {"POST": "write"},
    "register.download": {"GET": "download"},
    "chain.waiting": {"GET": "signed-in"},
    "chain.show": {"GET": "read", "POST": "approve"},
    "chain.send": {"POST": "write"},
    "chain.reopen": {"POST": "write"},
    "chain.download": {"GET": "download"},
    "users.office": {"GET": "manage", "POST": "manage"},
    "users.reason": {"GET": "reason", "POST": "reason"},
}


def office_of_packet(rel: str) -> str:
    """The office a packet belongs to: its first folder under the records folder."""
    return rel.split("/", 1)[0]


def _office() -> str | None:
    args = request.view_args or {}
    if "rel" in args:
        return office_of_packet(str(args["rel"]))
    if "office" in args:
        return str(args["office"])
    if "job_id" in args:
        from docgen.serve.site import site

        job = site().jobs.get(str(args["job_id"]))
        return office_of_packet(job.packet) if job else None
    return None


def current() -> Who | None:
    """The signed-in user of this request (None: nobody), read once per request."""
    if "who" not in g:
        g.who = None
        from docgen.serve.site import site

        ws = site()
        token = session.get("token")
        if ws.db is not None and isinstance(token, str):
            from docgen.accounts import people, sessions

            with ws.db.session() as s:
                user = sessions.resume(s, token)
                g.who = people.who(s, user) if user is not None else None
            if g.who is None:
                session.pop("token", None)
    found: Who | None = g.who
    return found


def actor() -> str:
    """Who did this, as the audit trail names them."""
    from docgen.serve.site import site

    who = current()
    return who.name if who is not None else ("-" if site().accounts else f"(เครื่องนี้) {site().system_user}")


def guard() -> Any:
    """Host first (DNS rebinding), then the route's need for this user in this office."""
    from docgen.serve.site import site

    ws = site()
    if ws.host in LOOPBACK and not ws.behind_proxy and _host_name(request.host) not in LOOPBACK:
        return ("คำขอไม่ถูกต้อง: เปิดพื้นที่ทำงานด้วยชื่อเครื่องที่ไม่รู้จัก"
                " ให้เปิดจากที่อยู่ที่ docgen serve พิมพ์ไว้\n",
                400, {"Content-Type": "text/plain; charset=utf-8"})
    need = NEEDS.get(request.endpoint or "", {}).get(request.method if request.method != "HEAD" else "GET")
    if need is None:
        abort(404 if request.endpoint not in NEEDS else 405)
    if need == "open" or not ws.accounts:
        return None
    office = _office()
    reasons = frozenset(session.get("reasons", []))
    answer = access.decide(current(), office, need, reasons)
    if answer == access.OK:
        return None
    if answer == access.SIGN_IN:
        if request.method == "GET" and request.endpoint in ("home.home", "packet.show", "forms.edit", "forms.profile",
                                                            "chain.waiting", "chain.show"):
            return redirect(url_for("auth.login", next=request.path))
        return render_template("message.html", title="ต้องเข้าสู่ระบบก่อน",
                               message="หน้านี้สำหรับผู้ที่เข้าสู่ระบบแล้ว ให้เข้าสู่ระบบแล้วเปิดใหม่"), 401
    assert ws.db is not None
    audit.record(ws.db, actor(), "refused", office=office, path=request.path, method=request.method, need=need,
                 answer=answer)
    if answer == access.REASON:
        return redirect(url_for("users.reason", office=office, next=request.path))
    if answer == access.FORBIDDEN:
        return render_template("message.html", title="ไม่มีสิทธิ์ทำรายการนี้",
                               message="บัญชีของท่านในหน่วยงานนี้ทำรายการนี้ไม่ได้ ถ้าจำเป็นต้องทำ"
                                       " ให้ขอผู้ดูแลของหน่วยงานเปลี่ยนบทบาท"), 403
    abort(404)


#: the audit trail's action for a request that did what its need says
DONE = {"write": "save", "build": "build", "download": "download", "approve": "chain-step"}


def wrote(**detail: Any) -> None:
    """Said by a route that changed the records: what, for the audit trail."""
    g.audit = detail


def after(response: Any) -> Any:
    """Every save (file, fields), build and download into the audit trail, with who."""
    from docgen.serve.site import site

    ws = site()
    need = NEEDS.get(request.endpoint or "", {}).get(request.method)
    if ws.db is None or need not in DONE or response.status_code >= 400:
        return response
    if need in ("write", "approve") and "audit" not in g:
        return response  # a form redrawn, nothing written
    detail = dict(g.get("audit", {}))
    action = detail.pop("action", DONE[need])  # a route may name what it did (``chain-forward``)
    audit.record(ws.db, actor(), action, office=_office(), path=request.path, **detail)
    return response


def _host_name(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8000`` -> ``::1``)."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host
