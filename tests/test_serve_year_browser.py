"""The clerk's year in Chromium (issue 22's points, as the clerk's steps): measures
moved and added while progress.yaml exists and the progress records follow; a photo
added with unsaved text keeps the text; the documents said to be older after a save;
next year started with its framework drafted and filled in, no signature carried; a
person and a unit added; lists keep the clerk's place, a removal asks and can be
undone, a refused save goes to the first field to fix, leaving a changed form warns."""

from __future__ import annotations

import io
from pathlib import Path

from test_serve_browser import browser, workspace  # noqa: F401 - the fixtures

from docgen.records.loading import load

from conftest import PROGRESS

P = "/p/lopburi-pao/2566"


def _go(page, locator) -> None:  # noqa: ANN001
    """Click a button that sends the form, and wait for the page it brings."""
    with page.expect_navigation():
        locator.click()


def _next_year(chromium, base: str):  # noqa: ANN001, ANN202
    """A page on which the clerk has started next fiscal year from the sample's packet page."""
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + P + "/")
    _go(page, page.get_by_role("button", name="เริ่มข้อมูลปีงบประมาณ 2567 จากปีนี้"))
    return page


def _focused_group(page) -> str:  # noqa: ANN001
    return page.evaluate("document.activeElement.closest('fieldset') && document.activeElement.closest('fieldset').id")


def test_lists_keep_the_clerks_place_and_a_removal_asks_and_undoes(workspace, browser) -> None:  # noqa: F811
    base, recs, _ = workspace
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + P + "/edit/measures")
    _go(page, page.locator("#item-measures-0").get_by_role("button", name="เลื่อนลง"))
    assert _focused_group(page) == "item-measures-1"  # the moved measure, where it went, in view
    assert page.evaluate("(() => { const r = document.getElementById('item-measures-1').getBoundingClientRect();"
                         " return r.top < innerHeight && r.bottom > 0; })()")
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator("#item-measures-2").get_by_role("button", name="ลบรายการนี้").click()
    assert asked and asked[0].startswith("ลบรายการนี้?") and page.locator("#item-measures-3").count() == 1
    page.once("dialog", lambda d: d.accept())
    _go(page, page.locator("#item-measures-2").get_by_role("button", name="ลบรายการนี้"))
    assert page.locator("#item-measures-3").count() == 0
    _go(page, page.get_by_role("button", name="ยกเลิกการลบ"))
    assert page.locator("#item-measures-3").count() == 1
    # a refused save: the first field to fix has the focus
    page.locator("#item-measures-0").get_by_label("ชื่อมาตรการ").fill("")
    _go(page, page.get_by_role("button", name="บันทึก", exact=True).last)
    assert page.evaluate("document.activeElement.closest('.field').dataset.field") == "measures.0.title"
    # leaving a changed form warns
    page.locator("#item-measures-0").get_by_label("ชื่อมาตรการ").fill("การยืมทรัพย์สิน")
    warned = []
    page.once("dialog", lambda d: (warned.append(d.type), d.dismiss()))
    page.get_by_role("link", name="กลับไปหน้าชุดเอกสาร").click()
    assert warned == ["beforeunload"]
    page.close()


def test_a_moved_measure_and_a_photo_with_unsaved_text(workspace, browser) -> None:  # noqa: F811
    from PIL import Image

    from conftest import run

    base, recs, out = workspace
    assert run("build", "-r", str(recs.packet), "-o", str(out)).exit_code == 0  # last week's documents
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + P + "/")
    assert page.locator("#stale").count() == 0
    page.goto(base + P + "/edit/measures")
    _go(page, page.locator("#item-measures-3").get_by_role("button", name="เลื่อนขึ้น"))
    _go(page, page.get_by_role("button", name="บันทึก", exact=True).last)
    assert "เลขและชื่อมาตรการในรายงานผลการดำเนินการเปลี่ยนตามตารางมาตรการแล้ว" in page.content()
    assert [m.measure for m in load(recs.packet).progress.measures] == [1, 2, 3, 4]
    assert load(recs.packet).progress.measures[2].title == "การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA"
    page.goto(base + P + "/")  # the documents shown are now older than the records, and say so
    assert page.locator("#stale").inner_text().startswith("เอกสารด้านล่างสร้างจากข้อมูลฉบับก่อน: แก้ไขข้อมูลชุดเอกสาร")
    page.goto(base + P + "/edit/progress")
    results = page.locator('[data-field="measures.0.results"] textarea')
    results.fill("ทุกส่วนราชการได้รับคู่มือ\nพิมพ์ไว้ก่อนเพิ่มภาพ")
    png = io.BytesIO()
    Image.new("RGB", (320, 240), "white").save(png, format="PNG")
    photo = Path(recs.root) / "photo.png"
    photo.write_bytes(png.getvalue())
    page.get_by_label("คำบรรยายภาพ").fill("ภาพการแจกคู่มือ")
    page.get_by_label("ไฟล์ภาพ (PNG หรือ JPEG)").set_input_files(str(photo))
    _go(page, page.get_by_role("button", name="เพิ่มภาพและบันทึก"))
    assert "เพิ่มภาพเป็นหลักฐานและบันทึกหน้านี้แล้ว" in page.content()
    text = (recs.root / PROGRESS).read_text(encoding="utf-8")
    assert "พิมพ์ไว้ก่อนเพิ่มภาพ" in text and "{caption: ภาพการแจกคู่มือ, photo: photos/measure-1-1.png}" in text
    page.close()


