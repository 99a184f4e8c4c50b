"""DOCX -> PDF through LibreOffice headless: one LibreOffice per packet (or, in a
worker building many packets, one for all of them), its own profile (two builds at
once never share one), a time limit, and a clear message when LibreOffice is missing. The work inside
LibreOffice is done by :mod:`docgen.pdf.worker`."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.cache import cache_dir
from docgen.docx import linebreak
from docgen.docx.zipout import deterministic_zip
from docgen.errors import ConversionError
from docgen.fonts import win_metrics_entries
from docgen.pdf.leftovers import KEEPING, LIVE, LOCK, disk_full, folder_name, make_folder, owned_prefix, sweep

INSTALL_HINT = ("ติดตั้งด้วย: sudo apt-get install libreoffice-writer-nogui python3-uno poppler-utils "
                "(หรือสั่ง ./make.sh setup)")
#: Pythons that may carry LibreOffice's UNO bridge (Debian's python3-uno, or a
#: LibreOffice that bundles its own Python)
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "/opt/libreoffice/program/python")
WORKER = Path(__file__).with_name("worker.py")
START_SECONDS, PER_DOCUMENT_SECONDS = 90, 60


@dataclass(frozen=True)
class Converted:
    """PDF bytes by the DOCX name they came from, each document's TOC as laid out, and
    its data-table rows taller than a page (split across pages: each by its opening)."""

    pdfs: dict[str, bytes]
    toc: dict[str, list[tuple[str, str]]]
    tall: dict[str, list[str]]


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
        sweep(str(cache.parent), KEEPING)  # what a run killed while keeping one left
        tmp = Path(tempfile.mkdtemp(dir=cache.parent, prefix=owned_prefix(KEEPING)))
        shutil.copytree(profile, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".lock", "*.lock"))
        os.rename(tmp, cache)
    except OSError:  # another build kept one first, or the cache is not writable
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


#: Thai as the complex-script language, and none: LibreOffice justifies a Thai line by
#: spreading its letters apart (``SwScriptInfo::ThaiJustify``), which a PDF reader then
#: reads as spaces inside words (``องค์ก ารบริห าร``); without a language it widens
#: only the spaces, as Word does for "both"
THAI_LANGUAGE, NO_LANGUAGE = b'w:bidi="th-TH"', b'w:bidi="zxx"'


def for_libreoffice(docx: bytes) -> bytes:
    """The copy LibreOffice converts: Thai-distributed paragraphs justified ("both"),
    since LibreOffice 7.4 reads ``thaiDistribute`` as left-aligned, and lines allowed
    to end only where a Thai word does (:func:`docgen.docx.linebreak.word_breaks`).
    The DOCX a clerk gets keeps Word's Thai justification and Word's own breaking."""
    def justify(name: str, data: bytes) -> bytes:
        if name == "word/styles.xml":
            return data.replace(THAI_LANGUAGE, NO_LANGUAGE)
        if name != "word/document.xml":
            return data
        from lxml import etree

        root = etree.fromstring(data.replace(b'w:jc w:val="thaiDistribute"', b'w:jc w:val="both"')
                                .replace(THAI_LANGUAGE, NO_LANGUAGE))
        linebreak.glue(root)
        linebreak.word_breaks(root)
        out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return out

    return deterministic_zip(docx, justify)


class _Session:
    """One LibreOffice worker (:mod:`docgen.pdf.worker`) with its own profile, in a
    process group of its own, answering conversion requests until it is closed."""

    def __init__(self, font_entries: list[str]):
        soffice, python = _tools()
        self.entries = font_entries
        self.used = False
        self.dir = folder_name()
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the session; nameless, never left behind
        self.proc: subprocess.Popen[bytes]  # set once started (see _end)
        try:
            # the worker is started first, watching this process (its pid given, in case it
            # is gone before the worker looks), and only then is its folder made and filled:
            # docgen killed at any moment, the worker removes whatever of the folder there is.
            # It speaks UTF-8 whatever the locale.
            with LOCK:  # never while a dying worker of build -r ends its sessions (leftovers.end_all)
                self.proc = subprocess.Popen([python, "-I", "-X", "utf8", str(WORKER), str(self.dir),
                                              str(os.getpid())], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=self.stderr, start_new_session=True)
                LIVE[self.dir] = self.proc.pid
                make_folder(self.dir)
                profile = self.dir / "profile"
                self.keep = _seed_profile(profile)
                _use_win_metrics(profile, font_entries)
            assert self.proc.stdin is not None
            self.proc.stdin.write((json.dumps({"soffice": soffice, "profile": str(profile),
                                               "pipe": f"docgen-{uuid.uuid4().hex}"}) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except BaseException as exc:
            self._end()
            if isinstance(exc, OSError):
                raise disk_full(exc, self.dir.parent) or exc from None
            raise

    def convert(self, request: dict[str, object], limit: float, *, start_allowance: bool) -> dict[str, Any]:
        """Send one request; its answer within *limit* seconds (with *start_allowance*,
        more for LibreOffice's start on first use), else raise TimeoutError. The
        worker's error, or its end, raises ConversionError."""
        def failed(detail: str) -> ConversionError:
            return ConversionError(f"LibreOffice แปลงเป็น PDF ไม่สำเร็จ: {detail}")

        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except OSError:
            raise failed(self._tail()) from None
        deadline = time.monotonic() + limit + (START_SECONDS if start_allowance and not self.used else 0)
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                raise failed(self._tail())
            line += chunk
        answer: dict[str, Any] = json.loads(line.decode("utf-8").strip().splitlines()[-1])
        if "error" in answer:
            raise failed(answer["error"])
        self.used = True
        return answer

    def _tail(self) -> str:
        self.stderr.flush()
        self.stderr.seek(0)
        return " ".join(self.stderr.read().decode("utf-8", "replace").strip().splitlines()[-3:])

    def close(self, *, kill: bool = False) -> None:
        """End the worker and its LibreOffice (politely: end of input; or at once), and
        remove its folder."""
        ended = False
        try:
            if not kill and self.proc.poll() is None:
                assert self.proc.stdin is not None
                self.proc.stdin.close()
                ended = self._ended(time.monotonic() + 30)
                if ended and self.used and self.keep is not None:
                    # LibreOffice has ended and written its profile: kept, whole, for later runs
                    _keep_profile(self.dir / "profile", self.keep)
        except OSError:
            pass
        finally:
            self._end(ended=ended)

    def _ended(self, deadline: float) -> bool:
        """Whether the worker said its LibreOffice ended well (``{"ended": true}``): it then
        waits, watching docgen, until docgen has removed the folder, so that docgen killed
        at any moment of its close leaves nothing (the worker removes the folder)."""
        assert self.proc.stdout is not None
        seen = b""
        while time.monotonic() < deadline:
            if not select.select([self.proc.stdout], [], [], max(0.0, deadline - time.monotonic()))[0]:
                break
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                break
            seen += chunk
            if b'"ended": true' in seen:
                return True
        return False

    def _end(self, *, ended: bool = False) -> None:
        """Kill whatever is left of the worker's group (a LibreOffice that did not quit),
        close the pipes and remove the folder. Once LibreOffice has *ended*, the folder
        goes first, while the worker still watches docgen."""
        if ended:
            shutil.rmtree(self.dir, ignore_errors=True)
        proc: subprocess.Popen[bytes] | None = getattr(self, "proc", None)
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                if stream is not None and not stream.closed:
                    with contextlib.suppress(OSError):  # a pipe to a worker that died: nothing to flush to
                        stream.close()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        LIVE.pop(self.dir, None)


_KEPT: _Session | None = None  # the worker kept between packets, in a process that builds many
_KEEP = False


def keep_libreoffice() -> None:
    """From now on in this process, keep one LibreOffice running between conversions
    (a worker of ``docgen build -r FOLDER``); it ends with the process."""
    global _KEEP
    if not _KEEP:
        _KEEP = True
        atexit.register(close_kept_libreoffice)
        from multiprocessing.util import Finalize

        Finalize(None, close_kept_libreoffice, exitpriority=10)  # a pool's worker ends without atexit


def start_kept_libreoffice(font: str) -> None:
    """In a process that keeps its LibreOffice: start it now, set for *font*, before
    the first conversion asks (a workspace's build worker, warming up)."""
    if _KEEP:
        _session(win_metrics_entries(font))


def close_kept_libreoffice(*, kill: bool = False) -> None:
    """End the LibreOffice this process keeps, if any (politely, or at once)."""
    global _KEPT
    if _KEPT is not None:
        _KEPT.close(kill=kill)
        _KEPT = None


def _session(entries: list[str]) -> _Session:
    """A worker for *entries* (the profile's font settings, read at start-up): the kept
    one if it has the same, else a new one (kept, when this process keeps one)."""
    global _KEPT
    if _KEEP and _KEPT is not None and _KEPT.entries == entries and _KEPT.proc.poll() is None:
        return _KEPT
    close_kept_libreoffice()
    session = _Session(entries)
    if _KEEP:
        _KEPT = session
    return session


def to_pdf(docs: dict[str, bytes], *, thai_digits: bool, font: str = "TH SarabunPSK",
           cues: frozenset[str] = frozenset(), timeout: float | None = None) -> Converted:
    """Convert every DOCX in *docs* (name -> bytes) in one LibreOffice, its lines of
    *font* as tall as Word sets them; the documents named in *cues* get the
    continuation cue ("/word...") at the foot of each page but the last. A kept
    LibreOffice that fails (it may have died since the last packet) is replaced by a
    new one, once."""
    entries = win_metrics_entries(font)
    session = _session(entries)
    reused = session.used
    try:
        return _convert(session, docs, thai_digits=thai_digits, font=font, cues=cues, timeout=timeout)
    except ConversionError as exc:
        if not reused or exc.timed_out:
            raise
        # the kept worker failed: ended at once, so the retry never meets it again, however
        # far it got in noticing that its LibreOffice died
        close_kept_libreoffice(kill=True)
        return _convert(_session(entries), docs, thai_digits=thai_digits, font=font, cues=cues, timeout=timeout)


def _convert(session: _Session, docs: dict[str, bytes], *, thai_digits: bool, font: str, cues: frozenset[str],
             timeout: float | None) -> Converted:
    """One conversion in *session*; a session not kept is closed after it, whatever
    happens, and a session that failed is closed and forgotten."""
    global _KEPT
    limit = timeout or PER_DOCUMENT_SECONDS * len(docs)
    try:
        with tempfile.TemporaryDirectory(prefix="docgen-pdf-", dir=session.dir, ignore_cleanup_errors=True) as tmp:
            work = Path(tmp)
            items: list[dict[str, Any]] = []
            for name, data in docs.items():
                src = work / name
                src.write_bytes(for_libreoffice(data))
                items.append({"docx": str(src), "pdf": str(src.with_suffix(".pdf")), "cues": name in cues})
            progress = work / "progress"
            try:
                answer = session.convert({"thai_digits": thai_digits, "font": font, "documents": items,
                                          "progress": str(progress)}, limit, start_allowance=timeout is None)
            except TimeoutError:
                started = progress.read_text(encoding="utf-8").split() if progress.exists() else []
                which = f" ขณะแปลง {Path(started[-1]).name} (เอกสารยาวเกินกว่าจะแปลงได้ในเวลานั้น)" if started else ""
                raise ConversionError(f"LibreOffice ทำงานไม่เสร็จภายใน {limit:g} วินาที{which} จึงหยุดไว้"
                                      " (ไม่ได้เขียนไฟล์ใด)", timed_out=True) from None
            toc: dict[str, list[list[str]]] = answer["toc"]
            pdfs = {}
            for item, name in zip(items, docs):
                pdf = Path(item["pdf"])
                if not pdf.is_file():
                    raise ConversionError(f"LibreOffice ไม่ได้สร้าง PDF ของ {name}")
                pdfs[name] = pdf.read_bytes()
    except BaseException as exc:
        if session is not _KEPT or isinstance(exc, (ConversionError, OSError, KeyboardInterrupt, SystemExit)):
            session.close(kill=True)
            if session is _KEPT:
                _KEPT = None
        if isinstance(exc, (ConversionError, OSError)):  # a full temporary folder is said as such
            raise disk_full(exc, session.dir.parent) or exc from None
        raise
    if session is not _KEPT:
        session.close()
    return Converted(pdfs, {name: [(linebreak.unmarked(e[0]), e[1]) for e in toc[item["docx"]]]
                            for item, name in zip(items, docs)},
                     {name: answer.get("tall", {}).get(item["docx"], []) for item, name in zip(items, docs)})


def has_preview_tool() -> bool:
    """Whether poppler's pdftoppm, which draws the previews, is installed."""
    return shutil.which("pdftoppm") is not None


def first_page_png(pdf: bytes, *, dpi: int = 60) -> bytes | None:
    """A PNG of a PDF's first page (poppler's pdftoppm, reading it from its standard
    input: nothing in TMPDIR), or None where it is missing."""
    if shutil.which("pdftoppm") is None:
        return None
    return _pdftoppm("-", 1, dpi=dpi, data=pdf)


def page_png(pdf: Path, page: int, *, dpi: int) -> bytes:
    """A PNG of one page of the PDF file *pdf* (poppler's pdftoppm, which must be there)."""
    return _pdftoppm(os.path.abspath(pdf), page, dpi=dpi)  # absolute: never read as an option


def _pdftoppm(source: str, page: int, *, dpi: int, data: bytes | None = None) -> bytes:
    return subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                           source], input=data, check=True, capture_output=True, timeout=120).stdout
