"""The whole packet: ``docgen build [--pdf]``. Every document is made in memory first
(and, with PDFs, converted in one LibreOffice run); only then is anything written, so a
failure leaves the output folder as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from docgen import thai
from docgen.documents.kinds import BY_KEY, DEFAULT_TO, kinds_for, template_names, templates_dir
from docgen.documents.make import Document, output_dir, render
from docgen.documents.report import headings
from docgen.documents.templates import usable_templates
from docgen.facts.derive import facts
from docgen.output.manifest import MANIFEST, manifest, sha256
from docgen.output.staged import write_files
from docgen.records.source import Records

__all__ = ["MANIFEST", "build"]


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


def _quiet(message: str) -> None:
    """Say nothing (the default for warnings and progress)."""


def _documents(recs: Records, memo_to: str | None) -> dict[str, Document]:
    """Every document of the packet, by kind, in the registry's order."""
    return {k.key: render(recs, k.key, to=memo_to) for k in kinds_for(progress=recs.progress is not None)}


def _pdfs(recs: Records, docs: dict[str, Document], files: dict[str, bytes], target: Path, *,
          warn: Callable[[str], None], progress: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """Add to *files* each document's PDF and first-page preview; the report's DOCX is
    made again with the contents' page numbers as LibreOffice laid them out. A document
    whose DOCX is the one the last build into *target* converted keeps that build's PDF
    and preview (still as docgen wrote them): only what changed is converted. Returns
    what each conversion came from, for the manifest."""
    from docgen.build.reuse import earlier, fingerprint
    from docgen.pdf.convert import Converted, first_page_png, has_preview_tool, to_pdf
    from docgen.pdf.finish import finish

    sources = {d.name: sha256(files[d.name]) for d in docs.values()}
    made_with = fingerprint(recs.organisation.font)
    kept = earlier(target, sources, made_with)
    todo = {name: files[name] for name in sources if name not in kept}
    if kept:
        progress("ใช้ PDF เดิมของเอกสารที่ไม่เปลี่ยน: " + ", ".join(sorted(kept)))
    converted = Converted({}, {}, {})
    if todo:
        progress(f"แปลงเป็น PDF ด้วย LibreOffice ({len(todo)} เอกสาร)")
        cues = frozenset(d.name for key, d in docs.items() if BY_KEY[key].cues and d.name in todo)
        converted = to_pdf(todo, thai_digits=recs.organisation.numerals == "thai", font=recs.organisation.font,
                           cues=cues)
    toc = {**{n: k.toc for n, k in kept.items()}, **converted.toc}
    tall = {**{n: k.tall for n, k in kept.items()}, **converted.tall}
    if "report" in docs:
        report = docs["report"].name
        pages = _report_pages(recs, toc[report])
        if pages:  # the DOCX's cached contents show the PDF's page numbers until Word updates them
            files[report] = render(recs, "report", pages=pages).data
    for name, rows in tall.items():
        for row in rows:
            warn(f"{Path(name).stem}.pdf: แถวตาราง “{row}...” ยาวเกินหนึ่งหน้า จึงต้องแยกข้ามหน้า"
                 " ให้แบ่งเป็นหลายมาตรการ หรือย่อขั้นตอน/ข้อความให้สั้นลง")
    if converted.pdfs:
        progress("ตกแต่ง PDF (ชั้นข้อความ วันที่) และทำภาพตัวอย่างหน้าแรก")
    if not has_preview_tool():
        warn("ไม่พบ pdftoppm (poppler-utils) จึงไม่ได้ทำภาพตัวอย่างหน้าแรก ติดตั้งด้วย sudo apt-get install poppler-utils")
    dates = {d.name: d.date for d in docs.values()}
    for name, raw in converted.pdfs.items():
        stem = Path(name).stem
        data = finish(raw, date=dates[name])
        files[f"{stem}.pdf"] = data
        preview = first_page_png(data)
        if preview is not None:
            files[f"{stem}-page1.png"] = preview
    for name, k in kept.items():
        files.update(k.files)
    return {name: {"source": sources[name], "toc": [list(e) for e in toc[name]], "tall": tall[name],
                   "fingerprint": made_with} for name in sources}


def build(recs: Records, *, out: Path, force: bool, pdf: bool, memo_to: str | None = DEFAULT_TO,
          warn: Callable[[str], None] = _quiet, progress: Callable[[str], None] = _quiet) -> list[Path]:
    """Write every document of the packet (the memos addressed to *memo_to*), with *pdf*
    their PDFs and first-page PNG previews, and a manifest; return the paths written.
    What could not be made but does not stop the build (the previews, without
    pdftoppm) is said through *warn*."""
    progress("ตรวจแม่แบบและสร้างเอกสาร DOCX")
    usable_templates(recs)
    docs = _documents(recs, memo_to)
    files = {d.name: d.data for d in docs.values()}
    target = output_dir(recs, out)
    conversions = _pdfs(recs, docs, files, target, warn=warn, progress=progress) if pdf else None
    progress("เขียนไฟล์")
    files[MANIFEST] = manifest(recs, files, templates=templates_dir(recs), names=template_names(recs),
                               conversions=conversions)
    return write_files({target / name: data for name, data in files.items()}, force=force)
