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

from .cache import cache_dir
from .errors import ConversionError
from .fonts import win_metrics_entries
from .zipout import deterministic_zip

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


def _seed_profile(profile: Path) -> Path | None:
    """Start *profile* as a copy of an initialised one from the cache, if there is one:
    LibreOffice restarts itself once when it creates a new profile. Returns where a
    fresh profile should be kept after a good run (None when not needed)."""
    cache = cache_dir("libreoffice-profile")
    if cache is None:
        return None
    if (cache / "user").is_dir():
        shutil.copytree(cache, profile, ignore=shutil.ignore_patterns(".lock", "*.lock"))
        return None
    return cache


OOR = "http://openoffice.org/2001/registry"
EMPTY_REGISTRY = (b'<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry"'
                  b' xmlns:xs="http://www.w3.org/2001/XMLSchema"'
                  b' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></oor:items>')


def _use_win_metrics(profile: Path, entries: list[str]) -> None:
    """Write *entries* as the profile's ``FontsUseWinMetrics`` setting before LibreOffice
    starts (it reads font metrics once, so a change made later through UNO is not seen):
    lines of those fonts are then as tall as Word makes them."""
    from lxml import etree

    path = profile / "user" / "registrymodifications.xcu"
    path.parent.mkdir(parents=True, exist_ok=True)
    root = etree.fromstring(path.read_bytes() if path.is_file() else EMPTY_REGISTRY)
    for item in root.findall("item"):
        if item.get(f"{{{OOR}}}path") == "/org.openoffice.Office.Common/Misc" and \
                item.find(f"prop[@{{{OOR}}}name='FontsUseWinMetrics']") is not None:
            root.remove(item)
    if entries:
        item = etree.SubElement(root, "item", {f"{{{OOR}}}path": "/org.openoffice.Office.Common/Misc"})
        prop = etree.SubElement(item, "prop", {f"{{{OOR}}}name": "FontsUseWinMetrics", f"{{{OOR}}}op": "fuse"})
        value = etree.SubElement(prop, "value")
        for entry in entries:
            etree.SubElement(value, "it").text = entry
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _keep_profile(profile: Path, cache: Path) -> None:
    """Keep an initialised profile for later runs (renamed into place whole, or not at all)."""
    tmp: Path | None = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=cache.parent, prefix=".profile-"))
        shutil.copytree(profile, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".lock", "*.lock"))
        os.rename(tmp, cache)
    except OSError:  # another build kept one first, or the cache is not writable
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def for_libreoffice(docx: bytes) -> bytes:
    """The copy LibreOffice converts: Thai-distributed paragraphs justified ("both"),
    since LibreOffice 7.4 reads ``thaiDistribute`` as left-aligned. The DOCX a clerk
    gets keeps Word's Thai justification."""
    def justify(name: str, data: bytes) -> bytes:
        if name != "word/document.xml":
            return data
        return data.replace(b'w:jc w:val="thaiDistribute"', b'w:jc w:val="both"')

    return deterministic_zip(docx, justify)


def to_pdf(docs: dict[str, bytes], *, thai_digits: bool, font: str = "TH SarabunPSK",
           cues: frozenset[str] = frozenset(), timeout: float | None = None) -> Converted:
    """Convert every DOCX in *docs* (name -> bytes) in one LibreOffice run, its lines of
    *font* as tall as Word sets them; the documents named in *cues* get the
    continuation cue ("/word...") at the foot of each page but the last."""
    soffice, python = _tools()
    limit = timeout or START_SECONDS + PER_DOCUMENT_SECONDS * len(docs)
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        work = Path(tmp)
        items = []
        for name, data in docs.items():
            src = work / name
            src.write_bytes(for_libreoffice(data))
            items.append({"docx": str(src), "pdf": str(src.with_suffix(".pdf")), "cues": name in cues})
        profile = work / "profile"
        keep = _seed_profile(profile)
        _use_win_metrics(profile, win_metrics_entries(font))
        job = work / "job.json"
        job.write_text(json.dumps({
            "soffice": soffice, "profile": str(profile), "pipe": f"docgen-{uuid.uuid4().hex}",
            "thai_digits": thai_digits, "font": font, "documents": items, "progress": str(work / "progress"),
        }), encoding="utf-8")
        proc = subprocess.Popen([python, "-I", str(WORKER), str(job)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, text=True, encoding="utf-8")
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker and the LibreOffice it started
            proc.communicate()
            started = (work / "progress").read_text(encoding="utf-8").split() if (work / "progress").exists() else []
            which = f" ขณะแปลง {Path(started[-1]).name} (เอกสารยาวเกินกว่าจะแปลงได้ในเวลานั้น)" if started else ""
            raise ConversionError(f"LibreOffice ทำงานไม่เสร็จภายใน {limit:.0f} วินาที{which} จึงหยุดไว้"
                                  " (ไม่ได้เขียนไฟล์ใด)") from None
        finally:
            try:  # whatever the worker left running in its group (a LibreOffice that did not quit)
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if proc.returncode != 0:
            tail = " ".join((err or "").strip().splitlines()[-3:])
            raise ConversionError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ: {tail}")
        if keep is not None:
            _keep_profile(profile, keep)
        toc = json.loads(out.strip().splitlines()[-1])["toc"]
        pdfs = {}
        for item, name in zip(items, docs):
            pdf = Path(item["pdf"])
            if not pdf.is_file():
                raise ConversionError(f"LibreOffice ไม่ได้สร้าง PDF ของ {name}")
            pdfs[name] = pdf.read_bytes()
        return Converted(pdfs, {name: [tuple(e) for e in toc[item["docx"]]] for item, name in zip(items, docs)})


def has_preview_tool() -> bool:
    """Whether poppler's pdftoppm, which draws the previews, is installed."""
    return shutil.which("pdftoppm") is not None


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
