"""Templates that survive an editor: every shipped template re-saved by LibreOffice
(as an IT person's Word or LibreOffice would) builds the same packet: the same pages,
the same orientation page by page, Thai page numbers in the DOCX and the PDF, the
contents whole."""

from __future__ import annotations

import shutil
import subprocess
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


def rewrite_member(path: Path, member: str, change) -> None:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data.decode("utf-8")).encode("utf-8") if info.filename == member else data)
    path.write_bytes(buf.getvalue())


def test_the_readmes_restyling_walk(tmp_path):
    """Copy, re-save, change a style and a column width, check, build: as the README
    tells an IT person, on every CI run."""
    import re

    records = Records(tmp_path / "records")
    folder = records.root / "lopburi-pao" / "my-templates"
    resave(sorted((ROOT / "templates").glob("*.docx")), folder, tmp_path / "profile")
    records.edit(ORG, "emblem: placeholder", "emblem: placeholder\ntemplates: my-templates")

    def heading_colour(xml: str) -> str:
        style = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', xml, re.S)
        assert style and '<w:color w:val="000000"/>' in style.group()
        return xml.replace(style.group(), style.group().replace('<w:color w:val="000000"/>', '<w:color w:val="1F3864"/>'))

    def first_column_wider(xml: str) -> str:
        start = xml.rfind("<w:tbl>", 0, xml.index('<w:gridCol w:w="2947"/><w:gridCol w:w="4819"/>'))  # the measures
        end = xml.index("</w:tbl>", start)
        table = xml[start:end]
        assert '<w:gridCol w:w="2947"/><w:gridCol w:w="4819"/>' in table
        table = table.replace('<w:gridCol w:w="2947"/><w:gridCol w:w="4819"/>', '<w:gridCol w:w="3800"/><w:gridCol w:w="3966"/>')
        table = table.replace('<w:tcW w:w="2947" w:type="dxa"/>', '<w:tcW w:w="3800" w:type="dxa"/>')
        table = table.replace('<w:tcW w:w="4819" w:type="dxa"/>', '<w:tcW w:w="3966" w:type="dxa"/>')
        return xml[:start] + table + xml[end:]

    rewrite_member(folder / "report.docx", "word/styles.xml", heading_colour)
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
    with pdfplumber.open(shipped_report(tmp_path)) as pdf:
        wide = next(p for p in pdf.pages if p.width > p.height)
        shipped_header = next(w for w in wide.extract_words() if w["text"].startswith("วิธี"))
    assert header["x0"] - shipped_header["x0"] == pytest.approx((3800 - 2947) / 20 - (4819 - 3966) / 40, abs=1.5)


def shipped_report(tmp_path: Path) -> Path:
    assert run("build", "--pdf", "-o", str(tmp_path / "shipped")).exit_code == 0
    return tmp_path / "shipped" / "lopburi-pao" / "2566" / "report.pdf"
