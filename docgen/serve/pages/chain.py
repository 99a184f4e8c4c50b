"""The approval chain in the workspace: a clerk sends a packet's memo up its chain
(and starts a new round after a decision); each official sees what waits for them,
reads the memo as pages with its enclosures, and forwards it with a note, returns it
with a reason, or (the last) decides; the approved DOCX and PDF are downloaded."""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for

from docgen.chain.content import DECISIONS, NAMES
from docgen.errors import DocgenError, RecordsError
from docgen.serve.guard import actor, current, wrote
from docgen.serve.site import pages, site
from docgen.serve.versions import by_account
from docgen.serve.workspace import WRITING

bp = Blueprint("chain", __name__)
ENCLOSURES = {"memo": ("report.pdf", "circular.pdf"), "progress-memo": ("progress.pdf",)}
PDF_OF = {"memo": "memo.pdf", "progress-memo": "progress-memo.pdf"}


def _db() -> Any:
    ws = site()
    if ws.db is None or not ws.accounts:
        abort(404)  # the chain is the accounts': each step is one official's
    return ws.db


def _records(rel: str) -> tuple[Any, Any]:
    from docgen.records.loading import load

    view = site().view(rel)
    try:
        return view, load(view.ref.path, office=view.ref.office)
    except RecordsError as exc:
        raise DocgenError("ข้อมูลยังมีปัญหา ให้แก้ก่อน: " + exc.problems[0].message) from None


def _doc(doc: str) -> str:
    if doc not in NAMES:
        abort(404)
    return doc


def panel(view: Any, recs: Any) -> list[dict[str, Any]]:
    """The packet page's part on the chain: each memo's last round, in lines, what the
    clerk may do with it, and the approved files kept."""
    from docgen.chain.approved import kept
    from docgen.chain.lock import holding
    from docgen.chain.status import round_lines, rounds
    from docgen.serve.guard import office_of_packet

    ws = site()
    if ws.db is None or not ws.accounts:
        return []
    rel = view.ref.rel
    roles = recs.organisation.roles if recs is not None else {}
    found = []
    for doc in NAMES:
        if doc == "progress-memo" and not (view.ref.folder / "progress.yaml").is_file():
            continue
        last = next(iter(rounds(ws.db, office_of_packet(rel), rel, doc)), None)
        found.append({
            "doc": doc, "name": NAMES[doc], "round": last,
            "lines": round_lines(last, roles) if last else [],
            "can_send": last is None or not holding(last),
            "can_reopen": last is not None and last.state == "decided",
            "kept": kept(ws.out_dir(view), last) if last is not None and last.version else [],
        })
    return found


@bp.route("/waiting")
def waiting() -> Any:
    """What waits for the signed-in official, in every office where they hold a role."""
    from docgen.chain.status import waiting_for, when

    who = current()
    found = waiting_for(_db(), who) if who is not None else []
    return render_template("waiting.html", found=found, names=NAMES, when=when)


@bp.route("/p/<path:rel>/chain/<doc>/send", methods=["POST"])
def send(rel: str, doc: str) -> Any:
    from docgen.chain import flow, notify

    db = _db()
    try:
        with WRITING, by_account():
            view, recs = _records(rel)
            r = flow.send(db, recs, _doc(doc), actor())
        wrote(action="chain-send", document=doc, round=r.number)
        notify.step_reached(db, recs, r, url_for("chain.show", rel=rel, doc=doc, _external=True))
        flash(f"เสนอ{NAMES[doc]}แล้ว (รอบที่ {r.number}) ตอนนี้รอ{recs.organisation.roles[r.steps[0].role].short}"
              " พิจารณา", "ok")
        _build(view)
    except DocgenError as exc:
        flash(str(exc), "error")
    return redirect(url_for("packet.show", rel=rel) + "#chain")


def _build(view: Any, then: str | None = None) -> None:
    """The packet's documents made again (so each official reads the memo as sent),
    then *then*, in the workspace's build queue. What docgen wrote is replaced; a file a
    clerk edited by hand is not (the build says so, and *then* runs all the same)."""
    from docgen.serve.jobs import edited_by_hand

    ws = site()
    ws.jobs.start(view.ref.rel, view.ref.path, ws.out, pdf=True, force=not edited_by_hand(ws.out_dir(view)),
                  folders=(ws.out, ws.records), office=view.ref.office, then=then)


