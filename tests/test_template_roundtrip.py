"""Templates that survive an editor: every shipped template re-saved by LibreOffice
(as an IT person's Word or LibreOffice would) builds the same packet: the same pages,
the same orientation page by page, Thai page numbers in the DOCX and the PDF, the
contents whole."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from conftest import ORG, ROOT, Records, run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def resave(templates: list[Path], dest: Path, profile: Path) -> None:
    """Open and save each template in LibreOffice, changing nothing."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is needed (./make.sh setup)"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(dest), *map(str, templates)],
                   check=True, capture_output=True, timeout=180)
    assert sorted(p.name for p in dest.glob("*.docx")) == sorted(p.name for p in templates)


def layout(pdf_path: Path) -> list[tuple[str, str]]:
    """Per page: orientation and the page number printed at the top."""
    with pdfplumber.open(pdf_path) as pdf:
        return [("landscape" if p.width > p.height else "portrait",
                 "".join((p.crop((0, 0, p.width, 60)).extract_text() or "").split())) for p in pdf.pages]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("roundtrip")
    records = Records(base / "records")
    shipped = sorted((ROOT / "templates").glob("*.docx"))
    resave(shipped, records.root / "lopburi-pao" / "resaved", base / "profile")
    assert run("build", "--pdf", "-r", str(records.packet), "-o", str(base / "shipped")).exit_code == 0
    records.edit(ORG, "emblem: placeholder", "emblem: placeholder\ntemplates: resaved")
    result = run("build", "--pdf", "-r", str(records.packet), "-o", str(base / "resaved"))
    assert result.exit_code == 0, result.stderr
    return base / "shipped" / "lopburi-pao" / "2566", base / "resaved" / "lopburi-pao" / "2566"


@pytest.mark.parametrize("stem", ["report", "memo", "circular"])
def test_a_resaved_template_gives_the_same_pages(builds, stem):
    shipped, resaved = builds
    assert layout(resaved / f"{stem}.pdf") == layout(shipped / f"{stem}.pdf")


def test_the_resaved_report_keeps_thai_page_numbers_and_its_contents(builds):
    _, resaved = builds
    with zipfile.ZipFile(resaved / "report.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count('w:fmt="thaiNumbers"') >= 1 and 'w:fmt="decimal"' not in xml
    with pdfplumber.open(resaved / "report.pdf") as pdf:
        contents = next(p.extract_text() for p in pdf.pages if "สารบัญ" in (p.extract_text() or ""))
        pages = len(pdf.pages)
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in contents and "๑. ผลการประเมิน" in contents
    assert pages >= 10 and [o for o, _ in layout(resaved / "report.pdf")].count("landscape") >= 1


def test_a_structure_rendering_still_breaks_is_an_error_naming_the_template():
    from docx import Document

    from docgen.docx.structure import check, shape

    template = Document()
    template.add_section()
    rendered = Document()
    message = check(shape(template), rendered, "report.docx")
    assert message is not None and message.startswith("แม่แบบ report.docx: หลังเติมข้อมูล ส่วนของเอกสาร (section) เหลือ 1 จาก 2 ส่วน")


#: the styles of the headings in the contents, the titles outside it and the cover's lines
LOOK_STYLES = ("Heading1", "Heading2", "PartTitle", "Subheading", "CoverTitle", "CoverLine", "CoverMinor")


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "templates").glob("*.docx")))
def test_a_template_paragraph_takes_its_look_from_its_style(name):
    """Sizes and weights live in the styles, so a style changed in Word changes every
    paragraph that uses it: a heading's, a title's or a cover line's paragraph and runs
    carry no size, weight, alignment or spacing of their own, and no run repeats the
    size or weight its paragraph's style gives (each heading run had carried its own
    w:sz, and a size set in the Heading style did nothing). The styles carry the
    complex-script slots Thai text is shown in."""
    import re

    from lxml import etree

    with zipfile.ZipFile(ROOT / "templates" / name) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        stories = [etree.fromstring(z.read(n)) for n in z.namelist() if re.fullmatch(r"word/(document|header\d*)\.xml", n)]
    by_id = {st.get(W + "styleId"): st for st in styles.iter(W + "style")}

    def given(style_id: str | None, prop: str) -> str | None:
        while style_id in by_id:
            found = by_id[style_id].find(f"{W}rPr/{W}{prop}")
            if found is not None:
                return found.get(W + "val", "1")
            based = by_id[style_id].find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None
        return None

    def on(val: str | None) -> bool:
        return val not in (None, "0", "false")

    looks = 0
    for p in (p for root in stories for p in root.iter(W + "p")):
        style = p.find(f"{W}pPr/{W}pStyle")
        sid = style.get(W + "val") if style is not None else "Normal"
        looks += sid in LOOK_STYLES
        if sid in LOOK_STYLES:
            assert p.find(f"{W}pPr/{W}jc") is None and p.find(f"{W}pPr/{W}spacing") is None, sid
        for rpr in p.iterfind(f"{W}r/{W}rPr"):
            if sid in LOOK_STYLES:
                assert [el.tag for el in rpr if el.tag in {W + t for t in ("sz", "szCs", "b", "bCs")}] == [], sid
            if (sz := rpr.find(W + "sz")) is not None:
                assert sz.get(W + "val") != given(sid, "sz"), f"a run repeats the size of {sid}"
            if (b := rpr.find(W + "b")) is not None:
                assert on(b.get(W + "val", "1")) != on(given(sid, "b")), f"a run repeats the weight of {sid}"
    assert looks >= {"report.docx": 12, "progress.docx": 6}.get(name, 0)
    for sid in (sid for sid in [*LOOK_STYLES, "Normal"] if sid in by_id):
        assert given(sid, "szCs") == given(sid, "sz") and on(given(sid, "bCs")) == on(given(sid, "b")), sid
    normal = by_id["Normal"].find(W + "rPr")
    assert normal.find(W + "rFonts").get(W + "cs") == "TH SarabunPSK" and normal.find(W + "lang").get(W + "bidi") == "th-TH"


