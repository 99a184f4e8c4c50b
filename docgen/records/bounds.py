"""Every string the records hold, bounded: the field types of :mod:`docgen.records.models`
built on those of :mod:`docgen.records.types` with a length that fits what the field is
(a reference key, a phone number, an address, a path), checked by Pydantic before the
field's own rule reads the value, and text that is only characters nobody can see
(a zero-width space, a joiner, a byte-order mark) refused like empty text."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, get_args

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from docgen.records import types

MAX_KEY = 100  # a reference name (units, people, roles, tools): legal-affairs
MAX_CONTACT = 100  # a phone number, an extension, a font's name
MAX_EMAIL = 254  # the longest address mail can carry (RFC 5321)
MAX_URL = 2_000  # a web address: what a QR code and a browser take
MAX_PATH = 1_000  # a file or folder named in the records, relative to them

# no glyph of their own: spaces, controls, format characters (ZWSP, ZWJ, ZWNJ, WJ, BOM,
# direction marks), and the fillers and selectors that only modify what they follow
_UNSEEN_KINDS = {"Cc", "Cf", "Zs", "Zl", "Zp"}
_UNSEEN_OTHERS = set("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0") | {chr(c) for c in range(0xFE00, 0xFE10)}


def _unseen(ch: str) -> bool:
    return ch in _UNSEEN_OTHERS or unicodedata.category(ch) in _UNSEEN_KINDS or 0xE0100 <= ord(ch) <= 0xE01EF


def _seen(value: str) -> str:
    """*value*, unless every character of it is one nobody can see."""
    if all(_unseen(ch) for ch in value):
        shown = types.visible(value[:5]) + ("…" if len(value) > 5 else "")
        raise PydanticCustomError("docgen", f"มีแต่อักขระที่มองไม่เห็น ({shown}) ซึ่งพิมพ์ออกมาเป็นที่ว่าง"
                                            " ให้ลบออกแล้วพิมพ์ข้อความที่ต้องการ")
    return value


def _rules(annotated: Any) -> Any:
    """The validators of an ``Annotated`` type of :mod:`types` (after its base type)."""
    return get_args(annotated)[1]


#: text (:data:`types.Text`, at most :data:`types.MAX_TEXT` characters) that a reader can see
Text = Annotated[str, _rules(types.Text), AfterValidator(_seen)]
#: a reference name; a key of units, people, roles
Key = Annotated[str, StringConstraints(max_length=MAX_KEY), _rules(types.Key)]
#: a name used as a key of tools, or a reference to one
TextKey = Annotated[str, StringConstraints(max_length=MAX_KEY), _rules(types.Text), AfterValidator(_seen)]
#: a phone number, a font's name: short text
Contact = Annotated[str, StringConstraints(max_length=MAX_CONTACT), _rules(types.Text), AfterValidator(_seen)]
#: a phone extension as typed (a number is taken as text)
Extension = Annotated[str, StringConstraints(max_length=MAX_CONTACT)]


def _font_name(value: str) -> str:
    from docgen.fonts import name_fault

    fault = name_fault(value)
    if fault:
        raise PydanticCustomError("docgen", fault)
    return value


#: a font's name, which reaches fontconfig: never one an option could be taken for (``-v``)
Font = Annotated[Contact, AfterValidator(_font_name)]
Email = Annotated[str, StringConstraints(max_length=MAX_EMAIL), _rules(types.Email)]
Url = Annotated[str, StringConstraints(max_length=MAX_URL), _rules(types.Url)]
#: a web site as the letterhead prints it (www.example.go.th)
Site = Annotated[str, StringConstraints(max_length=MAX_URL), _rules(types.Text), AfterValidator(_seen)]
#: a file or folder named in the records
PathText = Annotated[str, StringConstraints(max_length=MAX_PATH)]
#: a records file named in the packet (relative to it)
FileRef = Annotated[str, StringConstraints(max_length=MAX_PATH), _rules(types.Text)]
