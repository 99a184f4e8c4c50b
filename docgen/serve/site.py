"""What every page of the workspace shares: the folders it serves, the builds it has
started, the previews it has drawn, and the rules for reaching a packet and its
output files (only packets found under the records folder; only regular files,
never links, inside the output folder, of the kinds docgen writes)."""

from __future__ import annotations

import dataclasses
import getpass
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import abort, current_app

from docgen import thai
from docgen.accounts.db import Database
from docgen.documents.kinds import KINDS, kind_of_file
from docgen.safefile import Refused, is_inside, read_regular
from docgen.serve.jobs import Jobs
from docgen.serve.packets import PacketRef, packets
from docgen.serve.view import PacketView

DOWNLOADABLE = {".docx", ".pdf", ".json", ".png"}
MAX_DOWNLOAD = 200 * 1024 * 1024  # a report of thousands of measures, with its PDF
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


@dataclass
class Site:
    """One workspace: its folders, its database (accounts and the audit trail), whether
    users sign in (*accounts*; without, one person on this machine), and its state."""

    records: Path
    out: Path
    host: str
    db: Database | None = None
    accounts: bool = False
    behind_proxy: bool = False  # the host check is the proxy's
    system_user: str = field(default_factory=lambda: getpass.getuser())
    jobs: Jobs = field(default_factory=Jobs)
    previews: OrderedDict[tuple[str, int, int], bytes] = field(default_factory=OrderedDict)

    def __post_init__(self) -> None:
        if self.db is not None:  # a build checks the records against the workspace's register and chain
            self.jobs.db_url = self.db.url

    def refresh(self, view: PacketView) -> None:
        """After a save, with resident workers: the packet's documents built again (only
        what changed is converted), so its page shows fresh previews in a second or two;
        not where a clerk edited an output file by hand (its page says so)."""
        from docgen.serve.jobs import edited_by_hand

        if self.jobs.resident and not edited_by_hand(self.out_dir(view)):
            self.jobs.start(view.ref.rel, view.ref.path, self.out, pdf=True, force=True,
                            folders=(self.out, self.records), office=view.ref.office)

    def packet_of(self, rel: str) -> PacketRef:
        """The packet at *rel* under the records folder, else 404."""
        for p in packets(self.records):
            if p.rel == rel:
                if self.accounts:  # confined to its office's folder
                    return dataclasses.replace(p, office=self.records / rel.split("/", 1)[0])
                return p
        abort(404)

    def view(self, rel: str) -> PacketView:
        """This request's view of the packet at *rel* (else 404), for the page or the
        save to pass on."""
        return PacketView(self.packet_of(rel))

    def out_dir(self, view: PacketView) -> Path:
        """``out/<organisation key>/<fiscal year>/`` as the build writes it (a key or a
        year that would lead elsewhere gives no folder: the records' rules refuse it)."""
        org = view.profile.plain
        tree = view.packet.tree
        key, year = str(org.get("key")), thai.to_arabic_digits(str(tree.get("fiscal_year")))
        if not (SAFE_NAME.match(key) and year.isascii() and year.isdecimal()):
            return self.out / ".none"
        return self.out / key / year

    def out_files(self, view: PacketView) -> dict[str, Path]:
        """The files of the packet's output folder that may be downloaded: regular
        files (not links) inside the output folder, of the kinds docgen writes."""
        folder = self.out_dir(view)
        if folder.is_symlink() or not folder.is_dir() or not is_inside(folder, self.out):
            return {}
        return {f.name: f for f in sorted(folder.iterdir()) if not f.name.startswith(".") and f.suffix in DOWNLOADABLE
                and not f.is_symlink() and f.is_file()}

    def out_file(self, view: PacketView, name: str) -> Path:
        """One of :meth:`out_files`, else 404."""
        path = self.out_files(view).get(name)
        if path is None:
            abort(404)
        return path


def site() -> Site:
    """The workspace of the app handling this request."""
    found: Site = current_app.extensions["docgen"]
    return found


def read_file(path: Path) -> bytes:
    """An output file's bytes, never through a link (one swapped in after the listing)."""
    try:
        return read_regular(path, limit=MAX_DOWNLOAD, follow_links=False)
    except Refused:
        abort(404)


def from_memory(path: Path, *, max_age: int) -> Any:
    """*path* sent from its bytes read here, not from an open file: a browser that drops
    the connection half-way (a page left while its script loads) leaves no file open
    behind in the server."""
    import io
    import mimetypes

    from flask import send_file

    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return send_file(io.BytesIO(path.read_bytes()), mimetype=kind, download_name=path.name, max_age=max_age)


def pages(pdf: Path) -> int:
    """How many pages *pdf* has (0 for one being replaced)."""
    import pikepdf

    try:
        with pikepdf.open(pdf) as doc:
            return len(doc.pages)
    except Exception:  # noqa: BLE001 - a PDF being replaced: no previews this time
        return 0


def document_title(name: str) -> tuple[int, str]:
    """Where a DOCX of the output stands in the reading order, and what it is called
    (from the registry of document kinds); a file of no kind goes last, by its name."""
    kind = kind_of_file(name)
    if kind is None:
        return len(KINDS) + 1, name.removesuffix(".docx")
    return kind.shown, kind.label
