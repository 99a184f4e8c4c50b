"""Many packets in one command: ``docgen build -r FOLDER``.

Every ``packet.yaml`` below FOLDER is built into ``OUT/<organisation>/<fiscal year>/``
by a pool of worker processes (``--jobs``, the machine's cores by default); each
packet's build is the same all-or-nothing build as for one packet, so one packet's
failure never stops or spoils another. With ``--changed``, a packet whose manifest
already records the same records, templates and docgen version is skipped.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from docgen import __version__
from docgen.records.source import PACKET_FILE


@dataclass(frozen=True)
class Outcome:
    packet: Path
    status: str  # built, failed, skipped
    files: int
    seconds: float
    message: str = ""


STATUS_TH = {"built": "สร้างแล้ว", "failed": "ล้มเหลว", "skipped": "ข้าม (ไม่มีการเปลี่ยนแปลง)"}


def packets_under(folder: Path) -> list[Path]:
    """Every packet below *folder*, in a stable order."""
    return sorted(p for p in folder.rglob(PACKET_FILE) if p.is_file())


def up_to_date(packet: Path, out: Path) -> bool:
    """Whether the packet's output already holds a manifest naming the same records
    (every file it was built from, by hash), the same templates and this docgen."""
    from docgen.documents.kinds import template_names, templates_dir
    from docgen.documents.make import output_dir
    from docgen.output.manifest import MANIFEST, sha256
    from docgen.records.loading import load

    try:
        recs = load(packet)
        manifest = json.loads((output_dir(recs, out) / MANIFEST).read_text(encoding="utf-8"))
    except Exception:  # no manifest, or records that do not load: build (and report) it
        return False
    records = {r["path"]: r["sha256"] for r in manifest.get("records", [])}
    now = {src.path.as_posix(): sha256(src.path.read_bytes()) for src in recs.sources.values()}
    templates = {t["name"]: t["sha256"] for t in manifest.get("templates", [])}
    folder = templates_dir(recs)
    return (manifest.get("docgen") == __version__ and records == now
            and templates == {name: sha256((folder / name).read_bytes()) for name in template_names(recs)})


def _build_one(packet: str, out: str, force: bool, pdf: bool) -> Outcome:
    """One packet, in a worker process; every failure is an outcome, never an exception."""
    from docgen.build.packet import build
    from docgen.errors import DocgenError
    from docgen.records.loading import load

    started = time.monotonic()
    if pdf:  # one LibreOffice for all of this worker's packets
        from docgen.pdf.convert import keep_libreoffice

        keep_libreoffice()
    try:
        recs = load(packet)
        from docgen.history.record import notice_packet

        notice_packet(Path(packet))  # a hand edit kept as such, as a single build does
        paths = build(recs, out=Path(out), force=force, pdf=pdf)
        return Outcome(Path(packet), "built", len(paths), time.monotonic() - started)
    except DocgenError as exc:
        return Outcome(Path(packet), "failed", 0, time.monotonic() - started, str(exc))
    except Exception as exc:  # a bug in one packet's build must not stop the others
        return Outcome(Path(packet), "failed", 0, time.monotonic() - started,
                       f"เกิดข้อผิดพลาดภายในโปรแกรม: {type(exc).__name__}: {exc}")


def _end_with_parent(parent: int) -> None:
    """In a worker: end when docgen's main process ends, killed or not (a worker idle
    on the pool's queue would otherwise live on, with the LibreOffice it keeps): killed
    by the kernel where it can, else its LibreOffices are ended first, and none is
    started after."""
    from docgen import die_with

    die_with(parent)  # Linux: the kernel kills the worker at once (its LibreOffice's worker then sees it go)
    watch_parent(parent)


def watch_parent(parent: int) -> None:
    """In a worker: a thread that ends the process, and the LibreOffices it runs, once
    *parent* is gone (for a worker whose parent thread may end before the parent does,
    which the kernel's death signal would take for the parent's end)."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.05)  # a killed docgen's workers and their LibreOffices end within a tenth of a second
        from docgen.pdf.leftovers import end_all

        try:  # every LibreOffice this worker runs, the one it keeps and one it may be starting
            end_all()
        finally:
            os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def build_many(folder: Path, *, out: Path, force: bool, pdf: bool, jobs: int, changed: bool,
               tick: Callable[[Outcome], None] = lambda outcome: None) -> list[Outcome]:
    """Build every packet under *folder*; *tick* is called as each one ends. Returns
    the outcomes in the packets' order."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    packets = packets_under(folder)
    outcomes: dict[Path, Outcome] = {}
    todo = []
    for packet in packets:
        if changed and up_to_date(packet, out):
            outcomes[packet] = Outcome(packet, "skipped", 0, 0.0)
            tick(outcomes[packet])
        else:
            todo.append(packet)
    if todo:
        with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_end_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            futures = [pool.submit(_build_one, str(p), str(out), force, pdf) for p in todo]
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.packet] = outcome
                tick(outcome)
    return [outcomes[p] for p in packets]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def table(outcomes: list[Outcome], folder: Path) -> Iterator[str]:
    """The closing table: one line a packet, then the totals."""
    for o in outcomes:
        where = o.packet.parent.relative_to(folder) if o.packet.is_relative_to(folder) else o.packet.parent
        line = f"  {STATUS_TH[o.status]:<28} {where}"
        if o.status == "built":
            line += f"  {o.files} ไฟล์ {o.seconds:.1f} วินาที"
        if o.message:
            line += "\n      " + o.message.replace("\n", "\n      ")
        yield line
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in STATUS_TH}
    yield (f"สรุป: สร้างแล้ว {counts['built']} ชุด, ล้มเหลว {counts['failed']} ชุด, "
           f"ข้าม {counts['skipped']} ชุด จากทั้งหมด {len(outcomes)} ชุด")
