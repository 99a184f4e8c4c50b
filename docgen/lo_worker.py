"""LibreOffice worker: DOCX files -> PDF files through one headless LibreOffice.

Run by the Python that carries LibreOffice's UNO bridge (Debian's python3-uno), not by
docgen's own environment, so it imports only the standard library and ``uno``:

    python3 lo_worker.py JOB.json

JOB.json: {"profile": DIR, "pipe": NAME, "thai_digits": bool,
           "documents": [{"docx": PATH, "pdf": PATH}, ...]}
Prints one JSON line: {"toc": {PATH: [[entry text, page], ...]}}.

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
import subprocess
import sys
import time

NATIVE_NUMBERING = 12  # com.sun.star.style.NumberingType
PAGE_DESCRIPTOR = 7


def _prop(name, value):  # noqa: ANN001, ANN202 - UNO objects
    import uno  # noqa: F401 - registers the com.sun.star modules
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _connect(pipe: str, soffice: subprocess.Popen, deadline: float):  # noqa: ANN202
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


def _thai_page_numbers(doc) -> None:  # noqa: ANN001
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


def _let_data_rows_flow(doc) -> None:  # noqa: ANN001
    """LibreOffice 7.4 lays out rows that may not split one to a page even where
    several fit (Word does not). In data tables, those with a repeated header row,
    rows may split in the PDF; layout tables (signature blocks) keep theirs whole.
    The DOCX is not touched: Word keeps every row whole."""
    tables = doc.TextTables
    for i in range(tables.Count):
        table = tables.getByIndex(i)
        if table.RepeatHeadline and table.HeaderRowCount > 0:
            for r in range(table.Rows.Count):
                table.Rows.getByIndex(r).IsSplitAllowed = True


_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _thai_digits_in(index) -> None:  # noqa: ANN001
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


def _update_indexes(doc, thai_digits: bool) -> list[list[str]]:  # noqa: ANN001
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


def main(job_path: str) -> None:
    import uno

    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    soffice = subprocess.Popen(
        [job.get("soffice", "soffice"), f"-env:UserInstallation={uno.systemPathToFileUrl(job['profile'])}",
         "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={job['pipe']};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    result = {"toc": {}}
    try:
        ctx = _connect(job["pipe"], soffice, time.monotonic() + 60)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        for item in job["documents"]:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(item["docx"]), "_blank", 0, (_prop("Hidden", True),))
            if doc is None:
                raise SystemExit(f"LibreOffice could not open {item['docx']}")
            try:
                if job.get("thai_digits"):
                    _thai_page_numbers(doc)
                _let_data_rows_flow(doc)
                result["toc"][item["docx"]] = _update_indexes(doc, job.get("thai_digits", False))
                doc.storeToURL(uno.systemPathToFileUrl(item["pdf"]), (_prop("FilterName", "writer_pdf_Export"),))
            finally:
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as LibreOffice exits
            pass
        soffice.wait(timeout=30)
    finally:
        if soffice.poll() is None:
            soffice.kill()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
