"""docgen build --pdf: the packet's PDFs measured against the official layout."""

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from docgen import __version__
from docgen.thai import to_arabic_digits, to_thai_digits

from conftest import ROOT, processes_with, run
from docx_helpers import open_docx

CM = 72 / 2.54  # points
A4_W = 21 * CM
MM = CM / 10


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = run("build", "--pdf", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    folder = out / "lopburi-pao" / "2566"
    return folder, result


def test_writes_three_docx_three_pdf_previews_and_manifest(built):
    folder, result = built
    names = sorted(p.name for p in folder.iterdir())
    stems = ["report", "memo", "circular", "progress", "progress-memo"]  # the sample has progress.yaml
    assert names == sorted([f"{s}.{ext}" for s in stems for ext in ("docx", "pdf")]
                           + [f"{s}-page1.png" for s in stems] + ["manifest.json"])
    lines = result.stdout.splitlines()
    assert sorted(lines[:-1]) == sorted(f"เขียนแล้ว: {folder / n}" for n in names)
    assert re.fullmatch(rf"เสร็จ: 16 ไฟล์ ใน {re.escape(str(folder))} \(\d+\.\d วินาที\)", lines[-1])


def test_manifest_names_each_file_its_hash_records_and_version(built):
    folder, _ = built
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["docgen"] == __version__
    files = {f["name"]: f for f in manifest["files"]}
    assert set(files) == {p.name for p in folder.iterdir()} - {"manifest.json"}
    for name, entry in files.items():
        data = (folder / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)
    roles = {r["role"]: r for r in manifest["records"]}
    assert set(roles) == {"packet", "organisation", "framework", "previous_framework", "progress"}
    packet = Path(roles["packet"]["path"])
    assert packet.as_posix().endswith("records/lopburi-pao/2566/packet.yaml")
    assert roles["packet"]["sha256"] == hashlib.sha256(packet.read_bytes()).hexdigest()


def test_previews_are_a4_pngs_of_page_one(built):
    folder, _ = built
    for stem in ("report", "memo", "circular"):
        with Image.open(folder / f"{stem}-page1.png") as img:
            assert img.format == "PNG" and abs(img.height / img.width - 29.7 / 21) < 0.01


def body_chars(page):
    """Characters below the first-page header (the emblem and the title)."""
    return [c for c in page.chars if c["top"] > 3.2 * CM and c["text"].strip()]


@pytest.mark.parametrize("stem", ["memo", "circular"])
def test_memo_layout_margins_emblem_and_sizes(built, stem):
    folder, _ = built
    with pdfplumber.open(folder / f"{stem}.pdf") as pdf:
        page = pdf.pages[0]
        chars = body_chars(page)
        left = min(c["x0"] for c in chars)
        assert abs(left - 3 * CM) <= 1 * MM, f"body starts {left / CM:.2f} cm from the left edge"
        for p in pdf.pages:
            assert max(c["x1"] for c in p.chars if c["text"].strip()) <= A4_W - 2 * CM + 1 * MM
        emblem = page.images[0]
        assert abs((emblem["bottom"] - emblem["top"]) - 1.5 * CM) <= 0.5 * MM
        assert abs(emblem["top"] - 1.5 * CM) <= 1 * MM and abs(emblem["x0"] - 3 * CM) <= 1 * MM
        sizes = {}
        for word in page.extract_words(extra_attrs=["size"]):
            sizes.setdefault(skeleton(word["text"]), round(word["size"]))
        assert sizes[skeleton("บันทึกข้อความ")] == 29
        for label in ("ส่วนราชการ", "ที่", "วันที่", "เรื่อง"):
            assert sizes[skeleton(label)] == 20, label
        assert sizes[skeleton("สำนักปลัดองค์การบริหารส่วนจังหวัด")] == 16


def skeleton(text):
    """Thai consonants, digits and Latin letters only: PDF text extraction splits
    some vowels (ำ comes out as ำา), so compare on what it cannot change."""
    text = re.sub(r"\(cid:\d+\)", "", text)  # a glyph the PDF's text layer does not name (see README)
    return re.sub(r"[^\u0e01-\u0e2e\u0e50-\u0e59A-Za-z0-9]", "", text)


def page_number(page):
    top = page.crop((0, 0, page.width, 2.2 * CM)).extract_text() or ""
    return re.sub(r"\s", "", top)


@pytest.mark.parametrize("stem", ["memo", "report"])
def test_page_numbers_from_page_two_in_thai_digits(built, stem):
    folder, _ = built
    with pdfplumber.open(folder / f"{stem}.pdf") as pdf:
        numbers = [page_number(p) for p in pdf.pages]
    assert len(numbers) >= 3
    # the memo counts from its first page; the report from the page after the cover
    offset = 0 if stem == "memo" else 1
    assert "-" not in numbers[0]  # no number on the first page (the memo's) or the cover
    for i, shown in enumerate(numbers[1:], start=2):
        assert shown == f"-{to_thai_digits(str(i - offset))}-", (i, shown)


def test_toc_page_numbers_match_where_the_headings_stand(built):
    folder, _ = built
    doc = open_docx((folder / "report.docx").read_bytes())
    entries = [p.text.split("\t") for p in doc.paragraphs if p.style.name.startswith("toc")]
    assert len(entries) == 5 and all(page for _, page in entries), entries  # the DOCX got the PDF's numbers
    with pdfplumber.open(folder / "report.pdf") as pdf:
        raw = [p.extract_text() or "" for p in pdf.pages]
    texts = [skeleton(t) for t in raw]
    toc_page = next(t for t in raw if "สารบัญ" in t and "หน้า" in t)
    assert re.findall(r"\.{3,}\s*([๐-๙]+)\s*$", toc_page, re.M) == [page for _, page in entries]
    for heading, page in entries:
        printed = int(to_arabic_digits(page))
        start = skeleton(heading)[:20]
        assert start in texts[printed], f"{heading!r} is not on page {page}"  # pdf index = printed (cover is 0)


@pytest.mark.parametrize("stem", ["memo", "circular", "report"])
def test_pdf_text_layer_names_every_glyph(built, stem):
    folder, _ = built
    with pdfplumber.open(folder / f"{stem}.pdf") as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    assert "(cid:" not in text
    # Thai shaping splits ำ into ํ + า; the text layer keeps that pair (ำ's compatibility decomposition)
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    if stem == "memo":
        for phrase in ("ส่วนราชการ", "สำนักปลัดองค์การบริหารส่วนจังหวัด ฝ่ายนิติการ", "กุมภาพันธ์ ๒๕๖๖", "นายกองค์การบริหารส่วนจังหวัดลพบุรี"):
            assert phrase in text, phrase
    if stem == "report":
        assert "ซื่อสัตย์ สุจริต โปร่งใส พร้อมรับการตรวจสอบ" in text and "Lopburi1pao@gmail.com" in text


def test_two_builds_at_once_both_succeed(tmp_path):
    docgen = Path(sys.executable).with_name("docgen")
    procs = [subprocess.Popen([str(docgen), "build", "--pdf", "-r", "records/lopburi-pao/2566", "-o", str(tmp_path / f"out{i}")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in (1, 2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    first, second = (tmp_path / f"out{i}" / "lopburi-pao" / "2566" for i in (1, 2))
    assert sorted(p.name for p in first.glob("*.pdf")) == ["circular.pdf", "memo.pdf", "progress-memo.pdf",
                                                         "progress.pdf", "report.pdf"]
    # the same records give the same bytes, PDFs and manifest included
    differ = sorted(p.name for p in first.iterdir() if p.read_bytes() != (second / p.name).read_bytes())
    assert differ == []


def test_without_libreoffice_pdf_fails_with_the_hint_and_writes_nothing(tmp_path, monkeypatch):
    import shutil

    from docgen.pdf import convert as pdf

    real = shutil.which
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None if name in ("soffice", "libreoffice") else real(name))
    result = run("build", "--pdf", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "ไม่พบ LibreOffice" in result.stderr and "apt-get install libreoffice-writer-nogui python3-uno" in result.stderr
    assert not tmp_path.joinpath("lopburi-pao").exists()
    plain = run("build", "-o", str(tmp_path))
    assert plain.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "lopburi-pao" / "2566").iterdir()) == [
        "circular.docx", "manifest.json", "memo.docx", "progress-memo.docx", "progress.docx", "report.docx"]


def private_tmp(monkeypatch, tmp_path: Path) -> str:
    """This test's own temporary folder, which its LibreOffice's command line names."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return str(folder)


def test_a_hung_libreoffice_is_stopped_at_the_time_limit(monkeypatch, tmp_path):
    from docgen.errors import ConversionError
    from docgen.pdf.convert import to_pdf

    monkeypatch.setenv("DOCGEN_NO_CACHE", "1")  # a new profile: LibreOffice needs seconds to start
    mine = private_tmp(monkeypatch, tmp_path)

    docx = (ROOT / "templates" / "memo.docx").read_bytes()
    with pytest.raises(ConversionError, match="ทำงานไม่เสร็จภายใน 1 วินาที"):
        to_pdf({"memo.docx": docx}, thai_digits=True, timeout=1)
    assert processes_with(mine) == []  # the worker and its LibreOffice are gone
    assert list(Path(mine).iterdir()) == []


def test_a_worker_building_many_packets_keeps_one_libreoffice(monkeypatch, tmp_path):
    """``build -r FOLDER --pdf``: each worker process keeps one LibreOffice for all its
    packets (restarted for another font, or after a failure), and its PDFs are the
    bytes a LibreOffice of their own gives."""
    import datetime

    from docgen.pdf import convert as pdf
    from docgen.pdf.finish import finish

    mine = private_tmp(monkeypatch, tmp_path)
    docs = {"memo.docx": (ROOT / "templates" / "memo.docx").read_bytes()}
    alone = pdf.to_pdf(docs, thai_digits=True)
    assert pdf._KEPT is None and processes_with(mine) == []
    monkeypatch.setattr(pdf, "_KEEP", True)
    try:
        first = pdf.to_pdf(docs, thai_digits=True)
        kept = pdf._KEPT
        assert kept is not None and kept.proc.poll() is None
        second = pdf.to_pdf(docs, thai_digits=True)
        assert pdf._KEPT is kept  # the same LibreOffice
        finished = [finish(c.pdfs["memo.docx"], date=datetime.date(2023, 2, 23)) for c in (first, second, alone)]
        assert finished[0] == finished[1] == finished[2]  # the same bytes once docgen sets the PDF's dates and IDs
        # its LibreOffice dies between two packets: the next packet gets a new one
        for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
            try:
                if os.getpgid(pid) == kept.proc.pid and "soffice.bin" in Path(f"/proc/{pid}/cmdline").read_text():
                    os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        third = pdf.to_pdf(docs, thai_digits=True)
        assert pdf._KEPT is not kept and third.pdfs.keys() == first.pdfs.keys()
        kept = pdf._KEPT
        pdf.to_pdf(docs, thai_digits=True, font="TH Sarabun New")
        assert pdf._KEPT is not kept and kept.proc.poll() is not None  # another font: a new one, the old ended
    finally:
        pdf.close_kept_libreoffice()
    assert processes_with(mine) == [] and list(Path(mine).iterdir()) == []


def test_a_row_taller_than_a_page_is_split_and_said_so(records, tmp_path):
    """A measure of 33 steps is taller than a landscape page: its row must split, and
    the build says which row and what to do (the other rows stay whole)."""
    from conftest import PACKET

    step = "      - มอบหมายให้หัวหน้าส่วนราชการในสังกัดมีหน้าที่ควบคุมกำกับดูแล และแนะนำบุคลากรในสังกัด\n"
    more = "".join(f"      - ขั้นตอนที่ {i} ตรวจสอบและติดตามการยืมทรัพย์สินของหน่วยงานให้เป็นไปตามระเบียบทุกครั้ง"
                   " และรายงานผลต่อผู้บริหาร\n" for i in range(4, 34))
    records.edit(PACKET, step, step + more)
    result = run("build", "--pdf", "-r", str(records.packet), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "ยาวเกินหนึ่งหน้า" in line]
    assert warned == ["คำเตือน: report.pdf: แถวตาราง “๑. การยืมทรัพย์สินของหน่วยงาน...” ยาวเกินหนึ่งหน้า"
                      " จึงต้องแยกข้ามหน้า ให้แบ่งเป็นหลายมาตรการ หรือย่อขั้นตอน/ข้อความให้สั้นลง"]


def test_a_rebuild_converts_only_what_changed_and_gives_the_same_bytes(tmp_path):
    """The circular's report-by date changed: only the circular goes through LibreOffice
    again, and every file is the byte the same as a fresh build's; a PDF edited by hand
    since is converted again, not kept."""
    from conftest import PACKET, Records

    recs = Records(tmp_path / "records", progress=True)
    out = tmp_path / "out"
    first = run("build", "--pdf", "-r", str(recs.packet), "-o", str(out))
    assert first.exit_code == 0, first.stderr
    recs.edit(PACKET, "  report_by: 2566-03-20 ", "  report_by: 2566-03-22 ")
    env = {**os.environ, "DOCGEN_PROGRESS": "1"}
    again = subprocess.run([sys.executable, "-m", "docgen", "build", "--pdf", "--force", "-r", str(recs.packet), "-o",
                            str(out)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert again.returncode == 0, again.stderr
    assert "… ใช้ PDF เดิมของเอกสารที่ไม่เปลี่ยน: memo.docx, progress-memo.docx, progress.docx, report.docx" \
        in again.stderr.splitlines()
    assert "… แปลงเป็น PDF ด้วย LibreOffice (1 เอกสาร)" in again.stderr.splitlines()
    fresh = run("build", "--pdf", "-r", str(recs.packet), "-o", str(tmp_path / "fresh"))
    assert fresh.exit_code == 0, fresh.stderr
    folder, other = out / "lopburi-pao" / "2566", tmp_path / "fresh" / "lopburi-pao" / "2566"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {p.name: p.read_bytes() for p in other.iterdir()}
    pdf = folder / "memo.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"%%EOF", b"%%EOF\n% edited", 1))
    third = subprocess.run([sys.executable, "-m", "docgen", "build", "--pdf", "--force", "-r", str(recs.packet), "-o",
                            str(out)], capture_output=True, text=True, env=env, cwd=ROOT)
    assert "… แปลงเป็น PDF ด้วย LibreOffice (1 เอกสาร)" in third.stderr.splitlines(), third.stderr
    assert pdf.read_bytes() == (other / "memo.pdf").read_bytes()
