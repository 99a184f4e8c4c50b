"""LibreOffice worker: DOCX files -> PDF files through one headless LibreOffice.

Run by the Python that carries LibreOffice's UNO bridge (Debian's python3-uno), not by
docgen's own environment, so it imports only the standard library and ``uno``:

    python3 -I -X utf8 worker.py FOLDER DOCGEN_PID

FOLDER: docgen's private folder for the session, which docgen makes and fills once the
worker runs; DOCGEN_PID, the process whose death ends the worker and removes the
folder (:mod:`docgen.pdf.worker_process`). The first line on standard input is the
session, {"soffice": PATH, "profile": DIR, "pipe": NAME}, sent when the folder is
ready; the worker then starts one LibreOffice and answers requests, one JSON line
each on standard input:
    {"thai_digits": bool, "font": NAME, "progress": PATH,
     "documents": [{"docx": PATH, "pdf": PATH, "cues": bool}, ...]}
with one JSON line each on standard output: {"toc": {PATH: [[entry text, page], ...]}}
(or {"error": text}, after which it ends). At the end of its input it closes
LibreOffice and ends. docgen keeps one worker for a packet's documents, or, building
many packets, one per worker process for all of its packets.

Per document it (1) makes page numbers Thai digits when asked, (2) lets the rows of
data tables flow (see :func:`_let_data_rows_flow`), (3) updates every index (the TOC)
so its page numbers are the PDF's, (4) exports the PDF.
LibreOffice reads Word's Thai page-number formats as Thai *letters* (ก ข ค); Word's
formats are left alone in the DOCX and, in LibreOffice only, each page style is set to
native numbering and each page-number field to follow its page style, which with
the th-TH text docgen writes gives ๑ ๒ ๓.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from typing import Any

sys.path.insert(0, __file__.rsplit("/", 1)[0])  # run as a script (-I): its sibling modules
from worker_process import end_group as _end_group  # type: ignore[import-not-found]  # noqa: E402
from worker_process import end_with as _end_with  # noqa: E402
from worker_process import start_soffice as _start_soffice  # noqa: E402
from worker_process import state as _STATE  # noqa: E402
from worker_process import watch_parent as _watch_parent  # noqa: E402
from worker_tables import (  # type: ignore[import-not-found]  # noqa: E402
    _keep_blocks_together,
    _keep_data_rows_whole,
    _let_data_rows_flow,
    _tall_rows,
)

ZWSP, WJ = "\u200b", "\u2060"  # the PDF copy's marks of word ends and joins (docgen.docx.linebreak)
NUMBERED = re.compile("[0-9๐-๙]+(?:\\.[0-9๐-๙]+)*\\.")
NATIVE_NUMBERING = 12  # com.sun.star.style.NumberingType
PAGE_DESCRIPTOR = 7


def _prop(name: str, value: Any) -> Any:  # a UNO PropertyValue
    import uno  # noqa: F401 - registers the com.sun.star modules
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str, soffice: subprocess.Popen[bytes], deadline: float) -> Any:
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if soffice.poll() is not None:
                raise SystemExit(f"LibreOffice exited at start-up (code {soffice.returncode})") from None
            if time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not answer at start-up") from None
            time.sleep(0.1)


def _thai_page_numbers(doc: Any) -> None:
    """Native numbering takes its digits from the locale of the field's text: digits
    are Latin-script characters, so the field's Latin locale is set to Thai."""
    from com.sun.star.lang import Locale

    styles = doc.StyleFamilies.getByName("PageStyles")
    for i in range(styles.Count):
        styles.getByIndex(i).NumberingType = NATIVE_NUMBERING
    fields = doc.TextFields.createEnumeration()
    while fields.hasMoreElements():
        field = fields.nextElement()
        if field.supportsService("com.sun.star.text.TextField.PageNumber"):
            field.NumberingType = PAGE_DESCRIPTOR
            field.Anchor.CharLocale = Locale("th", "TH", "")