def rewrite_member(path: Path, member: str, change) -> None:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == member else data)
    path.write_bytes(buf.getvalue())


def test_the_readmes_restyling_walk(tmp_path):
    """Copy, re-save, change two styles (a colour, a size) and a column width, check,
    build: as the README tells an IT person, on every CI run. The size set in the
    Heading 2 style is every Heading 2's, in the DOCX and the PDF; the body keeps its."""
    import re

    records = Records(tmp_path / "records")
    folder = records.root / "lopburi-pao" / "my-templates"
    resave(sorted((ROOT / "templates").glob("*.docx")), folder, tmp_path / "profile")
    records.edit(ORG, "emblem: placeholder", "emblem: placeholder\ntemplates: my-templates")

    def restyled(xml: str, style_id: str, old: str, new: str) -> str:
        style = re.search(r'<w:style [^>]*w:styleId="%s".*?</w:style>' % style_id, xml, re.S)
        assert style and old in style.group()
        return xml.replace(style.group(), style.group().replace(old, new))

    def heading_colour_and_size(xml: str) -> str:
        xml = restyled(xml, "Heading1", '<w:color w:val="000000"/>', '<w:color w:val="1F3864"/>')
        # Heading 2 from 16 to 18 pt, as Word writes a size: for Latin and Thai (complex-script) text
        return restyled(xml, "Heading2", '<w:sz w:val="32"/><w:szCs w:val="32"/>', '<w:sz w:val="36"/><w:szCs w:val="36"/>')

    def first_column_wider(xml: str) -> str:
        start = xml.rfind("<w:tbl>", 0, xml.index('<w:gridCol w:w="2947"/><w:gridCol w:w="4819"/>'))  # the measures
        end = xml.index("</w:tbl>", start)
        table = xml[start:end]
        assert '<w:gridCol w:w="2947"/><w:gridCol w:w="4819"/>' in table
        table = table.replace('<w:gridCol w:w="2947"/><w:gridCol w:w="4819"/>', '<w:gridCol w:w="3800"/><w:gridCol w:w="3966"/>')
        table = table.replace('<w:tcW w:w="2947" w:type="dxa"/>', '<w:tcW w:w="3800" w:type="dxa"/>')
        table = table.replace('<w:tcW w:w="4819" w:type="dxa"/>', '<w:tcW w:w="3966" w:type="dxa"/>')
        return xml[:start] + table + xml[end:]

    rewrite_member(folder / "report.docx", "word/styles.xml", heading_colour_and_size)
    rewrite_member(folder / "report.docx", "word/document.xml", first_column_wider)
    checked = run("templates", "check", "-r", str(records.packet))
    assert checked.exit_code == 0, checked.stderr
    result = run("build", "--pdf", "-r", str(records.packet), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    with pdfplumber.open(tmp_path / "out" / "lopburi-pao" / "2566" / "report.pdf") as pdf:
        wide = next(p for p in pdf.pages if p.width > p.height)
        heading = [c for c in wide.chars if c["top"] < 150 and round(c["size"]) == 18]
        assert heading and all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.12, 0.22, 0.39)
                               for c in heading)
        header = next(w for w in wide.extract_words() if w["text"].startswith("วิธี"))
    shipped = shipped_report(tmp_path)
    with pdfplumber.open(shipped) as pdf:
        wide = next(p for p in pdf.pages if p.width > p.height)
        shipped_header = next(w for w in wide.extract_words() if w["text"].startswith("วิธี"))
    assert header["x0"] - shipped_header["x0"] == pytest.approx((3800 - 2947) / 20 - (4819 - 3966) / 40, abs=1.5)
    built = tmp_path / "out" / "lopburi-pao" / "2566"
    headings, body = heading_2s(built / "report.docx", points=18)
    assert len(headings) == 2
    restyled_sizes, shipped_sizes = line_sizes(built / "report.pdf", [*headings, body]), line_sizes(shipped, [*headings, body])
    assert all(shipped_sizes[h] == {16.0} and restyled_sizes[h] == {18.0} for h in headings), (shipped_sizes, restyled_sizes)
    assert shipped_sizes[body] == restyled_sizes[body] == {16.0}


