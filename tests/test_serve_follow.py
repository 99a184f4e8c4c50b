"""The progress report follows its measures in the workspace: adding, removing, moving
or renaming a measure while progress.yaml exists renumbers and retitles the progress
records in the same save, so the packet still validates and builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_serve import U, client, errors_of, form_of

from docgen.records.loading import load

from conftest import PROGRESS, Records, run


@pytest.fixture
def recs(tmp_path: Path) -> Records:
    return Records(tmp_path / "records", progress=True)


def _act(c, action: str, form: dict | None = None) -> dict:
    form = form or form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["action"] = action
    r = c.post(f"{U}/edit/measures", data=form)
    assert r.status_code == 200, errors_of(r.get_data(as_text=True))
    return form_of(r.get_data(as_text=True))


def _save(c, form: dict) -> str:
    form["action"] = "save"
    r = c.post(f"{U}/edit/measures", data=form)
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "บันทึกแล้ว" in page, errors_of(page)
    return " ".join(page.split())


def _progress(recs: Records) -> list[tuple[int, str, str]]:
    return [(m.measure, m.title, m.status) for m in load(recs.packet).progress.measures]


TITLES = ["การยืมทรัพย์สินของหน่วยงาน", "การปรับปรุงระบบการทำงานเพื่อเพิ่มประสิทธิภาพการรับรู้ข้อมูลข่าวสารของประชาชน",
          "เสริมสร้างคุณธรรม จริยธรรมและความโปร่งใสภายในหน่วยงาน", "การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA"]


def test_a_moved_measure_takes_its_progress_record_along(recs: Records) -> None:
    c = client(recs)
    _save(c, _act(c, "down:measures:1"))
    assert [(n, t) for n, t, _ in _progress(recs)] == [(1, TITLES[0]), (2, TITLES[2]), (3, TITLES[1]), (4, TITLES[3])]
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


def test_a_renamed_measure_renames_its_progress_record(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["measures.0.title"] = "การยืมและคืนทรัพย์สินของหน่วยงาน"
    _save(c, form)
    assert _progress(recs)[0][:2] == (1, "การยืมและคืนทรัพย์สินของหน่วยงาน")
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


def test_a_removed_measure_takes_its_record_and_says_so(recs: Records) -> None:
    c = client(recs)
    page = _save(c, _act(c, "remove:measures:0"))
    assert f"ลบรายงานผลของมาตรการที่ 1 ({TITLES[0]}) ออกด้วย เพราะมาตรการนั้นถูกลบ" in page
    assert [(n, t) for n, t, _ in _progress(recs)] == [(1, TITLES[1]), (2, TITLES[2]), (3, TITLES[3])]
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


def test_a_measure_added_in_the_middle_gets_a_record_to_fill_in(recs: Records) -> None:
    c = client(recs)
    form = _act(c, "add:measures")
    new = {"title": "การประเมินความเสี่ยงการทุจริต", "steps": "จัดทำแผนประเมินความเสี่ยง", "lead": "internal-audit",
           "start.m": "3", "start.y": "2566", "end.m": "6", "end.y": "2566", "follow_up": "รายงานผู้บริหาร"}
    for key, value in new.items():
        if f"measures.4.{key}" in form:
            form[f"measures.4.{key}"] = value
    for at in (4, 3, 2):  # up to second place
        form = _act(c, f"up:measures:{at}", form)
        assert form[f"measures.{at - 1}.title"] == new["title"]
    page = _save(c, form)
    assert "เพิ่มรายงานผลของมาตรการที่ 2 ให้แล้ว (สถานะ ยังไม่ได้ดำเนินการ) ให้กรอกในหน้ารายงานผล" in page
    text = (recs.root / PROGRESS).read_text(encoding="utf-8")
    assert "measure: 2\n    title: การประเมินความเสี่ยงการทุจริต\n    status: not-started\n" in text
    result = run("validate", "-r", str(recs.packet))
    assert result.exit_code == 1  # only the new record's reason is asked for
    problems = [line for line in result.stderr.splitlines() if " บรรทัด " in line]
    assert len(problems) == 1 and "measures.1.reason: มาตรการที่ 2 ยังไม่ได้ดำเนินการ ต้องบอกเหตุผล (reason)" in problems[0]
    assert [int(n) for n in re.findall(r"- measure: (\d+)", text)] == [1, 2, 3, 4, 5]


def test_next_years_framework_is_checked_and_filled_in_the_browser(recs: Records) -> None:
    """Next year from the page drafts the framework too; its codes are asked for beside
    their fields in the framework's form, and once typed there the framework validates."""
    c = client(recs)
    r = c.post(f"{U}/new-year", follow_redirects=True)
    assert r.status_code == 200
    nxt = "/p/lopburi-pao/2567"
    page = c.get(f"{nxt}/").get_data(as_text=True)
    assert "ไม่พบไฟล์นี้" not in page and "item.code" in page
    form = form_of(c.get(f"{nxt}/edit/framework").get_data(as_text=True))
    assert form["item.code"] == "" and form["pass_mark"] == "85"
    form.update({"item.code": "O40", "progress_item.code": "O41", "action": "save"})
    r = c.post(f"{nxt}/edit/framework", data=form)
    assert r.status_code == 200, errors_of(r.get_data(as_text=True))
    text = (recs.root / "frameworks" / "ita-2567.yaml").read_text(encoding="utf-8")
    assert "  code: O40 # ต้องตรวจกับคู่มือการประเมินของปีนี้แล้วกรอก (ปีก่อนเป็น O42)\n" in text
    result = run("validate", "-r", str(recs.root / "lopburi-pao" / "2567"))
    assert "ita-2567.yaml บรรทัด" not in result.stderr  # the framework is whole; the packet's blanks remain


def test_a_removal_can_be_undone_before_saving_and_the_place_is_kept(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    r = c.post(f"{U}/edit/measures", data={**form, "action": "remove:measures:1"})
    page = r.get_data(as_text=True)
    assert 'data-focus="item-measures-1"' in page and "ยกเลิกการลบ" in page  # now where the removed one was
    removed = form_of(page)
    assert removed["measures.1.title"] == TITLES[2]
    r = c.post(f"{U}/edit/measures", data={**removed, "action": "undo"})
    back = form_of(r.get_data(as_text=True))
    assert [back[f"measures.{i}.title"] for i in range(4)] == TITLES and back["__order.measures"] == "0,1,2,3"
    _save(c, back)
    assert [t for _, t, _ in _progress(recs)] == TITLES  # nothing was lost
    r = c.post(f"{U}/edit/measures", data={**back, "action": "down:measures:0"})
    assert 'data-focus="item-measures-1"' in r.get_data(as_text=True)  # the moved item, where it went
