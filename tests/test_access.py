"""Who may reach what, walked from the app's own URL map, so that a route added later
cannot escape the check: without signing in every route answers 401 or the sign-in
page; a user of office B gets 404 for every route of office A; a role that lacks a
write gets 403. On SQLite and on a real PostgreSQL server on the loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from accounts_setup import A, app_for, sign_in, two_offices, with_users

from docgen.serve.guard import NEEDS
from docgen.serve.jobs import Job

ARGS = {"rel": f"{A}/2566", "name": "memo.pdf", "page": 1, "key": "measures", "job_id": "job-of-a",
        "office": A, "style": "regular", "filename": "app.css",
        "version": "0123456789", "doc": "memo", "book": "outgoing", "year": 2569, "ext": "csv",
        "number": 1}


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'docgen.sqlite3'}" if request.param == "sqlite" \
        else request.getfixturevalue("postgres_url")
    recs = two_offices(tmp_path / "records")
    with_users(url)
    app = app_for(recs, url)
    app.extensions["docgen"].jobs._jobs["job-of-a"] = Job("job-of-a", f"{A}/2566")
    out = tmp_path / "output" / A / "2566"
    out.mkdir(parents=True)
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.save(out / "memo.pdf")
    (out / "memo.docx").write_bytes(b"PK not a real one")
    (out / "approved" / "memo-1").mkdir(parents=True)
    pdf.save(out / "approved" / "memo-1" / "memo.pdf")
    yield app
    from docgen.accounts.db import close_all

    close_all()


def routes(app) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """(endpoint, method, URL of office A) for every route and method of the app."""
    found = []
    for rule in app.url_map.iter_rules():
        args = {k: ARGS[k] for k in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **args)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return found


class Answer:
    def __init__(self, status_code: int, headers: dict[str, str], text: str):
        self.status_code, self.headers, self.text = status_code, headers, text


def call(client, method: str, url: str) -> Answer:  # type: ignore[no-untyped-def]
    with client.open(url, method=method, data={"action": "save"} if method == "POST" else None) as r:
        return Answer(r.status_code, dict(r.headers), r.get_data(as_text=True) if r.mimetype == "text/html" else "")


def test_every_route_has_a_need(app) -> None:  # type: ignore[no-untyped-def]
    for endpoint, method, _url in routes(app):
        assert method in NEEDS.get(endpoint, {}), f"{endpoint} {method}: not in docgen.serve.guard.NEEDS"


def test_without_signing_in_only_the_sign_in_page(app) -> None:  # type: ignore[no-untyped-def]
    c = app.test_client()
    for endpoint, method, url in routes(app):
        r = call(c, method, url)
        if NEEDS[endpoint][method] == "open":
            continue
        assert r.status_code == 401 or (r.status_code == 302 and r.headers["Location"].startswith("/login")), \
            (endpoint, method, r.status_code)


def test_another_offices_user_finds_nothing(app) -> None:  # type: ignore[no-untyped-def]
    c = app.test_client()
    assert sign_in(c, "clerk-b").status_code == 302
    for endpoint, method, url in routes(app):
        need = NEEDS[endpoint][method]
        if need in ("open", "signed-in"):
            continue
        assert call(c, method, url).status_code == 404, (endpoint, method)
    home = c.get("/").get_data(as_text=True)
    assert "office-b/2566" in home and f"{A}/2566" not in home


def test_a_role_without_the_right_is_forbidden(app) -> None:  # type: ignore[no-untyped-def]
    lacking = {"approver-a": {"write", "build", "manage"}, "clerk-a": {"manage", "approve"}}
    for name, needs in lacking.items():
        c = app.test_client()
        assert sign_in(c, name).status_code == 302
        for endpoint, method, url in routes(app):
            need = NEEDS[endpoint][method]
            if need == "open":
                continue  # signing out among them
            status = call(c, method, url).status_code
            if need in needs:
                assert status == 403, (name, endpoint, method, status)
            elif need in ("read", "download"):
                assert status not in (401, 403, 404), (name, endpoint, method, status)


def test_a_site_admin_reads_an_office_only_with_a_reason(app) -> None:  # type: ignore[no-untyped-def]
    c = app.test_client()
    assert sign_in(c, "root").status_code == 302
    r = c.get(f"/p/{A}/2566/")
    assert r.status_code == 302 and r.headers["Location"].startswith(f"/office/{A}/reason")
    assert c.post(f"/p/{A}/2566/edit/measures", data={"action": "save"}).status_code == 404
    r = c.post(f"/office/{A}/reason?next=/p/{A}/2566/", data={"reason": "ตรวจเอกสารตามหนังสือขอความช่วยเหลือที่ ๑/๒๕๖๙"})
    assert r.status_code == 302 and r.headers["Location"] == f"/p/{A}/2566/"
    assert c.get(f"/p/{A}/2566/").status_code == 200
    from docgen.accounts import audit

    said = [e for e in audit.entries(app.extensions["docgen"].db) if e.action == "reason"]
    assert [(e.actor, e.office, e.detail["reason"]) for e in said] == [
        ("root", A, "ตรวจเอกสารตามหนังสือขอความช่วยเหลือที่ ๑/๒๕๖๙")]


def test_a_packet_reaches_nothing_of_another_office(tmp_path: Path) -> None:
    """With accounts each office's packets stay in its folder: a photo of office B named
    as evidence, B's profile named as the organisation, or allow_outside_records, are
    refused; the frameworks are read from the shared folder, and not written by a
    clerk; no build of A reads B's files either (the same rule, in its process)."""
    from PIL import Image

    from docgen.errors import RecordsError
    from docgen.records.loading import load

    recs = two_offices(tmp_path / "records")
    photo = recs.root / "office-b" / "2566" / "photos" / "b.jpg"
    photo.parent.mkdir()
    Image.new("RGB", (64, 48), "white").save(photo)
    own = recs.root / A
    assert load(recs.packet, office=own).organisation.name  # as it is: all its own
    recs.edit(Path(A) / "2566" / "progress.yaml",
              "      - {caption: คู่มือการยืมและใช้ทรัพย์สินของทางราชการ, url: https://www.loppao.go.th/ita/2566/o43/assets}",
              "      - {caption: ภาพของหน่วยงานอื่น, photo: ../../office-b/2566/photos/b.jpg}")
    assert load(recs.packet).progress is not None  # one office alone: inside the records folder, read
    with pytest.raises(RecordsError) as refused:
        load(recs.packet, office=own)
    assert [p.message for p in refused.value.problems] == ["ภาพ '../../office-b/2566/photos/b.jpg' อยู่นอกโฟลเดอร์ข้อมูล"]
    recs.edit(Path(A) / "2566" / "packet.yaml", "organisation: ../organisation.yaml",
              "organisation: ../../office-b/organisation.yaml")
    with pytest.raises(RecordsError) as refused:
        load(recs.packet, office=own)
    assert refused.value.problems[0].message.startswith("ไฟล์ '../../office-b/organisation.yaml' อยู่นอกโฟลเดอร์ข้อมูล")


def test_a_clerk_cannot_change_the_framework_every_office_shares(app) -> None:  # type: ignore[no-untyped-def]
    c = app.test_client()
    assert sign_in(c, "clerk-a").status_code == 302
    assert c.get(f"/p/{A}/2566/edit/framework").status_code == 200  # read, yes
    r = call(c, "POST", f"/p/{A}/2566/edit/framework")
    assert r.status_code == 403 and "ใช้ร่วมกันหลายหน่วยงาน" in r.text