@bp.route("/p/<path:rel>/chain/<doc>/reopen", methods=["POST"])
def reopen(rel: str, doc: str) -> Any:
    from docgen.chain import flow

    db = _db()
    try:
        _, recs = _records(rel)
        r = flow.reopen(db, recs, _doc(doc), actor())
        wrote(action="chain-reopen", document=doc, round=r.number)
        flash(f"เริ่มรอบใหม่แล้ว: แก้ข้อมูลได้ แล้วเสนอ{NAMES[doc]}อีกครั้ง ฉบับที่อนุมัติรอบที่ {r.number} ยังเก็บไว้", "ok")
    except DocgenError as exc:
        flash(str(exc), "error")
    return redirect(url_for("packet.show", rel=rel) + "#chain")


@bp.route("/p/<path:rel>/chain/<doc>", methods=["GET", "POST"])
def show(rel: str, doc: str) -> Any:
    """The memo for an official: its pages, its enclosures, its rounds, and the form of
    the step waiting for them."""
    from docgen.chain import flow
    from docgen.chain.status import round_lines, rounds
    from docgen.serve.guard import office_of_packet

    db = _db()
    doc = _doc(doc)
    view, recs = _records(rel)
    if request.method == "POST":
        return _act(view, recs, doc)
    ws = site()
    folder = ws.out_dir(view)
    found = rounds(db, office_of_packet(rel), rel, doc)
    last = found[0] if found else None
    step = flow.waiting_step(last) if last is not None and last.state == "open" else None
    who = current()
    mine = step is not None and who is not None and _holds(who, office_of_packet(rel), step.role)
    pdf = PDF_OF[doc]
    roles = recs.organisation.roles
    return render_template(
        "chain.html", p=view.ref, doc=doc, name=NAMES[doc], rounds=[round_lines(r, roles) for r in found],
        step=step, mine=mine, role=roles[step.role] if step else None,
        last=step is not None and last is not None and step.position == len(last.steps) - 1,
        note=flow.usual_note(recs, step.role, step.position == len(last.steps) - 1) if step and last else "",
        today=_today(), decisions=DECISIONS, pdf=pdf if (folder / pdf).is_file() else None,
        pages=pages(folder / pdf) if (folder / pdf).is_file() else 0,
        enclosures=[n for n in ENCLOSURES[doc] if (folder / n).is_file()])


def _holds(who: Any, office: str, role: str) -> bool:
    member = who.offices.get(office)
    return member is not None and member.role == "approver" and member.holds == role


def _today() -> str:
    from docgen.history.entry import ICT
    from docgen.records.edit import date_text

    return str(date_text(_dt.datetime.now(ICT).date()))


def _act(view: Any, recs: Any, doc: str) -> Any:
    from docgen import thai
    from docgen.chain import flow, notify

    rel = view.ref.rel
    form = request.form
    action = form.get("action", "")
    try:
        day = thai.parse_date(form.get("date", "").strip() or _today())
    except ValueError:
        flash("วันที่ไม่ถูกต้อง ให้พิมพ์เช่น 2569-02-24 หรือ 24 ก.พ. 2569", "error")
        return redirect(url_for("chain.show", rel=rel, doc=doc))
    who = current()
    db = _db()
    try:
        with WRITING, by_account():
            r = flow.act(db, recs, doc, who, action=action, note=form.get("note", ""), date=day,
                         decision=form.get("decision") if action == "decide" else None)
    except DocgenError as exc:
        flash(str(exc), "error")
        return redirect(url_for("chain.show", rel=rel, doc=doc))
    wrote(action=f"chain-{action}", document=doc, round=r.number, decision=r.decision or None,
          note=form.get("note", "").strip())
    link = url_for("chain.show", rel=rel, doc=doc, _external=True)
    if r.state == "open":
        notify.step_reached(db, recs, r, link)
        flash("เสนอต่อแล้ว", "ok")
    else:
        notify.round_closed(db, recs, r, link)
        flash("ส่งคืนผู้จัดทำแล้ว" if action == "return" else f"สั่งการแล้ว: {DECISIONS[r.decision]}", "ok")
    if r.state == "decided" and r.decision != "not-approved":
        _build(view, then=doc)
    return redirect(url_for("chain.waiting"))


@bp.route("/p/<path:rel>/approved/<doc>/<int:number>/<name>")
def download(rel: str, doc: str, number: int, name: str) -> Any:
    """A file of the approved round *number* of *doc*, as kept."""
    from docgen.chain.approved import FOLDER

    ws = site()
    folder = Path(ws.out_dir(ws.view(rel))) / FOLDER / f"{_doc(doc)}-{number}"
    path = folder / name
    if "/" in name or name.startswith(".") or not path.is_file():
        abort(404)
    return send_file(io.BytesIO(path.read_bytes()), as_attachment=True, download_name=name, max_age=0)
