"""A records file as read (its path and YAML tree, for the line of any field) and a
packet's validated records with where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.errors import Problem
from docgen.records.models import Framework, Organisation, Packet, Progress

PACKET_FILE = "packet.yaml"
PROGRESS_FILE = "progress.yaml"  # beside the packet: what was done under the measures

# the field a problem of a whole records file is said under (not one of its values)
FILE_FIELD, YAML_FIELD, WHOLE_FIELD = "(ไฟล์)", "(รูปแบบ YAML)", "(ทั้งไฟล์)"
WHOLE_FILE = (FILE_FIELD, YAML_FIELD, WHOLE_FIELD)


@dataclass
class Source:
    """One records file as read: its path and its YAML tree (for line numbers)."""

    path: Path
    tree: Any = None

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """The line of the deepest node of *loc* that exists in the file."""
        node, line = self.tree, None
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line or (1 if self.tree is not None else None)

    def problem(self, loc: tuple[Any, ...], message: str) -> Problem:
        dotted = ".".join(_shown(p) for p in loc) or WHOLE_FIELD
        return Problem(self.path, self.line(loc), dotted, message)


SHOWN_KEY = 60  # a longer key (refused for its length) is shown cut, not whole, in the field's name


def _shown(part: Any) -> str:
    text = str(part)
    return text if len(text) <= SHOWN_KEY else f"{text[:SHOWN_KEY - 20]}…({len(text):,} ตัวอักษร)"


@dataclass
class Records:
    """A packet's validated records (organisation, this year's framework, the packet,
    and last year's framework where the packet names one) and where each came from."""

    organisation: Organisation
    framework: Framework
    packet: Packet
    sources: dict[str, Source]
    root: Path = Path("records")  # the records folder the files named in records must stay in
    strict: bool = False  # one office among many: allow_outside_records is refused
    previous_framework: Framework | None = None  # the framework last year's result was judged by
    progress: Progress | None = None  # progress.yaml beside the packet, when the office has made it
    warnings: list[Problem] = field(default_factory=list)
    # what is derived from these records, once (docgen.facts keeps the facts here)
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def judged_by(self) -> Framework:
        """The framework last year's result is read against: last year's, else this year's."""
        return self.previous_framework or self.framework
