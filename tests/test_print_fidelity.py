"""True to print: the PDFs are set in the real national fonts at Word's line pitch, and
their pages are composed as a clerk composes them. Measured on the PDFs of the sample
and of a second office with longer texts (TH Sarabun New, Arabic numerals)."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pdfplumber
import pytest

from conftest import Records, run
from offices import second_office

CM = 72 / 2.54
BODY_PT = 16
#: Thai vowels and tone marks written above or below a consonant: never the first
#: character of a line (U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E)
MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    result = run("build", "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out / "lopburi-pao" / "2566"


@pytest.fixture(scope="module")
def second(tmp_path_factory) -> Path:
    records = Records(tmp_path_factory.mktemp("second") / "records")
    packet = second_office(records, longer=True)
    out = tmp_path_factory.mktemp("second-out")
    result = run("build", "--pdf", "-r", str(packet), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out / "tambon-sample" / "2567"


@pytest.fixture(params=["sample", "second"])
def office(request) -> tuple[str, Path]:
    return request.param, request.getfixturevalue(request.param)


def pages_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def squash(text: str) -> str:
    """Text as extraction gives it back: ำ comes out as ํ + า, spaces vary."""
    return re.sub(r"\s", "", text.replace("\u0e4d\u0e32", "\u0e33"))


# --------------------------------------------------------------------------- the font

REAL_FONTS = {"sample": {"THSarabunPSK", "THSarabunPSK-Bold"},  # TH SarabunIT๙ resolves to PSK
              "second": {"THSarabunNew", "THSarabunNew-Bold"}}


@pytest.mark.parametrize("stem", ["memo", "circular", "report"])
def test_the_real_sarabun_is_embedded_with_its_own_widths(office, stem):
    name, folder = office
    with pdfplumber.open(folder / f"{stem}.pdf") as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
    assert {c["fontname"].split("+")[-1] for c in chars} == REAL_FONTS[name]
    # the real fonts' advances: 'ก' 386 and 'I' 223 per 1000 units (the rescaled web-font copy: 591)
    ko = {round(c["width"], 2) for c in chars if c["text"] == "ก" and round(c["size"]) == BODY_PT
          and "Bold" not in c["fontname"]}
    assert ko == {round(BODY_PT * 0.386, 2)}, ko


@pytest.mark.parametrize("stem", ["memo", "circular", "report"])
def test_body_lines_follow_words_single_line_pitch(office, stem):
    """Word sets a single line from the font's win metrics plus external leading:
    TH SarabunPSK 1.310 em, TH Sarabun New 1.331 em, about 21 pt at 16 pt."""
    _, folder = office
    steps = []
    with pdfplumber.open(folder / f"{stem}.pdf") as pdf:
        for page in pdf.pages:
            lines = sorted({round(c["bottom"], 2) for c in page.chars
                            if round(c["size"]) == BODY_PT and "\u0e01" <= c["text"] <= "\u0e2e"})
            steps += [b - a for a, b in zip(lines, lines[1:])]
    # consecutive lines of a paragraph: the steps below a line and a half
    within = [s for s in steps if s < 1.5 * BODY_PT]
    word_like = [s for s in within if 20.85 <= s <= 21.4]  # 20.9-21.3 pt, less rounding in the PDF
    assert len(word_like) >= 10 and len(word_like) >= 0.8 * len(within), sorted(within)
    assert 20.85 <= statistics.median(within) <= 21.4


# --------------------------------------------------------------------------- the pages


def test_the_memo_ends_on_its_last_page_whole(office):
    name, folder = office
    pages = [squash(t) for t in pages_text(folder / "memo.pdf")]
    assert len(pages) <= 3
    chief = "(นางอรพินจิระพันธุ์วานิช)" if name == "sample" else "(นางสมศรีมีสุข)"
    end = ["จึงเรียนมาเพื่อโปรดทราบและพิจารณา", "(นายอนุรักษ์พลเสน)", "(นางสาวนิภาประชีพราย)",
           "ลงนามแล้ว" + chief, "พิมพ์/ทบทวน"]
    for piece in end:
        assert piece in pages[-1], piece
        assert not any(piece in p for p in pages[:-1]), piece
    # the signature carries lines of text with it: the closing sentence's two lines
    closing = re.search(r"จึงเรียนมา.*?พร้อมนี้", pages[-1])
    assert closing is not None


def test_the_circulars_qr_code_stands_beside_the_signature(office):
    name, folder = office
    with pdfplumber.open(folder / "circular.pdf") as pdf:
        assert len(pdf.pages) <= 2
        last = pdf.pages[-1]
        qr = [im for p in pdf.pages for im in p.images if abs((im["x1"] - im["x0"]) - 3 * CM) < 0.2 * CM]
        assert len(qr) == 1 and qr[0]["page_number"] == len(pdf.pages)
        words = last.extract_words()
        name_words = [w for w in words if w["text"].startswith("(")]
        signer = name_words[0]
        assert qr[0]["x1"] < signer["x0"] and qr[0]["top"] < signer["bottom"] and signer["top"] < qr[0]["bottom"]
        text = squash(last.extract_text())
    assert "สแกนเพื่อดูรายละเอียด" in text and "พิมพ์/ทบทวน" in text and "จึงเรียนมาเพื่อทราบและถือปฏิบัติ" in text
    # the last body paragraph's lines come with the signature
    assert "ขอให้นำข้อมูลเผยแพร่บนเว็บไซต์หลักของหน่วยงาน" in text


def headings_of(folder: Path) -> list[str]:
    from docx_helpers import open_docx

    doc = open_docx((folder / "report.docx").read_bytes())
    return [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]


def body_lines(page_text: str) -> list[str]:
    """A page's lines without the page number at the top."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    return lines[1:] if lines and re.fullmatch(r"-\s*[0-9๐-๙]+\s*-", lines[0].strip()) else lines


