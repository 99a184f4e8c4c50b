"""The commands that write documents: ``memo``, ``circular``, ``report``,
``progress`` and ``build`` (one packet, or every packet under a folder)."""

from __future__ import annotations

import functools
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

from docgen.cli.group import load_records, main, output_options, records_option
from docgen.documents.kinds import KINDS
from docgen.errors import UsageError

#: what ``--to`` says of its default (:func:`docgen.facts.derive.addressee`: from the records)
TOP_OF_LINE = "ตำแหน่งบนสุดในสาย reports_to ของผู้ลงนาม"


def document_command(name: str) -> Callable[[Callable[..., Any]], click.Command]:
    """Register a command that writes one or more documents and prints their paths."""

    def wrap(fn: Callable[..., Any]) -> click.Command:
        @functools.wraps(fn)
        def run(records: Path | None, out: Path, force: bool, **opts: Any) -> None:
            started = time.monotonic()
            recs = load_records(records)
            _written(fn(recs, out=out, force=force, **opts), started)

        return main.command(name)(records_option(output_options(run)))

    return wrap


@document_command("memo")
@click.option(
    "--to", "to", default=None, show_default=TOP_OF_LINE, metavar="ROLE",
    help="ตำแหน่งผู้รับบันทึก: ชื่ออ้างอิงใน roles ของข้อมูลองค์กร เช่น permanent-secretary",
)
def memo(recs: Any, *, out: Path, force: bool, to: str | None) -> list[Path]:
    """สร้างบันทึกข้อความเสนอผู้บริหารให้เห็นชอบมาตรการ (DOCX)

    ผู้บังคับบัญชาที่บันทึกต้องผ่านก่อนถึงผู้รับ คำนวณจาก reports_to ในข้อมูลองค์กร

    \b
    ตัวอย่าง:
      docgen memo
      docgen memo --to permanent-secretary -o ~/เอกสาร --force
    """
    from docgen.build.documents import make
    from docgen.facts.derive import addressee

    return make(recs, ["memo"], out=out, force=force, memo_to=to or addressee(recs))


@document_command("circular")
def circular(recs: Any, *, out: Path, force: bool) -> list[Path]:
    """สร้างหนังสือเวียนแจ้งทุกส่วนราชการให้ถือปฏิบัติตามมาตรการ พร้อม QR Code (DOCX)

    \b
    ตัวอย่าง:
      docgen circular
      docgen circular -r records/lopburi-pao/2566 -o output --force
    """
    from docgen.build.documents import make

    return make(recs, ["circular"], out=out, force=force)


@document_command("report")
def report(recs: Any, *, out: Path, force: bool) -> list[Path]:
    """สร้างเล่มรายงานมาตรการ (ข้อ O ของปีนั้น): วิเคราะห์ผลการประเมินปีที่แล้วและตารางมาตรการ (DOCX)

    \b
    ตัวอย่าง:
      docgen report
      docgen report -r records/lopburi-pao/2566 --force
    """
    from docgen.build.documents import make

    return make(recs, ["report"], out=out, force=force)


@document_command("progress")
@click.option(
    "--to", "to", default=None, show_default=TOP_OF_LINE, metavar="ROLE",
    help="ตำแหน่งผู้รับบันทึกเสนอ: ชื่ออ้างอิงใน roles ของข้อมูลองค์กร",
)
def progress(recs: Any, *, out: Path, force: bool, to: str | None) -> list[Path]:
    """สร้างรายงานผลการดำเนินการตามมาตรการ (ข้อ O43 ในปี 2566) และบันทึกเสนอผู้บริหาร (DOCX)

    ใช้ progress.yaml ข้าง packet.yaml: มาตรการ เลขลำดับ ชื่อ ผู้รับผิดชอบ และระยะเวลา มาจากตารางมาตรการ

    \b
    ตัวอย่าง:
      docgen progress
      docgen progress --to permanent-secretary -r records/lopburi-pao/2566
    """
    from docgen.build.documents import make
    from docgen.facts.derive import addressee

    if recs.progress is None:
        raise UsageError(f"ยังไม่มี progress.yaml ข้าง {recs.sources['packet'].path} จึงยังสร้างรายงานผลไม่ได้")
    return make(recs, [k.key for k in KINDS if k.needs_progress], out=out, force=force,
                memo_to=to or addressee(recs, progress=True))


