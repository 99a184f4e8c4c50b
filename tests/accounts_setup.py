"""Two offices on one workspace with accounts, for the access and accounts tests:
the sample office (``lopburi-pao``) and a copy of it under another key (``office-b``),
and one user of each kind."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import Records

PASSWORD = "รหัสผ่านทดสอบยาวพอ"
A, B = "lopburi-pao", "office-b"
#: name: (office, role, holds)
USERS = {
    "clerk-a": (A, "clerk", None),
    "clerk-b": (B, "clerk", None),
    "approver-a": (A, "approver", "permanent-secretary"),
    "admin-a": (A, "admin", None),
    "root": (None, "site-admin", None),
}


def two_offices(root: Path) -> Records:
    recs = Records(root, progress=True)
    shutil.copytree(root / A, root / B)
    profile = root / B / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(f"key: {A}", f"key: {B}"), encoding="utf-8")
    return recs


def with_users(url: str) -> None:
    from docgen.accounts import people
    from docgen.accounts.db import open_db

    with open_db(url).session() as s:
        for name, (office, role, holds) in USERS.items():
            people.add(s, name, office, role, password=PASSWORD, holds=holds)


def app_for(recs: Records, url: str, *, csrf: bool = False):  # type: ignore[no-untyped-def]
    from docgen.accounts.db import open_db
    from docgen.serve.app import create_app

    app = create_app(recs.root, recs.root.parent / "output", host="0.0.0.0", db=open_db(url), accounts=True)
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app


def token_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client, name: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    """Sign *name* in through the sign-in form (its CSRF token taken from the page)."""
    page = client.get("/login").get_data(as_text=True)
    data = {"name": name, "password": password}
    if 'name="csrf_token"' in page:
        data["csrf_token"] = token_of(page)
    return client.post("/login", data=data)