def heading_2s(docx: Path, *, points: int) -> tuple[list[str], str]:
    """The Heading 2 paragraphs' texts of a built DOCX, each of their runs *points* in
    size, and the text of the body paragraph after the first, in the body's 16 pt."""
    from docx_helpers import open_docx

    doc = open_docx(docx.read_bytes())
    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    at = [i for i, p in enumerate(paragraphs) if p.style.style_id == "Heading2"]
    for i in at:
        for r in paragraphs[i].runs:
            assert run_half_points(r._r) == (points * 2, points * 2), paragraphs[i].text
    body = paragraphs[at[0] + 1]
    assert body.style.style_id == "Normal" and all(run_half_points(r._r) == (32, 32) for r in body.runs)
    return [paragraphs[i].text for i in at], body.text


def run_half_points(run) -> tuple[int, int]:
    rpr = run.find(W + "rPr")
    return int(rpr.find(W + "sz").get(W + "val")), int(rpr.find(W + "szCs").get(W + "val"))


def line_sizes(pdf_path: Path, texts: list[str]) -> dict[str, set[float]]:
    """The glyph sizes of the first line each of *texts* begins, as laid out in the PDF
    (outside the contents, which list the headings too)."""
    def squeezed(text: str) -> str:  # no spaces, no zero-width characters
        return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")

    keys = {squeezed(text)[:20]: text for text in texts}
    found: dict[str, set[float]] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            if "สารบัญ" in (page.extract_text() or ""):
                continue
            for line in page.extract_text_lines(return_chars=True):
                for key, text in keys.items():
                    if squeezed(line["text"]).startswith(key):
                        found.setdefault(text, set()).update(round(c["size"], 1) for c in line["chars"])
    assert set(found) == set(texts), f"not found in {pdf_path.name}: {set(texts) - set(found)}"
    return found


def shipped_report(tmp_path: Path) -> Path:
    assert run("build", "--pdf", "-o", str(tmp_path / "shipped")).exit_code == 0
    return tmp_path / "shipped" / "lopburi-pao" / "2566" / "report.pdf"
