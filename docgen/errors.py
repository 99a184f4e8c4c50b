"""docgen's one exception tree. Everything a user can fix is a :class:`DocgenError`;
the CLI prints its message (in Thai) and exits 1, never with a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class DocgenError(Exception):
    """Base of every error docgen reports to a user."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a records file, at a place a clerk can find."""

    file: Path
    line: int | None
    field: str  # dotted path, English keys: "previous_result.indicators.duty"
    message: str  # Thai: what is wrong and what to do

    def __str__(self) -> str:
        where = f"{self.file}" + (f" บรรทัด {self.line}" if self.line else "")
        return f"{where}: {self.field}: {self.message}"


class RecordsError(DocgenError):
    """The records cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        # one report, in the order a clerk works through the files: by file, then line
        problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0))
        self.problems = problems
        lines = [f"พบปัญหาในข้อมูล {len(problems)} รายการ (ยังไม่ได้สร้างเอกสารใด):"]
        lines += [f"  - {p}" for p in problems]
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
