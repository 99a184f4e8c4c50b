"""The ``docgen`` command. It parses options, makes one call into the library, and turns
docgen's errors into a Thai message and an exit code (1: the job failed, 2: the command
was asked for something that does not exist). No document logic lives here."""

from __future__ import annotations

import errno
import functools
import os
import sys
import time
from pathlib import Path
from typing import Any, Callable

import click

from docgen import __version__
from docgen.cli.thai import install as _thai_click
from docgen.errors import DocgenError, TemplatesError, UsageError

_thai_click()

EXAMPLE_RECORDS = "records/lopburi-pao/2566"


OS_ERRORS = {
    errno.ENOSPC: "พื้นที่ดิสก์เต็ม ให้ลบไฟล์ที่ไม่ใช้แล้วสั่งใหม่",
    errno.EDQUOT: "ใช้พื้นที่เกินโควตา ให้ลบไฟล์ที่ไม่ใช้แล้วสั่งใหม่",
    errno.EACCES: "ไม่มีสิทธิ์เขียนหรืออ่านไฟล์/โฟลเดอร์นี้",
    errno.EPERM: "ไม่มีสิทธิ์เขียนหรืออ่านไฟล์/โฟลเดอร์นี้",
    errno.EROFS: "ระบบไฟล์นี้อ่านได้อย่างเดียว",
    errno.ENOENT: "ไม่พบไฟล์หรือโฟลเดอร์",
}
INTERNAL = "docgen: เกิดข้อผิดพลาดภายในโปรแกรม (ไม่ใช่ความผิดของข้อมูล) ไม่ได้เขียนไฟล์ใด กรุณาแจ้งผู้ดูแลพร้อมข้อความนี้:"


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            click.echo(f"docgen: {exc}", err=True)
            ctx.exit(2)
        except DocgenError as exc:
            click.echo(f"docgen: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("docgen: หยุดตามคำสั่ง (Ctrl-C) ไม่ได้เขียนไฟล์ใดค้างไว้", err=True)
            ctx.exit(130)
        except MemoryError:
            click.echo("docgen: หน่วยความจำไม่พอสำหรับข้อมูลชุดนี้ ไม่ได้เขียนไฟล์ใด", err=True)
            ctx.exit(1)
        except OSError as exc:  # a full disk, a folder without permission, an unwritable HOME or TMPDIR
            where = f" ({exc.filename})" if exc.filename else ""
            reason = OS_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
            click.echo(f"docgen: ระบบไฟล์ขัดข้อง: {reason}{where} เอกสารชุดเดิม (ถ้ามี) ยังอยู่ครบ ไม่มีไฟล์ใหม่", err=True)
            ctx.exit(1)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:  # a bug: say so in one line, never a traceback
            click.echo(f"{INTERNAL} {type(exc).__name__}: {exc}", err=True)
            ctx.exit(1)


def records_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-r/--records PACKET``, shared by every command."""
    return click.option(
        "-r", "--records", "records", type=click.Path(path_type=Path), default=None,
        metavar="PACKET",
        help="packet.yaml หรือโฟลเดอร์ที่มี packet.yaml (ไม่ระบุ: ใช้ชุดเดียวที่อยู่ใต้ ./records)",
    )(fn)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``-o/--out DIR`` and ``--force``, shared by every command that writes documents."""
    fn = click.option(
        "--force", is_flag=True,
        help="เขียนทับไฟล์ที่มีอยู่แล้ว (ไฟล์เดิมอาจเป็นฉบับที่แก้ไขด้วยมือ)",
    )(fn)
    return click.option(
        "-o", "--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
        metavar="DIR", help="โฟลเดอร์ผลลัพธ์ เอกสารจะอยู่ใน DIR/<องค์กร>/<ปีงบประมาณ>/",
    )(fn)


def _load(records: Path | None) -> Any:
    from docgen.records.loading import default_packet, load

    if records is None:
        records, note = default_packet()
        if note:
            click.echo(note, err=True)
    recs = load(records)
    for warning in recs.warnings:
        click.echo(f"คำเตือน: {warning}", err=True)
    return recs


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
             options_metavar="[ตัวเลือก]", subcommand_metavar="คำสั่ง [ตัวเลือกของคำสั่ง]...")
@click.version_option(__version__, "--version", prog_name="docgen")
def main() -> None:
    """docgen: เอกสาร ITA (รายงาน O42, บันทึกข้อความ, หนังสือเวียน) จากข้อมูลที่กรอกครั้งเดียว

    \b
    ตัวอย่าง:
      docgen validate
      docgen build -r records/lopburi-pao/2566
    """


