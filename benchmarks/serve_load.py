"""A province's morning on one workspace, with Locust: 50 clerks of 10 offices.

    .venv/bin/python benchmarks/serve_load.py [--seconds 60] [--workers 2] [--db URL]

Sets up 10 offices (copies of the sample) with 5 clerk accounts each, starts
``docgen serve --workers N`` on the loopback, and lets Locust's 50 simulated clerks
sign in, read packet pages and forms, and save fields (each clerk its own measure's
follow-up, a new text each time) for the given time; 10 seconds in, one clerk of each
office presses "build" at once. Bounded: the clerks stop at the end of the time, the
builds are waited for (at most 10 minutes), the server is stopped.

Prints p50/p95 latencies of pages, forms and saves, each build's waiting and running
time, the errors, the most LibreOffice processes seen at once (against the workers),
and at the end checks that every save's last value is in the records (nothing lost).
Exits 1 if any check fails. Loopback only.
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()  # Locust's clerks are greenlets: patched before anything else is imported

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from itertools import count  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OFFICES = [f"office-{i}" for i in range(10)]
CLERKS = 5  # each office's clerks: the first four edit a measure's follow-up each, the fifth the circular's report-by
PASSWORD = "รหัสผ่านสำหรับทดสอบโหลด"
sys.path.insert(0, str(ROOT / "tests"))
from test_serve import form_of  # noqa: E402 - the form as a browser sends it, as the tests send it

from conftest import descendants_with  # noqa: E402 - LibreOffices of the server, as the tests count them

SAVED: dict[tuple[str, str], str] = {}  # (office, field) -> the last value the workspace said it saved
TRIED: dict[tuple[str, str], list[str]] = {}  # (office, field) -> every value sent, in order
BUILDS: list[dict[str, Any]] = []
_ids = count()
_accounts: list[tuple[str, str, int]] = [(f"clerk{i}-{o}", o, i) for o in OFFICES for i in range(CLERKS)]


def _offices(root: Path) -> None:
    sample = ROOT / "records"
    shutil.copytree(sample / "frameworks", root / "frameworks")
    for office in OFFICES:
        shutil.copytree(sample / "lopburi-pao", root / office, ignore=shutil.ignore_patterns("2567", "2568"))
        profile = root / office / "organisation.yaml"
        profile.write_text(profile.read_text(encoding="utf-8").replace("key: lopburi-pao", f"key: {office}"),
                           encoding="utf-8")


def _users(url: str) -> None:
    from docgen.accounts import people
    from docgen.accounts.db import open_db

    with open_db(url).session() as s:
        for name, office, _ in _accounts:
            people.add(s, name, office, "clerk", password=PASSWORD)


class Clerk(HttpUser):
    wait_time = between(2, 6)  # a clerk reads a page for a few seconds

    def on_start(self) -> None:
        self.name, self.office, self.measure = _accounts[next(_ids) % len(_accounts)]
        self.packet = f"/p/{self.office}/2566"
        page = self.client.get("/login", name="sign-in page").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        self.client.post("/login", {"name": self.name, "password": PASSWORD, "csrf_token": token}, name="sign in")

    @task(5)
    def packet_page(self) -> None:
        self.client.get(self.packet + "/", name="packet page")

    @task(3)
    def form(self) -> None:
        self.client.get(self.packet + "/edit/measures", name="form")

    @task(2)
    def save(self) -> None:
        if self.measure < 4:
            form, field = "measures", f"measures.{self.measure}.follow_up"
            value = f"ติดตามผลครั้งที่ {time.time_ns()} โดย {self.name}"
        else:
            form, field = "documents", "circular.report_by"
            value = f"2566-03-{10 + time.time_ns() % 18:02d}"
        page = self.client.get(f"{self.packet}/edit/{form}", name="form").text
        fields = {**form_of(page), field: value}
        TRIED.setdefault((self.office, field), []).append(value)
        with self.client.post(f"{self.packet}/edit/{form}", fields, name="save", catch_response=True) as r:
            if "บันทึกแล้ว" in r.text:
                SAVED[self.office, field] = value
                r.success()
            elif "ถูกบันทึกจากหน้าอื่นหลังจากที่คุณเปิดหน้านี้" in r.text:
                r.success()  # a clash with another clerk's save: told, nothing written, not an error
            else:
                r.failure("the save was neither saved nor told why")


def _press_build(base: str, office: str) -> None:
    """One clerk of *office* presses build; the job followed until it ends."""
    import requests

    s = requests.Session()
    page = s.get(f"{base}/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    s.post(f"{base}/login", {"name": f"clerk0-{office}", "password": PASSWORD, "csrf_token": token})
    page = s.get(f"{base}/p/{office}/2566/").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    r = s.post(f"{base}/p/{office}/2566/build", {"csrf_token": token, "replace": "yes"}, allow_redirects=False)
    job = re.search(r"job=([0-9a-f]+)", r.headers.get("Location", ""))
    if not job:
        BUILDS.append({"office": office, "ok": False, "lines": [f"no job: {r.status_code}"]})
        return
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        found = s.get(f"{base}/jobs/{job.group(1)}").json()
        if found["done"]:
            BUILDS.append({"office": office, **found})
            return
        gevent.sleep(0.5)
    BUILDS.append({"office": office, "ok": False, "lines": ["did not end in 10 minutes"]})


def _percentiles(env: Environment, name: str) -> str:
    entry = env.stats.get(name, "POST" if name in ("save", "sign in") else "GET")
    if not entry.num_requests:
        return f"{name:<12} no requests"
    return (f"{name:<12} {entry.num_requests:>5} requests  p50 {entry.get_response_time_percentile(0.5):>6.0f} ms"
            f"  p95 {entry.get_response_time_percentile(0.95):>6.0f} ms  failures {entry.num_failures}")


def _nothing_lost(root: Path) -> list[str]:
    """Every field as the records hold it (read as text: dates too) is its last saved
    value, or one its clerk sent after it (a save under way when the clerks stopped:
    written, its answer not waited for); anything else is a save lost."""
    import yaml

    from docgen.records.edit import get

    lost = []
    for (office, field), value in sorted(SAVED.items()):
        tree = yaml.load((root / office / "2566" / "packet.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        held = get(tree, field)
        tried = TRIED[office, field]
        later = tried[len(tried) - 1 - tried[::-1].index(value):]
        if held not in later:
            lost.append(f"{office} {field}: saved {value!r}, the records hold {held!r}")
    return lost


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", default=None, help="a PostgreSQL URL (default: the SQLite file beside the records)")
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-load-") as tmp:
        work = Path(tmp)
        records = work / "records"
        _offices(records)
        url = opts.db or f"sqlite:///{work / 'docgen.sqlite3'}"
        _users(url)
        server = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--records", str(records), "--out",
                                   str(work / "output"), "--port", "0", "--workers", str(opts.workers), "--db", url,
                                   "--address-limit", "1000 per minute"],  # 50 clerks, one loopback address
                                  stdout=subprocess.PIPE, text=True, cwd=work,
                                  env={**os.environ, "DOCGEN_CACHE_DIR": str(work / "cache")})
        try:
            assert server.stdout is not None
            base = re.search(r"(http://127\.0\.0\.1:\d+)/", server.stdout.readline()).group(1)  # type: ignore[union-attr]
            env = Environment(user_classes=[Clerk], host=base)
            runner = env.create_local_runner()
            runner.start(len(_accounts), spawn_rate=10)
            most = [0]

            def watch() -> None:
                while True:
                    most[0] = max(most[0], descendants_with("soffice.bin", server.pid))
                    gevent.sleep(0.2)

            watcher = gevent.spawn(watch)
            gevent.sleep(10)
            presses = [gevent.spawn(_press_build, base, office) for office in OFFICES]
            gevent.sleep(max(0, opts.seconds - 10))
            runner.quit()
            gevent.joinall(presses, timeout=600)
            watcher.kill()
        finally:
            server.terminate()
            server.wait(timeout=120)
        lost = _nothing_lost(records)
    print(f"{len(_accounts)} clerks of {len(OFFICES)} offices for {opts.seconds} s, {opts.workers} workers,"
          f" {url.split(':')[0]}")
    for name in ("packet page", "form", "save", "sign in"):
        print(_percentiles(env, name))
    failed_builds = [b for b in BUILDS if not b.get("ok")]
    for b in sorted(BUILDS, key=lambda b: b["office"]):
        print(f"build {b['office']:<10} waited {b.get('waited', 0):>5.1f} s  ran {b.get('seconds', 0):>5.1f} s"
              f"  {'ok' if b.get('ok') else 'FAILED: ' + ' / '.join(b.get('lines', [])[-2:])}")
    errors = env.stats.total.num_failures + len(failed_builds) + (len(OFFICES) - len(BUILDS))
    print(f"most LibreOffice processes at once: {most[0]} (workers: {opts.workers})")
    print(f"saves kept: {len(SAVED)} fields checked, lost: {len(lost)}")
    for line in lost:
        print(f"  LOST {line}")
    print(f"errors: {errors}")
    return 1 if errors or lost or most[0] > opts.workers else 0


if __name__ == "__main__":
    sys.exit(main())
