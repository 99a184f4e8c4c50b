"""The commands about the records and templates: ``validate``, ``emblem``,
``new-year``, ``new-progress``, ``templates check``. Each parses its options, makes one
call into docgen, and says what it did."""

from __future__ import annotations

import os
from pathlib import Path

import click

from docgen.cli.group import load_records, main, records_option
from docgen.errors import TemplatesError, UsageError


@main.command()
@records_option
def validate(records: Path | None) -> None:
    """ตรวจข้อมูล (records) โดยไม่สร้างเอกสาร และสรุปสิ่งที่ตรวจ

    \b
    ตัวอย่าง:
      docgen validate -r records/lopburi-pao/2566
    """
    from docgen.documents.templates import usable_templates
    from docgen.facts.summary import summary

    recs = load_records(records)
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
    from docgen.documents.kinds import templates_dir
    from docgen.documents.make import check_templates

    recs = load_records(records)
    target = folder or templates_dir(recs)
    problems = check_templates(recs, folder=target, full=True)
    if problems:
        raise TemplatesError(target, problems)
    from docgen.documents.kinds import template_names

    click.echo(f"ตรวจแม่แบบใน {target} แล้ว ไม่พบปัญหา ({', '.join(template_names(recs))})")
