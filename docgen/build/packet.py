"""The whole packet: ``docgen build [--pdf]``. Every document is made in memory first
(and, with PDFs, converted in one LibreOffice run); only then is anything written, so a
failure leaves the output folder as it was."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable

from docgen import __version__, thai
from docgen.documents.kinds import (
    BASE_TEMPLATES, PROGRESS_TEMPLATES, output_dir, render_circular, render_memo, render_progress,
    render_progress_memo, render_report, templates_dir, usable_templates,
)
from docgen.documents.report import headings
from docgen.facts.derive import facts
from docgen.output.staged import write_files
from docgen.pdf.convert import first_page_png, has_preview_tool, to_pdf
from docgen.pdf.finish import finish
from docgen.records.source import Records

MANIFEST = "manifest.json"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _report_pages(recs: Records, toc: list[tuple[str, str]]) -> dict[str, int]:
    """Heading key -> page, from the contents as LibreOffice laid them out."""
    heads = {key: thai.keep_together(text) for key, text in headings(facts(recs)).items()}
    by_text = {thai.to_thai_digits(text): key for key, text in heads.items()}
    by_text.update({text: key for key, text in heads.items()})
    pages = {}
    for text, page in toc:
        key = by_text.get(text)
        if key is not None and thai.to_arabic_digits(page).isdigit():
            pages[key] = int(thai.to_arabic_digits(page))
    return pages


def manifest(recs: Records, files: dict[str, bytes]) -> bytes:
    """JSON naming each file with its SHA-256, the records it came from, docgen's version."""
    doc = {
        "docgen": __version__,
        "records": [
            {"role": role, "path": src.path.as_posix(), "sha256": _sha256(src.path.read_bytes())}
            for role, src in sorted(recs.sources.items())
        ],
        "templates": [{"name": name, "sha256": _sha256((templates_dir(recs) / name).read_bytes())}
                      for name in (*BASE_TEMPLATES, *(PROGRESS_TEMPLATES if recs.progress is not None else ()))],
        "files": [{"name": name, "bytes": len(data), "sha256": _sha256(data)} for name, data in sorted(files.items())],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _quiet(message: str) -> None:
    """Say nothing (the default for warnings and progress)."""


def build(recs: Records, *, out: Path, force: bool, pdf: bool, memo_to: str = "chief-executive",
          warn: Callable[[str], None] = _quiet, progress: Callable[[str], None] = _quiet) -> list[Path]:
    """Write the report, the memo to *memo_to* and the circular (and with *pdf* their
    PDFs and first-page PNG previews) and a manifest; return the paths written.
    What could not be made but does not stop the build (the previews, without
    pdftoppm) is said through *warn*."""
    progress("ตรวจแม่แบบและสร้างเอกสาร DOCX")
    usable_templates(recs)
    # the report last: its chart may still be drawing in the other process
    memo, circular = render_memo(recs, to=memo_to), render_circular(recs)
    docs = [render_report(recs), memo, circular]
    memos = {memo.name, circular.name}
    if recs.progress is not None:  # the year's second report and its memo, once progress.yaml exists
        progress_memo = render_progress_memo(recs, to=memo_to)
        docs += [render_progress(recs), progress_memo]
        memos.add(progress_memo.name)
    files = {d.name: d.data for d in docs}
    if pdf:
        progress(f"แปลงเป็น PDF ด้วย LibreOffice ({len(files)} เอกสาร)")
        converted = to_pdf(files, thai_digits=recs.organisation.numerals == "thai", font=recs.organisation.font,
                           cues=frozenset(memos))
        report = docs[0].name
        pages = _report_pages(recs, converted.toc[report])
        if pages:  # the DOCX's cached contents show the PDF's page numbers until Word updates them
            files[report] = render_report(recs, pages=pages).data
        progress("ตกแต่ง PDF (ชั้นข้อความ วันที่) และทำภาพตัวอย่างหน้าแรก")
        if not has_preview_tool():
            warn("ไม่พบ pdftoppm (poppler-utils) จึงไม่ได้ทำภาพตัวอย่างหน้าแรก"
                 " ติดตั้งด้วย sudo apt-get install poppler-utils")
        dates = {d.name: d.date for d in docs}
        for name, raw in converted.pdfs.items():
            stem = Path(name).stem
            data = finish(raw, date=dates[name])
            files[f"{stem}.pdf"] = data
            preview = first_page_png(data)
            if preview is not None:
                files[f"{stem}-page1.png"] = preview
    progress("เขียนไฟล์")
    files[MANIFEST] = manifest(recs, files)
    target = output_dir(recs, out)
    return write_files({target / name: data for name, data in files.items()}, force=force)