CUE_MARGIN = 300  # 1/100 mm: the cue's gap below the text area


def _page_text(vc: Any, chars: int = 60) -> str:
    """The first *chars* characters of the page the view cursor starts: where the page
    opens with an empty paragraph or a table (a บันทึกข้อความ's end block), the view
    cursor steps on into it."""
    for _ in range(chars):
        cursor = vc.Text.createTextCursorByRange(vc.Start)
        for _ in range(chars):  # one at a time: a text cursor asked for more than its text holds moves not at all
            if not cursor.goRight(1, True):
                break
        text = str(cursor.String).replace(WJ, "")
        if text.strip():
            return text.lstrip()
        if not vc.goRight(1, False):
            break
    return ""


def _first_word(ctx: Any, vc: Any) -> str:  # vc: the view cursor, at a page's start
    """The first word on the page as a clerk types it in the cue: up to the first word
    end the PDF copy marks (U+200B, from pythainlp's dictionary) or, unmarked, by the
    Thai dictionary of LibreOffice's ICU break iterator; a numbered heading's number
    with its heading's first word (``๓. การ``)."""
    return _word_of(ctx, _page_text(vc))


def _word_of(ctx: Any, text: str) -> str:
    """The first word of *text* (a page's opening), as :func:`_first_word` reads it."""
    from com.sun.star.lang import Locale

    if not text:
        return ""
    breaker = ctx.ServiceManager.createInstanceWithContext("com.sun.star.i18n.BreakIterator", ctx)
    DICTIONARY_WORD = 1  # com.sun.star.i18n.WordType

    def word(at: int) -> tuple[str, int]:
        rest = text[at:].lstrip()
        at = len(text) - len(rest)
        piece = rest.replace(ZWSP, " ").split()[0] if rest.strip() else ""
        bound = breaker.getWordBoundary(piece, 0, Locale("th", "TH", ""), DICTIONARY_WORD, True)
        found = str(piece[bound.startPos:bound.endPos]).strip() or piece
        return found, at + len(found)

    first, end = word(0)
    if NUMBERED.fullmatch(first):  # a numbered heading: its number and its first word
        following, _ = word(end + (1 if text[end:end + 1] == ZWSP else 0))
        return f"{first} {following}".strip()
    return first


def _continuation_cues(ctx: Any, doc: Any, font: str) -> tuple[dict[int, tuple[str, str]], dict[int, Any]]:
    """At the bottom right of every page but the last: "/" + the next page's first
    word + "..." (as Thai letters are typed), from LibreOffice's own layout, in a
    frame that text flows through, so nothing moves."""
    import uno

    cues = _next_words(ctx, doc)
    styles = doc.StyleFamilies.getByName("PageStyles")
    frames = {}
    for page, (word, style_name) in cues.items():
        style = styles.getByName(style_name)
        frame = doc.createInstance("com.sun.star.text.TextFrame")
        frame.AnchorType = uno.Enum("com.sun.star.text.TextContentAnchorType", "AT_PAGE")
        frame.Surround = uno.Enum("com.sun.star.text.WrapTextMode", "THROUGH")
        frame.WidthType, frame.Width = 1, 8000
        frame.FrameIsAutomaticHeight = True
        for side in ("Left", "Right", "Top", "Bottom"):
            setattr(frame, f"{side}Border", uno.createUnoStruct("com.sun.star.table.BorderLine2"))
            setattr(frame, f"{side}BorderDistance", 0)
        frame.BackTransparent = True
        frame.AnchorPageNo = page
        doc.Text.insertTextContent(doc.Text.getStart(), frame, False)
        frame.AnchorPageNo = page
        frame.HoriOrient, frame.HoriOrientRelation = 1, 8  # RIGHT of the PAGE_PRINT_AREA
        frame.VertOrient, frame.VertOrientRelation = 0, 7  # NONE, from the PAGE_FRAME's top
        frame.VertOrientPosition = style.Height - style.BottomMargin + CUE_MARGIN
        frames[page] = frame.getText()
        _write_cue(frames[page], word, font)
    return cues, frames  # checked against the exported PDF: _cues_as_printed


