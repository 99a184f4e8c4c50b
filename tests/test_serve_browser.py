"""The workspace in a real browser: Debian's Chromium driven by Playwright, against
``docgen serve``'s application on a free local port, over a copy of the sample.

The clerk's walk of the issue: open, edit a score, see the validation message, fix it,
save, build with live progress, look at the page previews, download the packet's zip
and read its DOCX files; two tabs saving the same packet; the keyboard; and a
screenshot of each kind of page (written to $DOCGEN_SCREENSHOTS when set).
"""

from __future__ import annotations

import io
import os
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from conftest import Records

CHROMIUM = "/usr/bin/chromium"  # Debian's, installed by ./make.sh; Playwright downloads no browser here


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[tuple[str, Records, Path]]:
    """The application over a copy of the sample (with its progress file), served on a
    free port in this process (``docgen serve`` itself, with waitress, is tested in
    test_serve.py)."""
    from werkzeug.serving import make_server

    from docgen.serve.app import create_app

    recs = Records(tmp_path / "records", progress=True)
    out = tmp_path / "output"
    server = make_server("127.0.0.1", 0, create_app(recs.root, out), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", recs, out
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: ./make.sh setup installs it"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


def shot(page: object, name: str) -> None:
    folder = os.environ.get("DOCGEN_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_clerk_edits_a_score_builds_and_downloads_the_packet(workspace, browser) -> None:
    base, recs, out = workspace
    before = recs.packet.read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "ชุดเอกสาร ITA"
    shot(page, "1-home")
    page.get_by_role("link", name="ปีงบประมาณ พ.ศ. 2566").click()
    assert page.locator("h1").inner_text() == "ชุดเอกสารปีงบประมาณ พ.ศ. 2566"
    page.get_by_role("link", name="ผลการประเมินปีที่แล้ว").click()

    # a score above 100: the records' own message beside the field, and nothing written
    score = page.get_by_label("คะแนนรวมปีที่แล้ว")
    assert score.input_value() == "96.77"
    score.fill("120")
    page.get_by_role("button", name="บันทึก", exact=True).last.click()
    field = page.locator('[data-field="previous_result.score"]')
    assert field.locator(".error").inner_text() == "คะแนน 120 อยู่นอกช่วง 0-100"
    assert score.get_attribute("aria-invalid") == "true"
    assert page.get_by_role("alert").first.inner_text().startswith("ยังไม่ได้บันทึก")
    assert recs.packet.read_text(encoding="utf-8") == before
    shot(page, "3-form-with-message")

    # fixed: saved, the file changed on that one line, its comments intact
    score.fill("97.25")
    page.get_by_role("button", name="บันทึก", exact=True).last.click()
    assert page.get_by_role("status").first.inner_text() == "บันทึกแล้ว"
    after = recs.packet.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("  score: 96.77", "  score: 97.25")]
    assert len(after.splitlines()) == len(before.splitlines())
    assert "  year_before_score: 95.52          # คะแนนปีงบประมาณ 2564" in after

    # build from the page: progress lines while it runs, then the previews and downloads
    page.get_by_role("link", name="กลับไปหน้าชุดเอกสาร").click()
    page.get_by_role("button", name="สร้างเอกสารทั้งชุด (DOCX และ PDF)").click()
    page.wait_for_selector("#job .log:has-text('แปลงเป็น PDF')", timeout=60_000)
    page.wait_for_selector("text=ดาวน์โหลดทั้งชุด (zip)", timeout=180_000)
    assert "สร้างเสร็จแล้ว" in page.locator("#job").inner_text()
    previews = page.locator(".pages img")
    assert previews.count() >= 5
    previews.first.scroll_into_view_if_needed()
    page.wait_for_function("[...document.querySelectorAll('.pages img')].slice(0, 3)"
                           ".every(i => i.complete && i.naturalWidth > 300)")
    shot(page, "4-packet-built")

    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดทั้งชุด (zip)").click()
    data = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        assert {n.rsplit("/", 1)[1] for n in names} >= {  # the documents by their Thai names, in reading order
            "1 รายงานการวิเคราะห์ผลการประเมินและมาตรการ.docx", "1 รายงานการวิเคราะห์ผลการประเมินและมาตรการ.pdf",
            "2 บันทึกข้อความเสนอผู้บริหาร.docx", "3 หนังสือเวียนแจ้งทุกส่วนราชการ.docx", "manifest.json"}
        assert not any(n.endswith(".png") for n in names)
        assert all(i.flag_bits & 0x800 for i in zf.infolist() if not i.filename.isascii())  # UTF-8 names
        report = Document(io.BytesIO(zf.read(next(n for n in names if n.endswith("/1 รายงานการวิเคราะห์ผลการประเมินและมาตรการ.docx")))))
    text = "\n".join(p.text for p in report.paragraphs) + "\n".join(
        c.text for t in report.tables for r in t.rows for c in r.cells)
    assert "๙๗.๒๕" in text and "๙๖.๗๗" not in text
    page.close()


def test_two_tabs_saving_the_same_packet(workspace, browser) -> None:
    base, recs, _ = workspace
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        tab.goto(base + "/p/lopburi-pao/2566/edit/result")
    # different fields: the second save keeps the first's change
    first.get_by_label("1. การปฏิบัติหน้าที่").fill("98.5")
    first.get_by_role("button", name="บันทึก", exact=True).last.click()
    assert first.get_by_role("status").first.inner_text() == "บันทึกแล้ว"
    second.get_by_label("2. การใช้งบประมาณ").fill("94.5")
    second.get_by_role("button", name="บันทึก", exact=True).last.click()
    assert "รวมกับการแก้ไขจากหน้าอื่น" in second.get_by_role("status").first.inner_text()
    text = recs.packet.read_text(encoding="utf-8")
    assert "    duty: 98.5\n" in text and "    budget: 94.5\n" in text

    # the same field: the second is told, its value stays in the form, the file is not touched
    first.reload()
    second.reload()
    first.get_by_label("คะแนนรวมปีที่แล้ว").fill("97.1")
    first.get_by_role("button", name="บันทึก", exact=True).last.click()
    saved = recs.packet.read_text(encoding="utf-8")
    second.get_by_label("คะแนนรวมปีที่แล้ว").fill("97.2")
    second.get_by_role("button", name="บันทึก", exact=True).last.click()
    alert = second.get_by_role("alert").first.inner_text()
    assert "ไฟล์นี้ถูกบันทึกจากหน้าอื่น" in alert
    assert second.get_by_label("คะแนนรวมปีที่แล้ว").input_value() == "97.2"
    assert second.locator('[data-field="previous_result.score"] .conflict').inner_text() == "ในไฟล์ตอนนี้: 97.1"
    assert recs.packet.read_text(encoding="utf-8") == saved
    shot(second, "5-two-tabs-conflict")
    # saving again, after seeing the other value, writes the clerk's
    second.get_by_role("button", name="บันทึก", exact=True).last.click()
    assert "  score: 97.2\n" in recs.packet.read_text(encoding="utf-8")
    context.close()


def test_keyboard_and_lists(workspace, browser) -> None:
    """Enter in a field saves (never removes an item); measures are added, moved and
    removed with buttons, their periods picked as Thai months of Buddhist-era years."""
    base, recs, _ = workspace
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/p/lopburi-pao/2566/edit/measures")
    assert page.locator("fieldset.group").count() == 4
    title = page.locator('[name="measures.1.title"]')
    title.fill("การปรับปรุงระบบการทำงานเพื่อเพิ่มประสิทธิภาพการรับรู้ข้อมูลข่าวสารของประชาชน (ปรับปรุง)")
    with page.expect_navigation():
        title.press("Enter")
    assert page.get_by_role("status").first.inner_text() == "บันทึกแล้ว"
    assert page.locator("fieldset.group").count() == 4
    assert "(ปรับปรุง)" in recs.packet.read_text(encoding="utf-8")

    page.get_by_role("button", name="เพิ่มมาตรการ").click()
    assert page.locator("fieldset.group").count() == 5
    page.locator('[name="measures.4.title"]').fill("มาตรการใหม่")
    page.locator('[name="measures.4.steps"]').fill("ขั้นที่หนึ่ง\nขั้นที่สอง")
    page.locator('[name="measures.4.lead"]').select_option("legal-affairs")
    page.locator('#item-measures-4 input[value="personnel"]').check()
    page.locator('[name="measures.4.start.m"]').select_option(label="มีนาคม")
    page.locator('[name="measures.4.start.y"]').select_option("2566")
    page.locator('[name="measures.4.end.m"]').select_option(label="กันยายน")
    page.locator('[name="measures.4.end.y"]').select_option("2566")
    page.locator('[name="measures.4.follow_up"]').fill("รายงานผลทุกไตรมาส")
    page.locator("#item-measures-4").get_by_role("button", name="เลื่อนขึ้น").click()
    assert page.locator('[name="measures.3.title"]').input_value() == "มาตรการใหม่"
    shot(page, "2-measures-form")
    # the keyboard alone: focus the save button and press Enter
    page.locator(".save button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").first.inner_text() == "บันทึกแล้ว"
    text = recs.packet.read_text(encoding="utf-8")
    assert re.search(r"  - title: มาตรการใหม่\n    steps:\n      - ขั้นที่หนึ่ง\n      - ขั้นที่สอง\n"
                     r"    lead: legal-affairs\n    support: \[personnel\]\n    start: 2566-03\n    end: 2566-09\n"
                     r"    follow_up: รายงานผลทุกไตรมาส\n  - title: การรักษาระดับคะแนน", text)
    page.once("dialog", lambda d: d.accept())  # a removal asks first
    with page.expect_navigation():
        page.locator("#item-measures-3").get_by_role("button", name="ลบรายการนี้").click()
    with page.expect_navigation():
        page.get_by_role("button", name="บันทึก", exact=True).last.click()
    assert "มาตรการใหม่" not in recs.packet.read_text(encoding="utf-8")
    page.close()


def test_each_page_kind(workspace, browser) -> None:
    """The profile (with the memo's chain), the documents form and the progress form
    open in Thai, in TH Sarabun New."""
    base, recs, _ = workspace
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base + "/p/lopburi-pao/2566/profile")
    row = page.locator("tr", has_text="หัวหน้าสำนักปลัดองค์การบริหารส่วนจังหวัด").first
    assert row.locator("td").nth(2).inner_text() == ("ปลัดองค์การบริหารส่วนจังหวัดลพบุรี → รองนายกองค์การบริหารส่วนจังหวัดลพบุรี"
                                                      " → นายกองค์การบริหารส่วนจังหวัดลพบุรี")
    font = page.evaluate("document.fonts.check('22px \"docgen Sarabun\"', 'ก') && getComputedStyle(document.body).fontFamily")
    assert font and font.startswith('"docgen Sarabun"')
    page.wait_for_function("document.fonts.status === 'loaded'")
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('docgen Sarabun') && f.status === 'loaded')")
    shot(page, "6-profile")
    page.goto(base + "/p/lopburi-pao/2566/edit/documents")
    assert page.locator('[name="circular.signer"]').input_value() == "chief-executive"
    assert page.locator('[name="report.date.m"]').input_value() == "2"
    shot(page, "7-documents-form")
    page.goto(base + "/p/lopburi-pao/2566/edit/progress")
    assert page.locator('[name="measures.0.status"]').input_value() == "done"
    shot(page, "8-progress-form")
    page.close()
