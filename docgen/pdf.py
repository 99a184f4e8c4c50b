"""DOCX -> PDF through LibreOffice headless: one LibreOffice per call, its own profile
(two builds at once never share one), a time limit, and a clear message when
LibreOffice is missing. The work inside LibreOffice is done by :mod:`docgen.lo_worker`."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from .errors import ConversionError

INSTALL_HINT = ("ติดตั้งด้วย: sudo apt-get install libreoffice-writer-nogui python3-uno poppler-utils "
                "(หรือสั่ง ./make.sh setup)")
#: Pythons that may carry LibreOffice's UNO bridge (Debian's python3-uno, or a
#: LibreOffice that bundles its own Python)
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python")
WORKER = Path(__file__).with_name("lo_worker.py")
START_SECONDS, PER_DOCUMENT_SECONDS = 90, 60


@dataclass(frozen=True)
class Converted:
    """PDF bytes by the DOCX name they came from, and each document's TOC as laid out."""

    pdfs: dict[str, bytes]
    toc: dict[str, list[tuple[str, str]]]


def _tools() -> tuple[str, str]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError(f"ไม่พบ LibreOffice จึงสร้าง PDF ไม่ได้ (ไม่ได้เขียนไฟล์ใด) {INSTALL_HINT}")
    for python in UNO_PYTHONS:
        if os.access(python, os.X_OK) and subprocess.run(
            [python, "-c", "import uno"], capture_output=True, check=False, timeout=60,
        ).returncode == 0:
            return soffice, python
    raise ConversionError(f"ไม่พบ python3-uno (ส่วนเชื่อมต่อ LibreOffice) จึงสร้าง PDF ไม่ได้ (ไม่ได้เขียนไฟล์ใด) {INSTALL_HINT}")


def to_pdf(docs: dict[str, bytes], *, thai_digits: bool, timeout: float | None = None) -> Converted:
    """Convert every DOCX in *docs* (name -> bytes) in one LibreOffice run."""
    soffice, python = _tools()
    limit = timeout or START_SECONDS + PER_DOCUMENT_SECONDS * len(docs)
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        work = Path(tmp)
        items = []
        for name, data in docs.items():
            src = work / name
            src.write_bytes(data)
            items.append({"docx": str(src), "pdf": str(src.with_suffix(".pdf"))})
        job = work / "job.json"
        job.write_text(json.dumps({
            "soffice": soffice, "profile": str(work / "profile"), "pipe": f"docgen-{uuid.uuid4().hex}",
            "thai_digits": thai_digits, "documents": items,
        }), encoding="utf-8")
        proc = subprocess.Popen([python, "-I", str(WORKER), str(job)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, text=True, encoding="utf-8")
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker and the LibreOffice it started
            proc.communicate()
            raise ConversionError(f"LibreOffice ทำงานไม่เสร็จภายใน {limit:.0f} วินาที จึงหยุดไว้ (ไม่ได้เขียน PDF)") from None
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
        if proc.returncode != 0:
            tail = " ".join((err or "").strip().splitlines()[-3:])
            raise ConversionError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ: {tail}")
        toc = json.loads(out.strip().splitlines()[-1])["toc"]
        pdfs = {}
        for item, name in zip(items, docs):
            pdf = Path(item["pdf"])
            if not pdf.is_file():
                raise ConversionError(f"LibreOffice ไม่ได้สร้าง PDF ของ {name}")
            pdfs[name] = pdf.read_bytes()
        return Converted(pdfs, {name: [tuple(e) for e in toc[item["docx"]]] for item, name in zip(items, docs)})


def first_page_png(pdf: bytes, *, dpi: int = 60) -> bytes | None:
    """A PNG of a PDF's first page (poppler's pdftoppm), or None where it is missing."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="docgen-png-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run([tool, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(src),
                        str(Path(tmp) / "page")], check=True, capture_output=True, timeout=120)
        return (Path(tmp) / "page.png").read_bytes()
