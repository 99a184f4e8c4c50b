"""Click's own words in Thai: usage, options, defaults, errors and suggestions.

Click writes every message through ``gettext``; this module hands Click's modules a
translation of the messages a clerk can meet. English stays for IT staff who ask for
it with ``DOCGEN_LANG=en``.
"""

from __future__ import annotations

import os

THAI = {
    "Usage:": "วิธีใช้:",
    "Options": "ตัวเลือก",
    "Commands": "คำสั่ง",
    "Positional arguments": "อาร์กิวเมนต์",
    "Show this message and exit.": "แสดงคำอธิบายนี้แล้วจบ",
    "Show the version and exit.": "แสดงรุ่นของโปรแกรมแล้วจบ",
    "default: {default}": "ค่าปริยาย: {default}",
    "Error: {message}": "ผิดพลาด: {message}",
    "No such command {name!r}.": "ไม่มีคำสั่ง {name!r}",
    "No such option {name!r}.": "ไม่มีตัวเลือก {name!r}",
    "Did you mean {possibility}?": "หมายถึง {possibility} หรือไม่?",
    "(Did you mean one of: {possibilities}?)": "(หมายถึงข้อใดข้อหนึ่งต่อไปนี้หรือไม่: {possibilities})",
    "Try '{command} {option}' for help.": "ดูวิธีใช้ด้วย '{command} {option}'",
    "Missing argument": "ขาดอาร์กิวเมนต์",
    "Missing option": "ขาดตัวเลือก",
    "Missing parameter": "ขาดค่าที่ต้องระบุ",
    "Missing command.": "ยังไม่ได้ระบุคำสั่ง",
    "Missing {param_type}": "ขาด{param_type}",
    "Missing parameter: {param_name}": "ขาดค่า: {param_name}",
    "Option {name!r} requires an argument.": "ตัวเลือก {name!r} ต้องมีค่าตามหลัง",
    "Option {name!r} requires {nargs} arguments.": "ตัวเลือก {name!r} ต้องมีค่าตามหลัง {nargs} ค่า",
    "Option {name!r} does not take a value.": "ตัวเลือก {name!r} ไม่รับค่า",
    "Got unexpected extra argument ({args})": "มีอาร์กิวเมนต์เกินมา ({args})",
    "Got unexpected extra arguments ({args})": "มีอาร์กิวเมนต์เกินมา ({args})",
    "Invalid value for {param_hint}: {message}": "ค่าของ {param_hint} ใช้ไม่ได้: {message}",
    "Invalid value: {message}": "ค่าใช้ไม่ได้: {message}",
    "{name} {filename!r} does not exist.": "ไม่พบ{name} {filename!r}",
    "{name} {filename!r} is a directory.": "{name} {filename!r} เป็นโฟลเดอร์",
    "{name} {filename!r} is a file.": "{name} {filename!r} เป็นไฟล์",
    "{name} {filename!r} is not readable.": "อ่าน{name} {filename!r} ไม่ได้",
    "{name} {filename!r} is not writable.": "เขียน{name} {filename!r} ไม่ได้",
    "file": "ไฟล์",
    "directory": "โฟลเดอร์",
    "path": "ที่อยู่",
    "Aborted!": "ยกเลิกแล้ว",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",  # kept: scripts read it
}


def english_wanted() -> bool:
    return os.environ.get("DOCGEN_LANG", "").lower().startswith("en")


def _gettext(message: str) -> str:
    return message if english_wanted() else THAI.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Give Click's modules the Thai messages (once; cheap)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    modules = (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
               click.termui, click.types)
    for module in modules:
        for name, fn in (("_", _gettext), ("ngettext", _ngettext)):
            if hasattr(module, name):
                setattr(module, name, fn)