def test_next_year_from_the_browser_with_its_framework_and_no_signature(workspace, browser) -> None:  # noqa: F811
    base, recs, _ = workspace
    page = _next_year(browser, base)
    assert "ร่างกรอบการประเมินปี 2567 ให้แล้ว" in page.content()
    _go(page, page.get_by_role("link", name="กรอบการประเมินของปีนี้"))
    page.get_by_label("รหัสข้อ").first.fill("O40")
    page.get_by_label("รหัสข้อ").last.fill("O41")
    _go(page, page.get_by_role("button", name="บันทึก", exact=True).last)
    assert page.get_by_role("status").first.inner_text() == "บันทึกแล้ว"
    draft = recs.root / "lopburi-pao" / "2567" / "packet.yaml"
    assert "ลงนามแล้ว" not in draft.read_text(encoding="utf-8").split("annotations:")[1].split("\n")[0].split("#")[0]
    assert "ita-2567.yaml" not in " ".join(p.file.name for p in _problems(draft))
    page.goto(base + "/p/lopburi-pao/2567/edit/people")
    _go(page, page.get_by_role("button", name="เพิ่มบุคคล"))
    assert _focused_group(page) == "entry-people-person-1"
    page.locator("#entry-people-person-1").get_by_label("คำนำหน้า").fill("นาง")
    page.locator("#entry-people-person-1").get_by_label("ชื่อ-สกุล").fill("สมใจ ใจดี")
    _go(page, page.get_by_role("button", name="เพิ่มส่วนราชการ"))
    page.locator("#entry-units-unit-1").get_by_label("ชื่อเต็ม").fill("กองคลัง")
    _go(page, page.get_by_role("button", name="บันทึก", exact=True).last)
    assert page.get_by_role("status").first.inner_text() == "บันทึกแล้ว"
    org = (recs.root / "lopburi-pao" / "organisation.yaml").read_text(encoding="utf-8")
    assert "person-1:" in org and "สมใจ ใจดี" in org and "unit-1:" in org and "กองคลัง" in org
    page.close()


def _problems(packet: Path) -> list:
    from docgen.errors import RecordsError

    try:
        load(packet)
    except RecordsError as exc:
        return exc.problems
    return []


SECTION_KEYS = ("result", "advice", "measures", "documents", "framework", "progress")
#: what a clerk types for a field the records' check still asks for, by the end of its path
TYPED = {"score": "90.5", "year_before_score": "96.77", "url": "https://www.example.go.th/ita/2567/o42",
         "announced": "2566-08-01", "date": "2567-02-20", "report_by": "2567-03-20", "reason": "รองบประมาณ"}


def _fill_what_is_asked(page, base: str, rel: str, packet: Path, year: int) -> None:  # noqa: ANN001
    """Each field the records' check asks for, filled in its form in the browser as a
    clerk would (a number, a date of the fiscal year, a chosen option), form by form."""
    for _ in range(3):
        asked = {p.field for p in _problems(packet)}
        if not asked:
            return
        for key in SECTION_KEYS:
            page.goto(f"{base}/p/{rel}/edit/{key}")
            here = [f for f in asked if page.locator(f'[data-field="{f}"]').count()]
            for name in here:
                box = page.locator(f'[data-field="{name}"]')
                if box.locator("select").count() == 2:  # a month and its year: March of the fiscal year
                    box.locator("select").first.select_option(value="3")
                    box.locator("select").last.select_option(value=str(year))
                elif box.locator("select").count():
                    box.locator("select").select_option(index=1)
                elif box.locator("textarea").count():
                    box.locator("textarea").fill(TYPED.get(name.rsplit(".", 1)[-1], "ข้อความที่เจ้าหน้าที่พิมพ์"))
                else:
                    last = name.rsplit(".", 1)[-1]
                    box.locator("input").first.fill(TYPED.get(last, "92" if ".indicators." in name else "ข้อความ"))
            if here:
                _go(page, page.get_by_role("button", name="บันทึก", exact=True).last)
    assert not _problems(packet), [(p.field, p.message) for p in _problems(packet)]


