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
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(base + P + "/")
    _go(page, page.get_by_role("button", name="เริ่มข้อมูลปีงบประมาณ 2567 จากปีนี้"))
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
