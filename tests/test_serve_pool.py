"""The workspace's resident build workers: builds taken office by office in turn (ten
clicks of one office do not hold back another office's one), a waiting build's place
on its page, never more LibreOffices than workers, a build after one save converting
only what changed, and a save bringing fresh previews by itself."""

from __future__ import annotations

import re
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from test_serve import form_of

from docgen.serve.jobs import Job
from docgen.serve.pool import Pool

from conftest import Records, descendants_with

P = "/p/lopburi-pao/2566"


class _Held:
    """An executor that runs nothing until told: the order builds are handed out in."""

    def __init__(self) -> None:
        self.handed: list[tuple[str, Future[bool]]] = []

    def submit(self, fn: Any, job_id: str, spec: dict[str, Any]) -> Future[bool]:
        future: Future[bool] = Future()
        self.handed.append((spec["packet"], future))
        return future

    def shutdown(self, **_: Any) -> None:
        pass


def test_builds_are_taken_office_by_office_and_a_waiting_one_knows_its_place(tmp_path: Path) -> None:
    pool = Pool(1)
    held = _Held()
    pool._executor = held  # type: ignore[assignment]
    jobs: dict[str, Job] = {}
    for rel in ("a/2566", "a/2567", "a/2568", "b/2566", "c/2566"):
        jobs[rel] = pool.start(rel, Path(rel), tmp_path, pdf=True, force=True)
    assert pool.start("a/2567", Path("a/2567"), tmp_path, pdf=True, force=True) is jobs["a/2567"]  # waiting: one
    assert [p for p, _ in held.handed] == ["a/2566"]  # one worker: one build at a time
    assert [pool.place(jobs[r]) for r in ("a/2566", "b/2566", "c/2566", "a/2567", "a/2568")] == [None, 1, 2, 3, 4]
    order = []
    while held.handed:
        packet, future = held.handed.pop(0)
        order.append(packet)
        future.set_result(True)
    assert order == ["a/2566", "b/2566", "c/2566", "a/2567", "a/2568"]
    assert all(j.done and j.ok for j in jobs.values())


@pytest.fixture
def pooled(tmp_path: Path):  # type: ignore[no-untyped-def]
    from docgen.serve.app import create_app

    recs = Records(tmp_path / "records", progress=True)
    app = create_app(recs.root, tmp_path / "output", workers=1)
    app.config["WTF_CSRF_ENABLED"] = False
    yield app, recs, tmp_path / "output" / "lopburi-pao" / "2566"
    app.extensions["docgen"].jobs.close()


def _wait(client: Any, job: str, seen: list[int]) -> dict[str, Any]:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        found: dict[str, Any] = client.get(f"/jobs/{job}").get_json()
        seen.append(descendants_with("soffice.bin"))
        if found["done"]:
            return found
        time.sleep(0.1)
    raise AssertionError("the build did not end")


def test_one_worker_builds_everything_with_one_libreoffice_and_a_save_refreshes_the_previews(pooled) -> None:  # type: ignore[no-untyped-def]
    app, recs, folder = pooled
    app.extensions["docgen"].jobs.warm()  # as docgen serve does when it starts
    deadline = time.monotonic() + 120
    while descendants_with("soffice.bin") < 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert descendants_with("soffice.bin") == 1  # the worker's LibreOffice, started before any build
    c = app.test_client()
    r = c.post(f"{P}/build")
    job = re.search(r"job=([0-9a-f]+)", r.headers["Location"]).group(1)  # type: ignore[union-attr]
    seen: list[int] = []
    first = _wait(c, job, seen)
    assert first["ok"], first["lines"]
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    _readable(c, folder)
    # a save in the form: the workspace builds by itself, converting the one document that changed
    form = c.get(f"{P}/edit/documents").get_data(as_text=True)
    assert 'name="circular.report_by"' in form
    r = c.post(f"{P}/edit/documents", data={**form_of(form), "circular.report_by": "2566-03-22"})
    assert r.status_code in (200, 302), r.get_data(as_text=True)[-2000:]
    refresh = app.extensions["docgen"].jobs.running("lopburi-pao/2566")
    assert refresh is not None and refresh.id != job
    second = _wait(c, refresh.id, seen)
    assert second["ok"], second["lines"]
    assert "ใช้ PDF เดิมของเอกสารที่ไม่เปลี่ยน: memo.docx, progress-memo.docx, progress.docx, report.docx" \
        in second["lines"]
    assert "แปลงเป็น PDF ด้วย LibreOffice (1 เอกสาร)" in second["lines"]
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {n for n in after if after[n] != before.get(n)} == {"circular.docx", "circular.pdf", "circular-page1.png",
                                                                "manifest.json"}
    assert max(seen) == 1  # never more LibreOffices than workers (and the worker keeps its one)
    page = c.get(f"{P}/").get_data(as_text=True)
    assert "สร้างเสร็จแล้ว" in page and "เอกสารด้านล่างสร้างจากข้อมูลฉบับก่อน" not in page


def _readable(c: Any, folder: Path) -> None:
    """A page of the memo as the packet page opens it: large enough to read its number
    and date (their glyphs at least 20 px tall), with the next and previous page."""
    import io

    import pdfplumber
    from PIL import Image

    first = c.get(f"{P}/page/memo.pdf/1").get_data(as_text=True)
    assert 'rel="next"' in first and 'rel="prev"' not in first and "size=read" in first
    second = c.get(f"{P}/page/memo.pdf/2").get_data(as_text=True)
    assert 'rel="prev"' in second
    png = c.get(f"{P}/preview/memo.pdf/1.png?size=read").get_data()
    width, _ = Image.open(io.BytesIO(png)).size
    with pdfplumber.open(folder / "memo.pdf") as pdf:
        page = pdf.pages[0]
        number = [ch for ch in page.chars if ch["text"] in "ที่วน" and ch["top"] < page.height / 3]
        tallest = max(ch["size"] for ch in number)
    assert width >= 800 and tallest * width / page.width >= 20, (width, tallest)
