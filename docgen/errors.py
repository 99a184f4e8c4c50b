"""docgen's one exception tree. Everything a user can fix is a :class:`DocgenError`;
the CLI prints its message (in Thai) and exits 1, never with a traceback."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

#: characters a terminal or a page acts on or hides: control characters (C0, DEL, C1),
#: format characters (the bidi overrides, embeddings and isolates, zero-width ones, soft
#: hyphen, BOM), line and paragraph separators, lone surrogates
_FORMAT = ("\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u08e2\u180e\u200b-\u200f\u2028-\u202e"
           "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000110bd\U0001bca0-\U0001bca3"
           "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
_UNSAFE_CHAR = re.compile(f"[\x00-\x1f{_FORMAT}]")
_UNSAFE_IN_LINES = re.compile(f"[\x00-\x09\x0b-\x1f{_FORMAT}]")  # a line break kept


def shown(text: str, *, lines: bool = False) -> str:
    """*text* with every control, bidi and other format character as ``⟨U+XXXX⟩``, so
    that a message echoing a records value cannot reverse, hide or rewrite the rest of
    a terminal's line (or a page's); with *lines*, line breaks stay (a report of many lines)."""
    return (_UNSAFE_IN_LINES if lines else _UNSAFE_CHAR).sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


class DocgenError(Exception):
    """Base of every error docgen reports to a user; its text is safe for a terminal
    (:func:`shown`, line breaks kept)."""

    def __str__(self) -> str:
        return shown(super().__str__(), lines=True)


#: keys a message names as what there is, before "และอีก N รายการ"
LISTED = 10
#: the most close-match comparisons one run of the checks makes (beyond: no "หรือหมายถึง")
NEAR_BUDGET = 20_000
_NEAR_LONGEST = 100  # a longer key is no typo of a key: not compared
_NEAR_SEARCH = 20  # what one search costs beside its comparisons, in comparisons


def listing(pool: Iterable[object], count: int) -> str:
    """The first :data:`LISTED` of *pool* (of *count* items), then how many more."""
    head = ", ".join(str(k) for k in islice(pool, LISTED))
    return head + (f" และอีก {count - LISTED:,} รายการ" if count > LISTED else "")


class NearMatches:
    """``(หรือหมายถึง '...'?)`` for a key not found, by :func:`difflib.get_close_matches`,
    each key's answer kept, all within :data:`NEAR_BUDGET` comparisons: a flood of
    unknown keys costs time linear in its length, whatever the pools' sizes."""

    def __init__(self, budget: int = NEAR_BUDGET):
        self.budget = budget
        self._found: dict[tuple[int, str], str] = {}
        self._pools: dict[int, Collection[object]] = {}  # kept alive: their ids stay theirs

    def hint(self, key: str, pool: Collection[object]) -> str:
        found = self._found.get((id(pool), key))
        if found is not None:
            return found
        near: list[str] = []
        if len(key) <= _NEAR_LONGEST and len(pool) + _NEAR_SEARCH <= self.budget:
            self.budget -= len(pool) + _NEAR_SEARCH
            near = difflib.get_close_matches(key, [k for k in pool if isinstance(k, str)], n=1, cutoff=0.6)
        self._pools[id(pool)] = pool
        found = self._found[(id(pool), key)] = f" (หรือหมายถึง '{near[0]}'?)" if near else ""
        return found


#: what a message calls each kind of key
KIND = {"units": "หน่วยงาน", "people": "บุคคล", "roles": "ตำแหน่ง", "tools": "เครื่องมือ", "indicators": "ตัวชี้วัด"}


def not_found(key: str, pool: Collection[object], kind: str, where: str, near: NearMatches | None = None) -> str:
    """``ไม่มีหน่วยงาน 'x' (หรือหมายถึง 'y'?) ใน ข้อมูลองค์กร (units) ที่มีคือ: ...``: a key
    of *kind* that *pool* (of *where*) does not hold, with at most a few of those it does."""
    hint = (near or NearMatches()).hint(key, pool)
    return f"ไม่มี{KIND[kind]} '{key}'{hint} ใน {where} ({kind}) ที่มีคือ: {listing(pool, len(pool))}"


