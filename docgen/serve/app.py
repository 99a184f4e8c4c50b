"""``docgen serve``: the clerks' workspace in the browser (Flask, pages rendered on the
server, a few lines of script for the build's live progress; everything works with
the keyboard and without script).

Safety: it serves and writes only the packets found under the records folder and
their output folders; every form carries a CSRF token; on an address other than the
loopback a password set at start-up is asked for; requests naming another host are
refused (a web page cannot reach the workspace by DNS rebinding).
"""

from __future__ import annotations

import hmac
import io
import os
import re
import secrets
import time
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, flash, jsonify, redirect, render_template, request, send_file, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from docgen import thai
from docgen.errors import DocgenError
from docgen.pdf.convert import page_png
from docgen.records.source import PROGRESS_FILE
from docgen.safefile import Refused, is_inside, read_regular
from docgen.serve.jobs import Jobs, edited_by_hand
from docgen.serve.sections import SECTIONS
from docgen.serve.workspace import (
    WRITING, PacketRef, add_photo, chains, file_of, open_form, packets, problems, profile_path,
    read_tree, sections_for, submit,
)

# what each document is, in the order a clerk reads the packet (by file name)
DOCUMENTS = (("report", "รายงานการวิเคราะห์ผลการประเมินและมาตรการ"), ("memo", "บันทึกข้อความเสนอผู้บริหาร"),
             ("circular", "หนังสือเวียนแจ้งทุกส่วนราชการ"), ("progress-memo", "บันทึกข้อความเสนอรายงานผลการดำเนินการ"),
             ("progress", "รายงานผลการดำเนินการตามมาตรการ"))
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DOWNLOADABLE = {".docx", ".pdf", ".json", ".png"}
MAX_UPLOAD = 10 * 1024 * 1024
MAX_DOWNLOAD = 200 * 1024 * 1024  # a report of thousands of measures, with its PDF
PREVIEW_DPI = 50


