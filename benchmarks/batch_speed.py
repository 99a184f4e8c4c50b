"""docgen against plain docxtpl, batch throughput, and cost as the measures grow.

    .venv/bin/python benchmarks/batch_speed.py [--packets 100] [--pdf-packets 10] [--runs 5]
        [--only per-packet|throughput|measures]

Prints, in one run:
1. one process, per packet (three DOCX, from reading the records to the bytes): docgen,
   and plain docxtpl rendering the same three templates with the same contexts;
2. ``docgen build -r FOLDER`` throughput in packets per second for N generated
   organisations, with 1 and 2 jobs, without PDF and (on fewer packets) with PDF;
3. one packet's DOCX cost at 4, 40 and 400 measures.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "records"
DOCGEN = Path(sys.executable).with_name("docgen")
sys.path.insert(0, str(ROOT / "tests"))


def per_packet(runs: int) -> tuple[float, float]:
    """Median ms per packet: docgen (load + three renders) and plain docxtpl."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage
    from jinja2.sandbox import SandboxedEnvironment

    from docgen.documents import circular, memo, report
    from docgen.documents.make import render
    from docgen.docx.jinja import FILTERS, environment
    from docgen.records.loading import load

    packet = SAMPLE / "lopburi-pao" / "2566"
    recs = load(packet)
    render(recs, "report")  # warm: imports, the chart cache
    docgen_ms, plain_ms = [], []
    for _ in range(runs):
        started = time.perf_counter()
        recs = load(packet)
        render(recs, "memo", to="chief-executive")
        render(recs, "circular")
        render(recs, "report")
        docgen_ms.append((time.perf_counter() - started) * 1000)
    contexts = {"memo.docx": memo.context(recs, to="chief-executive"), "circular.docx": circular.context(recs),
                "report.docx": report.context(recs)}
    # plain docxtpl: a fresh sandbox with docgen's filters, compiling as docxtpl does
    env = SandboxedEnvironment(autoescape=True, finalize=environment("thai").finalize)
    env.filters.update(FILTERS)
    pictures = {**circular.images(recs, contexts["circular.docx"]), **report.images(recs, contexts["report.docx"])}
    for _ in range(runs):
        started = time.perf_counter()
        for name, ctx in contexts.items():
            tpl = DocxTemplate(str(ROOT / "templates" / name))
            images = {k: InlineImage(tpl, io.BytesIO(img.data), height=Mm(img.height_mm) if img.height_mm else None,
                                     width=Mm(img.width_mm) if img.width_mm else None) for k, img in pictures.items()}
            tpl.render({**ctx, **images}, jinja_env=env)
            tpl.save(io.BytesIO())
        plain_ms.append((time.perf_counter() - started) * 1000)
    return statistics.median(docgen_ms), statistics.median(plain_ms)


def throughput(count: int, jobs: int, pdf: bool) -> float:
    """Packets per second for ``docgen build -r FOLDER`` over *count* organisations."""
    from test_batch import offices

    work = Path(tempfile.mkdtemp(prefix="docgen-batch-"))
    try:
        offices(work / "records", count)
        started = time.perf_counter()
        subprocess.run([str(DOCGEN), "build", "-r", str(work / "records"), "-o", str(work / "out"),
                        "--jobs", str(jobs), *(["--pdf"] if pdf else [])], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return count / (time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def by_measures(counts: list[int], runs: int) -> list[tuple[int, float]]:
    """Median ms for one packet's three DOCX with n generated measures."""
    from docgen.documents.make import render
    from docgen.records.loading import load

    from hostile_corpus import PACKET, many_measures

    out = []
    for n in counts:
        work = Path(tempfile.mkdtemp(prefix="docgen-measures-"))
        try:
            shutil.copytree(SAMPLE, work / "records", ignore=shutil.ignore_patterns("progress.yaml"))
            if n > 4:
                many_measures(n)(work / "records")
            elif n < 4:
                raise SystemExit("at least the sample's 4 measures")
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                recs = load(work / "records" / PACKET)
                render(recs, "memo", to="chief-executive")
                render(recs, "circular")
                render(recs, "report")
                times.append((time.perf_counter() - started) * 1000)
            out.append((n, statistics.median(times)))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--packets", type=int, default=100)
    parser.add_argument("--pdf-packets", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("per-packet", "throughput", "measures"),
                        help="run one of the three measures only")
    args = parser.parse_args()
    if args.only in (None, "per-packet"):
        docgen_ms, plain_ms = per_packet(args.runs)
        print(f"per packet, one process: docgen {docgen_ms:.0f} ms, plain docxtpl {plain_ms:.0f} ms"
              f" (docgen / docxtpl = {docgen_ms / plain_ms:.2f})")
    if args.only in (None, "throughput"):
        for jobs in (1, 2):
            print(f"build -r, {args.packets} packets, {jobs} job(s), DOCX: "
                  f"{throughput(args.packets, jobs, False):.1f} packets/s")
        for jobs in (1, 2):
            print(f"build -r, {args.pdf_packets} packets, {jobs} job(s), --pdf: "
                  f"{throughput(args.pdf_packets, jobs, True):.2f} packets/s")
    if args.only in (None, "measures"):
        for n, ms in by_measures([4, 40, 400], args.runs):
            print(f"one packet, {n} measures: {ms:.0f} ms ({ms / n:.1f} ms a measure)")


if __name__ == "__main__":
    main()