def line_of(keys: list[str]) -> str:
    """``a -> b -> c`` (a chain of keys), its middle told by count where it is long."""
    if len(keys) > 2 * LISTED:
        keys = [*keys[:LISTED], f"... (อีก {len(keys) - 2 * LISTED + 1:,} รายการ)", *keys[-LISTED + 1:]]
    return " -> ".join(keys)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a records file, at a place a clerk can find; its field and
    message as :func:`shown` (safe to print, whatever the records hold)."""

    file: Path
    line: int | None
    field: str  # dotted path, English keys: "previous_result.indicators.duty"
    message: str  # Thai: what is wrong and what to do

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", shown(self.field))
        object.__setattr__(self, "message", shown(self.message))

    def __str__(self) -> str:
        where = f"{self.file}" + (f" บรรทัด {self.line}" if self.line else "")
        return f"{where}: {self.field}: {self.message}"


class References:
    """How one run of the records' checks tells a reference to a key that is not
    there (:func:`not_found`, close matches within one budget), against the
    organisation *org*'s units and roles by default; each pool is a mapping or a set,
    where a key is found in one step."""

    def __init__(self, org: Any = None):
        self.org, self.near = org, NearMatches()
        self._held: dict[str, list[str]] = {}  # each person's roles, once asked

    def missing(self, src: Any, loc: tuple[Any, ...], key: str, pool: Collection[Any], kind: str,
                where: str) -> Iterator[Problem]:
        if key not in pool:
            yield src.problem(loc, not_found(key, pool, kind, where, self.near))

    def role(self, src: Any, loc: tuple[Any, ...], key: str, pool: Collection[Any] | None = None,
             ) -> Iterator[Problem]:
        """*key* names a role (of *pool*, else the profile's roles); a person's key given
        for a role is told as such, with the roles that person holds."""
        org = self.org
        if key not in (pool := org.roles if pool is None else pool) and key in org.people:
            if not self._held:
                for k, r in org.roles.items():
                    self._held.setdefault(r.holder, []).append(k)
            held = self._held.get(key, [])
            fix = f"ให้ใส่ตำแหน่งที่ผู้นั้นดำรง: {listing(held, len(held))}" if held else \
                "ผู้นั้นยังไม่ได้ดำรงตำแหน่งใด ให้ใส่ชื่อนั้นเป็น holder ของตำแหน่งในข้อมูลองค์กร (roles) แล้วใส่ตำแหน่งที่นี่"
            yield src.problem(loc, f"'{key}' เป็นบุคคล (people) ไม่ใช่ตำแหน่ง (roles) {fix}")
        else:
            yield from self.missing(src, loc, key, pool, "roles", "ข้อมูลองค์กร")

    def unit(self, src: Any, loc: tuple[Any, ...], key: str) -> Iterator[Problem]:
        """*key* names a unit of the profile."""
        yield from self.missing(src, loc, key, self.org.units, "units", "ข้อมูลองค์กร")


#: problems a report prints; the rest are counted (a clerk fixes these and checks again)
PRINTED = 100


class RecordsError(DocgenError):
    """The records cannot be used; ``problems`` lists every reason found. The report
    prints each once (the same message on the same line, as a flow list repeats it,
    once with a count) and at most :data:`PRINTED` of them, with a count of the rest."""

    def __init__(self, problems: list[Problem]):
        # one report, in the order a clerk works through the files: by file, then line
        problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0))
        self.problems = problems
        same: dict[tuple[str, int | None, str], list[Problem]] = {}
        for p in problems:
            same.setdefault((str(p.file), p.line, p.message), []).append(p)
        lines = [f"พบปัญหาในข้อมูล {len(problems):,} รายการ (ยังไม่ได้สร้างเอกสารใด):"]
        for group in islice(same.values(), PRINTED):
            again = f" (ซ้ำอีก {len(group) - 1:,} แห่งในบรรทัดนี้)" if len(group) > 1 else ""
            lines.append(f"  - {group[0]}{again}")
        if len(same) > PRINTED:
            rest = sum(len(g) for g in islice(same.values(), PRINTED, None))
            lines.append(f"  - และอีก {rest:,} รายการ: แก้รายการข้างบนแล้วสั่งตรวจอีกครั้ง จะเห็นรายการที่เหลือ")
        super().__init__("\n".join(lines))


class OutputExistsError(DocgenError):
    """A document is already there; a clerk may have edited it."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(
            f"ไม่ได้เขียนทับ {path}: มีไฟล์นี้อยู่แล้ว และอาจเป็นฉบับที่แก้ไขด้วยมือ "
            "ถ้าต้องการสร้างใหม่แทนที่ ให้สั่งซ้ำพร้อม --force"
        )


class UsageError(DocgenError):
    """A command was asked for something the records do not hold (e.g. an unknown role)."""


class TemplateError(DocgenError):
    """A template cannot be rendered with the records' context."""


class TemplatesError(TemplateError):
    """A templates folder docgen cannot use; ``problems`` lists every reason found."""

    def __init__(self, folder: Path, problems: list[object]):
        self.problems = problems
        lines = [f"พบปัญหาในแม่แบบ {len(problems)} รายการ ในโฟลเดอร์ {folder} (ยังไม่ได้สร้างเอกสารใด):"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


class ConversionError(DocgenError):
    """Turning a DOCX into PDF failed or is not possible on this machine."""

    def __init__(self, message: str, *, timed_out: bool = False):
        self.timed_out = timed_out  # LibreOffice ran out of time (a new one would too)
        super().__init__(message)
