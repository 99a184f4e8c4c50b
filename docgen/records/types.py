"""Constraints that recur in the records, each declared once with a Thai message."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Annotated, Any, Callable

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

from docgen import thai


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("docgen", message)


def _thai_error(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a thai.parse_* function so its ValueError becomes a Thai validation error."""

    def run(value: Any) -> Any:
        if value is None:  # a key typed with no value, or left empty by docgen new-year
            raise _fail("ยังไม่ได้กรอก ต้องใส่ค่านี้")
        try:
            return parse(value)
        except ValueError as exc:
            raise _fail(str(exc)) from None

    return run


def _score_range(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(100):
        raise _fail(f"คะแนน {value} อยู่นอกช่วง 0-100")
    if value != value.quantize(thai.TWO_PLACES):
        raise _fail(f"คะแนน {value} มีทศนิยมเกินสองตำแหน่ง")
    return value


_UNSEEN = re.compile("[\x00-\x20\x7f-\xa0\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def visible(text: str) -> str:
    """*text* with the characters a reader cannot see (spaces at the ends, no-break and
    zero-width spaces, control characters) shown as ⟨U+XXXX⟩, for messages."""
    core = text.strip(" ")
    lead, trail = len(text) - len(text.lstrip(" ")), len(text) - len(text.rstrip(" "))
    shown = _UNSEEN.sub(lambda m: m.group() if m.group() == " " else f"⟨U+{ord(m.group()):04X}⟩", core)
    return "⟨U+0020⟩" * lead + shown + "⟨U+0020⟩" * trail if core else "⟨U+0020⟩" * len(text)


def _matching(pattern: str, message: str) -> AfterValidator:
    """Text that must match *pattern* whole; *message* (with {value}) says what to fix."""
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise _fail(message.format(value=visible(value)))
        return value

    return AfterValidator(check)


def _whole(value: Any) -> int:
    """A whole number typed with Arabic or Thai digits; 531.9 or 2566.5 is refused, not cut."""
    d = thai.parse_decimal(value)
    if d != d.to_integral_value():
        raise ValueError(f"'{value}' ต้องเป็นจำนวนเต็ม (ไม่มีทศนิยม)")
    return int(d)


def _fiscal_year(value: Any) -> int:
    year = _whole(value)
    if not 2480 <= year <= 2700:
        raise _fail(f"ปีงบประมาณ {value} ต้องเป็นปี พ.ศ. เช่น 2566")
    return year


MAX_COUNT = 1_000_000


def _count(value: Any) -> int:
    """A count or a running number: whole, 1 or more."""
    n = _whole(value)
    if not 1 <= n <= MAX_COUNT:
        raise ValueError(f"'{value}' ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป")
    return n


#: the longest value docgen takes (a paragraph of a page and more); longer ones are
#: refused rather than set over many pages
MAX_TEXT = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(value: Any, handler: ValidatorFunctionWrapHandler) -> str:
    """Non-empty text, stripped, of a sensible length, that a document can hold; a
    value tagged ``!literal`` in YAML stays marked (validation would otherwise hand
    back a plain str)."""
    text = handler(value).strip()
    if not text:
        raise _fail("ต้องไม่เว้นว่าง")
    if len(text) > MAX_TEXT:
        raise _fail(f"ข้อความยาว {len(text):,} ตัวอักษร เกินที่รับได้ ({MAX_TEXT:,}) ให้แบ่งหรือย่อข้อความ")
    if bad := _SURROGATE.search(text):
        raise _fail(f"มีอักขระเสีย (U+{ord(bad.group()):04X} ที่ตำแหน่ง {bad.start() + 1}) ซึ่งเขียนลงเอกสารไม่ได้"
                    " มักเกิดจากการคัดลอกข้อความมาไม่ครบ ให้ลบแล้วพิมพ์ส่วนนั้นใหม่")
    return thai.Literal(text) if isinstance(value, thai.Literal) else text


Text = Annotated[str, WrapValidator(_text)]
Key = Annotated[str, _matching(r"[A-Za-z0-9][A-Za-z0-9_-]*",
                               "'{value}' ใช้เป็นชื่ออ้างอิงไม่ได้ ใช้ได้เฉพาะ a-z, 0-9 และ - เช่น legal-affairs")]
Score = Annotated[Decimal, BeforeValidator(_thai_error(thai.parse_decimal)), AfterValidator(_score_range)]
Count = Annotated[int, BeforeValidator(_thai_error(_count))]
FiscalYear = Annotated[int, BeforeValidator(_thai_error(_fiscal_year))]
ThaiDate = Annotated[_dt.date, BeforeValidator(_thai_error(thai.parse_date))]
Month = Annotated[_dt.date, BeforeValidator(_thai_error(thai.parse_month))]
#: characters a reader cannot see: a QR code would hold them, a browser would not find the page
INVISIBLE = "\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff"
Url = Annotated[str, _matching(rf"https?://[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}(?::\d+)?(/[^\s{INVISIBLE}]*)?",
                               "'{value}' ไม่ใช่ที่อยู่เว็บที่ใช้ได้ ต้องขึ้นต้นด้วย https:// หรือ http://")]
Email = Annotated[str, _matching(r"[\w.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", "'{value}' ไม่ใช่ที่อยู่อีเมลที่ใช้ได้")]


class Model(BaseModel):
    """Base of every record model: unknown keys are refused, numbers typed where
    text is expected (a phone extension ``102``) are taken as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)