def test_a_measure_added_in_the_middle_and_the_progress_report_builds(workspace, browser) -> None:  # noqa: F811
    from conftest import run
    from docx_helpers import all_text, open_docx

    base, recs, out = workspace
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + P + "/edit/measures")
    _go(page, page.get_by_role("button", name="เพิ่มมาตรการ"))
    new = page.locator("#item-measures-4")
    new.get_by_label("ชื่อมาตรการ").fill("การอบรมเจ้าหน้าที่ใหม่เรื่องการเปิดเผยข้อมูล")
    new.get_by_label("ขั้นตอนการดำเนินการ").fill("จัดอบรม")
    new.get_by_label("การติดตามผล").fill("รายงานผลทุกไตรมาส")
    for at in (4, 3, 2):  # up to the middle: the second measure
        _go(page, page.locator(f"#item-measures-{at}").get_by_role("button", name="เลื่อนขึ้น"))
    assert page.locator("#item-measures-1").get_by_label("ชื่อมาตรการ").input_value().startswith("การอบรม")
    added = page.locator("#item-measures-1")
    added.locator('[data-field="measures.1.lead"] select').select_option(index=1)
    for end, month in (("start", "3"), ("end", "9")):  # March to September 2566
        box = added.locator(f'[data-field="measures.1.{end}"]')
        box.locator("select").first.select_option(value=month)
        box.locator("select").last.select_option(value="2566")
    _go(page, page.locator("#item-measures-3").get_by_role("button", name="เลื่อนขึ้น"))  # and another moved
    _go(page, page.get_by_role("button", name="บันทึก", exact=True).last)
    assert "เพิ่มรายงานผลของมาตรการที่ 2 ให้แล้ว (สถานะ ยังไม่ได้ดำเนินการ) ให้กรอกในหน้ารายงานผล" in page.content()
    _fill_what_is_asked(page, base, "lopburi-pao/2566", recs.packet, 2566)  # the new measure's progress record
    progress = load(recs.packet).progress
    titles = [m.title for m in load(recs.packet).packet.measures]
    assert titles[1] == "การอบรมเจ้าหน้าที่ใหม่เรื่องการเปิดเผยข้อมูล"
    assert [(m.measure, m.title) for m in progress.measures] == list(enumerate(titles, 1))
    built = run("build", "--force", "-r", str(recs.packet), "-o", str(out))
    assert built.exit_code == 0, built.stderr
    text = " ".join(all_text(open_docx((out / "lopburi-pao" / "2566" / "progress.docx").read_bytes())))
    assert "การอบรมเจ้าหน้าที่ใหม่เรื่องการเปิดเผยข้อมูล" in text
    page.close()


def test_next_year_filled_and_built_in_the_browser_prints_no_signature_it_did_not_get(workspace, browser) -> None:  # noqa: F811
    from conftest import run
    from docx_helpers import all_text, open_docx

    base, recs, out = workspace
    page = _next_year(browser, base)
    draft = recs.root / "lopburi-pao" / "2567" / "packet.yaml"
    _fill_what_is_asked(page, base, "lopburi-pao/2567", draft, 2567)
    page.goto(base + "/p/lopburi-pao/2567/")
    _go(page, page.get_by_role("button", name="สร้างเอกสารทั้งชุด (DOCX และ PDF)"))
    page.wait_for_selector("#job:has-text('สร้างเสร็จแล้ว')", timeout=240_000)
    memo = " ".join(all_text(open_docx((out / "lopburi-pao" / "2567" / "memo.docx").read_bytes())))
    assert "ลงนามแล้ว" not in memo and "เพื่อโปรดลงนาม" not in memo  # last year's notes are not this year's
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗" in memo
    assert run("validate", "-r", str(draft)).exit_code == 0
    page.close()
