"""The ``docgen`` command group: how every command reports docgen's errors (a Thai
message and an exit code: 1 the job failed, 2 the command asked for something that
does not exist, 130 Ctrl-C), the options commands share, and loading the records
with their warnings. The commands themselves are in ``records``, ``documents`` and
``serve`` beside this module."""

from __future__ import annotations

import errno
import importlib
from pathlib import Path
from typing import Any, Callable

import click

from docgen import CACHE_PROBLEM, __version__, helpers_die_with_me
from docgen.cli.streams import utf8_process
from docgen.cli.thai import install as _thai_click
from docgen.errors import DocgenError, UsageError

_thai_click()


OS_ERRORS = {
    errno.ENOSPC: "พื้นที่ดิสก์เต็ม ให้ลบไฟล์ที่ไม่ใช้แล้วสั่งใหม่",
    errno.EDQUOT: "ใช้พื้นที่เกินโควตา ให้ลบไฟล์ที่ไม่ใช้แล้วสั่งใหม่",
    errno.EACCES: "ไม่มีสิทธิ์เขียนหรืออ่านไฟล์/โฟลเดอร์นี้",
    errno.EPERM: "ไม่มีสิทธิ์เขียนหรืออ่านไฟล์/โฟลเดอร์นี้",
    errno.EROFS: "ระบบไฟล์นี้อ่านได้อย่างเดียว",
    errno.ENOENT: "ไม่พบไฟล์หรือโฟลเดอร์",
}
INTERNAL = "docgen: เกิดข้อผิดพลาดภายในโปรแกรม (ไม่ใช่ความผิดของข้อมูล) ไม่ได้เขียนไฟล์ใด กรุณาแจ้งผู้ดูแลพร้อมข้อความนี้:"


#: each command and the module that defines it, imported only when the command is run
#: (or the whole list is asked for): ``docgen validate`` imports neither the database
#: nor the workspace (tests/test_cli.py checks the table against the modules)
COMMANDS = {
    "validate": "records", "emblem": "records", "new-year": "records", "new-progress": "records",
    "templates": "records",
    "memo": "documents", "circular": "documents", "report": "documents", "progress": "documents",
    "build": "documents",
    "serve": "serve", "worker": "serve",
    "users": "accounts", "audit": "accounts",
    "history": "history", "restore": "history",
    "chain": "chain", "approved": "chain", "office": "chain",
    "number": "register", "register": "register",
}


class _Group(click.Group):
    """docgen's group: its commands' modules are imported when a command is asked for
    (a command pays for its own imports only), their summaries whole."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"docgen.cli.{COMMANDS[cmd_name]}")
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _whole_summaries(command)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in {*self.commands, *COMMANDS} if self.get_command(ctx, name) is not None)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not args and "args" not in kwargs:  # the command line itself (not a test's runner)
            utf8_process()
            helpers_die_with_me()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        if CACHE_PROBLEM:
            click.echo(f"คำเตือน: {CACHE_PROBLEM}", err=True)
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


def _whole_summaries(command: click.Command) -> None:
    """A command's summary in a list is its help's whole first line (Click would cut it
    at 45 characters, mid-sentence), and its usage line says ตัวเลือก; a group's
    commands too."""
    command.short_help = (command.help or "").strip().splitlines()[0]
    command.options_metavar = "[ตัวเลือก]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "คำสั่ง [ตัวเลือกของคำสั่ง]..."
        for sub in command.commands.values():
            _whole_summaries(sub)


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


def load_records(records: Path | None) -> Any:
    from docgen.records.loading import default_packet, load

    if records is None:
        records, note = default_packet()
        if note:
            click.echo(note, err=True)
    recs = load(records)  # a font named like an option (-v) is refused there, at its field
    from docgen.history.record import notice_packet

    notice_packet(recs.sources["packet"].path)  # a hand edit kept as such, before anything is written
    from docgen.build.against import against_database

    against_database(recs)
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
