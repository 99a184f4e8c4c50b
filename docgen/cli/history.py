"""The records' history from the command line: ``history`` (the versions, or two
compared by field) and ``restore`` (a version brought back as a new one)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from docgen.cli.group import main, records_option
from docgen.errors import DocgenError


def _opened(records: Path | None) -> tuple[Any, Any, Any]:
    """The packet's share of the history, the history (outside changes kept first) and a
    labeller of fields by the workspace's forms."""
    from docgen.history.packet import Share
    from docgen.history.store import History
    from docgen.records.loading import find_packet
    from docgen.safefile import records_root
    from docgen.serve.packets import PacketRef
    from docgen.serve.versions import file_labels, notice
    from docgen.serve.view import PacketView

    packet = Path(os.path.abspath(find_packet(records)))
    root = records_root(packet)
    view = PacketView(PacketRef(packet.parent.relative_to(root).as_posix(), packet, root))
    notice(view)  # a hand edit is a version of its own before anything is listed

    def labels(rel: str, data: bytes | None) -> Any:
        return file_labels(view, root / rel, data)

    return Share(root, packet), History(root), labels


@main.command()
@records_option
@click.argument("file", required=False, type=click.Path(path_type=Path), metavar="[FILE]")
@click.option("--diff", "compare", nargs=2, metavar="V1 V2", help="เทียบสองฉบับ ทีละช่องข้อมูล")
def history(records: Path | None, file: Path | None, compare: tuple[str, str] | None) -> None:
    """ประวัติการแก้ไขข้อมูลของชุดเอกสาร: ฉบับใด ใครแก้ เมื่อไร แก้อะไร (ใหม่ไปเก่า)

    ทุกครั้งที่ docgen เขียนไฟล์ข้อมูล (บันทึกในพื้นที่ทำงาน new-year new-progress emblem restore)
    จะเก็บเป็นฉบับหนึ่ง ส่วนไฟล์ที่แก้นอก docgen จะเก็บเป็นฉบับ "แก้ไขนอก docgen" เมื่อ docgen อ่านครั้งถัดไป

    \b
    ตัวอย่าง:
      docgen history -r records/lopburi-pao/2566
      docgen history -r records/lopburi-pao/2566 records/lopburi-pao/organisation.yaml
      docgen history --diff 1a2b3c4d 5e6f7a8b
    """
    from docgen.history.packet import diff, versions

    share, hist, labels = _opened(records)
    try:
        if compare:
            old, new = (hist.find(v) for v in compare)
            changed = diff(hist, share, old, new, labels)
            click.echo(f"ฉบับ {old.id} ({old.when_text}) → ฉบับ {new.id} ({new.when_text}):"
                       + ("" if changed else " ข้อมูลของชุดนี้เหมือนกัน"))
            for rel, lines in changed:
                click.echo(f"{rel}:")
                for line in lines:
                    click.echo(f"  - {line}")
            return
        one = hist.rel(file) if file is not None else None
        found = versions(hist, share, one)
        click.echo(f"ประวัติของ {one or share.folder} (ใหม่ไปเก่า): {len(found):,} ฉบับ")
        for v in found:
            click.echo(f"{v.id}  {v.when_text}  {v.who}  {v.summary}")
    finally:
        hist.close()


@main.command()
@click.argument("version", metavar="V")
@records_option
def restore(version: str, records: Path | None) -> None:
    """คืนข้อมูลของชุดเอกสารเป็นฉบับ V (จาก docgen history) โดยเก็บเป็นฉบับใหม่ ไม่มีฉบับใดหาย

    ตรวจข้อมูลเหมือนการบันทึก: ถ้าคืนแล้วไฟล์ใดของชุดจะผิด (เช่น รายงานผลอ้างถึงมาตรการที่ฉบับนั้นไม่มี)
    จะบอกก่อนและไม่เขียน

    \b
    ตัวอย่าง:
      docgen restore 1a2b3c4d -r records/lopburi-pao/2566
    """
    from docgen.history import record
    from docgen.history.packet import planned_restore, summary_of_restore

    share, hist, _ = _opened(records)
    hist.close()
    v, files, broken = planned_restore(share, version)
    if not files:
        click.echo(f"ข้อมูลของชุดนี้ตรงกับฉบับ {v.id} อยู่แล้ว ไม่มีไฟล์ใดต้องคืน")
        return
    if broken:
        raise DocgenError(f"ยังไม่ได้คืนฉบับ {v.id} เพราะข้อมูลจะผิด {len(broken):,} รายการ:\n"
                          + "\n".join(f"  - {b}" for b in broken))
    made = record.write(share.root, dict(files), summary=summary_of_restore(v), action="restore")
    names = ", ".join(p.relative_to(share.root).as_posix() for p in sorted(files))
    click.echo(f"คืนข้อมูลเป็นฉบับ {v.id} แล้ว ({names}) เก็บเป็นฉบับใหม่ {made.id if made else ''}".rstrip())
