"""Constraints that recur in the records, each declared once with a Thai message."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Annotated, Any, Callable

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidatorFunctionWrapHandler, WrapValidator
from pydantic_core import PydanticCustomError

from . import thai


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("docgen", message)


def _thai_error(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a thai.parse_* function so its ValueError becomes a Thai validation error."""

    def run(value: Any) -> Any:
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


def _matching(pattern: str, message: str) -> AfterValidator:
    """Text that must match *pattern* whole; *message* (with {value}) says what to fix."""
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise _fail(message.format(value=value))
        return value

    return AfterValidator(check)


def _fiscal_year(value: Any) -> int:
    year = int(thai.parse_decimal(value))
    if not 2480 <= year <= 2700:
        raise _fail(f"ปีงบประมาณ {value} ต้องเป็นปี พ.ศ. เช่น 2566")
    return year


def _text(value: Any, handler: ValidatorFunctionWrapHandler) -> str:
    """Non-empty text, stripped; a value tagged ``!literal`` in YAML stays marked
    (validation would otherwise hand back a plain str)."""
    text = handler(value).strip()
    if not text:
        raise _fail("ต้องไม่เว้นว่าง")
    return thai.Literal(text) if isinstance(value, thai.Literal) else text


Text = Annotated[str, WrapValidator(_text)]
Key = Annotated[str, _matching(r"[A-Za-z0-9][A-Za-z0-9_-]*",
                               "'{value}' ใช้เป็นชื่ออ้างอิงไม่ได้ ใช้ได้เฉพาะ a-z, 0-9 และ - เช่น legal-affairs")]
Score = Annotated[Decimal, BeforeValidator(_thai_error(thai.parse_decimal)), AfterValidator(_score_range)]
Count = Annotated[int, BeforeValidator(lambda v: int(_thai_error(thai.parse_decimal)(v)))]
FiscalYear = Annotated[int, BeforeValidator(_thai_error(_fiscal_year))]
ThaiDate = Annotated[_dt.date, BeforeValidator(_thai_error(thai.parse_date))]
Month = Annotated[_dt.date, BeforeValidator(_thai_error(thai.parse_month))]
Url = Annotated[str, _matching(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(/[^\s]*)?",
                               "'{value}' ไม่ใช่ที่อยู่เว็บที่ใช้ได้ ต้องขึ้นต้นด้วย https:// หรือ http://")]
Email = Annotated[str, _matching(r"[\w.+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", "'{value}' ไม่ใช่ที่อยู่อีเมลที่ใช้ได้")]


class Model(BaseModel):
    """Base of every record model: unknown keys are refused, numbers typed where
    text is expected (a phone extension ``102``) are taken as text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)
