"""``docgen serve``: the clerks' workspace in the browser, on the address it prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.cli.group import main
from docgen.errors import DocgenError


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
