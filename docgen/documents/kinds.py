"""The registry of document kinds: each kind of the packet declared once, with its
template, its output name, whether it is addressed to a role, whether it needs the
progress records, and whether it has the บันทึกข้อความ form's continuation cues.

The CLI, ``templates check``, the build, the batch, the manifest and the workspace all
read :data:`KINDS`. A new kind is a module in this folder (``TEMPLATE``, ``context``,
``properties``, ``images``, ``build_template``) and one entry here. This module imports
nothing heavy, so the CLI may read it before it knows what it will build.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.records.source import Records

#: the role a memo is addressed to unless the clerk names another (``--to``)
DEFAULT_TO: str | None = None  # a memo goes to the top of its signer's line unless the clerk names another role


@dataclass(frozen=True)
class Kind:
    """One kind of document in the packet."""

    key: str  # the CLI's and the build's name for it: "memo", "progress-memo"
    module: str  # the module under docgen.documents that holds its template and context
    label: str  # what the workspace calls it
    shown: int  # where the workspace lists it: in the order a clerk reads the packet
    addressed: bool = False  # sent to a role (``--to``): memo-to-ROLE.docx for another than the usual
    needs_progress: bool = False  # made once progress.yaml exists
    cues: bool = False  # the บันทึกข้อความ form: the next page's first word at each page's foot (PDF)

    @property
    def template(self) -> str:
        """The template's file name, in the shipped folder or an office's own."""
        return f"{self.key}.docx"

    def filename(self, *, to: str | None = None, usual: str | None = None) -> str:
        """The output file: the template's name, or ``<key>-to-<role>.docx`` for a
        memo addressed to *to*, another role than the one it usually goes to (*usual*)."""
        return f"{self.key}-to-{to}.docx" if self.addressed and to is not None and to != usual else self.template

    def code(self) -> ModuleType:
        """The kind's module (imported on first use)."""
        return importlib.import_module(f"docgen.documents.{self.module}")


# in the order the manifest lists their templates
KINDS = (
    Kind("memo", "memo", "บันทึกข้อความเสนอผู้บริหาร", 2, addressed=True, cues=True),
    Kind("circular", "circular", "หนังสือเวียนแจ้งทุกส่วนราชการ", 3, cues=True),
    Kind("report", "report", "รายงานการวิเคราะห์ผลการประเมินและมาตรการ", 1),
    Kind("progress", "progress", "รายงานผลการดำเนินการตามมาตรการ", 5, needs_progress=True),
    Kind("progress-memo", "progress_memo", "บันทึกข้อความเสนอรายงานผลการดำเนินการ", 4, addressed=True,
         needs_progress=True, cues=True),
)
BY_KEY = {k.key: k for k in KINDS}
TEMPLATE_NAMES = tuple(k.template for k in KINDS)


def kinds_for(*, progress: bool) -> tuple[Kind, ...]:
    """The kinds a packet makes: all but the progress kinds until progress.yaml exists."""
    return tuple(k for k in KINDS if progress or not k.needs_progress)


def kind_of_file(name: str) -> Kind | None:
    """The kind whose output *name* is (``memo-to-permanent-secretary.docx`` -> memo)."""
    stem = name.removesuffix(".docx")
    return next((k for k in KINDS if stem == k.key or (k.addressed and stem.startswith(f"{k.key}-to-"))), None)


#: the templates shipped with docgen (the repository's top-level templates/ folder)
SHIPPED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def templates_dir(recs: Records) -> Path:
    """The organisation's own templates folder if its profile names one, else docgen's."""
    own = recs.organisation.templates
    return recs.sources["organisation"].path.parent / own if own else SHIPPED_TEMPLATES


def template_names(recs: Records) -> list[str]:
    """The templates this packet's documents are made from, in the registry's order."""
    return [k.template for k in kinds_for(progress=recs.progress is not None)]