def create_app(records: Path, out: Path, *, host: str = "127.0.0.1", password: str | None = None) -> Flask:
    records, out = records.resolve(), out.resolve()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),  # a new one each start: sessions end with the server
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        WTF_CSRF_TIME_LIMIT=None,  # a clerk may keep a form open all day
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
    )
    CSRFProtect(app)
    jobs = Jobs()
    previews: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()

    def packet_of(rel: str) -> PacketRef:
        for p in packets(records):
            if p.rel == rel:
                return p
        abort(404)

    def out_dir(packet: PacketRef) -> Path:
        """``out/<organisation key>/<fiscal year>/`` as the build writes it (a key or a
        year that would lead elsewhere gives no folder: the records' rules refuse it)."""
        _, org = read_tree(profile_path(packet))
        _, tree = read_tree(packet.path)
        key, year = str(org.get("key")), thai.to_arabic_digits(str(tree.get("fiscal_year")))
        if not (SAFE_NAME.match(key) and year.isascii() and year.isdecimal()):
            return out / ".none"
        return out / key / year

    def out_files(packet: PacketRef) -> dict[str, Path]:
        """The files of the packet's output folder that may be downloaded: regular
        files (not links) inside the output folder, of the kinds docgen writes."""
        folder = out_dir(packet)
        if folder.is_symlink() or not folder.is_dir() or not is_inside(folder, out):
            return {}
        return {f.name: f for f in sorted(folder.iterdir()) if not f.name.startswith(".") and f.suffix in DOWNLOADABLE
                and not f.is_symlink() and f.is_file()}

    def out_file(packet: PacketRef, name: str) -> Path:
        path = out_files(packet).get(name)
        if path is None:
            abort(404)
        return path

    @app.before_request
    def _host() -> Any:
        """On the loopback, only requests naming the loopback: a web page elsewhere
        cannot reach the workspace through a name of its own (DNS rebinding)."""
        if host in LOOPBACK and _host_name(request.host) not in LOOPBACK:
            return ("คำขอไม่ถูกต้อง: เปิดพื้นที่ทำงานด้วยชื่อเครื่องที่ไม่รู้จัก ให้เปิดจากที่อยู่ที่ docgen serve พิมพ์ไว้\n",
                    400, {"Content-Type": "text/plain; charset=utf-8"})
        return None

    @app.before_request
    def _password() -> Any:
        if password is None or request.endpoint in ("login", "static", "font"):
            return None
        if not session.get("signed_in"):
            return redirect(url_for("login", next=request.path))
        return None

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError) -> Any:
        return render_template("message.html", title="หน้านี้หมดอายุ",
                               message="ฟอร์มนี้ไม่มีรหัสยืนยันที่ถูกต้อง (อาจเปิดค้างไว้ก่อนเริ่มโปรแกรมใหม่)"
                                       " ให้เปิดหน้านั้นใหม่แล้วกรอกอีกครั้ง"), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Any:
        said = {400: ("คำขอไม่ถูกต้อง", "เบราว์เซอร์ส่งคำขอที่ใช้ไม่ได้ (หรือเปิดด้วยชื่อเครื่องที่ไม่รู้จัก)"
                             " ให้เปิดจากที่อยู่ที่ docgen serve พิมพ์ไว้"),
                404: ("ไม่พบหน้านี้", "ไม่พบสิ่งที่ขอ ให้กลับไปหน้าแรกแล้วเลือกใหม่"),
                405: ("ทำแบบนี้ไม่ได้", "หน้านี้ไม่รับคำขอแบบนี้ ให้กลับไปหน้าแรกแล้วเลือกใหม่"),
                413: ("ไฟล์ใหญ่เกินไป", f"ไฟล์ที่ส่งใหญ่เกิน {MAX_UPLOAD // 1024 // 1024} MB ให้ย่อภาพหรือใช้ไฟล์ที่เล็กลง")}
        title, message = said.get(exc.code or 500, ("ทำต่อไม่ได้", f"รหัส {exc.code}"))
        return render_template("message.html", title=title, message=message), exc.code or 500

    @app.errorhandler(500)
    def _bug(exc: Any) -> Any:
        return render_template("message.html", title="เกิดข้อผิดพลาดภายในโปรแกรม",
                               message="docgen ทำงานผิดพลาด ไม่ใช่ความผิดของผู้กรอก ให้เปิดหน้าเดิมอีกครั้ง"
                                       " ตรวจว่าข้อมูลที่บันทึกล่าสุดยังอยู่ แล้วแจ้งผู้ดูแลพร้อมบอกว่ากำลังทำอะไรอยู่"), 500

    @app.errorhandler(DocgenError)
    def _docgen(exc: DocgenError) -> Any:
        return render_template("message.html", title="ทำต่อไม่ได้", message=str(exc)), 409

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        if request.method == "POST":
            if password is not None and hmac.compare_digest(request.form.get("password", "").encode(),
                                                            password.encode()):
                session["signed_in"] = True
                return redirect(_local(request.args.get("next", "/")))
            time.sleep(1)  # a guess a second at most, per connection
            flash("รหัสผ่านไม่ถูกต้อง", "error")
        return render_template("login.html")

    @app.route("/logout", methods=["POST"])
    def logout() -> Any:
        session.clear()
        return redirect(url_for("login"))

    @app.route("/font/<style>")
    def font(style: str) -> Any:
        from docgen.fonts import font_file

        pattern = {"regular": "TH Sarabun New:style=Regular", "bold": "TH Sarabun New:style=Bold"}.get(style)
        found = font_file(pattern) if pattern else None
        if not found or not found.lower().endswith((".ttf", ".otf")):
            abort(404)
        return send_file(found, max_age=86400)

    @app.route("/")
    def home() -> Any:
        orgs: dict[str, dict[str, Any]] = {}
        for p in packets(records):
            try:
                profile = profile_path(p)
                _, org = read_tree(profile)
                _, tree = read_tree(p.path)
                name, year = str(org.get("name")), str(tree.get("fiscal_year"))
            except DocgenError:
                profile, name, year = p.folder, p.rel, "?"
            entry = orgs.setdefault(str(profile), {"name": name, "packets": [], "profile": p.rel})
            entry["packets"].append({"rel": p.rel, "year": year, "progress": (p.folder / PROGRESS_FILE).is_file()})
        for entry in orgs.values():
            entry["packets"].sort(key=lambda x: x["year"], reverse=True)
        return render_template("home.html", orgs=list(orgs.values()), records=records)

    @app.route("/p/<path:rel>/")
    def packet(rel: str) -> Any:
        p = packet_of(rel)
        folder = out_dir(p)
        files = list(out_files(p))
        docs = []
        for name in files:
            if name.endswith(".docx"):
                stem = name[:-5]
                pdf = f"{stem}.pdf" if f"{stem}.pdf" in files else None
                rank, title = next(((i, t) for i, (s, t) in enumerate(DOCUMENTS) if stem == s or stem.startswith(
                    s + "-to-")), (len(DOCUMENTS), stem))
                docs.append({"docx": name, "pdf": pdf, "pages": _pages(folder / pdf) if pdf else 0, "title": title,
                             "rank": rank})
        docs.sort(key=lambda d: (d["rank"], d["docx"]))
        _, tree = read_tree(p.path)
        job = jobs.running(rel)
        return render_template("packet.html", p=p, sections=sections_for(p), problems=problems(p), docs=docs,
                               has_progress=(p.folder / PROGRESS_FILE).exists(),
                               year=str(tree.get("fiscal_year")), job=job, edited=edited_by_hand(folder),
                               has_files=bool(files))

    @app.route("/p/<path:rel>/edit/<key>", methods=["GET", "POST"])
    def edit(rel: str, key: str) -> Any:
        p = packet_of(rel)
        section = SECTIONS.get(key)
        if section is None or section not in sections_for(p):
            abort(404)
        state = submit(p, section, request.form) if request.method == "POST" else open_form(p, section)
        status = 409 if state.conflict else 422 if state.refused else 200
        return render_template("edit.html", p=p, state=state, file=file_of(p, section).relative_to(records),
                               sections=sections_for(p)), status

    @app.route("/p/<path:rel>/profile")
    def profile(rel: str) -> Any:
        p = packet_of(rel)
        _, org = read_tree(profile_path(p))
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
                               file=profile_path(p).relative_to(records))

    @app.route("/p/<path:rel>/emblem", methods=["POST"])
    def emblem(rel: str) -> Any:
        from docgen.records.emblem import install_emblem

        p = packet_of(rel)
        profile = profile_path(p)
        upload = request.files.get("emblem")
        if upload is None or not upload.filename:
            flash("ยังไม่ได้เลือกไฟล์ภาพตราสัญลักษณ์", "error")
            return redirect(url_for("profile", rel=rel))
        suffix = Path(upload.filename).suffix.lower()
        if suffix not in (".png", ".jpg", ".jpeg", ".svg", ".docx"):
            flash("รับเฉพาะไฟล์ PNG JPEG SVG หรือ DOCX ที่มีตราในหัวกระดาษ", "error")
            return redirect(url_for("profile", rel=rel))
        fd, tmp = tempfile.mkstemp(dir=profile.parent, prefix=".upload-", suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                upload.save(fh)
            with WRITING:
                install_emblem(Path(tmp), profile, force=True)
            flash("บันทึกตราสัญลักษณ์แล้ว (emblem.png) และแก้ emblem: ในข้อมูลองค์กรแล้ว", "ok")
        except DocgenError as exc:  # said of the file the clerk chose, not of the temporary copy
            flash(f"ใช้ภาพนี้ไม่ได้: {str(exc).replace(tmp, upload.filename)}", "error")
        finally:
            os.unlink(tmp)
        return redirect(url_for("profile", rel=rel))

    @app.route("/p/<path:rel>/photo", methods=["POST"])
    def photo(rel: str) -> Any:
        p = packet_of(rel)
        upload = request.files.get("photo")
        caption = " ".join(request.form.get("caption", "").replace("|", "/").split())
        try:
            name, number = add_photo(p, request.form.get("measure", ""), caption,
                                     upload.read() if upload is not None and upload.filename else b"")
            flash(f"เพิ่มภาพ {name} เป็นหลักฐานของมาตรการที่ {number} แล้ว", "ok")
        except DocgenError as exc:
            flash(str(exc), "error")
        return redirect(url_for("edit", rel=rel, key="progress"))

    @app.route("/p/<path:rel>/build", methods=["POST"])
    def build(rel: str) -> Any:
        p = packet_of(rel)
        edited = edited_by_hand(out_dir(p))
        if edited and request.form.get("replace") != "yes":
            flash("ยังไม่ได้สร้าง: ไฟล์เหล่านี้ในโฟลเดอร์ผลลัพธ์ถูกแก้ไขหลังจาก docgen สร้าง "
                  + ", ".join(edited) + " ถ้าต้องการสร้างใหม่แทนที่ ให้ติ๊ก 'แทนที่ไฟล์ที่แก้ไว้' แล้วกดอีกครั้ง",
                  "error")
            return redirect(url_for("packet", rel=rel))
        job = jobs.start(rel, p.path, out, pdf=True, force=True, folders=(out, records))
        return redirect(url_for("packet", rel=rel, job=job.id) + "#build")

    @app.route("/jobs/<job_id>")
    def job(job_id: str) -> Any:
        found = jobs.get(job_id)
        if found is None:
            abort(404)
        return jsonify(found.as_json())

    @app.route("/p/<path:rel>/file/<name>")
    def download(rel: str, name: str) -> Any:
        path = out_file(packet_of(rel), name)
        return send_file(io.BytesIO(_read_file(path)), as_attachment=path.suffix != ".png", download_name=name,
                         max_age=0)

    @app.route("/p/<path:rel>/preview/<name>/<int:page>.png")
    def preview(rel: str, name: str, page: int) -> Any:
        path = out_file(packet_of(rel), name)
        if path.suffix != ".pdf" or not 1 <= page <= _pages(path):
            abort(404)
        st = path.stat()
        key = (str(path), st.st_mtime_ns, page)
        png = previews.get(key)
        if png is None:
            png = page_png(path, page, dpi=PREVIEW_DPI)
            previews[key] = png
            while len(previews) > 200:
                previews.popitem(last=False)
        return send_file(io.BytesIO(png), mimetype="image/png", max_age=0)

    @app.route("/p/<path:rel>/packet.zip")
    def packet_zip(rel: str) -> Any:
        files = out_files(packet_of(rel))
        if not files:
            abort(404)
        buf = io.BytesIO()
        prefix = rel.replace("/", "-")
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, f in files.items():
                info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, _read_file(f))
        buf.seek(0)
        return send_file(buf, mimetype="application/zip", as_attachment=True, download_name=f"{prefix}.zip")

    @app.route("/p/<path:rel>/new-progress", methods=["POST"])
    def new_progress(rel: str) -> Any:
        from docgen.drafts.new_progress import new_progress as draft

        p = packet_of(rel)
        with WRITING:
            draft(p.path)
        flash("สร้างร่างรายงานผลการดำเนินการแล้ว (progress.yaml) กรอกสถานะ กิจกรรม และผลของแต่ละมาตรการ", "ok")
        return redirect(url_for("edit", rel=rel, key="progress"))

    @app.route("/p/<path:rel>/new-year", methods=["POST"])
    def new_year(rel: str) -> Any:
        from docgen.drafts.new_year import new_year as draft

        p = packet_of(rel)
        target, notes = draft(p.path)
        flash(f"สร้างร่างข้อมูลปีถัดไปแล้ว: {target.relative_to(records)} ช่องที่ต้องกรอกใหม่แสดงเป็นปัญหาด้านล่าง", "ok")
        for note in notes:
            flash(note, "warn")
        return redirect(url_for("packet", rel=target.parent.relative_to(records).as_posix()))

    app.jinja_env.globals.update(thai_digits=thai.to_thai_digits)
    return app


SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


def _host_name(host: str) -> str:
    """The name in a Host header, without its port (``[::1]:8000`` -> ``::1``)."""
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def _local(target: str) -> str:
    """*target* if it is a path of this site, else the home page (no redirect away)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or any(c in target for c in "\\\t\r\n") or not target.isprintable():
        return "/"
    return target


def _read_file(path: Path) -> bytes:
    """An output file's bytes, never through a link (one swapped in after the listing)."""
    try:
        return read_regular(path, limit=MAX_DOWNLOAD, follow_links=False)
    except Refused:
        abort(404)


def _pages(pdf: Path) -> int:
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            return len(doc.pages)
    except Exception:  # noqa: BLE001 - a PDF being replaced: no previews this time
        return 0