@main.command()
@records_option
def validate(records: Path | None) -> None:
    """ตรวจข้อมูล (records) โดยไม่สร้างเอกสาร และสรุปสิ่งที่ตรวจ

    \b
    ตัวอย่าง:
      docgen validate -r records/lopburi-pao/2566
    """
    from docgen.documents.kinds import usable_templates
    from docgen.facts.summary import summary

    recs = _load(records)
    usable_templates(recs)
    click.echo(summary(recs))


@main.command()
@click.argument("source", type=click.Path(path_type=Path), metavar="FILE")
@records_option
@click.option("--force", is_flag=True, help="แทนที่ emblem.png ที่มีอยู่แล้ว")
def emblem(source: Path, records: Path | None, force: bool) -> None:
    """นำภาพตราครุฑจากไฟล์ Word ของหน่วยงาน (หัวกระดาษหน้าแรก) หรือไฟล์ภาพ PNG/JPEG/SVG มาใช้

    ตรวจภาพ (เป็นภาพจริง ขนาดเหมาะสม พื้นหลังขาวหรือโปร่งใส) บันทึกเป็น emblem.png ข้างไฟล์ข้อมูลองค์กร
    และตั้ง emblem: ในไฟล์นั้น (คงคำอธิบายเดิมไว้)

    \b
    ตัวอย่าง:
      docgen emblem ~/แบบฟอร์ม/บันทึกข้อความ.docx
      docgen emblem garuda.png -r records/lopburi-pao/2566
    """
    from docgen.records.emblem import install_emblem
    from docgen.records.loading import find_packet
    from docgen.records.yamlread import read_yaml

    packet = read_yaml(find_packet(records))
    ref = packet.tree.get("organisation")
    if not isinstance(ref, str):
        raise UsageError(f"{packet.path}: ไม่ได้ระบุไฟล์ organisation")
    profile = Path(os.path.normpath(packet.path.parent / ref))
    path = install_emblem(source, profile, force=force)
    click.echo(f"บันทึกภาพตราครุฑที่ {path} และตั้ง emblem: {path.name} ใน {profile} แล้ว")


@main.command("new-year")
@records_option
def new_year(records: Path | None) -> None:
    """เตรียมข้อมูลปีงบประมาณถัดไปจากข้อมูลปีนี้ (ร่าง packet.yaml ของปีใหม่)

    มาตรการยกไปพร้อมเลื่อนระยะเวลาหนึ่งปี คะแนนปีนี้เป็น year_before_score ของปีหน้า
    ข้อมูลที่ต้องเป็นของใหม่ (ผลการประเมิน วันที่ เลขที่หนังสือ) เว้นว่างและทำเครื่องหมาย "ต้องกรอก"
    ไว้ให้ docgen validate บอกจนกว่าจะกรอกครบ ไม่เขียนทับข้อมูลที่มีอยู่แล้ว

    \b
    ตัวอย่าง:
      docgen new-year -r records/lopburi-pao/2566
    """
    from docgen.drafts.new_year import new_year as draft
    from docgen.records.loading import find_packet

    path, notes = draft(find_packet(records))
    click.echo(f"เขียนร่างข้อมูลปีใหม่แล้ว: {path}")
    for note in notes:
        click.echo(f"หมายเหตุ: {note}")
    click.echo(f"ขั้นต่อไป: กรอกช่องที่มีเครื่องหมาย 'ต้องกรอก' แล้วสั่ง docgen validate -r {path.parent}")


@main.command("new-progress")
@records_option
def new_progress(records: Path | None) -> None:
    """ร่าง progress.yaml สำหรับรายงานผลการดำเนินการ จากตารางมาตรการของปีนี้

    แต่ละมาตรการมีเลขและชื่อตามตาราง สถานะ และช่องว่างให้กรอกกิจกรรม ผล ปัญหา และหลักฐาน
    ไม่เขียนทับ progress.yaml ที่มีอยู่แล้ว

    \b
    ตัวอย่าง:
      docgen new-progress -r records/lopburi-pao/2567
    """
    from docgen.drafts.new_progress import new_progress as draft
    from docgen.records.loading import find_packet

    path = draft(find_packet(records))
    click.echo(f"เขียนร่างรายงานผลแล้ว: {path}")
    click.echo(f"ขั้นต่อไป: กรอกสถานะ กิจกรรม และผลของแต่ละมาตรการ แล้วสั่ง docgen validate -r {path.parent}")


