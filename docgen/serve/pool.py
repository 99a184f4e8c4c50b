"""The workspace's resident build workers (``docgen serve --workers N``): N processes,
each with docgen imported and, once it has built a PDF, one LibreOffice kept running;
builds wait in one queue, taken in turn office by office (an office pressing the
button ten times does not hold back the next office's one build), and never more
LibreOffices run than workers. A worker converts only what changed
(:mod:`docgen.build.reuse`), so a build after one save takes a second or two.

Each build is the same all-or-nothing build as ``docgen build --pdf``, with the same
checks (the office's folder, the register, the approval chain); its progress lines
come back through a queue for the packet's page, which shows a waiting build's place."""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from docgen.serve.jobs import Job, Jobs

_LINES: Any = None  # in a worker: where its progress lines go


class Pool(Jobs):
    """Builds in *workers* resident processes, fair across offices."""

    resident = True  # warm workers: a save starts its packet's build

    def __init__(self, workers: int) -> None:
        super().__init__()
        self.workers = max(1, workers)
        self._lock = threading.Lock()
        self._waiting: OrderedDict[str, deque[tuple[Job, dict[str, Any]]]] = OrderedDict()
        self._served: dict[str, int] = {}  # office -> when it last had a build started (a count)
        self._ticks = 0
        self._busy = 0
        self._executor: ProcessPoolExecutor | None = None
        self._lines: Any = None
        self._closed = False

    # ------------------------------------------------------------------ the web process's side

    def start(self, packet: str, packet_path: Path, out: Path, *, pdf: bool, force: bool,
              folders: tuple[Path, ...] = (), office: Path | None = None, then: str | None = None) -> Job:
        """Queue a build of the packet (or give the one of it already waiting)."""
        with self._lock:
            for job, _ in self._waiting.get(_office_of(packet), ()):
                if job.packet == packet:
                    return job  # the waiting build will read the records as they are when it starts
            job = Job(os.urandom(8).hex(), packet, tuple(f"{f}{os.sep}" for f in folders))
            job.waiting = True
            self._jobs[job.id] = job
            self._running[packet] = job.id
            spec = {"packet": str(packet_path), "out": str(out), "pdf": pdf, "force": force,
                    "office": str(office) if office else None, "then": then}
            self._waiting.setdefault(_office_of(packet), deque()).append((job, spec))
            self._dispatch()
        return job

    def place(self, job: Job) -> int | None:
        """The build's place in the queue (1: next), None once it has started."""
        with self._lock:
            order = _in_turn({o: [j for j, _ in q] for o, q in self._waiting.items()}, dict(self._served))
        return next((i + 1 for i, j in enumerate(order) if j is job), None)

    def _dispatch(self) -> None:
        """Hand waiting builds to idle workers, office by office in turn (under the lock):
        next is the office served longest ago (one never served first, in order of arrival)."""
        while self._busy < self.workers and self._waiting and not self._closed:
            office = _next_office(self._waiting, self._served)
            jobs = self._waiting[office]
            job, spec = jobs.popleft()
            if not jobs:
                self._waiting.pop(office)
            self._ticks += 1
            self._served[office] = self._ticks
            job.waiting = False
            job.started = time.monotonic()
            self._busy += 1
            try:
                future = self._pool().submit(_build, job.id, spec)
            except (RuntimeError, OSError) as exc:  # shutting down (BrokenProcessPool is a RuntimeError)
                self._busy -= 1
                job.lines.append(f"docgen: พื้นที่ทำงานกำลังปิด จึงยังไม่ได้สร้าง ({type(exc).__name__})")
                job.ended, job.done, job.ok = time.monotonic(), True, False
                continue
            future.add_done_callback(self._when_done(job))

    def _when_done(self, job: Job) -> Any:
        def done(future: Future[bool]) -> None:
            self._done(job, future)

        return done

    def _done(self, job: Job, future: Future[bool]) -> None:
        try:
            job.ok = bool(future.result())
        except Exception as exc:  # noqa: BLE001 - a worker that died: the build failed, the queue goes on
            job.lines.append(f"docgen: ตัวสร้างเอกสารหยุดทำงานกลางคัน ({type(exc).__name__}) ให้กดสร้างอีกครั้ง")
            job.ok = False
            from concurrent.futures.process import BrokenProcessPool

            if isinstance(exc, BrokenProcessPool) and not self._closed:
                with self._lock:
                    self._executor = None  # new workers for the builds that follow
        time.sleep(0.05)  # the worker's last lines are on their way through the queue
        job.ended = time.monotonic()
        job.done = True
        with self._lock:
            self._busy -= 1
            self._dispatch()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("spawn")  # never a fork of a threaded web server
            self._lines = context.Queue()
            self._executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_worker_start,
                                                 initargs=(os.getpid(), self._lines, self.db_url))
            threading.Thread(target=self._read_lines, daemon=True).start()
        return self._executor

    def _read_lines(self) -> None:
        while not self._closed:
            try:
                job_id, line = self._lines.get(timeout=0.5)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return
            job = self._jobs.get(job_id)
            if job is not None:
                for folder in job.folders:
                    line = line.replace(folder, "")
                job.lines.append(line)

    def warm(self) -> None:
        """Start the workers now, each importing the builder and starting its
        LibreOffice, so that the first build waits for neither."""
        with self._lock:
            pool = self._pool()
            for _ in range(self.workers):
                pool.submit(_warm)

    def close(self) -> None:
        """End the workers and their LibreOffices."""
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


