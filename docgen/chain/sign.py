"""The approved memo's PDF signed as PAdES (pyHanko) with a visible stamp naming the
signer and the date, where the office has configured a certificate: a PKCS#12 file
and a file holding its passphrase, both outside the records folder (the database
keeps only where they are). An office without one keeps the unsigned PDF, whose
typed names the chain wrote."""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen import thai
from docgen.accounts.db import Database
from docgen.errors import DocgenError

FIELD = "docgen-approval"
#: the stamp: bottom left of the memo's last page, inside the margins (points, A4)
STAMP_BOX = (57, 28, 330, 88)
STAMP_SIZE = 13


@dataclass(frozen=True)
class Certificate:
    p12: Path
    passphrase_file: Path


def configured(db: Database, office: str) -> Certificate | None:
    """The office's signing certificate, if it configured one."""
    from docgen.accounts.sessions import office_setting

    held = office_setting(db, "signing", office)
    return Certificate(Path(held["p12"]), Path(held["passphrase_file"])) if held else None


def configure(db: Database, office: str, p12: Path, passphrase_file: Path, records: Path) -> Certificate:
    """Keep where the office's certificate is, after checking that it opens with its
    passphrase and that neither file lies inside the records folder (which is copied,
    kept in the history and served)."""
    from docgen.accounts.sessions import set_office_setting

    cert = Certificate(p12.resolve(), passphrase_file.resolve())
    for path in (cert.p12, cert.passphrase_file):
        if path.is_relative_to(records.resolve()):
            raise DocgenError(f"{path} อยู่ในโฟลเดอร์ข้อมูล ซึ่งถูกคัดลอก เก็บประวัติ และเปิดในพื้นที่ทำงาน"
                              " ให้เก็บใบรับรองและรหัสผ่านไว้นอกโฟลเดอร์ข้อมูล (เช่น /etc/docgen/) แล้วตั้งใหม่")
    signer(cert)  # refused here, with the reason, rather than at the first decision
    set_office_setting(db, "signing", office, {"p12": str(cert.p12), "passphrase_file": str(cert.passphrase_file)})
    return cert


def _quiet_pyhanko() -> None:
    """Before pyHanko is imported: it imports cryptography's DSA key types, which
    cryptography deprecates (from 51 on) with a warning at that import, a library's
    matter and not a line for the clerk to read."""
    import warnings

    warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko\.")


def signer(cert: Certificate) -> Any:
    """pyHanko's signer of *cert*; DocgenError saying why it cannot be opened."""
    _quiet_pyhanko()
    from pyhanko.sign import signers

    try:
        data = cert.p12.read_bytes()
        passphrase = cert.passphrase_file.read_text(encoding="utf-8").rstrip("\r\n").encode("utf-8")
    except OSError as exc:
        raise DocgenError(f"อ่านไฟล์ใบรับรองไม่ได้ ({exc.strerror}: {exc.filename})"
                          " ให้ตรวจว่าไฟล์ยังอยู่และผู้ใช้ที่รัน docgen อ่านได้") from None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase or None)
    except (ValueError, TypeError) as exc:
        raise DocgenError(f"เปิดใบรับรอง {cert.p12.name} ไม่ได้: รหัสผ่านผิดหรือไม่ใช่ไฟล์ PKCS#12 ({exc})") from None


def _font(font_file: str, size: int) -> Any:
    """pyHanko's OpenType font for the stamp, read from memory (its own factory leaves
    the file open), shaped as Thai by HarfBuzz."""
    _quiet_pyhanko()
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    data = Path(font_file).read_bytes()

    class FromMemory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            engine = GlyphAccumulator(writer=writer, font_handle=io.BytesIO(data), font_size=self.font_size,
                                      ot_script_tag=self.ot_script_tag, ot_language_tag=self.ot_language_tag,
                                      writing_direction=self.writing_direction,
                                      bcp47_lang_code=self.bcp47_lang_code, obj_stream=obj_stream)
            return engine

    return FromMemory(font_file, font_size=size, ot_script_tag="thai", ot_language_tag="THA ", bcp47_lang_code="th")


def sign(pdf: bytes, cert: Certificate, *, name: str, position: str, day: _dt.date, font_file: str,
         numerals: str) -> bytes:
    """*pdf* signed (PAdES baseline B) by *cert*, with a stamp on its last page: who
    signed, as what, and the decision's date."""
    _quiet_pyhanko()
    import pikepdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    with pikepdf.open(io.BytesIO(pdf)) as opened:
        last = len(opened.pages) - 1
    said = thai.compose(numerals, f"ลงนามอิเล็กทรอนิกส์โดย {name}\n{position}\nวันที่ {thai.thai_date(day)}")
    style = TextStampStyle(stamp_text=str(said).replace("%", "%%"), border_width=1, background=None,
                           text_box_style=TextBoxStyle(font=_font(font_file, STAMP_SIZE), font_size=STAMP_SIZE))
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", reason=f"อนุมัติโดย {position}", name=name)
    spec = fields.SigFieldSpec(sig_field_name=FIELD, on_page=last, box=STAMP_BOX)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer(cert), stamp_style=style, new_field_spec=spec).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    return out.getvalue()