@main.group("templates")
def templates_group() -> None:
    """แม่แบบ Word (templates) ของเอกสาร: ตรวจก่อนใช้

    \b
    ตัวอย่าง:
      docgen templates check records/lopburi-pao/my-templates
    """


@templates_group.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path), metavar="[FOLDER]")
@records_option
def templates_check(folder: Path | None, records: Path | None) -> None:
    """ตรวจแม่แบบในโฟลเดอร์ (ไม่ระบุ: โฟลเดอร์ที่ข้อมูลองค์กรใช้) ทั้งไฟล์ แท็ก และลองเติมข้อมูลจริง

    บอกแม่แบบ ตำแหน่ง (ส่วนและย่อหน้า) สิ่งที่ผิด และวิธีแก้ ไม่เขียนไฟล์ใด

    \b
    ตัวอย่าง:
      docgen templates check
      docgen templates check records/lopburi-pao/my-templates -r records/lopburi-pao/2566
    """
    from docgen.documents.kinds import check_templates, templates_dir

    recs = _load(records)
    target = folder or templates_dir(recs)
    problems = check_templates(recs, folder=target, full=True)
    if problems:
        raise TemplatesError(target, problems)
    click.echo(f"ตรวจแม่แบบใน {target} แล้ว ไม่พบปัญหา (memo.docx, circular.docx, report.docx)")


def document_command(name: str, *, draws_chart: bool = False) -> Callable[[Callable[..., Any]], click.Command]:
    """Register a command that writes one or more documents and prints their paths.
    A command whose documents hold the chart starts the chart process first, so that
    matplotlib loads on the other core while the records load on this one."""

    def wrap(fn: Callable[..., Any]) -> click.Command:
        @functools.wraps(fn)
        def run(records: Path | None, out: Path, force: bool, **opts: Any) -> None:
            if draws_chart:
                from docgen.documents.chart import prestart

                prestart()
            started = time.monotonic()
            _written(fn(_load(records), out=out, force=force, **opts), started)

        return main.command(name)(records_option(output_options(run)))

    return wrap


@document_command("memo")
@click.option(
    "--to", "to", default="chief-executive", show_default=True, metavar="ROLE",
    help="ตำแหน่งผู้รับบันทึก: ชื่ออ้างอิงใน roles ของข้อมูลองค์กร เช่น permanent-secretary",
)
def memo(recs: Any, *, out: Path, force: bool, to: str) -> list[Path]:
    """สร้างบันทึกข้อความเสนอผู้บริหารให้เห็นชอบมาตรการ (DOCX)

    ผู้บังคับบัญชาที่บันทึกต้องผ่านก่อนถึงผู้รับ คำนวณจาก reports_to ในข้อมูลองค์กร

    \b
    ตัวอย่าง:
      docgen memo --to chief-executive
      docgen memo --to permanent-secretary -o ~/เอกสาร --force
    """
    from docgen.documents.kinds import make

    return make(recs, ["memo"], out=out, force=force, memo_to=to)


@document_command("circular")
def circular(recs: Any, *, out: Path, force: bool) -> list[Path]:
    """สร้างหนังสือเวียนแจ้งทุกส่วนราชการให้ถือปฏิบัติตามมาตรการ พร้อม QR Code (DOCX)

    \b
    ตัวอย่าง:
      docgen circular
      docgen circular -r records/lopburi-pao/2566 -o output --force
    """
    from docgen.documents.kinds import make

    return make(recs, ["circular"], out=out, force=force)


@document_command("report", draws_chart=True)
def report(recs: Any, *, out: Path, force: bool) -> list[Path]:
    """สร้างเล่มรายงานมาตรการ (ข้อ O ของปีนั้น): วิเคราะห์ผลการประเมินปีที่แล้วและตารางมาตรการ (DOCX)

    \b
    ตัวอย่าง:
      docgen report
      docgen report -r records/lopburi-pao/2566 --force
    """
    from docgen.documents.kinds import make

    return make(recs, ["report"], out=out, force=force)


