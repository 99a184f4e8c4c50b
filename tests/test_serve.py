"""The workspace's rules, through its HTTP interface (Flask's test client) and the
``docgen serve`` command: the same messages as ``docgen validate``, nothing invalid
written, comments kept, edits from two places merged or refused, and the safety
rules (CSRF, the host check, nothing outside the
records and output folders, uploads checked as images)."""

from __future__ import annotations

import html as html_lib
import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from docgen.serve.app import create_app

from conftest import ORG, PACKET, PROGRESS, Records, run

U = "/p/lopburi-pao/2566"


@pytest.fixture
def recs(tmp_path: Path) -> Records:
    return Records(tmp_path / "records", progress=True)


def client(recs: Records, *, csrf: bool = False, **kw: object):
    app = create_app(recs.root, recs.root.parent / "output", **kw)
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app.test_client()


def form_of(html: str) -> dict[str, object]:
    """The form's fields, ticked boxes and chosen options, as a browser would send them."""
    form: dict[str, object] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if not name or not value:
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                form.setdefault(name.group(1), []).append(value.group(1))  # type: ignore[union-attr]
        else:
            form[name.group(1)] = value.group(1)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        form[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        form[name] = body
    form = {k: v.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&") if isinstance(v, str) else v
            for k, v in form.items()}
    form["action"] = "save"
    return form


def post_photo(c, measure: str, caption: str, data: bytes, name: str = "x", **typed: str):
    """The progress form as the clerk has it (with *typed* values), sent with a photo."""
    form = form_of(c.get(f"{U}/edit/progress").get_data(as_text=True))
    form.update(typed, action="photo", photo_measure=measure, photo_caption=caption, photo=FileStorage(io.BytesIO(data), name))
    # encoded here in memory: werkzeug's test client spools a body over 500 KB to a
    # temporary file that it never closes, which a later test's collector then reports
    boundary, body = encode_multipart(form)
    return c.post(f"{U}/edit/progress", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def errors_of(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in re.split(r'(?=<div class="field)', html)[1:]:
        name = re.search(r'data-field="([^"]+)"', block).group(1)
        msgs = [html_lib.unescape(m) for m in re.findall(r'<p class="error"[^>]*>([^<]*)</p>', block)]
        if msgs:
            found[name] = msgs
    return found


def test_a_bad_score_gets_validates_message_and_nothing_is_written(recs: Records) -> None:
    c = client(recs)
    before = recs.packet.read_bytes()
    form = form_of(c.get(f"{U}/edit/result").get_data(as_text=True))
    form["previous_result.score"] = "120"
    form["previous_result.indicators.budget"] = "เก้าสิบ"
    r = c.post(f"{U}/edit/result", data=form)
    assert r.status_code == 422
    shown = errors_of(r.get_data(as_text=True))
    assert recs.packet.read_bytes() == before
    # the same words docgen validate prints for the same values
    recs.edit(PACKET, "  score: 96.77", "  score: 120")
    recs.edit(PACKET, "    budget: 93.24", "    budget: เก้าสิบ")
    out = run("validate", "-r", str(recs.packet)).output
    for field, messages in shown.items():
        for message in messages:
            assert f"{field}: {message}" in out
    assert set(shown) == {"previous_result.score", "previous_result.indicators.budget"}


def test_a_saved_form_changes_its_lines_only(recs: Records) -> None:
    c = client(recs)
    before = recs.packet.read_text(encoding="utf-8")
    form = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    form["memo.date"] = "๒๒ ก.พ. ๒๕๖๖"
    form["circular.number"] = "๕๓๒"
    form["circular.to"] = ["all-unit-heads"]
    r = c.post(f"{U}/edit/documents", data=form)
    assert r.status_code == 200, errors_of(r.get_data(as_text=True))
    after = recs.packet.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [
        ("  date: 2566-02-23", "  date: 2566-02-22"),  # typed ๒๒ ก.พ. ๒๕๖๖: written as the file writes dates
        ("  number: 531                       # เลขทะเบียนหนังสือเวียน (ต่อจาก /ว)",
         "  number: 532                       # เลขทะเบียนหนังสือเวียน (ต่อจาก /ว)"),
        ("  to: [all-unit-heads, head-of-internal-audit]", "  to: [all-unit-heads]"),
    ]
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


def test_an_unchanged_form_writes_nothing(recs: Records) -> None:
    c = client(recs)
    for section in ("result", "advice", "measures", "documents", "progress", "people"):
        paths = [recs.packet, recs.root / PROGRESS, recs.root / ORG]
        before = [p.read_bytes() for p in paths]
        form = form_of(c.get(f"{U}/edit/{section}").get_data(as_text=True))
        html = c.post(f"{U}/edit/{section}", data=form).get_data(as_text=True)
        assert "บันทึกแล้ว" in html, (section, errors_of(html))
        assert [p.read_bytes() for p in paths] == before, section


def test_measure_items_keep_their_comments_when_moved(recs: Records) -> None:
    recs.edit(PACKET, "  - title: การยืมทรัพย์สินของหน่วยงาน\n",
              "  - title: การยืมทรัพย์สินของหน่วยงาน   # จากข้อเสนอแนะ I20\n")
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["action"] = "down:measures:0"
    moved = c.post(f"{U}/edit/measures", data=form).get_data(as_text=True)
    assert "ยังไม่ได้บันทึกการเพิ่ม ลบ หรือเลื่อนรายการ" in moved
    assert 'name="__order.measures" value="1,0,2,3"' in moved
    form = form_of(moved)
    assert c.post(f"{U}/edit/measures", data=form).status_code == 200
    text = recs.packet.read_text(encoding="utf-8")
    assert text.index("- title: การปรับปรุงระบบการทำงาน") < text.index(
        "- title: การยืมทรัพย์สินของหน่วยงาน   # จากข้อเสนอแนะ I20")


def test_an_added_measure_left_empty_is_refused_beside_its_fields(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["action"] = "add:measures"
    form = form_of(c.post(f"{U}/edit/measures", data=form).get_data(as_text=True))
    before = recs.packet.read_bytes()
    r = c.post(f"{U}/edit/measures", data=form)
    assert r.status_code == 422
    shown = errors_of(r.get_data(as_text=True))
    assert shown["measures.4.title"] == ["ยังไม่ได้กรอก ต้องใส่ค่านี้"]
    assert set(shown) >= {"measures.4.title", "measures.4.steps", "measures.4.lead", "measures.4.start"}
    assert recs.packet.read_bytes() == before


def test_two_saves_of_one_field_clash_and_of_two_fields_merge(recs: Records) -> None:
    c = client(recs)
    first = form_of(c.get(f"{U}/edit/result").get_data(as_text=True))
    second = dict(first)
    first["previous_result.score"] = "97.1"
    assert c.post(f"{U}/edit/result", data=first).status_code == 200
    saved = recs.packet.read_bytes()
    second["previous_result.score"] = "97.2"
    second["previous_result.indicators.duty"] = "98"
    r = c.post(f"{U}/edit/result", data=second)
    html = r.get_data(as_text=True)
    assert r.status_code == 409
    assert "ในไฟล์ตอนนี้: 97.1" in html and 'value="97.2"' in html and 'value="98"' in html
    assert recs.packet.read_bytes() == saved


def test_the_workspace_restarted_between_open_and_save(recs: Records) -> None:
    """Without the version the form was filled from, every differing field is a clash."""
    from docgen.serve import workspace

    form = form_of(client(recs).get(f"{U}/edit/result").get_data(as_text=True))
    workspace._BASES.clear()  # what a restart forgets
    recs.edit(PACKET, "  score: 96.77", "  score: 96.5")
    form["previous_result.indicators.duty"] = "98"
    r = client(recs).post(f"{U}/edit/result", data=form)
    assert r.status_code == 409
    assert "ในไฟล์ตอนนี้: 96.5" in r.get_data(as_text=True)


def test_csrf_token_is_required(recs: Records) -> None:
    c = client(recs, csrf=True)
    form = form_of(c.get(f"{U}/edit/result").get_data(as_text=True))
    before = recs.packet.read_bytes()
    bad = dict(form, csrf_token="forged", **{"previous_result.score": "90"})
    r = c.post(f"{U}/edit/result", data=bad)
    assert r.status_code == 400 and "รหัสยืนยัน" in r.get_data(as_text=True)
    assert recs.packet.read_bytes() == before
    good = dict(form, **{"previous_result.score": "90"})
    assert c.post(f"{U}/edit/result", data=good).status_code == 200
    assert b"  score: 90\n" in recs.packet.read_bytes()


def test_a_request_for_another_host_is_refused(recs: Records) -> None:
    c = client(recs)
    r = c.get("/", headers={"Host": "attacker.example:8000"})
    assert r.status_code == 400 and r.get_data(as_text=True).startswith("คำขอไม่ถูกต้อง: ")
    assert c.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_nothing_outside_the_records_and_output_is_served(recs: Records, tmp_path: Path) -> None:
    (tmp_path / "secret.docx").write_bytes(b"secret")
    c = client(recs)
    for url in ("/p/../", "/p/lopburi-pao/", "/p/lopburi-pao/2566/../../secret/", f"{U}/file/..%2F..%2Fsecret.docx",
                f"{U}/file/../../../secret.docx", f"{U}/file/manifest.yaml", f"{U}/edit/nothing",
                f"{U}/preview/report.pdf/1.png", "/p/frameworks/"):
        r = c.get(url, follow_redirects=True)
        assert r.status_code == 404, url
        assert b"secret" not in r.data
    # a packet reached through a link that leaves the records folder is not a packet
    outside = tmp_path / "elsewhere" / "2566"
    outside.mkdir(parents=True)
    (outside / "packet.yaml").write_bytes(recs.packet.read_bytes())
    os.symlink(outside.parent, recs.root / "linked")
    assert c.get("/p/linked/2566/").status_code == 404


def test_uploaded_emblems_and_photos_are_checked_as_images(recs: Records) -> None:
    c = client(recs)
    profile = (recs.root / ORG).read_bytes()
    r = c.post(f"{U}/emblem", data={"emblem": (io.BytesIO(b"<html>not an image</html>"), "garuda.png")},
               content_type="multipart/form-data", follow_redirects=True)
    assert "ใช้ภาพนี้ไม่ได้" in r.get_data(as_text=True)
    assert (recs.root / ORG).read_bytes() == profile
    assert not (recs.root / ORG).with_name("emblem.png").exists()
    assert not [p for p in (recs.root / ORG).parent.iterdir() if p.name.startswith(".upload")]

    progress = (recs.root / PROGRESS).read_bytes()
    r = post_photo(c, "0", "ภาพการอบรม", b"GIF89a broken", "x.jpg")
    assert "ใช้ภาพนี้ไม่ได้" in r.get_data(as_text=True)
    assert (recs.root / PROGRESS).read_bytes() == progress
    photos = recs.packet.parent / "photos"
    assert not photos.exists() or not any(photos.iterdir())

    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(png, format="PNG")
    r = post_photo(c, "2", "ภาพการอบรม", png.getvalue(), "อบรม.png")
    assert "เพิ่มภาพเป็นหลักฐานและบันทึกหน้านี้แล้ว" in r.get_data(as_text=True)
    assert "      - {caption: ภาพการอบรม, photo: photos/measure-3-1.png}\n" in (recs.root / PROGRESS).read_text(
        encoding="utf-8")
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


def test_next_year_from_the_page(recs: Records) -> None:
    c = client(recs)
    r = c.post(f"{U}/new-year", follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "สร้างร่างข้อมูลปีถัดไปแล้ว: lopburi-pao/2567/packet.yaml" in html
    assert "ชุดเอกสารปีงบประมาณ พ.ศ. 2567" in html
    assert "ยังไม่ได้กรอก" in html  # what the clerk must fill is listed
    assert (recs.root / "lopburi-pao/2567/packet.yaml").is_file()
    r = c.post(f"{U}/new-year", follow_redirects=True)
    assert r.status_code == 409 and "จึงไม่ได้เขียนทับ" in r.get_data(as_text=True)


def test_a_build_over_a_hand_edited_file_asks_first(recs: Records) -> None:
    out = recs.root.parent / "output"
    assert run("build", "-r", str(recs.packet), "-o", str(out)).exit_code == 0
    memo = out / "lopburi-pao/2566/memo.docx"
    memo.write_bytes(memo.read_bytes() + b"\0")  # the clerk's edit
    c = client(recs)
    r = c.post(f"{U}/build", follow_redirects=True)
    assert "ยังไม่ได้สร้าง: ไฟล์เหล่านี้ในโฟลเดอร์ผลลัพธ์ถูกแก้ไขหลังจาก docgen สร้าง memo.docx" in r.get_data(
        as_text=True)
    assert memo.read_bytes().endswith(b"\0")


def test_docgen_serve_starts_and_prints_its_address(recs: Records) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--records", str(recs.root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=recs.root.parent)
    try:
        line = proc.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert address, line + proc.stderr.read()
        assert line.startswith("พื้นที่ทำงาน docgen เปิดแล้ว: ")
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(address.group(0) + "p/lopburi-pao/2566/", timeout=5) as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert "ชุดเอกสารปีงบประมาณ พ.ศ. 2566" in html
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def test_the_progress_form_checks_with_the_progress_rules(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/progress").get_data(as_text=True))
    assert form["measures.0.evidence"] == (
        "คู่มือการยืมและใช้ทรัพย์สินของทางราชการ | https://www.loppao.go.th/ita/2566/o43/assets")
    before = (recs.root / PROGRESS).read_bytes()
    form["measures.1.status"] = "not-started"
    form["measures.1.activities"] += "\n2567-01-05 | ประชุมติดตาม"
    r = c.post(f"{U}/edit/progress", data=form)
    assert r.status_code == 422
    shown = errors_of(r.get_data(as_text=True))
    recs_text = (recs.root / PROGRESS).read_bytes()
    assert recs_text == before
    (recs.root / PROGRESS).write_text(before.decode("utf-8").replace(
        "    title: การปรับปรุงระบบการทำงานเพื่อเพิ่มประสิทธิภาพการรับรู้ข้อมูลข่าวสารของประชาชน\n    status: done\n",
        "    title: การปรับปรุงระบบการทำงานเพื่อเพิ่มประสิทธิภาพการรับรู้ข้อมูลข่าวสารของประชาชน\n"
        "    status: not-started\n").replace(
        "      - {date: 2566-03-01, text: ปรับปรุงหน้าเว็บไซต์ข่าวประชาสัมพันธ์ให้เป็นปัจจุบันทุกสัปดาห์}\n",
        "      - {date: 2566-03-01, text: ปรับปรุงหน้าเว็บไซต์ข่าวประชาสัมพันธ์ให้เป็นปัจจุบันทุกสัปดาห์}\n"
        "      - {date: 2567-01-05, text: ประชุมติดตาม}\n"), encoding="utf-8")
    out = run("validate", "-r", str(recs.packet)).output
    # beside the field the message is about (the date of the third activity: its list's field)
    assert shown == {"measures.1.reason": ["มาตรการที่ 2 ยังไม่ได้ดำเนินการ ต้องบอกเหตุผล (reason)"],
                     "measures.1.activities": ["วันที่ 5 มกราคม 2567 อยู่นอกปีงบประมาณ 2566"]}
    assert "measures.1.reason: มาตรการที่ 2 ยังไม่ได้ดำเนินการ ต้องบอกเหตุผล (reason)" in out
    assert "measures.1.activities.2.date: วันที่ 5 มกราคม 2567 อยู่นอกปีงบประมาณ 2566" in out


def test_an_officials_note_is_added_as_its_siblings_are_written(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    # the notes offered are those of the roles the memo climbs, from the signer's chain
    assert [k for k in form if k.startswith("memo.annotations.")] == [
        f"memo.annotations.{role}.{key}" for role in ("permanent-secretary", "deputy-chief-executive", "chief-executive")
        for key in ("note", "date")]
    form["memo.annotations.deputy-chief-executive.note"] = "เห็นควรอนุมัติ"
    form["memo.annotations.deputy-chief-executive.date"] = "2566-02-24"
    assert c.post(f"{U}/edit/documents", data=form).status_code == 200
    assert ("    chief-executive: {note: ลงนามแล้ว, date: 2566-02-24}\n"
            "    deputy-chief-executive: {note: เห็นควรอนุมัติ, date: 2566-02-24}\n") in recs.packet.read_text(
        encoding="utf-8")
    assert run("validate", "-r", str(recs.packet)).exit_code == 0


# --------------------------------------------------------------------------- what an independent review broke


def test_an_unchanged_form_never_undoes_another_save(recs: Records) -> None:
    c = client(recs)
    stale = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    other = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    other["action"] = "add:measures"
    other = form_of(c.post(f"{U}/edit/measures", data=other).get_data(as_text=True))
    other.update({"measures.4.title": "มาตรการใหม่", "measures.4.steps": "ขั้นเดียว", "measures.4.lead": "strategy",
                  "measures.4.start.m": "3", "measures.4.start.y": "2566", "measures.4.end.m": "9",
                  "measures.4.end.y": "2566", "measures.4.follow_up": "รายงานผล"})
    assert c.post(f"{U}/edit/measures", data=other).status_code == 200
    saved = recs.packet.read_bytes()
    r = c.post(f"{U}/edit/measures", data=stale)  # the first tab, unchanged, saves
    assert r.status_code == 409
    assert "รวมให้เองไม่ได้" in r.get_data(as_text=True)
    assert recs.packet.read_bytes() == saved


def test_a_list_changed_while_another_part_was_saved_is_a_conflict(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["action"] = "remove:measures:3"
    form = form_of(c.post(f"{U}/edit/measures", data=form).get_data(as_text=True))
    docs = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    docs["circular.number"] = "999"
    assert c.post(f"{U}/edit/documents", data=docs).status_code == 200
    saved = recs.packet.read_bytes()
    r = c.post(f"{U}/edit/measures", data=form)
    assert r.status_code == 409 and recs.packet.read_bytes() == saved
    # told, and saving again does what the clerk asked, over the newer file
    again = form_of(r.get_data(as_text=True))
    assert c.post(f"{U}/edit/measures", data=again).status_code == 200
    text = recs.packet.read_text(encoding="utf-8")
    assert "การรักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA" not in text and "  number: 999 " in text


def test_saves_at_the_same_moment_lose_nothing(recs: Records) -> None:
    import threading

    c1, c2 = client(recs), client(recs)
    a = form_of(c1.get(f"{U}/edit/documents").get_data(as_text=True))
    b = form_of(c2.get(f"{U}/edit/documents").get_data(as_text=True))
    a["circular.number"] = "777"
    b["circular.url"] = "https://www.loppao.go.th/ita/2566/o42-new"
    codes: list[int] = []
    threads = [threading.Thread(target=lambda c=c, f=f: codes.append(c.post(f"{U}/edit/documents", data=f).status_code))
               for c, f in ((c1, a), (c2, b))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 200]
    text = recs.packet.read_text(encoding="utf-8")
    assert "  number: 777 " in text and "url: https://www.loppao.go.th/ita/2566/o42-new " in text


def test_a_problem_with_no_field_of_its_own_stops_the_save(recs: Records) -> None:
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    for _ in range(4):
        form["action"] = "remove:measures:0"
        form = form_of(c.post(f"{U}/edit/measures", data=form).get_data(as_text=True))
    before = recs.packet.read_bytes()
    r = c.post(f"{U}/edit/measures", data=form)
    assert r.status_code == 422 and "measures: ต้องมีอย่างน้อย 1 รายการ" in html_lib.unescape(r.get_data(as_text=True))
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["measures.0.title"] = "ก" * 1_100_000
    r = c.post(f"{U}/edit/measures", data=form)
    assert r.status_code == 422 and recs.packet.read_bytes() == before


def test_files_named_outside_the_records_are_neither_read_nor_written(recs: Records, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "organisation.yaml").write_bytes((recs.root / ORG).read_bytes())
    recs.edit(PACKET, "organisation: ../organisation.yaml", "organisation: ../../../outside/organisation.yaml")
    c = client(recs)
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(png, format="PNG")
    r = c.post(f"{U}/emblem", data={"emblem": (io.BytesIO(png.getvalue()), "garuda.png")},
               content_type="multipart/form-data")
    assert r.status_code == 409 and "อยู่นอกโฟลเดอร์ข้อมูล" in r.get_data(as_text=True)
    assert sorted(p.name for p in outside.iterdir()) == ["organisation.yaml"]
    for url in (f"{U}/profile", f"{U}/edit/people"):
        assert c.get(url).status_code == 409


def test_links_in_the_output_folder_are_not_served(recs: Records, tmp_path: Path) -> None:
    out = recs.root.parent / "output" / "lopburi-pao" / "2566"
    out.mkdir(parents=True)
    (tmp_path / "secret.json").write_text("secret", encoding="utf-8")
    os.symlink(tmp_path / "secret.json", out / "passwd.json")
    (out / "memo.docx").write_bytes(b"PK memo")
    c = client(recs)
    assert c.get(f"{U}/file/passwd.json").status_code == 404
    assert c.get(f"{U}/file/memo.docx").data == b"PK memo"
    import zipfile

    with zipfile.ZipFile(io.BytesIO(c.get(f"{U}/packet.zip").data)) as zf:
        assert zf.namelist() == ["lopburi-pao-2566/2 บันทึกข้อความเสนอผู้บริหาร.docx"]
    # an organisation key that would lead out of the output folder leads nowhere
    recs.edit(ORG, "key: lopburi-pao", "key: ../../secret")
    assert c.get(f"{U}/file/memo.docx").status_code == 404


def test_pictures_are_checked_whole_before_they_are_kept(recs: Records) -> None:
    import zipfile

    from PIL import Image

    c = client(recs)
    def photo(data: bytes) -> str:
        return html_lib.unescape(post_photo(c, "0", "ภาพ | การอบรม", data).get_data(as_text=True))

    big = io.BytesIO()
    Image.new("1", (12000, 12000)).save(big, format="PNG")
    assert "ภาพใหญ่ 12000x12000 จุด เกินที่รับได้" in photo(big.getvalue())
    good = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(good, format="PNG")
    broken = bytearray(good.getvalue())
    idat = broken.index(b"IDAT")
    broken[idat + 8: idat + 40] = b"\xff" * 32
    assert "ไฟล์ภาพเสีย/ไม่ครบ" in photo(bytes(broken))
    gif = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(gif, format="GIF")
    assert "รับเฉพาะภาพ PNG หรือ JPEG" in photo(gif.getvalue())
    assert "เพิ่มภาพเป็นหลักฐานและบันทึกหน้านี้แล้ว" in photo(good.getvalue())
    assert "{caption: ภาพ / การอบรม, photo: photos/measure-1-1.png}" in (recs.root / PROGRESS).read_text(
        encoding="utf-8")
    # a DOCX whose header picture unpacks to far more than the file limit is refused unread
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * 30_000_000)
    r = c.post(f"{U}/emblem", data={"emblem": (io.BytesIO(docx.getvalue()), "office.docx")},
               content_type="multipart/form-data", follow_redirects=True)
    assert ("ใช้ภาพนี้ไม่ได้: ไฟล์ office.docx: ส่วน word/document.xml ในไฟล์ขยายออกเกิน 10 MB"
            " (ไฟล์อาจเป็น zip bomb หรือเสีย)") in r.get_data(as_text=True)


def test_comments_on_list_items_and_line_breaks_stay(recs: Records) -> None:
    recs.edit(PACKET, "      - จัดทำโครงการที่มีวัตถุประสงค์เพื่อส่งเสริมคุณธรรมจริยธรรมองค์กร\n",
              "      - จัดทำโครงการที่มีวัตถุประสงค์เพื่อส่งเสริมคุณธรรมจริยธรรมองค์กร   # ต้องจัดก่อน มี.ค.\n")
    recs.edit(PACKET, "  overall: >-\n", "  overall: |-\n")
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/measures").get_data(as_text=True))
    form["measures.2.steps"] = form["measures.2.steps"].replace("ปราบปรามการทุจริตในองค์กร", "ปราบปรามการทุจริต")
    assert c.post(f"{U}/edit/measures", data=form).status_code == 200
    text = recs.packet.read_text(encoding="utf-8")
    assert "      - จัดทำโครงการอบรมเพื่อป้องกันและปราบปรามการทุจริต\n" in text
    assert "ส่งเสริมคุณธรรมจริยธรรมองค์กร   # ต้องจัดก่อน มี.ค.\n" in text
    before = recs.packet.read_bytes()
    form = form_of(c.get(f"{U}/edit/advice").get_data(as_text=True))
    assert c.post(f"{U}/edit/advice", data=form).status_code == 200
    assert recs.packet.read_bytes() == before  # the |- block, three lines, as it was


def test_odd_records_do_not_break_the_workspace(recs: Records) -> None:
    (recs.root / "empty" / "2566").mkdir(parents=True)
    (recs.root / "empty" / "2566" / "packet.yaml").write_text("", encoding="utf-8")
    recs.edit(ORG, "  orapin: {title: นาง,", "  '007': {title: นาง,")
    recs.edit(ORG, "    holder: orapin", "    holder: '007'")
    c = client(recs)
    assert c.get("/").status_code == 200
    assert c.get("/p/empty/2566/").status_code == 409
    form = form_of(c.get(f"{U}/edit/people").get_data(as_text=True))
    assert form["people.007.name"] == "อรพิน จิระพันธุ์วานิช"
    form["people.007.name"] = "อรพิน จิระพันธุ์วาณิช"
    assert c.post(f"{U}/edit/people", data=form).status_code == 200
    assert "  '007': {title: นาง, name: อรพิน จิระพันธุ์วาณิช}" in (recs.root / ORG).read_text(encoding="utf-8")
    form = form_of(c.get(f"{U}/edit/result").get_data(as_text=True))
    form["previous_result.score"] = "9" * 400
    assert c.post(f"{U}/edit/result", data=form).status_code == 422


def test_the_ipv6_loopback_is_the_loopback(recs: Records) -> None:
    c = client(recs, host="::1")
    assert c.get("/", headers={"Host": "[::1]:8000"}).status_code == 200
    assert c.get("/", headers={"Host": "[::2]:8000"}).status_code == 400


def test_the_progress_report_is_started_from_the_page(tmp_path: Path) -> None:
    recs = Records(tmp_path / "records")  # no progress.yaml yet
    c = client(recs)
    assert "เริ่มรายงานผลการดำเนินการ" in c.get(f"{U}/").get_data(as_text=True)
    r = c.post(f"{U}/new-progress", follow_redirects=True)
    html = r.get_data(as_text=True)
    assert "สร้างร่างรายงานผลการดำเนินการแล้ว" in html and "<h1>รายงานผลการดำเนินการ</h1>" in html
    form = form_of(html)
    assert form["measures.3.status"] == "in-progress"
    form.update({"as_of": "2566-03-31", "report.date.m": "4", "report.date.y": "2566", "memo.date": "2566-04-05"})
    for i in range(4):
        form[f"measures.{i}.reason"] = "อยู่ระหว่างดำเนินการตามแผน"
    form["measures.0.activities"] = "2566-01-16 | จัดทำคู่มือการยืมและใช้ทรัพย์สินของทางราชการ เสนอผู้บริหารลงนาม"
    form["measures.0.results"] = "ทุกส่วนราชการได้รับคู่มือการยืมทรัพย์สินและถือปฏิบัติแล้ว"
    r = c.post(f"{U}/edit/progress", data=form)
    assert r.status_code == 200, errors_of(r.get_data(as_text=True))
    text = (recs.root / PROGRESS).read_text(encoding="utf-8")
    assert ("    activities:\n      - {date: 2566-01-16, text: จัดทำคู่มือการยืมและใช้ทรัพย์สินของทางราชการ"
            " เสนอผู้บริหารลงนาม}\n    results:\n      - ทุกส่วนราชการได้รับคู่มือการยืมทรัพย์สินและถือปฏิบัติแล้ว\n") in text
    assert run("validate", "-r", str(recs.packet)).exit_code == 0
    assert c.post(f"{U}/new-progress").status_code == 409  # never over an existing one


def test_a_deleted_list_item_takes_its_comment_and_leaves_the_others(recs: Records) -> None:
    path = recs.root / PROGRESS
    text = path.read_text(encoding="utf-8")
    for n, line in enumerate(("      - {date: 2566-01-16, text: จัดทำคู่มือการยืมและใช้ทรัพย์สินของทางราชการ เสนอผู้บริหารลงนาม}",
                              "      - {date: 2566-01-31, text: แจกเวียนคู่มือให้ทุกส่วนราชการในสังกัดและเผยแพร่บนเว็บไซต์}",
                              "      - {date: 2566-02-20, text: หัวหน้าส่วนราชการชี้แจงแนวทางการยืมทรัพย์สินแก่บุคลากรในสังกัด}"), 1):
        text = text.replace(line + "\n", f"{line}   # C{n}\n")
    path.write_text(text, encoding="utf-8")
    c = client(recs)
    form = form_of(c.get(f"{U}/edit/progress").get_data(as_text=True))
    form["measures.0.activities"] = "\n".join(form["measures.0.activities"].splitlines()[1:])
    assert c.post(f"{U}/edit/progress", data=form).status_code == 200
    after = path.read_text(encoding="utf-8")
    assert "# C1" not in after
    assert "เผยแพร่บนเว็บไซต์}   # C2\n" in after and "บุคลากรในสังกัด}   # C3\n" in after


def test_saving_again_after_a_clash_keeps_the_other_tabs_other_changes(recs: Records) -> None:
    c = client(recs)
    a = form_of(c.get(f"{U}/edit/documents").get_data(as_text=True))
    b = dict(a)
    b.update({"circular.number": "888", "circular.url": "https://www.loppao.go.th/ita/2566/o42-B"})
    assert c.post(f"{U}/edit/documents", data=b).status_code == 200
    a["circular.number"] = "777"
    r = c.post(f"{U}/edit/documents", data=a)
    assert r.status_code == 409
    again = form_of(r.get_data(as_text=True))
    assert again["circular.number"] == "777" and again["circular.url"] == "https://www.loppao.go.th/ita/2566/o42-B"
    assert c.post(f"{U}/edit/documents", data=again).status_code == 200
    text = recs.packet.read_text(encoding="utf-8")
    assert "  number: 777 " in text and "url: https://www.loppao.go.th/ita/2566/o42-B " in text