@main.command("build")
@records_option
@output_options
@click.option("--pdf", is_flag=True, help="สร้าง PDF ของทุกเอกสารด้วย (ต้องมี LibreOffice) พร้อมภาพตัวอย่างหน้าแรก")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, metavar="N",
              help="หลายชุดพร้อมกัน: จำนวนงานที่ทำพร้อมกัน (ค่าปริยาย: จำนวนแกนของเครื่อง)")
@click.option("--changed", is_flag=True, help="หลายชุดพร้อมกัน: ข้ามชุดที่ข้อมูล แม่แบบ และรุ่นของ docgen ไม่เปลี่ยน")
def build(records: Path | None, out: Path, force: bool, pdf: bool, jobs: int | None, changed: bool) -> None:
    """สร้างเอกสารทั้งชุด: รายงาน บันทึกเสนอนายก หนังสือเวียน และ manifest.json

    -r เป็นโฟลเดอร์ที่มีข้อมูลหลายชุด (เช่น records/) ได้: สร้างทุกชุดในโฟลเดอร์นั้นพร้อมกันหลายงาน
    ชุดที่ผิดพลาดไม่ทำให้ชุดอื่นหยุด และสรุปผลเป็นตารางท้ายงาน

    \b
    ตัวอย่าง:
      docgen build
      docgen build --pdf -r records/lopburi-pao/2566 --force
      docgen build -r records/ --jobs 2 --changed
    """
    from docgen.build.batch import packets_under

    if records is not None and records.is_dir() and not (records / "packet.yaml").exists() \
            and packets_under(records):
        _build_many(records, out=out, force=force, pdf=pdf, jobs=jobs, changed=changed)
        return
    from docgen.build.packet import build as build_packet
    from docgen.facts.derive import addressee

    started = time.monotonic()
    recs = load_records(records)
    paths = build_packet(recs, out=out, force=force, pdf=pdf, memo_to=addressee(recs),
                         warn=lambda m: click.echo(f"คำเตือน: {m}", err=True), progress=say_progress)
    _written(paths, started)


def _written(paths: list[Path], started: float) -> None:
    for path in paths:
        click.echo(f"เขียนแล้ว: {path}")
    folders = sorted({str(p.parent) for p in paths})
    click.echo(f"เสร็จ: {len(paths)} ไฟล์ ใน {', '.join(folders)} ({time.monotonic() - started:.1f} วินาที)")


def _build_many(folder: Path, *, out: Path, force: bool, pdf: bool, jobs: int | None, changed: bool) -> None:
    """Every packet under *folder*, with a progress bar on standard error and the
    closing table; exit 1 if any failed."""
    from docgen.build.batch import build_many, default_jobs, packets_under, table

    started = time.monotonic()
    count = len(packets_under(folder))
    with click.progressbar(length=count, label="สร้างเอกสาร", file=sys.stderr, show_pos=True,
                           show_eta=True) as bar:
        outcomes = build_many(folder, out=out, force=force, pdf=pdf, jobs=jobs or default_jobs(), changed=changed,
                              tick=lambda outcome: bar.update(1))
    for line in table(outcomes, folder):
        click.echo(line)
    click.echo(f"เสร็จใน {time.monotonic() - started:.1f} วินาที")
    if any(o.status == "failed" for o in outcomes):
        raise click.exceptions.Exit(1)


def say_progress(message: str) -> None:
    """What a slow job is doing, on a terminal (or with DOCGEN_PROGRESS=1); quiet in pipes."""
    if os.environ.get("DOCGEN_PROGRESS") == "1" or sys.stderr.isatty():
        click.echo(f"… {message}", err=True)