@document_command("progress")
@click.option(
    "--to", "to", default="chief-executive", show_default=True, metavar="ROLE",
    help="ตำแหน่งผู้รับบันทึกเสนอ: ชื่ออ้างอิงใน roles ของข้อมูลองค์กร",
)
def progress(recs: Any, *, out: Path, force: bool, to: str) -> list[Path]:
    """สร้างรายงานผลการดำเนินการตามมาตรการ (ข้อ O43 ในปี 2566) และบันทึกเสนอผู้บริหาร (DOCX)

    ใช้ progress.yaml ข้าง packet.yaml: มาตรการ เลขลำดับ ชื่อ ผู้รับผิดชอบ และระยะเวลา มาจากตารางมาตรการ

    \b
    ตัวอย่าง:
      docgen progress
      docgen progress --to permanent-secretary -r records/lopburi-pao/2566
    """
    from docgen.documents.kinds import make

    if recs.progress is None:
        raise UsageError(f"ยังไม่มี progress.yaml ข้าง {recs.sources['packet'].path} จึงยังสร้างรายงานผลไม่ได้")
    return make(recs, ["progress", "progress-memo"], out=out, force=force, memo_to=to)


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
    from docgen.documents.chart import prestart

    prestart()
    started = time.monotonic()
    paths = build_packet(_load(records), out=out, force=force, pdf=pdf,
                         warn=lambda m: click.echo(f"คำเตือน: {m}", err=True), progress=_progress)
    _written(paths, started)


@main.command("serve")
@click.option("--records", "records", type=click.Path(path_type=Path, file_okay=False), default=Path("records"),
              show_default=True, metavar="DIR", help="โฟลเดอร์ข้อมูล (ทุกชุดเอกสารใต้โฟลเดอร์นี้)")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
              show_default=True, metavar="DIR", help="โฟลเดอร์ผลลัพธ์")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="ที่อยู่ที่รับการเชื่อมต่อ (ค่าอื่นนอกจากเครื่องนี้ต้องตั้งรหัสผ่าน)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="พอร์ต (0 = พอร์ตว่างใดก็ได้)")
@click.option("--password", envvar="DOCGEN_PASSWORD", default=None,
              help="รหัสผ่านเข้าใช้ (หรือตัวแปร DOCGEN_PASSWORD) จำเป็นเมื่อ --host ไม่ใช่เครื่องนี้")
def serve(records: Path, out: Path, host: str, port: int, password: str | None) -> None:
    """เปิดพื้นที่ทำงานในเบราว์เซอร์สำหรับเจ้าหน้าที่: กรอกข้อมูล สร้าง และดาวน์โหลดเอกสาร

    \b
    ตัวอย่าง:
      docgen serve
      docgen serve --host 0.0.0.0 --port 8080 --password 'รหัสผ่าน'
    """
    from waitress import create_server

    from docgen.serve.app import LOOPBACK, create_app

    if not records.is_dir():
        raise click.UsageError(f"ไม่พบโฟลเดอร์ข้อมูล {records}")
    if host not in LOOPBACK and not password:
        raise click.UsageError(f"เปิดให้เครื่องอื่นเข้าที่ {host} ต้องตั้งรหัสผ่านด้วย --password หรือ DOCGEN_PASSWORD")
    app = create_app(records, out, host=host, password=password if host not in LOOPBACK else None)
    try:
        server = create_server(app, host=host, port=port, threads=8, ident="docgen")
    except OSError as exc:
        raise DocgenError(f"เปิดที่ {host}:{port} ไม่ได้ ({exc.strerror}) ถ้ามีโปรแกรมอื่นใช้พอร์ตนี้อยู่"
                          " ให้เลือกพอร์ตอื่นด้วย --port") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"พื้นที่ทำงาน docgen เปิดแล้ว: http://{shown}:{server.effective_port}/"
               f" (ข้อมูล {records.resolve()}, ผลลัพธ์ {out.resolve()}) กด Ctrl+C เพื่อปิด")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("ปิดพื้นที่ทำงานแล้ว")


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


def _progress(message: str) -> None:
    """What a slow job is doing, on a terminal (or with DOCGEN_PROGRESS=1); quiet in pipes."""
    if os.environ.get("DOCGEN_PROGRESS") == "1" or sys.stderr.isatty():
        click.echo(f"… {message}", err=True)


def _whole_summaries(group: click.Group) -> None:
    """Each command's summary in the list is its help's whole first line (Click would cut
    it at 45 characters, mid-sentence), and its usage line says ตัวเลือก."""
    for command in group.commands.values():
        command.short_help = (command.help or "").strip().splitlines()[0]
        command.options_metavar = "[ตัวเลือก]"
        if isinstance(command, click.Group):
            command.subcommand_metavar = "คำสั่ง [ตัวเลือกของคำสั่ง]..."
            _whole_summaries(command)


_whole_summaries(main)