PAGE_NUMBER = re.compile("^-?[ \\t]*[0-9๐-๙]+[ \\t]*-?")  # "- ๒ -", which pdftotext may run into the text


def _squeezed(text: str) -> str:
    return re.sub(f"[\\s{ZWSP}{WJ}]", "", text)


def _cues_as_printed(ctx: Any, cues: dict[int, tuple[str, str]], frames: dict[int, Any], pdf: str, font: str) -> bool:
    """Each cue checked against the page that follows it in the exported PDF (its text
    by poppler's pdftotext) and rewritten where that page begins otherwise: LibreOffice,
    laying out lazily on a busy machine, can export pages that its view did not show.
    Whether any was rewritten (the PDF is then exported again)."""
    try:
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, timeout=120, check=True)
    except (OSError, subprocess.SubprocessError):
        return False
    pages = out.stdout.decode("utf-8", "replace").split("\f")
    rewritten = False
    for page, (word, _) in cues.items():
        if page >= len(pages):
            continue
        opening = PAGE_NUMBER.sub("", pages[page].lstrip(), count=1)  # the page number above the text
        if opening and not _squeezed(opening).startswith(_squeezed(word)):
            right = _word_of(ctx, opening.lstrip())
            if right and right != word:
                _write_cue(frames[page], right, font)
                rewritten = True
    return rewritten


def _write_cue(text: Any, word: str, font: str) -> None:
    """The cue's text in a frame: "/word...", right, in the document's font at 16 pt."""
    import uno

    text.setString(f"/{word}..." if word else "")
    cursor = text.createTextCursor()
    cursor.gotoEnd(True)
    cursor.ParaAdjust = 1  # RIGHT
    for slot in ("", "Asian", "Complex"):
        setattr(cursor, f"CharFontName{slot}", font)
        setattr(cursor, f"CharHeight{slot}", 16)
    cursor.CharLocaleComplex = uno.createUnoStruct("com.sun.star.lang.Locale", "th", "TH", "")


def _next_words(ctx: Any, doc: Any) -> dict[int, tuple[str, str]]:
    """For each page but the last: the next page's first word, and its page style."""
    vc = doc.CurrentController.ViewCursor
    vc.jumpToLastPage()
    last = vc.Page
    found = {}
    for page in range(2, last + 1):
        vc.jumpToPage(page)
        vc.jumpToStartOfPage()
        word = _first_word(ctx, vc)
        if word:
            found[page - 1] = (word, vc.PageStyleName)
    return found


_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _thai_digits_in(index: Any) -> None:
    """LibreOffice writes an index's page numbers in Arabic digits whatever the page
    style says: rewrite the digits of each text portion of the (unprotected) index."""
    protected, index.IsProtected = index.IsProtected, False
    paragraphs = index.Anchor.Text.createTextCursorByRange(index.Anchor).createEnumeration()
    while paragraphs.hasMoreElements():
        portions = paragraphs.nextElement().createEnumeration()
        while portions.hasMoreElements():
            portion = portions.nextElement()
            text = portion.getString()
            if text != text.translate(_THAI_DIGITS):
                portion.setString(text.translate(_THAI_DIGITS))
    index.IsProtected = protected


def _update_indexes(doc: Any, thai_digits: bool) -> list[list[str]]:
    entries = []
    indexes = doc.DocumentIndexes
    for i in range(indexes.Count):
        index = indexes.getByIndex(i)
        index.update()
        if thai_digits:
            _thai_digits_in(index)
        for line in index.Anchor.String.splitlines():
            if "\t" in line:
                text, page = line.rsplit("\t", 1)
                entries.append([text.strip(), page.strip()])
    doc.TextFields.refresh()
    return entries


