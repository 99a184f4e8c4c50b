"""The build queue in PostgreSQL (procrastinate): the web process and two separate
``docgen worker`` processes against one real PostgreSQL server on the loopback; each
build taken by one worker, its lines and result on the packet's page; an office's
second build waits behind another office's first."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from accounts_setup import A, B, two_offices

from conftest import ROOT


@pytest.fixture
def shared(tmp_path: Path, postgres_url: str):  # type: ignore[no-untyped-def]
    from docgen.accounts.db import close_all, open_db
    from docgen.serve.app import create_app

    recs = two_offices(tmp_path / "records")
    app = create_app(recs.root, tmp_path / "output", db=open_db(postgres_url), shared=True)
    app.config["WTF_CSRF_ENABLED"] = False
    yield app, recs, tmp_path / "output", postgres_url
    app.extensions["docgen"].jobs.close()
    close_all()


def test_an_offices_second_build_waits_behind_another_offices_first(shared) -> None:  # type: ignore[no-untyped-def]
    app, recs, out, _ = shared
    shutil.copytree(recs.root / A / "2566", recs.root / A / "2566-copy")
    jobs = app.extensions["docgen"].jobs
    a1 = jobs.start(f"{A}/2566", recs.root / A / "2566" / "packet.yaml", out, pdf=True, force=True)
    a2 = jobs.start(f"{A}/2566-copy", recs.root / A / "2566-copy" / "packet.yaml", out, pdf=True, force=True)
    b1 = jobs.start(f"{B}/2566", recs.root / B / "2566" / "packet.yaml", out, pdf=True, force=True)
    again = jobs.start(f"{A}/2566", recs.root / A / "2566" / "packet.yaml", out, pdf=True, force=True)
    assert again.id == a1.id  # one waiting build per packet
    assert [jobs.place(j) for j in (a1, b1, a2)] == [1, 2, 3]
    assert all(jobs.get(j.id).waiting for j in (a1, a2, b1))


def _workers(url: str, n: int) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-m", "docgen", "worker", "--db", url], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(n)]


def test_two_worker_processes_take_the_web_processes_builds(shared) -> None:  # type: ignore[no-untyped-def]
    from docgen.accounts.db import open_db
    from docgen.serve.queued import BuildJob

    app, recs, out, url = shared
    workers = _workers(url, 2)
    try:
        c = app.test_client()
        ids = []
        for office in (A, B):
            r = c.post(f"/p/{office}/2566/build")
            assert r.status_code == 302
            ids.append(r.headers["Location"].split("job=")[1].split("#")[0])
        deadline = time.monotonic() + 300
        found: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            found = [c.get(f"/jobs/{i}").get_json() for i in ids]
            if all(f["done"] for f in found):
                break
            assert all(w.poll() is None for w in workers), [w.stderr.read() for w in workers if w.stderr]
            time.sleep(0.2)
        assert all(f["done"] and f["ok"] for f in found), found
        for office in (A, B):
            assert (out / office / "2566" / "memo.pdf").is_file()
            assert f"เขียนแล้ว: {office}/2566/memo.pdf" in found[(A, B).index(office)]["lines"]
        with open_db(url).session() as s:
            taken_by = {s.get_one(BuildJob, i).worker for i in ids}
        assert len(taken_by) == 2  # each worker process took one
        page = c.get(f"/p/{A}/2566/").get_data(as_text=True)
        assert "สร้างเสร็จแล้ว" in page
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=60)
            assert w.stderr is not None
            w.stderr.close()
