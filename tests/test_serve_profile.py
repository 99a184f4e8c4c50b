"""The profile is kept in the browser: the office's name and contacts in a form, and
units, people and roles added and removed (docgen makes the new entry's key; the
records' rules ask for what it lacks; a removal a role still needs is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_serve import U, client, errors_of, form_of

from docgen.records.loading import load

from conftest import ORG, Records, run


@pytest.fixture
def recs(tmp_path: Path) -> Records:
    return Records(tmp_path / "records", progress=True)


def _post(c, key: str, form: dict, action: str = "save", status: int = 200) -> dict:
    form["action"] = action
    r = c.post(f"{U}/edit/{key}", data=form)
    page = r.get_data(as_text=True)
    assert r.status_code == status, errors_of(page)
    return form_of(page)


def test_the_offices_name_and_contacts_are_kept_in_a_form(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/office").get_data(as_text=True))
    assert form["phone"] == "0 3641 1404" and form["numerals"] == "thai"
    form.update({"phone": "0 3641 1405", "email": "saraban@loppao.go.th", "motto": "โปร่งใส ตรวจสอบได้"})
    _post(c, "office", form)
    org = load(recs.packet).organisation
    assert (org.phone, org.email, org.motto) == ("0 3641 1405", "saraban@loppao.go.th", "โปร่งใส ตรวจสอบได้")
    form = form_of(c.get(f"{U}/edit/office").get_data(as_text=True))
    form["email"] = "not an address"
    assert "email" in errors_of(c.post(f"{U}/edit/office", data={**form, "action": "save"}).get_data(as_text=True))


def test_a_person_and_a_unit_are_added_and_a_role_given_to_the_person(recs: Records) -> None:
    c = client(recs)
    form = _post(c, "people", form_of(c.get(f"{U}/edit/people").get_data(as_text=True)), "add:key:people")
    assert form["people.person-1.name"] == ""
    form = _post(c, "people", form, "add:key:units")
    form.update({"people.person-1.title": "นาง", "people.person-1.name": "สมใจ ใจดี", "units.unit-1.name": "กองคลัง",
                 "roles.deputy-permanent-secretary.holder": "person-1"})
    _post(c, "people", form)
    org = load(recs.packet).organisation
    assert org.people["person-1"].name == "สมใจ ใจดี" and org.units["unit-1"].name == "กองคลัง"
    assert org.roles["deputy-permanent-secretary"].holder == "person-1"
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


def test_an_added_person_left_empty_is_asked_for(recs: Records) -> None:
    c = client(recs)
    form = _post(c, "people", form_of(c.get(f"{U}/edit/people").get_data(as_text=True)), "add:key:people")
    before = (recs.root / ORG).read_bytes()
    r = c.post(f"{U}/edit/people", data={**form, "action": "save"})
    assert r.status_code == 422 and "people.person-1.name" in errors_of(r.get_data(as_text=True))
    assert (recs.root / ORG).read_bytes() == before


def test_a_removal_that_would_break_a_record_is_refused(recs: Records) -> None:
    """A person a role names, a unit a measure names: the save is refused, saying
    what it would break, in this file or in the packet's; the profile is as it was."""
    c = client(recs)
    before = (recs.root / ORG).read_bytes()
    form = _post(c, "people", form_of(c.get(f"{U}/edit/people").get_data(as_text=True)), "remove:key:people:nipa")
    assert "people.nipa.name" not in form
    r = c.post(f"{U}/edit/people", data={**form, "action": "save"})
    assert r.status_code == 422 and "roles.permanent-secretary.holder" in errors_of(r.get_data(as_text=True))
    form = _post(c, "people", form_of(c.get(f"{U}/edit/people").get_data(as_text=True)), "remove:key:units:personnel")
    page = " ".join(c.post(f"{U}/edit/people", data={**form, "action": "save"}).get_data(as_text=True).split())
    assert ("บันทึกไม่ได้ เพราะจะทำให้ packet.yaml ผิด: measures.2.support.0: ไม่มีหน่วยงาน 'personnel'"
            in page.replace("&#39;", "'"))
    assert (recs.root / ORG).read_bytes() == before


def test_an_added_unit_is_removed_again_before_saving(recs: Records) -> None:
    c = client(recs)
    form = _post(c, "people", form_of(c.get(f"{U}/edit/people").get_data(as_text=True)), "add:key:units")
    form = _post(c, "people", form, "remove:key:units:unit-1")
    assert "units.unit-1.name" not in form
    _post(c, "people", form)
    assert "unit-1" not in load(recs.packet).organisation.units


def test_the_derived_grade_stands_beside_the_score(recs: Records) -> None:
    page = " ".join(client(recs).get(f"{U}/edit/result").get_data(as_text=True).split())
    assert "0 ถึง 100 ได้ระดับ AA (คำนวณให้เองตามเกณฑ์ของกรอบการประเมิน)" in page


def test_dates_typed_any_way_are_written_one_way(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    form.update({"memo.date": "๒๒ ก.พ. ๒๕๖๖", "circular.date": "2023-02-28", "circular.report_by": "25 มีนาคม 2566"})
    _post(c, "documents", form)
    text = recs.packet.read_text(encoding="utf-8")
    assert "  date: 2566-02-22\n" in text and "  date: 2566-02-28" in text and "  report_by: 2566-03-25" in text
