"""Four generated offices (a เทศบาลตำบล in arabic numerals with a falling, failed
score; an อบต. a year later; a เทศบาลนคร with 15 units, a failed result and 12
measures; an อบจ. with 15 measures and no year before) build with PDFs whose lines
end only between words, whose text layer holds no space inside a word, and whose
data-table rows are whole on one page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from generated import OFFICES, TITLES, write_office
from pdf_lines import bad_line_ends, spaces_inside_words

from docgen.cli import main
from docgen.docx.linebreak import NBSP, WJ, ZWSP, _breaks, _glued


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("offices")
    for office in OFFICES:
        write_office(root / "records", office)
    out = root / "out"
    result = CliRunner().invoke(main, ["build", "--pdf", "-r", str(root / "records"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _pdfs(out: Path) -> list[Path]:
    pdfs = sorted(out.glob("*/*/*.pdf"))
    assert len(pdfs) == 3 * len(OFFICES)  # report, memo, circular of each
    return pdfs


def test_no_line_ends_inside_a_number_a_date_or_a_thai_word(built: Path) -> None:
    bad = {f"{p.parent.parent.name}/{p.name}": bad_line_ends(str(p)) for p in _pdfs(built)}
    assert {k: v for k, v in bad.items() if v} == {}


def test_the_text_layer_holds_no_space_inside_a_word(built: Path) -> None:
    bad = {f"{p.parent.parent.name}/{p.name}": spaces_inside_words(str(p)) for p in _pdfs(built)}
    assert {k: v for k, v in bad.items() if v} == {}


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


def test_each_measure_row_is_whole_on_one_page(built: Path) -> None:
    """A measure's title, in its table cell, on one page: a row split across two
    pages would leave the title's last words (or its unit and period) above the next
    page's repeated header."""
    for office in OFFICES:
        report = built / office.key / str(office.fiscal_year) / "report.pdf"
        pages = _page_texts(report)
        for n, title in enumerate(TITLES[:office.measures], 1):
            number = str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) if office.numerals == "thai" \
                else str(n)
            cell = re.sub(r"\s+", "", f"{number}. {title}")
            head, tail = cell[:12], cell[-8:]
            found = [page for page in pages if head in page]
            assert found and all(tail in page for page in found), (office.key, cell)


def test_memo_form_pages_but_the_last_end_with_the_next_pages_first_word(built: Path) -> None:
    for office in OFFICES:
        for name in ("memo.pdf", "circular.pdf"):
            pages = [p for p in _page_texts(built / office.key / str(office.fiscal_year) / name) if p]
            for page, following in zip(pages, pages[1:]):
                cue = re.search(r"/([^/]+)\.\.\.$", page)
                assert cue, (office.key, name, page[-40:])
                assert re.sub(r"^-?[๐-๙0-9]+-?", "", following).startswith(cue.group(1)), (office.key, name)


@pytest.mark.parametrize("text, glued", [
    ("ได้คะแนน (72.50 คะแนน) ในปี", "ได้คะแนน (72.50~คะแนน) ในปี"),
    ("ภายในวันที่ ๓๑ มีนาคม ๒๕๖๗ นี้", "ภายในวันที่~๓๑~มีนาคม~๒๕๖๗ นี้"),
    ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ ของ", "ประจำปีงบประมาณ พ.ศ.~๒๕๖๖ ของ"),
    ("ตามข้อ O42 และ", "ตามข้อ~O42 และ"),
    ("Assessment : OIT)", "Assessment~: OIT)"),
    ("โทร. ๐ ๓๖๔๑ ๑๔๐๔", "โทร. ๐~๓๖๔๑~๑๔๐๔"),
])
def test_spaces_that_must_not_end_a_line_are_no_break_spaces(text: str, glued: str) -> None:
    assert "".join(_glued(text)).replace(NBSP, "~") == glued


def test_lines_may_end_only_at_a_words_end_in_the_pdf_copy() -> None:
    """Break opportunities (U+200B) only at word ends, a word joiner between the
    letters of a word, a number and an abbreviation; none after a vowel or tone mark
    (LibreOffice would draw the mark past the next letter there), so ได้|คะแนน is
    left to LibreOffice's own dictionary."""
    marked = "".join(_breaks("อบต.บ้านตัวอย่างได้คะแนน ๗๒.๕๐ สถานธนานุบาล"))
    pieces = [w.replace(WJ, "") for w in re.split(f"[{ZWSP} ]", marked)]
    assert pieces == ["อบต.", "บ้าน", "ตัวอย่าง", "ได้คะแนน", "๗๒.๕๐", "สถานธนานุบาล"]
    assert "คะ" + WJ + "แน" in marked and "๗" + WJ + "๒" + WJ + "." in marked
