"""Making a packet's documents: where their templates are, how any kind of the registry
(:mod:`docgen.documents.kinds`) is rendered, where it goes, and whether the templates
can be used at all."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.documents.kinds import BY_KEY, DEFAULT_TO, SHIPPED_TEMPLATES, Kind, kinds_for, templates_dir
from docgen.docx.render import Properties, render_docx
from docgen.facts.derive import addressee
from docgen.records.source import Records


@dataclass(frozen=True)
class Document:
    """One rendered document: its file name, bytes and date (from the records)."""

    name: str
    data: bytes
    date: _dt.date


def output_dir(recs: Records, out: Path) -> Path:
    """``out/<organisation>/<fiscal year>/``."""
    return out / recs.organisation.key / str(recs.packet.fiscal_year)


def render(recs: Records, key: str, *, to: str | None = DEFAULT_TO, pages: dict[str, int] | None = None,
           folder: Path | None = None) -> Document:
    """The document of kind *key* (addressed to *to*, for a kind sent to a role; None:
    the top of its signer's line, whatever the office calls that role), from
    its template in *folder* (else the profile's), in the organisation's font and
    numerals. *pages* (the report's heading -> page) fills the report's contents."""
    kind: Kind = BY_KEY[key]
    code = kind.code()
    usual = addressee(recs, progress=kind.needs_progress) if kind.addressed else None
    opts: dict[str, Any] = {"to": to or usual} if kind.addressed else {}
    if pages is not None:
        opts["pages"] = pages
    ctx = code.context(recs, **opts)
    title, subject, date = code.properties(recs, ctx)
    org = recs.organisation
    data = render_docx(
        (folder or templates_dir(recs)) / kind.template, ctx, numerals=org.numerals, font=org.font,
        images=code.images(recs, ctx),
        properties=Properties(title=title, subject=subject, author=org.name, date=date),
    )
    return Document(kind.filename(to=to, usual=usual), data, date)


def check_templates(recs: Records, *, folder: Path | None = None, full: bool = False) -> list[Any]:
    """Every problem of the templates the packet uses (or of *folder*): their files and
    tags, and, for restyled templates or when *full*, a trial rendering with the real
    records; returns :class:`~docgen.docx.templatecheck.TemplateProblem` items."""
    from docgen.docx.templatecheck import check_folder
    from docgen.errors import TemplateError

    where = folder or templates_dir(recs)
    by_template = {k.template: k.key for k in kinds_for(progress=recs.progress is not None)}

    def trial(path: Path) -> str | None:
        try:
            render(recs, by_template[path.name], folder=where)
        except TemplateError as exc:
            return str(exc).split(": ", 1)[-1] if str(exc).startswith(f"แม่แบบ {path.name}") else str(exc)
        return None

    return check_folder(where, names=list(by_template),
                        render=trial if full or where.resolve() != SHIPPED_TEMPLATES else None)
