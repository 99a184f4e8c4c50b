"""The first page: every organisation under the records folder and its packets by
fiscal year; and the workspace's font, served from the installed TH Sarabun New."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, render_template

from docgen.errors import DocgenError
from docgen.records.source import PROGRESS_FILE
from docgen.serve.guard import current, office_of_packet
from docgen.serve.packets import packets
from docgen.serve.site import site
from docgen.serve.view import Files, PacketView

bp = Blueprint("home", __name__)


@bp.route("/")
def home() -> Any:
    ws = site()
    records = ws.records
    who = current() if ws.accounts else None
    orgs: dict[str, dict[str, Any]] = {}
    files = Files()  # an organisation's profile read once for all its packets
    for p in packets(records):
        office = office_of_packet(p.rel)
        if who is not None and office not in who.offices and not who.site_admin:
            continue  # another office's: not even its name
        view = PacketView(p, files)
        try:
            profile = view.profile_path
            org = view.profile.plain
            tree = view.packet.tree
            name, year = str(org.get("name")), str(tree.get("fiscal_year"))
        except DocgenError:
            profile, name, year = p.folder, p.rel, "?"
        member = who.offices.get(office) if who is not None else None
        entry = orgs.setdefault(str(profile), {"name": name, "packets": [], "profile": p.rel, "office": office,
                                               "manage": member is not None and member.role == "admin"})
        entry["packets"].append({"rel": p.rel, "year": year, "progress": (p.folder / PROGRESS_FILE).is_file()})
    for entry in orgs.values():
        entry["packets"].sort(key=lambda x: x["year"], reverse=True)
    waiting = 0
    if who is not None and ws.db is not None:
        from docgen.chain.status import waiting_for

        waiting = len(waiting_for(ws.db, who))
    return render_template("home.html", orgs=list(orgs.values()), records=None if ws.accounts else records,
                           waiting=waiting)


@bp.route("/font/<style>")
def font(style: str) -> Any:
    from docgen.fonts import font_file

    pattern = {"regular": "TH Sarabun New:style=Regular", "bold": "TH Sarabun New:style=Bold"}.get(style)
    found = font_file(pattern) if pattern else None
    if not found or not found.lower().endswith((".ttf", ".otf")):
        abort(404)
    from docgen.serve.site import from_memory

    return from_memory(Path(found), max_age=86400)
