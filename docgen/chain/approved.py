"""What was approved, kept: at a memo's decision its DOCX and PDF are made from the
records as approved and kept in the packet's output folder under
``approved/<memo>-<round>/``, never written over, with a manifest of their hashes and
the decision; the PDF signed where the office has a certificate
(:mod:`docgen.chain.sign`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from docgen.accounts.db import Database
from docgen.chain.content import DECISIONS, NAMES, content_hash, file_of
from docgen.chain.lock import latest
from docgen.chain.models import DECIDED, DONE, Round
from docgen.chain.status import when
from docgen.errors import DocgenError
from docgen.output.manifest import MANIFEST, sha256
from docgen.records.source import Records

FOLDER = "approved"


def folder_of(out_folder: Path, r: Round) -> Path:
    """Where round *r*'s approved files are kept, in the packet's output folder."""
    return out_folder / FOLDER / f"{r.document}-{r.number}"


def _decided(db: Database, recs: Records, document: str) -> Round:
    from docgen.records.place import office_of, packet_of

    with db.session() as s:
        r = latest(s, office_of(recs), packet_of(recs), document)
        if r is None or r.state != DECIDED or r.decision == "not-approved":
            raise DocgenError(f"{NAMES[document]}ยังไม่ได้รับอนุมัติ จึงยังไม่มีฉบับที่อนุมัติให้เก็บ")
        _ = r.steps
    path = file_of(recs.sources["packet"].path, document)
    if content_hash(document, path.read_bytes()) != r.approved:
        raise DocgenError(f"{path.name} ถูกแก้หลังการอนุมัติ จึงเก็บเป็นฉบับที่อนุมัติไม่ได้ ให้คืนค่าด้วย docgen restore")
    return r


def keep(db: Database | None, recs: Records, document: str, out: Path, *,
         progress: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Make and keep the approved DOCX and PDF of *document*'s last decided round (the
    PDF signed where the office configured a certificate); the files written. Kept
    once: a round already kept is left as it is. *db*: the workspace's database
    (None: the one the records are kept with)."""
    from docgen.chain import sign
    from docgen.documents.make import output_dir, render
    from docgen.fonts import thai_font_file
    from docgen.output.staged import write_files
    from docgen.pdf.convert import to_pdf
    from docgen.pdf.finish import finish
    from docgen.records.place import office_of

    if db is None:
        from docgen.accounts.db import kept_with
        from docgen.records.place import records_folder

        db = kept_with(records_folder(recs))
    r = _decided(db, recs, document)
    target = folder_of(output_dir(recs, out), r)
    if (target / MANIFEST).is_file():
        progress(f"ฉบับที่อนุมัติของรอบที่ {r.number} เก็บไว้แล้ว")
        return []
    progress(f"สร้าง{NAMES[document]}ฉบับที่อนุมัติ (รอบที่ {r.number})")
    doc = render(recs, document)
    org = recs.organisation
    progress("แปลงเป็น PDF ด้วย LibreOffice")
    converted = to_pdf({doc.name: doc.data}, thai_digits=org.numerals == "thai", font=org.font,
                       cues=frozenset({doc.name}))
    pdf = finish(converted.pdfs[doc.name], date=doc.date)
    cert = sign.configured(db, office_of(recs))
    top = r.steps[-1]
    signed_by = ""
    if cert is not None and top.state == DONE:
        role = org.roles[top.role]
        person = org.people[role.holder] if role.holder else None
        signed_by = f"{person.title}{person.name}" if person else top.account
        progress("ลงลายมือชื่ออิเล็กทรอนิกส์ (PAdES)")
        from docgen.thai import parse_date

        pdf = sign.sign(pdf, cert, name=signed_by, position=role.position, day=parse_date(top.note_date),
                        font_file=thai_font_file(org.font), numerals=org.numerals)
    stem = Path(doc.name).stem
    files = {doc.name: doc.data, f"{stem}.pdf": pdf}
    files[MANIFEST] = _manifest(r, files, signed_by)
    return write_files({target / name: data for name, data in files.items()}, force=False)


def _manifest(r: Round, files: dict[str, bytes], signed_by: str) -> bytes:
    top = r.steps[-1]
    doc = {
        "document": r.document,
        "round": r.number,
        "decision": r.decision,
        "decision_th": DECISIONS[r.decision],
        "decided_by": top.account,
        "decided_on": top.note_date,
        "decided_at": when(r.closed_at),
        "records_version": r.version,
        "content_sha256": r.approved,
        "signed_by": signed_by,
        "steps": [{"role": st.role, "account": st.account, "note": st.note, "date": st.note_date}
                  for st in r.steps],
        "files": [{"name": name, "bytes": len(data), "sha256": sha256(data)} for name, data in sorted(files.items())],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def kept(out_folder: Path, r: Round) -> list[str]:
    """The approved files kept for round *r* (empty: none yet)."""
    folder = folder_of(out_folder, r)
    return sorted(p.name for p in folder.iterdir() if p.is_file()) if (folder / MANIFEST).is_file() else []
