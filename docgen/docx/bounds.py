"""The limits every rendering keeps, and what a value may cost under them.

A rendering has a :class:`Budget` (one per document, :func:`bounded`): a deadline, a
number of loop rounds (``range`` counts its length) and a number of characters made
(what is printed, the text of each loop round, and every string a tag builds by
``*``, ``+``, ``%``, ``~``, a format or a filter that grows text). What would pass a
limit is refused before it is made, with :class:`Refused`: a Thai message saying what
to remove (the caller names the template).
"""

from __future__ import annotations

import contextvars
import re
import string
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from jinja2 import TemplateError

SECONDS = 3.0  # one document's rendering
MAX_ROUNDS = 200_000  # loop rounds and range items, in one document
MAX_CHARS = 20_000_000  # characters printed or made, in one document
MAX_RANGE = 10_000  # items in one range()
MAX_WIDTH = 1_000  # a width or precision in a format ('%1000s', '{:>1000}')
MAX_INT_BITS = 10_000  # about 3,000 digits
ITEM = 50  # an item of a list a filter makes, counted as this many characters (an object, not a letter)


class Refused(TemplateError):
    """A template asked for more than a rendering may take, or for what a template may
    not do; ``str()`` is the Thai message (the template's name is the caller's)."""


@dataclass
class Budget:
    deadline: float = field(default_factory=lambda: time.monotonic() + SECONDS)
    rounds: int = 0
    chars: int = 0

    def on_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise Refused(f"เติมข้อมูลนานเกิน {SECONDS:g} วินาที (แท็กคำนวณมากเกินไป เช่น วนซ้ำซ้อนกันหลายชั้น)"
                          " ให้ลบคำสั่งวนซ้ำหรือแท็กที่คำนวณมากออก")

    def spend_rounds(self, n: int) -> None:
        self.rounds += n
        if self.rounds > MAX_ROUNDS:
            raise Refused(f"วนซ้ำเกิน {MAX_ROUNDS:,} รอบในเอกสารเดียว (เช่น {{% for %}} ซ้อนกันหรือ range ยาว)"
                          " ให้ลบคำสั่งวนซ้ำที่ไม่ได้วนตามข้อมูลออก")
        self.on_time()

    def spend_chars(self, n: int, what: str) -> None:
        self.chars += n
        if self.chars > MAX_CHARS:
            raise Refused(f"{what} ทำให้ข้อความในเอกสารยาวเกิน {MAX_CHARS:,} ตัวอักษร"
                          " ให้ลบแท็กที่คูณหรือต่อข้อความซ้ำ ๆ ออก")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("docgen_render_budget", default=None)


@contextmanager
def bounded() -> Iterator[Budget]:
    """The budget of the rendering under way, or a new one for the time of the block."""
    current = _BUDGET.get()
    if current is not None:
        yield current
        return
    budget = Budget()
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


def budget() -> Budget:
    """The current rendering's budget (a fresh one outside any: at compile time)."""
    return _BUDGET.get() or Budget()


def spend(n: int, what: str) -> None:
    """*n* characters about to be made by *what* (quoted in the message)."""
    if n > MAX_CHARS:
        raise Refused(f"{what} สร้างข้อความยาว {n:,} ตัวอักษร เกิน {MAX_CHARS:,} ตัวอักษร"
                      " ให้ลบแท็กนั้นออก (หรือใช้ค่าที่เล็กลง)")
    current = budget()
    current.spend_chars(n, what)
    current.on_time()


def size(value: Any) -> int:
    """The length of a text or a sequence (of its text for anything else)."""
    if isinstance(value, (str, bytes, list, tuple, range, dict, set, frozenset)):
        return len(value)
    return len(str(value))


def bounded_range(*args: Any) -> range:
    """``range`` for templates: at most :data:`MAX_RANGE` items, each counted as a round."""
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise Refused(f"“range” ยาว {len(rng):,} เกิน {MAX_RANGE:,} ให้ลบหรือใช้ช่วงที่สั้นลง")
    budget().spend_rounds(len(rng))
    return rng


def rounds(iterable: Any, literal: int) -> Iterator[Any]:
    """A ``{% for %}`` loop's items, each round counted, with the *literal* text of
    the loop's body (what the round prints besides its tags)."""
    current = budget()
    for item in iterable:
        current.spend_rounds(1)
        if literal:
            current.spend_chars(literal, "“for”")
        yield item


def joined(parts: Iterable[Any], what: str) -> tuple[Any, ...]:
    """Parts of a ``~`` or a join, checked for their total length before joining."""
    items = tuple(parts)
    spend(sum(size(p) for p in items), what)
    return items


# --------------------------------------------------------------------------- formats

PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([a-zA-Z%])")
SPEC_NUMBERS = re.compile(r"\d+")


def _wide(number: str | None, where: str) -> None:
    if number == "*" or (number and int(number) > MAX_WIDTH):
        raise Refused(f"รูปแบบข้อความ “{where}” กว้างเกิน {MAX_WIDTH:,} ตัวอักษร ให้ลบตัวเลขความกว้างนั้นออก")


def printf_fits(fmt: str, args: Any) -> None:
    """``fmt % args`` (and ``|format``): widths at most :data:`MAX_WIDTH`, the result
    within the budget."""
    specs = [m for m in PRINTF.finditer(fmt) if m.group(3) != "%"]
    for m in specs:
        _wide(m.group(1), m.group())
        _wide(m.group(2), m.group())
    values = list(args.values()) if isinstance(args, dict) else list(args) if isinstance(args, tuple) else [args]
    longest = max((size(v) for v in values), default=0)
    spend(len(fmt) + len(specs) * (longest + MAX_WIDTH), "เครื่องหมาย '%'")


def format_fits(fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``fmt.format(...)``: no nested fields in a format spec, widths at most
    :data:`MAX_WIDTH`, the result within the budget."""
    try:
        fields = [(spec or "") for _, name, spec, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError:
        return  # str.format raises the same, as a template error
    for spec in fields:
        if "{" in spec:
            raise Refused(f"รูปแบบข้อความ “{{:{spec}}}” มีช่องซ้อนในรูปแบบ ให้ลบออก")
        for number in SPEC_NUMBERS.findall(spec):
            _wide(number, "{:" + spec + "}")
    values = [*args, *kwargs.values()]
    longest = max((size(v) for v in values), default=0)
    spend(len(fmt) + len(fields) * (longest + MAX_WIDTH), "“format”")


def int_fits(value: Any, what: str) -> None:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise Refused(f"{what} ได้ตัวเลขยาวเกินกว่าจะพิมพ์ได้ ให้ลบการคำนวณนั้นออก")


def binop_fits(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` before it is computed when it would pass a limit."""
    what = f"เครื่องหมาย '{operator}'"
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
                spend(len(seq) * max(times, 0), what)
        if isinstance(left, int) and isinstance(right, int):
            int_fits(1 << min(left.bit_length() + right.bit_length(), MAX_INT_BITS + 1), what)
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            int_fits(1 << min(left.bit_length() * max(right, 0), MAX_INT_BITS + 1), what)
    elif operator == "+":
        if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
            spend(len(left) + len(right), what)
    elif operator == "%" and isinstance(left, str):
        printf_fits(left, right)
