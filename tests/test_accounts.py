"""Accounts through the README's commands: ``docgen users add`` makes a clerk of one
office and a clerk of another; each signs in and sees only their office; the audit
trail lists both sign-ins and the refused request, and ``docgen audit --verify``
passes (and fails once an entry is changed). Sessions live in the database: signing
out ends a copied cookie too, an idle session ends. The schema is the migrations'."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from accounts_setup import PASSWORD, A, B, app_for, sign_in, token_of, two_offices
from click.testing import CliRunner

from docgen.cli import main


def docgen(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def place(tmp_path: Path):  # type: ignore[no-untyped-def]
    recs = two_offices(tmp_path / "records")
    yield recs
    from docgen.accounts.db import close_all

    close_all()


def test_two_clerks_each_see_only_their_office(place) -> None:  # type: ignore[no-untyped-def]
    records = str(place.root)
    r = docgen("users", "add", "somchai", "--office", A, "--role", "clerk", "--records", records, input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    assert r.output == f"เพิ่มผู้ใช้ somchai เป็น clerk ของหน่วยงาน {A}แล้ว\n"
    r = docgen("users", "add", "suda", "--office", B, "--role", "clerk", "--records", records, input=PASSWORD + "\n")
    assert r.exit_code == 0, r.output
    db_file = place.root.parent / "docgen.sqlite3"
    assert db_file.is_file()  # beside the records folder, made on first use
    listing = docgen("users", "list", "--records", records).output.splitlines()
    assert [line.split() for line in listing] == [["somchai", A, "clerk"], ["suda", B, "clerk"]]

    app = app_for(place, f"sqlite:///{db_file}", csrf=True)
    somchai, suda = app.test_client(), app.test_client()
    assert sign_in(somchai, "somchai").status_code == 302
    assert sign_in(suda, "suda").status_code == 302
    home = somchai.get("/").get_data(as_text=True)
    assert f"/p/{A}/2566/" in home and f"/p/{B}/" not in home
    home = suda.get("/").get_data(as_text=True)
    assert f"/p/{B}/2566/" in home and f"/p/{A}/" not in home
    assert suda.get(f"/p/{A}/2566/").status_code == 404  # refused, as if it did not exist
    assert somchai.get(f"/p/{A}/2566/").status_code == 200

    trail = docgen("audit", "--records", records, "--verify")
    assert trail.exit_code == 0, trail.output
    lines = trail.output.splitlines()
    assert any("somchai" in line and "เข้าสู่ระบบ" in line for line in lines)
    assert any("suda" in line and "เข้าสู่ระบบ" in line for line in lines)
    refused = [line for line in lines if "ปฏิเสธคำขอ" in line]
    assert len(refused) == 1 and "suda" in refused[0] and A in refused[0] and f"/p/{A}/2566/" in refused[0]
    assert lines[-2] == "ตรวจแล้ว: ค่าแฮชของบันทึกต่อกันครบทุกรายการ"
    assert re.fullmatch(r"จุดยึดล่าสุด \(จดเก็บไว้นอกเครื่อง แล้วตรวจครั้งต่อไปด้วย --anchor\): \d+:[0-9a-f]{64}",
                        lines[-1])

    import sqlite3

    with sqlite3.connect(db_file) as con:  # someone edits the trail behind docgen's back
        con.execute("UPDATE audit SET actor = 'someone' WHERE action = 'refused'")
    broken = CliRunner().invoke(main, ["audit", "--records", records, "--verify"])
    assert broken.exit_code == 1
    assert "ถูกแก้ไขหลังบันทึก: ค่าแฮชไม่ตรงกับเนื้อหา" in broken.output


def test_an_anchor_noted_outside_shows_the_newest_entries_cut_off(place) -> None:  # type: ignore[no-untyped-def]
    records = str(place.root)
    for name in ("somchai", "somsri", "suda"):
        assert docgen("users", "add", name, "--office", A, "--role", "clerk", "--records", records,
                      input=PASSWORD + "\n").exit_code == 0
    first = docgen("audit", "--records", records, "--verify").output.splitlines()[-1]
    noted = first.rsplit(" ", 1)[1]  # what the administrator keeps in the day's log
    number = int(noted.split(":")[0])
    assert docgen("users", "remove", "suda", "--office", A, "--records", records).exit_code == 0
    later = docgen("audit", "--records", records, "--anchor", noted)
    assert later.exit_code == 0, later.output
    assert later.output.splitlines()[-2] == "ตรวจแล้ว: ค่าแฮชของบันทึกต่อกันครบทุกรายการ และจุดยึดที่จดไว้ 1 จุด"

    import sqlite3

    with sqlite3.connect(place.root.parent / "docgen.sqlite3") as con:  # the newest entries cut off the end
        con.execute("DELETE FROM audit WHERE id >= ?", (number,))
    assert docgen("audit", "--records", records, "--verify").exit_code == 0  # the chain alone cannot tell
    cut = CliRunner().invoke(main, ["audit", "--records", records, "--anchor", noted])
    assert cut.exit_code == 1
    assert (f"docgen: บันทึกการใช้งานไม่ครบถ้วน: ไม่พบรายการที่ {number} ที่จดไว้เป็นจุดยึด:"
            " รายการตั้งแต่รายการนั้นถูกตัดทิ้ง") in cut.output
    wrong = CliRunner().invoke(main, ["audit", "--records", records, "--anchor", "12:abc"])
    assert wrong.exit_code == 2
    assert "'12:abc' ไม่ใช่จุดยึด ให้ใส่ตามที่ docgen audit --verify พิมพ์ไว้ คือ เลขรายการ:ค่าแฮช 64 ตัวอักษร" in wrong.output


def test_a_wrong_password_and_a_user_of_no_office(place) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}"
    r = docgen("users", "add", "x", "--office", "nowhere", "--role", "clerk", "--records", str(place.root),
               input=PASSWORD + "\n")
    assert r.exit_code == 1 and "ไม่พบหน่วยงาน nowhere" in r.output
    r = docgen("users", "add", "x", "--office", A, "--role", "clerk", "--records", str(place.root), input="short\n")
    assert r.exit_code == 1 and "รหัสผ่านสั้นเกินไป: ต้องยาวอย่างน้อย 10 ตัวอักษร" in r.output
    assert docgen("users", "add", "x", "--office", A, "--role", "clerk", "--records", str(place.root),
                  input=PASSWORD + "\n").exit_code == 0
    c = app_for(place, url, csrf=True).test_client()
    r = sign_in(c, "x", "not the password")
    assert r.status_code == 200 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in r.get_data(as_text=True)
    assert c.get(f"/p/{A}/2566/").status_code == 302


def test_signing_out_ends_a_copied_cookie_and_idle_sessions_end(place) -> None:  # type: ignore[no-untyped-def]
    from docgen.accounts import sessions

    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}"
    assert docgen("users", "add", "x", "--office", A, "--role", "clerk", "--records", str(place.root),
                  input=PASSWORD + "\n").exit_code == 0
    app = app_for(place, url, csrf=True)
    c = app.test_client()
    assert sign_in(c, "x").status_code == 302
    cookie = c.get_cookie("docgen_session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("docgen_session", cookie.value)
    assert thief.get(f"/p/{A}/2566/").status_code == 200
    page = c.get("/").get_data(as_text=True)
    assert c.post("/logout", data={"csrf_token": token_of(page)}).status_code == 302
    assert thief.get(f"/p/{A}/2566/").status_code == 302  # to the sign-in page: the session is gone

    assert sign_in(c, "x").status_code == 302
    assert c.get(f"/p/{A}/2566/").status_code == 200
    from docgen.accounts.db import open_db
    from docgen.accounts.models import SignedIn

    with open_db(url).session() as s:  # eight hours and a minute without a click
        for row in s.query(SignedIn):
            row.seen_at = row.seen_at - sessions.IDLE - timedelta(minutes=1)
    assert c.get(f"/p/{A}/2566/").status_code == 302


def test_a_link_from_another_site_keeps_the_session(place) -> None:  # type: ignore[no-untyped-def]
    """The cookie is SameSite=Lax: a navigation from another site brings it, so the
    session is not replaced (with Strict the page opened would start a new one)."""
    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}"
    assert docgen("users", "add", "x", "--office", A, "--role", "clerk", "--records", str(place.root),
                  input=PASSWORD + "\n").exit_code == 0
    c = app_for(place, url, csrf=True).test_client()
    r = sign_in(c, "x")
    set_cookie = r.headers["Set-Cookie"]
    assert "SameSite=Lax" in set_cookie and "HttpOnly" in set_cookie


def test_the_schema_is_the_migrations(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from docgen.accounts.db import close_all, open_db
    from docgen.accounts.models import Base
    from docgen.chain import models as chain  # noqa: F401 - the chain's tables, on the same Base
    from docgen.register import models  # noqa: F401 - the register's tables, on the same Base
    from docgen.serve import queued  # noqa: F401 - the build queue's table, on the same Base

    db = open_db(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    close_all()


def test_a_save_a_build_and_a_download_are_in_the_trail_with_who(place) -> None:  # type: ignore[no-untyped-def]
    from test_serve import form_of

    from docgen.accounts import audit
    from docgen.accounts.db import open_db

    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}"
    assert docgen("users", "add", "somchai", "--office", A, "--role", "clerk", "--records", str(place.root),
                  input=PASSWORD + "\n").exit_code == 0
    c = app_for(place, url).test_client()
    assert sign_in(c, "somchai").status_code == 302
    form = form_of(c.get(f"/p/{A}/2566/edit/result").get_data(as_text=True))
    form["previous_result.score"] = "94.10"
    assert c.post(f"/p/{A}/2566/edit/result", data=form).status_code == 200
    out = place.root.parent / "output" / A / "2566"
    out.mkdir(parents=True)
    (out / "memo.docx").write_bytes(b"PK")
    with c.get(f"/p/{A}/2566/file/memo.docx") as r:
        assert r.status_code == 200
    saves = [e for e in audit.entries(open_db(url)) if e.action in ("save", "download")]
    assert [(e.actor, e.office, e.action) for e in saves] == [("somchai", A, "save"), ("somchai", A, "download")]
    assert saves[0].detail["file"] == f"{A}/2566/packet.yaml"
    assert saves[0].detail["fields"] == ["previous_result.score"]
    assert saves[1].detail["path"] == f"/p/{A}/2566/file/memo.docx"


def test_an_office_admin_adds_and_removes_a_clerk_in_the_form(place) -> None:  # type: ignore[no-untyped-def]
    from accounts_setup import with_users

    url = f"sqlite:///{place.root.parent / 'docgen.sqlite3'}"
    with_users(url)
    app = app_for(place, url)
    admin = app.test_client()
    assert sign_in(admin, "admin-a").status_code == 302
    assert f"/office/{A}/users" in admin.get("/").get_data(as_text=True)
    r = admin.post(f"/office/{A}/users", data={"name": "newclerk", "role": "clerk", "password": PASSWORD},
                   follow_redirects=True)
    page = r.get_data(as_text=True)
    assert "เพิ่มผู้ใช้ newclerk แล้ว" in page and "newclerk" in page
    r = admin.post(f"/office/{A}/users", data={"name": "p2", "role": "approver", "password": PASSWORD},
                   follow_redirects=True)
    assert "ผู้อนุมัติต้องระบุตำแหน่งในแฟ้มข้อมูลองค์กรที่ถือด้วย --holds" in r.get_data(as_text=True)
    new = app.test_client()
    assert sign_in(new, "newclerk").status_code == 302
    assert new.get(f"/p/{A}/2566/").status_code == 200
    assert new.get(f"/p/{B}/2566/").status_code == 404
    admin.post(f"/office/{A}/users", data={"name": "newclerk", "action": "remove"})
    assert new.get(f"/p/{A}/2566/").status_code == 302  # removed: signed out everywhere
    assert admin.get(f"/office/{B}/users").status_code == 404  # another office's users: not there