def _convert(ctx: Any, desktop: Any, request: dict[str, Any]) -> dict[str, Any]:  # ctx, desktop: UNO objects
    import uno

    toc, tall = {}, {}
    for item in request["documents"]:
        with open(request["progress"], "a", encoding="utf-8") as progress:  # docgen names it if time runs out
            progress.write(item["docx"] + "\n")
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(item["docx"]), "_blank", 0, (_prop("Hidden", True),))
        if doc is None:
            raise SystemExit(f"LibreOffice could not open {item['docx']}")
        try:
            if request.get("thai_digits"):
                _thai_page_numbers(doc)
            _let_data_rows_flow(doc)
            _keep_blocks_together(doc)
            doc.refresh()  # the whole layout now: LibreOffice lays out lazily, less of it on a busy machine
            _keep_data_rows_whole(doc)
            toc[item["docx"]] = _update_indexes(doc, request.get("thai_digits", False))
            doc.refresh()
            if _keep_data_rows_whole(doc):  # the contents' own length moved rows again: their pages anew
                toc[item["docx"]] = _update_indexes(doc, request.get("thai_digits", False))
            tall[item["docx"]] = _tall_rows(doc)
            cues: Any = None
            if item.get("cues"):
                doc.refresh()  # the pages as the contents left them: the cues read them
                cues = _continuation_cues(ctx, doc, request["font"])
            doc.storeToURL(uno.systemPathToFileUrl(item["pdf"]), (_prop("FilterName", "writer_pdf_Export"),))
            if cues and _cues_as_printed(ctx, cues[0], cues[1], item["pdf"], request["font"]):
                doc.storeToURL(uno.systemPathToFileUrl(item["pdf"]), (_prop("FilterName", "writer_pdf_Export"),))
        finally:
            doc.close(True)
    return {"toc": toc, "tall": tall}


def main(folder: str, parent: int) -> None:
    import os

    folder = os.path.abspath(folder)
    _watch_parent(parent, folder)  # first: docgen may be killed while it makes the folder
    try:
        _serve(folder)
    finally:
        _orphaned(parent)
    try:
        print(json.dumps({"ended": True}), flush=True)  # LibreOffice ended well: docgen keeps its profile
    except OSError:
        _orphaned(parent, wait=True)
    deadline = time.monotonic() + 120
    while os.path.exists(folder) and time.monotonic() < deadline:  # until docgen has removed it, or died
        _orphaned(parent)
        time.sleep(0.02)


def _orphaned(parent: int, *, wait: bool = False) -> None:
    """If docgen died (so the input ended, or LibreOffice was killed at start-up), or
    with *wait* once it has: let the watchdog end LibreOffice, remove the folder and end
    this worker."""
    import os

    while wait and os.getppid() == parent:
        time.sleep(0.02)
    if os.getppid() != parent:
        while True:
            time.sleep(1)


def _serve(folder: str) -> None:
    import uno

    line = sys.stdin.readline()  # the session, once docgen has made the folder
    if not line:
        return
    session = json.loads(line)
    soffice = _start_soffice(session, folder, uno.systemPathToFileUrl(session["profile"]))
    try:
        ctx = _connect(session["pipe"], soffice, time.monotonic() + 60)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        _end_with(soffice)
        for line in sys.stdin:
            try:
                answer = _convert(ctx, desktop, json.loads(line))
            except BaseException as exc:  # noqa: BLE001 - said to docgen, then this worker ends
                print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}, ensure_ascii=False), flush=True)
                raise
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        _STATE["closing"] = True
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as LibreOffice exits
            pass
        soffice.wait(timeout=30)
    finally:
        if soffice.poll() is None:
            soffice.kill()
        _end_group(grace=10)  # soffice.bin, which may outlive soffice: never left running


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else __import__("os").getppid())