def _office_of(packet: str) -> str:
    return packet.split("/", 1)[0]


def _next_office(waiting: Any, served: dict[str, int]) -> str:
    """The office whose build starts next: served longest ago; never served first."""
    arrival = {office: i for i, office in enumerate(waiting)}
    found: str = min(waiting, key=lambda office: (served.get(office, -1), arrival[office]))
    return found


def _in_turn(waiting: dict[str, list[Job]], served: dict[str, int]) -> list[Job]:
    """The waiting builds in the order they will start (the queue played forward)."""
    waiting = {office: list(jobs) for office, jobs in waiting.items() if jobs}
    order, tick = [], max(served.values(), default=0)
    while waiting:
        office = _next_office(waiting, served)
        order.append(waiting[office].pop(0))
        tick += 1
        served[office] = tick
        if not waiting[office]:
            del waiting[office]
    return order


# ---------------------------------------------------------------------- in a worker


def _worker_start(parent: int, lines: Any, db_url: str | None) -> None:
    """A worker's set-up: it ends with the web process; it keeps one LibreOffice; its
    builds check against the workspace's database."""
    global _LINES
    from docgen.build.batch import watch_parent
    from docgen.pdf.convert import keep_libreoffice

    # not the kernel's death signal: it follows the thread that started the worker, and a
    # request's thread may end long before the web process does
    watch_parent(parent)
    keep_libreoffice()
    _LINES = lines
    if db_url:
        os.environ["DOCGEN_DB"] = db_url


def _warm() -> None:
    """A worker's first task: the builder imported, LibreOffice started (for the records'
    default font), a moment held so that each worker takes one."""
    import docgen.build.packet  # noqa: F401 - imported now, not at the first build
    from docgen.pdf.convert import start_kept_libreoffice
    from docgen.records.models import Organisation

    start_kept_libreoffice(str(Organisation.model_fields["font"].default))
    time.sleep(0.5)


def _say(job_id: str, line: str) -> None:
    _LINES.put((job_id, line))


def _build(job_id: str, spec: dict[str, Any]) -> bool:
    """One build in this pool's worker."""
    return build_with(spec, lambda line: _say(job_id, line))


def build_with(spec: dict[str, Any], say: Any) -> bool:
    """One build, as ``docgen build --pdf`` makes it, its lines said as they come
    (a pool's worker, or ``docgen worker``)."""
    from docgen.build.against import against_database
    from docgen.build.packet import build
    from docgen.errors import DocgenError
    from docgen.facts.derive import addressee
    from docgen.history.record import notice_packet
    from docgen.records.loading import load

    ok = True
    try:
        recs = load(spec["packet"], office=Path(spec["office"]) if spec["office"] else None)
        notice_packet(Path(spec["packet"]))
        against_database(recs)
        for warning in recs.warnings:
            say(f"คำเตือน: {warning}")
        for path in build(recs, out=Path(spec["out"]), force=spec["force"], pdf=spec["pdf"], memo_to=addressee(recs),
                          warn=lambda m: say(f"คำเตือน: {m}"), progress=say):
            say(f"เขียนแล้ว: {path}")
    except DocgenError as exc:
        say(f"docgen: {exc}")
        ok = False
    if spec["then"]:
        ok = _keep_approved(spec, say) and ok
    return ok


def _keep_approved(spec: dict[str, Any], say: Any) -> bool:
    """The approved memo kept after the build (at a decision), as ``docgen approved``."""
    from docgen.chain.approved import keep
    from docgen.errors import DocgenError
    from docgen.records.loading import load

    try:
        recs = load(spec["packet"], office=Path(spec["office"]) if spec["office"] else None)
        for path in keep(None, recs, spec["then"], Path(spec["out"]), progress=say):
            say(f"เขียนแล้ว: {path}")
        return True
    except DocgenError as exc:
        say(f"docgen: {exc}")
        return False
