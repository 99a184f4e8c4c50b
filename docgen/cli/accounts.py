"""``docgen users`` (add, list, remove the workspace's accounts) and ``docgen audit``
(print the audit trail and check its chain), on the database ``docgen serve`` uses:
the SQLite file beside the records folder, or ``--db URL``."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from docgen.cli.group import main
from docgen.errors import DocgenError

RECORDS = click.option("--records", "records", type=click.Path(path_type=Path, file_okay=False),
                       default=Path("records"), show_default=True, metavar="DIR",
                       help="โฟลเดอร์ข้อมูล (ฐานข้อมูลโดยปริยายอยู่ข้างโฟลเดอร์นี้)")
DB = click.option("--db", "db_url", envvar="DOCGEN_DB", default=None, metavar="URL",
                  help="ฐานข้อมูล เช่น postgresql://ผู้ใช้@เครื่อง/docgen (หรือตัวแปร DOCGEN_DB)"
                       " โดยปริยายคือไฟล์ docgen.sqlite3 ข้างโฟลเดอร์ข้อมูล")


def database(records: Path, db_url: str | None):  # type: ignore[no-untyped-def]
    from docgen.accounts.db import default_url, open_db

    return open_db(db_url or default_url(records))


def system_actor() -> str:
    """Who a command is run by, as the audit trail, the register and the history all name
    them (``somchai (บรรทัดคำสั่ง)``)."""
    from docgen.history.entry import actor

    return actor()


@main.group("users")
def users() -> None:
    """จัดการบัญชีผู้ใช้พื้นที่ทำงาน: เพิ่ม ดูรายชื่อ และลบ

    \b
    ตัวอย่าง:
      docgen users add somchai --office lopburi-pao --role clerk
      docgen users list
    """


@users.command("add")
@click.argument("name")
@click.option("--office", default=None, metavar="ORG", help="หน่วยงาน: ชื่อโฟลเดอร์ของหน่วยงานใต้โฟลเดอร์ข้อมูล")
@click.option("--role", type=click.Choice(["clerk", "approver", "admin", "site-admin"]), required=True,
              help="clerk เจ้าหน้าที่, approver ผู้อนุมัติ, admin ผู้ดูแลหน่วยงาน, site-admin ผู้ดูแลระบบ")
@click.option("--holds", default=None, metavar="ROLE", help="ตำแหน่งในข้อมูลองค์กรที่ผู้อนุมัติถือ (เช่น permanent-secretary)")
@click.option("--email", default=None, metavar="ADDR", help="อีเมลสำหรับแจ้งเมื่อมีบันทึกรอพิจารณา (ไม่บังคับ)")
@RECORDS
@DB
def users_add(name: str, office: str | None, role: str, holds: str | None, email: str | None, records: Path,
              db_url: str | None) -> None:
    """เพิ่มผู้ใช้เข้าหน่วยงาน (รหัสผ่านอ่านจาก standard input หรือถาม)

    \b
    ตัวอย่าง:
      docgen users add somchai --office lopburi-pao --role clerk
      echo 'รหัสผ่านยาวพอ' | docgen users add somchai --office lopburi-pao --role clerk
    """
    from docgen.accounts import audit, people

    if office is not None and not (records / office).is_dir():
        raise DocgenError(f"ไม่พบหน่วยงาน {office}: ไม่มีโฟลเดอร์ {records / office} ในโฟลเดอร์ข้อมูล")
    db = database(records, db_url)
    with db.session() as s:
        exists = people.exists(s, name)
    password = None if exists else _password()
    with db.session() as s:
        people.add(s, name, office, role, password=password, holds=holds, email=email)
    audit.record(db, system_actor(), "user-added", office=office, user=name, role=role, holds=holds, email=email)
    where = f"หน่วยงาน {office}" if office else "ทั้งระบบ"
    click.echo(f"เพิ่มผู้ใช้ {name} เป็น {role} ของ{where}แล้ว"
               + (" (ผู้ใช้นี้มีบัญชีอยู่แล้ว ใช้รหัสผ่านเดิม)" if exists else ""))


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("รหัสผ่าน: ")
        if getpass.getpass("รหัสผ่านอีกครั้ง: ") != first:
            raise DocgenError("รหัสผ่านสองครั้งไม่ตรงกัน")
        return first
    return sys.stdin.readline().rstrip("\r\n")


@users.command("list")
@click.option("--office", default=None, metavar="ORG", help="เฉพาะหน่วยงานนี้")
@RECORDS
@DB
def users_list(office: str | None, records: Path, db_url: str | None) -> None:
    """รายชื่อผู้ใช้ หน่วยงาน และบทบาท

    \b
    ตัวอย่าง:
      docgen users list
      docgen users list --office lopburi-pao
    """
    from docgen.accounts import people

    with database(records, db_url).session() as s:
        rows = people.listing(s, office)
    for name, org, role, holds in rows:
        click.echo(f"{name:<24} {org or '-':<24} {role:<10} {holds}".rstrip())
    if not rows:
        click.echo("ยังไม่มีผู้ใช้")


@users.command("remove")
@click.argument("name")
@click.option("--office", default=None, metavar="ORG", help="ลบออกจากหน่วยงานนี้เท่านั้น (ไม่ระบุ: ลบบัญชีทั้งหมด)")
@RECORDS
@DB
def users_remove(name: str, office: str | None, records: Path, db_url: str | None) -> None:
    """ลบผู้ใช้ออกจากหน่วยงาน หรือลบบัญชี (ทุกการเข้าสู่ระบบของผู้ใช้นั้นสิ้นสุดทันที)

    \b
    ตัวอย่าง:
      docgen users remove somchai --office lopburi-pao
      docgen users remove somchai
    """
    from docgen.accounts import audit, people

    db = database(records, db_url)
    with db.session() as s:
        people.remove(s, name, office)
    audit.record(db, system_actor(), "user-removed", office=office, user=name)
    click.echo(f"ลบผู้ใช้ {name} {'ออกจากหน่วยงาน ' + office if office else 'แล้ว'}".rstrip())


def _anchor(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    found = []
    for value in values:
        number, _, digest = value.partition(":")
        if not number.isdecimal() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise click.BadParameter(f"'{value}' ไม่ใช่จุดยึด ให้ใส่ตามที่ docgen audit --verify พิมพ์ไว้"
                                     " คือ เลขรายการ:ค่าแฮช 64 ตัวอักษร")
        found.append((int(number), digest))
    return tuple(found)


@main.command("audit")
@click.option("--office", default=None, metavar="ORG", help="เฉพาะรายการของหน่วยงานนี้")
@click.option("--verify", is_flag=True, help="ตรวจว่าบันทึกไม่ถูกแก้ ลบ หรือแทรก (ค่าแฮชต่อกันครบ)"
                                               " แล้วพิมพ์จุดยึดล่าสุดให้จดเก็บไว้นอกเครื่อง")
@click.option("--anchor", "anchors", multiple=True, metavar="N:HASH", callback=_anchor,
              help="จุดยึดที่จดไว้จากการตรวจครั้งก่อน: ตรวจด้วยว่ารายการนั้นยังอยู่และไม่ถูกเขียนใหม่"
                   " (ใส่ได้หลายครั้ง และตรวจทั้งสายเช่นเดียวกับ --verify)")
@RECORDS
@DB
def audit_command(office: str | None, verify: bool, anchors: tuple[tuple[int, str], ...], records: Path,
                  db_url: str | None) -> None:
    """บันทึกการใช้งานพื้นที่ทำงาน: ใคร ทำอะไร เมื่อไร (เก่าไปใหม่)

    การตรวจ (--verify) พิมพ์จุดยึด (เลขรายการล่าสุดและค่าแฮช) ให้จดเก็บไว้นอกเครื่อง เช่น
    ในบันทึกประจำวันของผู้ดูแล การตรวจครั้งต่อไปด้วย --anchor จะรู้ได้ว่ามีรายการถูกตัดทิ้งหรือไม่

    \b
    ตัวอย่าง:
      docgen audit --verify
      docgen audit --verify --anchor 1200:3f5a...(ค่าแฮช 64 ตัวอักษร)
      docgen audit --office lopburi-pao --db postgresql://docgen@db.example/docgen
    """
    import json

    from docgen.accounts import audit

    db = database(records, db_url)
    for line in audit.entries(db, office):
        detail = json.dumps(line.detail, ensure_ascii=False, sort_keys=True) if line.detail else ""
        click.echo(f"{line.id:>6} {line.at[:19].replace('T', ' ')} {line.actor:<20} {line.office or '-':<20}"
                   f" {audit.SAID.get(line.action, line.action)} {detail}".rstrip())
    if verify or anchors:
        broken = audit.verify(db, anchors)
        if broken:
            raise DocgenError(f"บันทึกการใช้งานไม่ครบถ้วน: {broken}")
        held = f" และจุดยึดที่จดไว้ {len(anchors)} จุด" if anchors else ""
        click.echo(f"ตรวจแล้ว: ค่าแฮชของบันทึกต่อกันครบทุกรายการ{held}")
        newest = audit.anchor(db)
        if newest is not None:
            click.echo(f"จุดยึดล่าสุด (จดเก็บไว้นอกเครื่อง แล้วตรวจครั้งต่อไปด้วย --anchor): {newest[0]}:{newest[1]}")
