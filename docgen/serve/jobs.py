"""Builds started from the workspace: each is ``docgen build`` in a child process (a
crash or a hung LibreOffice cannot take the workspace down), its progress lines read
as they come, for the page to show while it runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.build.packet import MANIFEST
from docgen.records.loading import OFFICE_FOLDER
from docgen.records.source import Records

_LOCK = threading.Lock()


@dataclass
class Job:
    id: str
    packet: str  # the packet's name in the workspace
    folders: tuple[str, ...] = ()  # said as the clerk knows them: relative to the records and output folders
    lines: list[str] = field(default_factory=list)
    done: bool = False
    ok: bool = False
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    waiting: bool = False  # in the queue, not started (resident workers only)
    queued: float = field(default_factory=time.monotonic)

    def as_json(self) -> dict[str, object]:
        end = self.ended if self.ended is not None else time.monotonic()
        return {"id": self.id, "lines": self.lines, "done": self.done, "ok": self.ok, "waiting": self.waiting,
                "seconds": round(end - self.started, 1) if not self.waiting else 0.0,
                "waited": round((self.started if not self.waiting else time.monotonic()) - self.queued, 1)}


class Jobs:
    """The builds of one workspace; at most one at a time per packet."""

    resident = False  # each build a process of its own: a save does not start one

    def __init__(self) -> None:
        self.db_url: str | None = None  # the workspace's database, for the builds to check against
        self._jobs: dict[str, Job] = {}
        self._running: dict[str, str] = {}  # packet -> job id

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def place(self, job: Job) -> int | None:
        """A waiting build's place in the queue (these builds never wait)."""
        return None

    def close(self) -> None:
        """Nothing to end: each build is a process of its own."""

    def running(self, packet: str) -> Job | None:
        job_id = self._running.get(packet)
        return self._jobs.get(job_id) if job_id else None

    def start(self, packet: str, packet_path: Path, out: Path, *, pdf: bool, force: bool,
              folders: tuple[Path, ...] = (), office: Path | None = None, then: str | None = None) -> Job:
        """Start ``docgen build`` of the packet (or give the one of it under way); with
        *office*, the build reads nothing of the packet's outside that office's folder;
        *then*: a memo (``memo``, ``progress-memo``) whose approved copy is kept after
        it, whatever the build's outcome (at a decision: ``docgen approved``)."""
        with _LOCK:
            busy = self.running(packet)
            if busy is not None and not busy.done:
                return busy
            job = Job(secrets.token_hex(8), packet, tuple(f"{f}{os.sep}" for f in folders))
            self._jobs[job.id] = job
            self._running[packet] = job.id
        cmd = [sys.executable, "-m", "docgen", "build", "-r", str(packet_path), "-o", str(out)]
        cmd += ["--pdf"] if pdf else []
        cmd += ["--force"] if force else []
        env = {**os.environ, "DOCGEN_PROGRESS": "1", "PYTHONUNBUFFERED": "1"}
        env.pop(OFFICE_FOLDER, None)
        if self.db_url is not None:
            env["DOCGEN_DB"] = self.db_url
        if office is not None:
            env[OFFICE_FOLDER] = str(office)
        cmds = [cmd] + ([[sys.executable, "-m", "docgen", "approved", "-r", str(packet_path), "--doc", then, "-o",
                          str(out)]] if then else [])
        threading.Thread(target=self._follow, args=(job, cmds, env), daemon=True).start()
        return job

    @staticmethod
    def _follow(job: Job, cmds: list[list[str]], env: dict[str, str]) -> None:
        ok = True
        for cmd in cmds:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                                    stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace")
            assert proc.stdout is not None
            with proc.stdout:
                for line in proc.stdout:
                    line = line.rstrip("\n")
                    for folder in job.folders:
                        line = line.replace(folder, "")
                    if line:
                        job.lines.append(line.removeprefix("… "))
            ok = proc.wait() == 0 and ok
        job.ok = ok
        job.ended = time.monotonic()
        job.done = True


#: the records a build reads, as the clerk knows them (the manifest's roles)
RECORDS_TH = {"packet": "ข้อมูลชุดเอกสาร", "organisation": "ข้อมูลองค์กร", "framework": "กรอบการประเมินของปีนี้",
              "previous_framework": "กรอบการประเมินของปีที่แล้ว", "progress": "รายงานผลการดำเนินการ"}


def manifest_of(folder: Path) -> dict[str, Any] | None:
    try:
        found = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def records_changed(folder: Path, recs: Records | None) -> list[str]:
    """The records changed since the documents in *folder* were built from them, by
    the clerk's names for them (*recs*: the records as they are now, None where they
    do not validate: the documents are then older than whatever was changed); empty
    where nothing was built, or nothing changed."""
    built = manifest_of(folder)
    if built is None:
        return []
    was = {str(r.get("role")): r.get("sha256") for r in built.get("records", []) if isinstance(r, dict)}
    if recs is None:
        return ["ข้อมูล (ซึ่งยังมีปัญหาอยู่)"]
    now = {role: hashlib.sha256(src.path.read_bytes()).hexdigest() for role, src in recs.sources.items()}
    return [RECORDS_TH.get(role, role) for role in sorted(set(was) | set(now))
            if was.get(role) != now.get(role)]


def edited_by_hand(folder: Path) -> list[str]:
    """The files in a packet's output folder that differ from what docgen last wrote
    there (its manifest), or that the manifest does not name: a clerk's edits."""
    if not folder.is_dir():
        return []
    try:
        written = {f["name"]: f["sha256"] for f in (manifest_of(folder) or {}).get("files", [])}
    except (AttributeError, KeyError, TypeError):
        written = {}
    edited = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name == MANIFEST or not path.is_file():
            continue
        if written.get(path.name) != hashlib.sha256(path.read_bytes()).hexdigest():
            edited.append(path.name)
    return edited
