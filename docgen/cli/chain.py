"""The approval chain from the command line: ``chain`` (where each memo of a packet
stands), ``approved`` (keep the approved memo's DOCX and PDF, signed where the office
has a certificate) and ``office signing`` (the office's certificate). Sending and each
official's step are the workspace's: they need the officials' own accounts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from docgen.cli.accounts import DB, RECORDS, database
from docgen.cli.group import load_records, main, records_option


def _packet_db(records: Path | None, db_url: str | None) -> tuple[Path, Path, Any]:
    from docgen.accounts.db import kept_with
    from docgen.records.loading import find_packet
    from docgen.safefile import records_root

    packet = Path(os.path.abspath(find_packet(records)))
    root = records_root(packet)
    return packet, root, kept_with(root, db_url)


@main.command("chain")
@records_option
@DB
def chain_status(records: Path | None, db_url: str | None) -> None:
    """บันทึกข้อความของชุดเอกสารอยู่ที่ใครในสายการเสนอ ตั้งแต่เมื่อไร และความเห็นของแต่ละท่าน

    \b
    ตัวอย่าง:
      docgen chain -r records/lopburi-pao/2566
      docgen chain -r records/lopburi-pao/2566 --db postgresql://docgen@db.example/docgen
    """
    from docgen.chain.status import round_lines, rounds
    from docgen.errors import RecordsError
    from docgen.records.loading import load

    packet, root, db = _packet_db(records, db_url)
    rel = packet.parent.relative_to(root).as_posix()
    try:
        roles: Any = load(packet).organisation.roles
    except RecordsError:  # the records have a problem: the roles by their keys
        roles = {}
    found = rounds(db, rel.split("/", 1)[0], rel)
    if not found:
        click.echo(f"ชุดเอกสาร {rel}: ยังไม่ได้เสนอบันทึกตามลำดับชั้น (เสนอได้จากหน้าชุดเอกสารในพื้นที่ทำงาน)")
        return
    for r in found:
        for line in round_lines(r, roles):
            click.echo(line)


@main.command("approved")
@records_option
@click.option("--doc", type=click.Choice(["memo", "progress-memo"]), default="memo", show_default=True,
              help="บันทึกที่ได้รับอนุมัติ")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              metavar="DIR", help="โฟลเดอร์ผลลัพธ์ ฉบับที่อนุมัติอยู่ใน DIR/<องค์กร>/<ปีงบประมาณ>/approved/")
@DB
def approved(records: Path | None, doc: str, out: Path, db_url: str | None) -> None:
    """เก็บบันทึกข้อความฉบับที่ได้รับอนุมัติ (DOCX และ PDF ลงลายมือชื่ออิเล็กทรอนิกส์ถ้าหน่วยงานตั้งใบรับรองไว้)

    พื้นที่ทำงานเรียกคำสั่งนี้เองเมื่อผู้บริหารสั่งการ เก็บครั้งเดียวต่อรอบ ไม่เขียนทับ

    \b
    ตัวอย่าง:
      docgen approved -r records/lopburi-pao/2566
      docgen approved -r records/lopburi-pao/2566 --doc progress-memo -o output
    """
    from docgen.chain.approved import keep
    from docgen.cli.documents import say_progress

    recs = load_records(records)
    _, _, db = _packet_db(records, db_url)
    for path in keep(db, recs, doc, out, progress=say_progress):
        click.echo(str(path))


@main.group("office")
def office() -> None:
    """ตั้งค่าของหน่วยงานที่อยู่นอกโฟลเดอร์ข้อมูล: ใบรับรองสำหรับลงลายมือชื่ออิเล็กทรอนิกส์ และเซิร์ฟเวอร์อีเมล

    \b
    ตัวอย่าง:
      docgen office signing --office lopburi-pao --p12 /etc/docgen/a.p12 --passphrase-file /etc/docgen/a.pass
      docgen office mail --office lopburi-pao --server mail.example.go.th:587 --sender docgen@example.go.th
    """


@office.command("signing")
@click.option("--office", "key", required=True, metavar="ORG", help="หน่วยงาน (ชื่อโฟลเดอร์ใต้โฟลเดอร์ข้อมูล)")
@click.option("--p12", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=True,
              help="ไฟล์ใบรับรองและกุญแจ (PKCS#12: .p12 หรือ .pfx) เก็บไว้นอกโฟลเดอร์ข้อมูล")
@click.option("--passphrase-file", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=True,
              help="ไฟล์ที่มีรหัสผ่านของใบรับรอง (บรรทัดเดียว อ่านได้เฉพาะผู้ใช้ที่รัน docgen)")
@RECORDS
@DB
def office_signing(key: str, p12: Path, passphrase_file: Path, records: Path, db_url: str | None) -> None:
    """ตั้งใบรับรองที่ใช้ลงลายมือชื่อในบันทึกข้อความฉบับที่อนุมัติ (PAdES)

    \b
    ตัวอย่าง:
      docgen office signing --office lopburi-pao --p12 /etc/docgen/a.p12 --passphrase-file /etc/docgen/a.pass
    """
    from docgen.accounts import audit
    from docgen.chain.sign import configure
    from docgen.cli.accounts import system_actor

    db = database(records, db_url)
    cert = configure(db, key, p12, passphrase_file, records)
    audit.record(db, system_actor(), "signing-set", office=key, p12=str(cert.p12))
    click.echo(f"ตั้งใบรับรองของ {key} แล้ว: {cert.p12}")


@office.command("mail")
@click.option("--office", "key", required=True, metavar="ORG", help="หน่วยงาน (ชื่อโฟลเดอร์ใต้โฟลเดอร์ข้อมูล)")
@click.option("--server", required=True, metavar="HOST:PORT", help="เซิร์ฟเวอร์ SMTP เช่น mail.example.go.th:587")
@click.option("--sender", required=True, metavar="ADDR", help="ที่อยู่อีเมลผู้ส่งแจ้งเตือน")
@RECORDS
@DB
def office_mail(key: str, server: str, sender: str, records: Path, db_url: str | None) -> None:
    """ตั้งเซิร์ฟเวอร์อีเมลสำหรับแจ้งผู้บริหารเมื่อมีบันทึกรอพิจารณา และแจ้งผู้จัดทำเมื่อสั่งการแล้ว (ไม่ตั้งก็ใช้งานได้)

    \b
    ตัวอย่าง:
      docgen office mail --office lopburi-pao --server mail.example.go.th:587 --sender docgen@example.go.th
    """
    from docgen.accounts import audit
    from docgen.chain.notify import configure
    from docgen.cli.accounts import system_actor

    db = database(records, db_url)
    found = configure(db, key, server, sender)
    audit.record(db, system_actor(), "mail-set", office=key, server=f"{found.host}:{found.port}", sender=sender)
    click.echo(f"ตั้งเซิร์ฟเวอร์อีเมลของ {key} แล้ว: {found.host}:{found.port} ผู้ส่ง {found.sender}")
