"""The tables of a document LibreOffice lays out for the PDF: which rows may split,
which tables keep with what follows (read by :mod:`docgen.pdf.worker`, in
LibreOffice's Python, without docgen)."""

from __future__ import annotations

from typing import Any


def _let_data_rows_flow(doc: Any) -> None:
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


def _row_pages(table: Any, row: int, vc: Any) -> tuple[int, int]:
    """The first and last page the row's cells are laid out on."""
    pages = []
    for col in range(table.Columns.Count):
        try:
            text = table.getCellByPosition(col, row).getText()
        except Exception:  # noqa: BLE001 - a merged cell: no cell at this position
            continue
        for end in (text.getStart(), text.getEnd()):
            vc.gotoRange(end, False)
            pages.append(vc.Page)
    return (min(pages), max(pages)) if pages else (0, 0)


def _keep_data_rows_whole(doc: Any, rounds: int = 4) -> int:
    """Each data row the layout split across two pages is made unsplittable, alone
    (it moves whole to the next page, under the repeated header), and the layout is
    read again, until no row is split: only those rows, since LibreOffice 7.4 puts
    unsplittable rows one to a page when a whole table's are. A row taller than a
    page stays split. Returns how many rows were moved."""
    vc = doc.CurrentController.ViewCursor
    moved = 0
    for _ in range(rounds):
        split = [row for table in _data_tables(doc) for _, row in _split_rows(table, vc)]
        if not split:
            break
        for row in split:
            row.IsSplitAllowed = False
        moved += len(split)
        doc.refresh()
    return moved


def _tall_rows(doc: Any) -> list[str]:
    """The data rows still laid out across pages once :func:`_keep_data_rows_whole` has
    run (rows taller than a page, which must split): each by its first cell's opening."""
    vc = doc.CurrentController.ViewCursor
    found = []
    for table in _data_tables(doc):
        for r, _ in _split_rows(table, vc, any_row=True):
            try:
                text = str(table.getCellByPosition(0, r).getText().getString())
            except Exception:  # noqa: BLE001 - a merged cell
                text = ""
            found.append(" ".join(text.replace("\u200b", "").replace("\u2060", "").split())[:60])
    return found


def _data_tables(doc: Any) -> list[Any]:
    tables = doc.TextTables
    found = [tables.getByIndex(i) for i in range(tables.Count)]
    return [t for t in found if t.RepeatHeadline and t.HeaderRowCount > 0]


def _split_rows(table: Any, vc: Any, *, any_row: bool = False) -> list[tuple[int, Any]]:
    """The table's rows laid out across two pages that may still be kept whole (with
    *any_row*, every row across pages, however many), with their indexes. Only a row
    after which the page changes can be one, so only those are read cell by cell."""
    rows = range(table.HeaderRowCount, table.Rows.Count)
    starts = {}
    for r in rows:
        try:
            vc.gotoRange(table.getCellByPosition(0, r).getText().getStart(), False)
            starts[r] = vc.Page
        except Exception:  # noqa: BLE001 - a merged cell: the row is read cell by cell
            starts[r] = -r - 1
    out = []
    for r in rows:
        if r + 1 in starts and starts[r + 1] == starts[r]:
            continue
        first, last = _row_pages(table, r, vc)
        row = table.Rows.getByIndex(r)
        if (last > first) if any_row else (last == first + 1 and row.IsSplitAllowed):
            out.append((r, row))
    return out


def _paragraphs_kept(text: Any) -> bool:
    """Whether every paragraph of *text* (a cell) is kept with the next, nested tables'
    cells included."""
    items = text.createEnumeration()
    while items.hasMoreElements():
        item = items.nextElement()
        if item.supportsService("com.sun.star.text.TextTable"):
            if not _table_kept(item):
                return False
        elif item.supportsService("com.sun.star.text.Paragraph") and not item.ParaKeepTogether:
            return False
    return True


def _table_kept(table: Any) -> bool:
    return all(_paragraphs_kept(table.getCellByName(name)) for name in table.CellNames)


def _keep_blocks_together(doc: Any) -> None:
    """Word keeps a table with what follows when every paragraph in it is kept with
    the next (the end block of a บันทึกข้อความ: signature, endorsements, initials box);
    LibreOffice 7.4 reads those flags but not that rule, so such tables get its own
    "keep with next paragraph" and may not split."""
    tables = doc.TextTables
    for i in range(tables.Count):
        table = tables.getByIndex(i)
        if not (table.RepeatHeadline and table.HeaderRowCount > 0) and _table_kept(table):
            table.KeepTogether = True
            table.Split = False
