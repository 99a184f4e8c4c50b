"""From a save in the workspace to its fresh preview, against a cold ``docgen build --pdf``.

    .venv/bin/python benchmarks/preview_speed.py [--runs N] [--workers N]

1. A cold ``docgen build --pdf`` of the sample: a new process (start-up, imports, a new
   LibreOffice), its wall time; the median of N runs, each into a fresh output folder,
   with docgen's cache as the first run left it (LibreOffice's profile seeded, the chart
   drawn: the build a clerk runs on an ordinary day).
2. ``docgen serve --workers N`` on the loopback over another copy, warmed by one build;
   then, N times, a save of the documents form (the circular's report-by date, a new
   date each time) as a browser sends it, timed from the request to the moment the
   circular's first page is served as a new preview (the save's own build done).

Prints both, and last a line ``ratio: X`` (the save's median over the build's).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCGEN = [sys.executable, "-m", "docgen"]
sys.path.insert(0, str(ROOT / "tests"))
from test_serve import form_of  # noqa: E402 - the form as a browser sends it, as the tests send it

PACKET = "lopburi-pao/2566"


def _records(into: Path) -> Path:
    shutil.copytree(ROOT / "records", into, ignore=shutil.ignore_patterns(".history"))
    return into


def cold_builds(work: Path, runs: int) -> list[float]:
    records = _records(work / "cold-records")
    env = {**os.environ, "DOCGEN_CACHE_DIR": str(work / "cache")}
    times = []
    for i in range(runs + 1):
        started = time.perf_counter()
        subprocess.run([*DOCGEN, "build", "--pdf", "-r", str(records / PACKET), "-o", str(work / f"cold-{i}")],
                       check=True, capture_output=True, env=env, cwd=work)
        if i:  # the first fills the cache, as a clerk's first build of the day did long ago
            times.append(time.perf_counter() - started)
    return times


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=120) as r:
            data: bytes = r.read()
            return data

    def post(self, path: str, fields: dict[str, object]) -> str:
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        with self.opener.open(self.base + path, data=body, timeout=120) as r:
            return r.geturl()


def _job_done(browser: Browser, timeout: float = 240) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = browser.get(f"/p/{PACKET}/").decode("utf-8")
        found = re.search(r'data-job="([^"]+)"', page)
        if not found:
            return []
        job = json.loads(browser.get(found.group(1)))
        if job["done"]:
            lines: list[str] = job["lines"]
            return lines
        time.sleep(0.05)
    raise SystemExit("the workspace's build did not end")


def saves(work: Path, runs: int, workers: int) -> list[float]:
    records = _records(work / "served-records")
    proc = subprocess.Popen([*DOCGEN, "serve", "--records", str(records), "--out", str(work / "served-out"),
                             "--port", "0", "--workers", str(workers)], stdout=subprocess.PIPE, text=True, cwd=work,
                            env={**os.environ, "DOCGEN_CACHE_DIR": str(work / "cache")})
    try:
        assert proc.stdout is not None
        base = re.search(r"(http://127\.0\.0\.1:\d+)/", proc.stdout.readline()).group(1)  # type: ignore[union-attr]
        browser = Browser(base)
        form = browser.get(f"/p/{PACKET}/edit/documents").decode("utf-8")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        browser.post(f"/p/{PACKET}/build", {"csrf_token": token})
        _job_done(browser)  # warm: the workers started, LibreOffice running, everything converted once
        preview = f"/p/{PACKET}/preview/circular.pdf/1.png"
        times = []
        for i in range(runs):
            before = browser.get(preview)
            form = browser.get(f"/p/{PACKET}/edit/documents").decode("utf-8")
            day = datetime.date(2023, 3, 21) + datetime.timedelta(days=i)
            fields = {**form_of(form), "circular.report_by": f"{day.year + 543}-{day.month:02d}-{day.day:02d}"}
            started = time.perf_counter()
            browser.post(f"/p/{PACKET}/edit/documents", fields)
            lines = _job_done(browser)
            if os.environ.get("DOCGEN_BENCH_VERBOSE"):
                print("\n".join(lines), file=sys.stderr)
            if browser.get(preview) == before:
                raise SystemExit("the preview did not change after the save")
            times.append(time.perf_counter() - started)
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-preview-speed-") as tmp:
        work = Path(tmp)
        cold = statistics.median(cold_builds(work, opts.runs))
        save = statistics.median(saves(work, opts.runs, opts.workers))
    print(f"cold docgen build --pdf: {cold:.2f} s (median of {opts.runs})")
    print(f"save to its fresh preview: {save:.2f} s (median of {opts.runs}, {opts.workers} workers)")
    print(f"ratio: {save / cold:.2f}")


if __name__ == "__main__":
    main()