def test_the_report_is_composed_as_a_clerk_would(office):
    _, folder = office
    texts = pages_text(folder / "report.pdf")
    assert len(texts) <= 13  # a measures row that does not fit moves whole to the next page
    preface = [t for t in texts if "คำนำ" in [squash(line) for line in t.splitlines()[:2]]]
    assert len(preface) == 1
    assert "ฝ่ายนิติการ" in preface[0] and re.search(r"กุมภาพันธ์ [0-9๐-๙]{4}", preface[0])  # preparer, month
    heads = [squash(h) for h in headings_of(folder)]
    with pdfplumber.open(folder / "report.pdf") as pdf:
        for i, page in enumerate(pdf.pages[:-1]):
            lines = body_lines(texts[i])
            last = squash(lines[-1])
            assert not any(h.endswith(last) for h in heads), f"page {i + 1} ends with a heading: {lines[-1]}"
            filled = max(c["bottom"] for c in page.chars) / page.height
            starts_part = page.width < pdf.pages[i + 1].width or any(
                squash(body_lines(texts[i + 1])[0]) in h for h in heads[:2] + heads[-1:])
            assert filled > 0.4 or i == 0 or starts_part, f"page {i + 1} is nearly empty ({filled:.0%})"


@pytest.mark.parametrize("stem", ["memo", "circular", "report"])
def test_thai_lines_break_where_thai_typing_breaks_them(office, stem):
    _, folder = office
    for n, text in enumerate(pages_text(folder / f"{stem}.pdf"), start=1):
        for line in text.splitlines():
            line = line.strip()
            assert not (line and MARKS.match(line)), f"page {n}: a line starts with a vowel or tone mark: {line}"
            assert not line.endswith("พ.ศ."), f"page {n}: พ.ศ. parted from its year: {line}"


@pytest.mark.parametrize("stem", ["memo", "circular"])
def test_each_page_but_the_last_names_the_next_pages_first_word(office, stem):
    _, folder = office
    _assert_cues(folder / f"{stem}.pdf")


def test_the_progress_memos_first_page_names_the_next_pages_first_word(sample):
    """Its page 2 opens with the closing line, in the end block that a table holds
    together: the cue reads into it (``/จึง...``)."""
    _assert_cues(sample / "progress-memo.pdf")


def _assert_cues(path):
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        for page, following in zip(pdf.pages, pdf.pages[1:]):
            foot = page.crop((page.width / 2, page.height - 2 * CM, page.width, page.height))
            cue = (foot.extract_text() or "").strip()
            match = re.fullmatch(r"/(\S+)\.\.\.", cue)
            assert match, cue
            first_line = body_lines(following.extract_text())[0]
            assert squash(first_line).startswith(squash(match.group(1))), (cue, first_line)
            assert max(c["x1"] for c in foot.chars) > page.width - 2 * CM - 0.5 * CM  # at the right margin
        last = pdf.pages[-1]
        assert not (last.crop((0, last.height - 2 * CM, last.width, last.height)).extract_text() or "").strip()


@pytest.mark.parametrize("stem", ["memo", "circular", "report"])
def test_word_keeps_pho_so_with_its_year_and_numbers_with_their_units(sample, stem):
    """In the DOCX too: a no-break space, which Word and LibreOffice never break at."""
    import zipfile

    with zipfile.ZipFile(sample / f"{stem}.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "พ.ศ.\u00a0๒๕๖๖" in xml and not re.search("พ\\.ศ\\. [๐-๙]", xml)
    assert not re.search("[๐-๙] (คะแนน|คำถาม|ฉบับ)", xml)


@pytest.mark.parametrize("stem", ["progress", "progress-memo"])
def test_the_progress_documents_are_true_to_print_too(sample, stem):
    """The same font, pitch and line breaking as the other documents (the sample holds
    progress.yaml); the progress memo's end is whole on its last page, with cues."""
    with pdfplumber.open(sample / f"{stem}.pdf") as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
        assert {c["fontname"].split("+")[-1] for c in chars} == REAL_FONTS["sample"]
        lines = sorted({round(c["bottom"], 2) for c in pdf.pages[1].chars
                        if round(c["size"]) == BODY_PT and "\u0e01" <= c["text"] <= "\u0e2e"})
        steps = [b - a for a, b in zip(lines, lines[1:]) if b - a < 1.5 * BODY_PT]
        assert steps and 20.85 <= statistics.median(steps) <= 21.4
        pages = [p.extract_text() or "" for p in pdf.pages]
    for n, text in enumerate(pages, start=1):
        for line in text.splitlines():
            assert not MARKS.match(line.strip()) and not line.strip().endswith("พ.ศ."), (n, line)
    if stem == "progress-memo":
        assert len(pages) <= 2 and "จึงเรียนมาเพื่อโปรดทราบและพิจารณา" in squash(pages[-1])
        assert "(นายอนุรักษ์พลเสน)" in squash(pages[-1]) and "พิมพ์/ทบทวน" in squash(pages[-1])
