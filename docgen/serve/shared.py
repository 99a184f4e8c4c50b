"""Builds queued in PostgreSQL, for a workspace that grows past one machine: with
``--db postgresql://...`` the web process defers each build to procrastinate (a
well-kept PostgreSQL task queue), and ``docgen worker --db URL`` processes, on this
machine or others with the records and output folders on shared storage, take them.
Each build's progress, state and place live in the table ``build_jobs`` beside it, so
any web process shows any build's page.

Fair across offices: a build is deferred with a priority one lower for each build of
its office already waiting (procrastinate runs higher priorities first), so an office
that presses the button ten times waits behind the next office's one; one waiting
build per packet (procrastinate's queueing lock)."""

from __future__ import annotations

import datetime as _dt
import os
import socket
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update

from docgen.accounts.db import Database, open_db
from docgen.accounts.models import now
from docgen.serve.jobs import Job, Jobs
from docgen.serve.queued import DONE, RUNNING, WAITING, BuildJob

QUEUE = "docgen-builds"


def app_for(url: str) -> Any:
    """The procrastinate app over the database at *url* (its one task: a build)."""
    import procrastinate
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo))

    @app.task(name="docgen.build", queue=QUEUE, pass_context=False)
    def build(job_id: str, spec: dict[str, Any]) -> None:
        _run(url, job_id, spec)

    return app


class SharedQueue(Jobs):
    """The web process's side: builds deferred to PostgreSQL, read back from it."""

    resident = True  # warm workers: a save starts its packet's build

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.db_url = db.url
        self._app = app_for(db.url).open()

    def start(self, packet: str, packet_path: Path, out: Path, *, pdf: bool, force: bool,
              folders: tuple[Path, ...] = (), office: Path | None = None, then: str | None = None) -> Job:
        import procrastinate.exceptions

        office_key = packet.split("/", 1)[0]
        with self.db.session() as s:
            waiting = s.scalar(select(BuildJob).where(BuildJob.packet == packet, BuildJob.state == WAITING))
            if waiting is not None:
                return self._job(waiting)
            ahead = s.scalar(select(func.count()).select_from(BuildJob).where(
                BuildJob.office == office_key, BuildJob.state == WAITING)) or 0
            row = BuildJob(id=uuid.uuid4().hex, packet=packet, office=office_key, priority=-int(ahead),
                           state=WAITING, ok=0, lines="", worker="", queued_at=now())
            s.add(row)
        spec = {"packet": str(packet_path), "out": str(out), "pdf": pdf, "force": force,
                "office": str(office) if office else None, "then": then,
                "folders": [f"{f}{os.sep}" for f in folders]}
        try:
            self._app.tasks["docgen.build"].configure(priority=row.priority, queueing_lock=packet).defer(
                job_id=row.id, spec=spec)
        except procrastinate.exceptions.AlreadyEnqueued:  # another web process queued it a moment ago
            with self.db.session() as s:
                s.delete(s.get_one(BuildJob, row.id))
                waiting = s.scalar(select(BuildJob).where(BuildJob.packet == packet, BuildJob.state == WAITING))
                if waiting is not None:
                    return self._job(waiting)
        return self._job(row)

    def get(self, job_id: str) -> Job | None:
        with self.db.session() as s:
            row = s.get(BuildJob, job_id)
            return self._job(row) if row is not None else None

    def running(self, packet: str) -> Job | None:
        with self.db.session() as s:
            row = s.scalar(select(BuildJob).where(BuildJob.packet == packet).order_by(BuildJob.queued_at.desc())
                           .limit(1))
            return self._job(row) if row is not None else None

    def place(self, job: Job) -> int | None:
        """Its place in the queue, as procrastinate takes them: priority, then age."""
        with self.db.session() as s:
            row = s.get(BuildJob, job.id)
            if row is None or row.state != WAITING:
                return None
            ahead = s.scalar(select(func.count()).select_from(BuildJob).where(
                BuildJob.state == WAITING,
                (BuildJob.priority > row.priority)
                | ((BuildJob.priority == row.priority) & (BuildJob.queued_at < row.queued_at)))) or 0
            return int(ahead) + 1

    def close(self) -> None:
        self._app.close()

    @staticmethod
    def _job(row: BuildJob) -> Job:
        """The row as the workspace's pages know a build (its times on this process's clock)."""
        job = Job(row.id, row.packet, lines=[line for line in row.lines.split("\n") if line],
                  done=row.state == DONE, ok=bool(row.ok), waiting=row.state == WAITING)
        job.queued = _here(row.queued_at) or time.monotonic()
        job.started = _here(row.started_at) or time.monotonic()
        job.ended = _here(row.ended_at)
        return job


def _here(at: _dt.datetime | None) -> float | None:
    """A time the database holds, on this process's monotonic clock."""
    if at is None:
        return None
    at = at if at.tzinfo else at.replace(tzinfo=_dt.timezone.utc)
    return time.monotonic() - (_dt.datetime.now(_dt.timezone.utc) - at).total_seconds()


# ---------------------------------------------------------------------- in a worker


def _run(url: str, job_id: str, spec: dict[str, Any]) -> None:
    """One build taken from the queue: its lines written to its row as they come."""
    from docgen.serve import pool

    db = open_db(url)
    me = f"{socket.gethostname()}:{os.getpid()}"
    with db.session() as s:
        s.execute(update(BuildJob).where(BuildJob.id == job_id).values(state=RUNNING, started_at=now(), worker=me))

    def say(line: str) -> None:
        for folder in spec.get("folders", []):
            line = line.replace(folder, "")
        with db.session() as s:
            row = s.get_one(BuildJob, job_id)
            row.lines = f"{row.lines}{line}\n"

    ok = False
    try:
        ok = pool.build_with(spec, say)
    finally:
        with db.session() as s:
            s.execute(update(BuildJob).where(BuildJob.id == job_id).values(state=DONE, ok=int(ok), ended_at=now()))


def work(url: str, *, concurrency: int = 1) -> None:
    """``docgen worker``: take builds from the queue until stopped (Ctrl+C, SIGTERM),
    keeping one LibreOffice."""
    from docgen.pdf.convert import keep_libreoffice, start_kept_libreoffice
    from docgen.records.models import Organisation

    open_db(url)  # the schema (and procrastinate's) brought up to date first
    os.environ["DOCGEN_DB"] = url
    keep_libreoffice()
    start_kept_libreoffice(str(Organisation.model_fields["font"].default))  # warm before the first build
    app_for(url).run_worker(queues=[QUEUE], concurrency=concurrency, install_signal_handlers=True)
