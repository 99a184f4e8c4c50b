"""``docgen serve``: the clerks' workspace in the browser, on the address it prints."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli.accounts import DB, database
from docgen.cli.group import main
from docgen.errors import DocgenError


@main.command("serve")
@click.option("--records", "records", type=click.Path(path_type=Path, file_okay=False), default=Path("records"),
              show_default=True, metavar="DIR", help="โฟลเดอร์ข้อมูล (ทุกชุดเอกสารใต้โฟลเดอร์นี้)")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), default=Path("output"),
              show_default=True, metavar="DIR", help="โฟลเดอร์ผลลัพธ์")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="ที่อยู่ที่รับการเชื่อมต่อ (ค่าอื่นนอกจากเครื่องนี้ต้องมีบัญชีผู้ใช้: docgen users add)")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="พอร์ต (0 = พอร์ตว่างใดก็ได้)")
@DB
@click.option("--behind-proxy", is_flag=True,
              help="ให้บริการผ่าน reverse proxy ที่ใช้ HTTPS (เชื่อที่อยู่และโปรโตคอลที่ proxy ส่งต่อ คุกกี้ส่งเฉพาะ HTTPS)")
@click.option("--workers", type=click.IntRange(0, 64), default=None, metavar="N",
              help="จำนวนตัวสร้างเอกสารที่เปิดค้างไว้ (แต่ละตัวมี LibreOffice หนึ่งตัว) ค่าปริยาย: จำนวนแกนของเครื่อง"
                   " 0 = สร้างทีละครั้งเป็นโปรแกรมแยก")
@click.option("--address-limit", default=None, metavar="LIMIT",
              help="จำนวนครั้งที่เข้าสู่ระบบได้จากที่อยู่เดียว เช่น '100 per minute' (ค่าปริยาย 30 ต่อนาที 300 ต่อชั่วโมง)"
                   " หน่วยงานหลายแห่งที่ออกเน็ตผ่านที่อยู่เดียวกัน (NAT) ต้องตั้งให้สูงขึ้น")
def serve(records: Path, out: Path, host: str, port: int, db_url: str | None, behind_proxy: bool,
          workers: int | None, address_limit: str | None) -> None:
    """เปิดพื้นที่ทำงานในเบราว์เซอร์สำหรับเจ้าหน้าที่: กรอกข้อมูล สร้าง และดาวน์โหลดเอกสาร

    \b
    ตัวอย่าง:
      docgen serve
      docgen users add somchai --office lopburi-pao --role clerk
      docgen serve --host 0.0.0.0 --port 8080 --db postgresql://docgen@db.example/docgen
    """
    from docgen.accounts import people
    from docgen.serve.app import create_app, server_for
    from docgen.serve.guard import LOOPBACK

    if not records.is_dir():
        raise click.UsageError(f"ไม่พบโฟลเดอร์ข้อมูล {records}")
    db = database(records, db_url)
    with db.session() as s:
        accounts = people.count(s) > 0
    if host not in LOOPBACK and not accounts:
        raise click.UsageError(f"เปิดให้เครื่องอื่นเข้าที่ {host} ต้องมีบัญชีผู้ใช้ก่อน:"
                               " สั่ง docgen users add ชื่อ --office หน่วยงาน --role clerk แล้วเปิดใหม่")
    from docgen.build.batch import default_jobs

    count = default_jobs() if workers is None else workers
    shared = db.engine.dialect.name == "postgresql"  # builds queued in it, for docgen worker on any machine
    app = create_app(records, out, host=host, db=db, accounts=accounts, behind_proxy=behind_proxy,
                     workers=count, shared=shared, address_limit=address_limit)
    helpers = _workers(db.url, count) if shared else []
    if count and not shared:
        app.extensions["docgen"].jobs.warm()  # the workers and their LibreOffices started now
    try:
        server = server_for(app, host, port)
    except OSError as exc:
        raise DocgenError(f"เปิดที่ {host}:{port} ไม่ได้ ({exc.strerror}) ถ้ามีโปรแกรมอื่นใช้พอร์ตนี้อยู่"
                          " ให้เลือกพอร์ตอื่นด้วย --port") from None
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"พื้นที่ทำงาน docgen เปิดแล้ว: http://{shown}:{server.effective_port}/"
               f" (ข้อมูล {records.resolve()}, ผลลัพธ์ {out.resolve()}, ฐานข้อมูล {db.shown}) กด Ctrl+C เพื่อปิด")
    if not accounts:
        click.echo("ยังไม่มีบัญชีผู้ใช้: ทุกคนที่ใช้เครื่องนี้เปิดได้ทุกหน่วยงานโดยไม่ต้องเข้าสู่ระบบ (สำหรับคนเดียวบนเครื่องเดียว)"
                   " ถ้าหลายคนหรือหลายหน่วยงานใช้ ให้เพิ่มบัญชีด้วย docgen users add แล้วเปิดใหม่")
    sys.stdout.flush()
    import signal

    def stop(*_: object) -> None:  # systemd's stop ends the workers as Ctrl+C does
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("ปิดพื้นที่ทำงานแล้ว")
    finally:
        app.extensions["docgen"].jobs.close()
        for proc in helpers:
            proc.terminate()
        for proc in helpers:
            proc.wait(timeout=60)


def _workers(url: str, count: int) -> list[Any]:
    """This machine's ``docgen worker`` processes for the shared queue (others may run
    anywhere the records and output folders are shared)."""
    import subprocess

    return [subprocess.Popen([sys.executable, "-m", "docgen", "worker", "--db", url], stdin=subprocess.DEVNULL)
            for _ in range(count)]


@main.command("worker")
@DB
@click.option("--concurrency", type=click.IntRange(1, 16), default=1, show_default=True,
              help="จำนวนงานที่ทำพร้อมกันในโปรแกรมนี้ (LibreOffice หนึ่งตัวต่อโปรแกรม จึงควรเป็น 1)")
def worker(db_url: str | None, concurrency: int) -> None:
    """รับงานสร้างเอกสารจากคิวในฐานข้อมูล PostgreSQL ของพื้นที่ทำงาน (เปิดได้หลายเครื่อง)

    โฟลเดอร์ข้อมูลและโฟลเดอร์ผลลัพธ์ต้องอยู่ที่ตำแหน่งเดียวกันกับเครื่องที่เปิด docgen serve (เช่น NFS)
    หยุดด้วย Ctrl+C หรือ systemctl stop (งานที่กำลังทำจะทำจนเสร็จก่อน)

    \b
    ตัวอย่าง:
      docgen worker --db postgresql://docgen@db.example/docgen
    """
    from sqlalchemy.engine import make_url

    from docgen.serve.shared import work

    if not db_url or make_url(db_url).get_backend_name() != "postgresql":
        raise click.UsageError("docgen worker ใช้กับคิวในฐานข้อมูล PostgreSQL: ระบุ --db postgresql://... หรือ DOCGEN_DB")
    work(database(Path("records"), db_url).url, concurrency=concurrency)
