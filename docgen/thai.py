"""Thai typography: numerals, Buddhist-era dates, fiscal years, periods, scores, money.

Every function here is pure and knows nothing of any organisation. Years typed by a
clerk are read by one rule (see :func:`ce_year`): a year of 2400 or more is a Buddhist-era
year, anything smaller is a Common-Era year.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal

from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime
from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET = 543
#: a typed year at or above this is read as Buddhist era (BE), below it as Common Era.
BE_THRESHOLD = 2400

MONTHS = tuple(thai_full_months)  # มกราคม ... ธันวาคม
MONTHS_ABBR = tuple(thai_abbr_months)  # ม.ค. ... ธ.ค.

# Spans whose digits are never converted: URLs, e-mail addresses, bare domain names.
# Each alternative may only start where its first run of characters starts (the
# look-behinds), and its runs are possessive, so a long run of letters or digits costs
# one pass, not one pass per character (the search stays linear in the text).
_LITERAL_SPAN = re.compile(
    r"""
    (?<![A-Za-z])(?:https?|ftp)://[^\s<>"'\u0E00-\u0E7F]++        # URL with a scheme
    | (?<![\w.+-])[\w.+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++    # e-mail address
    | (?<![A-Za-z0-9.-])(?:[A-Za-z0-9-]++\.)++[A-Za-z]{2,}+(?:/[^\s<>"'\u0E00-\u0E7F]*+)?  # www.x.go.th/path
    """,
    re.VERBOSE,
)


class Literal(str):
    """Text whose digits must stay as typed (a code, an account number, a URL)."""

    __slots__ = ()


_ARABIC_DIGIT = re.compile("[0-9]")


def to_thai_digits(text: str) -> str:
    """Return *text* with 0-9 turned into Thai digits, except inside URLs, e-mail
    addresses, domain names and :class:`Literal` values."""
    if isinstance(text, Literal):
        return text
    if not _ARABIC_DIGIT.search(text):  # most Thai text: nothing to change
        return str(text)
    out: list[str] = []
    pos = 0
    for m in _LITERAL_SPAN.finditer(text):
        out.append(arabic_digit_to_thai_digit(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(arabic_digit_to_thai_digit(text[pos:]))
    return "".join(out)


def to_arabic_digits(text: str) -> str:
    """Return *text* with Thai digits turned into 0-9."""
    return str(thai_digit_to_arabic_digit(text))


# --------------------------------------------------------------------------- years


def ce_year(year: int) -> int:
    """Read a typed year: >= 2400 is Buddhist era and is turned into CE; else CE."""
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def be_year(year_ce: int) -> int:
    """The Buddhist-era year of a Common-Era year."""
    return year_ce + BE_OFFSET


def fiscal_year(day: _dt.date) -> int:
    """The Thai fiscal year (BE) holding *day*: 1 October to 30 September, named by
    the year in which it ends."""
    return be_year(day.year) + (1 if day.month >= 10 else 0)


def fiscal_year_bounds(fy_be: int) -> tuple[_dt.date, _dt.date]:
    """The first and last day of fiscal year *fy_be* (a BE year)."""
    end_ce = fy_be - BE_OFFSET
    return _dt.date(end_ce - 1, 10, 1), _dt.date(end_ce, 9, 30)


# --------------------------------------------------------------------------- parsing

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_MONTH_NAMES = {name: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_NAMES.update({abbr: i + 1 for i, abbr in enumerate(MONTHS_ABBR)})
_MONTH_NAMES.update({abbr.replace(" ", "").rstrip("."): i + 1 for i, abbr in enumerate(MONTHS_ABBR)})
_MONTH_ALT = "|".join(sorted((re.escape(k) for k in _MONTH_NAMES), key=len, reverse=True))
_THAI_DATE = re.compile(rf"^\s*(\d{{1,2}})\s*({_MONTH_ALT})\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{{4}})\s*$")
_THAI_MONTH = re.compile(rf"^\s*({_MONTH_ALT})\s*(?:พ\.ศ\.|ค\.ศ\.)?\s*(\d{{4}})\s*$")


def parse_date(value: object) -> _dt.date:
    """Read a date typed as ``2566-02-27`` (BE), ``2023-02-27`` (CE), ``๒๗ ก.พ. ๒๕๖๖``
    or ``27 กุมภาพันธ์ 2566``; raise ValueError with a Thai message otherwise."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.replace(year=ce_year(value.year))
    if not isinstance(value, str):
        raise ValueError("ต้องเป็นวันที่ เช่น 2566-02-27 หรือ 27 ก.พ. 2566")
    text = to_arabic_digits(value)
    if m := _ISO_DATE.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _THAI_DATE.match(text):
        d, mo, y = int(m[1]), _MONTH_NAMES[m[2]], int(m[3])
    else:
        raise ValueError(f"อ่านวันที่ '{value}' ไม่ได้ ให้เขียนแบบ 2566-02-27 หรือ 27 ก.พ. 2566")
    try:
        return _dt.date(ce_year(y), mo, d)
    except ValueError:
        raise ValueError(f"ไม่มีวันที่ '{value}' ในปฏิทิน") from None


def parse_month(value: object) -> _dt.date:
    """Read a month typed as ``2566-01``, ``2023-01``, ``ม.ค. 2566`` or ``มกราคม 2566``;
    return the first day of that month."""
    if isinstance(value, _dt.date):
        return parse_date(value).replace(day=1)
    if not isinstance(value, str):
        raise ValueError("ต้องเป็นเดือนและปี เช่น 2566-01 หรือ ม.ค. 2566")
    text = to_arabic_digits(value)
    if m := _ISO_MONTH.match(text):
        y, mo = int(m[1]), int(m[2])
    elif m := _THAI_MONTH.match(text):
        mo, y = _MONTH_NAMES[m[1]], int(m[2])
    elif _ISO_DATE.match(text) or _THAI_DATE.match(text):
        return parse_date(value).replace(day=1)
    else:
        raise ValueError(f"อ่านเดือน '{value}' ไม่ได้ ให้เขียนแบบ 2566-01 หรือ ม.ค. 2566")
    if not 1 <= mo <= 12:
        raise ValueError(f"ไม่มีเดือนที่ {mo}")
    return _dt.date(ce_year(y), mo, 1)


def parse_decimal(value: object) -> Decimal:
    """Read a number typed with Arabic or Thai digits (``96.77``, ``๙๖.๗๗``)."""
    if isinstance(value, bool):
        raise ValueError("ต้องเป็นตัวเลข")
    if isinstance(value, (int, Decimal)):
        return _finite(Decimal(value), value)
    if isinstance(value, float):
        return _finite(Decimal(repr(value)), value)
    if isinstance(value, str) and len(value) <= 40:
        text = to_arabic_digits(value).strip()
        if "," in text:
            if not _THOUSANDS.fullmatch(text):  # 96,77 or 9,5: a decimal comma, never thousands
                raise ValueError(f"'{value}' มีจุลภาค (,) ถ้าเป็นทศนิยมให้ใช้จุด (.) เช่น 96.77")
            text = text.replace(",", "")
        try:
            return _finite(Decimal(text), value)
        except ArithmeticError:
            pass
    raise ValueError(f"'{str(value)[:40]}' ไม่ใช่ตัวเลข")


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


def _finite(d: Decimal, typed: object) -> Decimal:
    """*d*, if it is an ordinary number (not infinity, not NaN, not astronomically large)."""
    if not d.is_finite() or abs(d.adjusted()) > 15:
        raise ValueError(f"'{typed}' ไม่ใช่ตัวเลขที่ใช้ได้ (ต้องเป็นตัวเลขธรรมดา เช่น 96.77)")
    return d


# --------------------------------------------------------------------------- formatting
# Formatters return Arabic digits; the template environment turns them into Thai
# digits when the organisation writes Thai numerals (one place decides that).


def _strftime(day: _dt.date, fmt: str) -> str:
    return str(thai_strftime(_dt.datetime(day.year, day.month, day.day), fmt))


def thai_date(day: _dt.date) -> str:
    """``27 กุมภาพันธ์ 2566``."""
    return _strftime(day, "%-d %B %Y")


def thai_date_short(day: _dt.date) -> str:
    """``24 ก.พ. 2566``."""
    return _strftime(day, "%-d %b %Y")


def thai_month_year(day: _dt.date) -> str:
    """``กุมภาพันธ์ 2566``."""
    return _strftime(day, "%B %Y")


def thai_period(start: _dt.date, end: _dt.date) -> str:
    """A period of months as the seed writes them: ``ม.ค.-ก.พ. 66`` within one BE year,
    ``ต.ค.65 - ก.ย.66`` across two, ``ม.ค. 66`` for a single month."""
    sy, ey = be_year(start.year) % 100, be_year(end.year) % 100
    sm, em = MONTHS_ABBR[start.month - 1], MONTHS_ABBR[end.month - 1]
    if (start.year, start.month) == (end.year, end.month):
        return f"{sm} {sy:02d}"
    if start.year == end.year:
        return f"{sm}-{em} {sy:02d}"
    return f"{sm}{sy:02d} - {em}{ey:02d}"


TWO_PLACES = Decimal("0.01")


def score(value: Decimal | float | int) -> str:
    """A score with two decimals (``96.77``, ``95.00``); the ends of the scale, 0 and
    100, are written without decimals as the NACC's tables do."""
    d = Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    if d in (Decimal(0), Decimal(100)):
        return str(int(d))
    return f"{d:.2f}"


def number(value: Decimal | float | int) -> str:
    """A plain number without separators: integers without decimals, others with two."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    return f"{d.quantize(TWO_PLACES, rounding=ROUND_HALF_UP):.2f}"


def baht_words(value: Decimal | float | int | str) -> str:
    """Money in Thai words (``หนึ่งพันบาทถ้วน``), rounded half-up to satang first."""
    from pythainlp.util import bahttext

    d = parse_decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return str(bahttext(float(d)))


#: words Thai typing keeps on the line of the number before them
UNITS = ("คะแนน", "คำถาม", "ตัวชี้วัด", "เครื่องมือ", "ฉบับ", "มาตรการ", "หน่วยงาน", "บาท", "วัน",
         "เดือน", "ปี", "คน", "ราย", "ข้อ", "ครั้ง", "หน้า")
_DIGIT = "0-9๐-๙"
_MONTHS = ("มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
           "|ม\\.ค\\.|ก\\.พ\\.|มี\\.ค\\.|เม\\.ย\\.|พ\\.ค\\.|มิ\\.ย\\.|ก\\.ค\\.|ส\\.ค\\.|ก\\.ย\\.|ต\\.ค\\.|พ\\.ย\\.|ธ\\.ค\\.")
#: words a number or a code follows
_BEFORE = ("พ\\.ศ\\.|ค\\.ศ\\.|วันที่|ข้อ|ที่|ครั้งที่|ฉบับที่|เลขที่|มาตรการที่|ตัวชี้วัดที่|ลำดับที่|ร้อยละ|จำนวน|ทุก"
           "|เกณฑ์|คะแนน|ระดับ|เดือน|ภายใน")
#: the spaces Thai typing does not break at, each as (what stands before, what after)
_KEEP_TOGETHER = tuple(re.compile(f"(?:{a})( )(?={b})") for a, b in (
    (f"[{_DIGIT}]", f"(?:{'|'.join(UNITS)}|%)"),     # ๙๖.๗๗ คะแนน, ๓ มาตรการ
    (f"(?:{_BEFORE})", f"[{_DIGIT}A-Z]"),             # พ.ศ. ๒๕๖๖, ข้อ O42, ระดับ AA
    (f"[{_DIGIT}]", f"(?:{_MONTHS})"),                # ๓๑ มีนาคม
    (f"(?:{_MONTHS})", f"[{_DIGIT}]"),                # มีนาคม ๒๕๖๗
    (f"[{_DIGIT}]", f"[{_DIGIT}]"),                   # ๐ ๓๖๔๑ ๑๔๐๔
    (r"\S", r"[:;)\]]"),                              # "… Assessment : OIT)"
    (r"[(\[]", r"\S"),
))
NBSP = "\u00a0"


@functools.lru_cache(maxsize=4096)
def clusters(text: str) -> tuple[str, ...]:
    """*text* in Thai character clusters (a consonant with its vowels and marks; any
    other character alone): the places a line may be cut or a word joiner may go
    without parting what is shaped together."""
    from pythainlp.tokenize import tcc

    return tuple(tcc.segment(text))


def kept_spaces(text: str) -> list[int]:
    """Where in *text* a space must not end a line (a year after พ.ศ., a number and its
    unit, a day, its month and its year, ข้อ O42, closing punctuation)."""
    return sorted({m.start(1) for pattern in _KEEP_TOGETHER for m in pattern.finditer(text)}) if " " in text else []


def keep_together(text: str) -> str:
    """*text* with :func:`kept_spaces` made no-break spaces."""
    out = list(text)
    for at in kept_spaces(text):
        out[at] = NBSP
    return "".join(out)


def compose(numerals: str, *parts: str) -> Literal:
    """Join *parts* into one line whose digits are final: each part in the office's
    numerals, except :class:`Literal` parts, which keep theirs (``Tel. 0 3641 1404``
    tagged literal, beside ``ต่อ ๑๐๒``)."""
    convert = to_thai_digits if numerals == "thai" else to_arabic_digits
    return Literal("".join(p if isinstance(p, Literal) else convert(p) for p in parts))
