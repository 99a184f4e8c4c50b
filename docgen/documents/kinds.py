"""The packet's documents: where their templates are, how each is rendered, where it
goes. One module a document kind (memo, circular, report); this module only routes."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from docgen.records.checks import MAX_IMAGE_BYTES
from docgen.records.emblem import emblem_path
from docgen.errors import DocgenError
from docgen.safefile import Refused, read_regular
from docgen.output.staged import write_files
from docgen.records.source import Records
from docgen.docx.render import Image, Properties, render_docx
from docgen.documents.bantuek import EMBLEM_MM

#: the templates shipped with docgen (the repository's top-level templates/ folder)
SHIPPED_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


BASE_TEMPLATES = ("memo.docx", "circular.docx", "report.docx")
PROGRESS_TEMPLATES = ("progress.docx", "progress-memo.docx")  # needed once progress.yaml exists


@dataclass(frozen=True)
class Document:
    """One rendered document: its file name, bytes and date (from the records)."""

    name: str
    data: bytes
    date: _dt.date


def templates_dir(recs: Records) -> Path:
    """The organisation's own templates folder if its profile names one, else docgen's."""
    own = recs.organisation.templates
    return recs.sources["organisation"].path.parent / own if own else SHIPPED_TEMPLATES


def output_dir(recs: Records, out: Path) -> Path:
    """``out/<organisation>/<fiscal year>/``."""
    return out / recs.organisation.key / str(recs.packet.fiscal_year)


def emblem(recs: Records) -> Image:
    """The organisation's emblem (or the placeholder), 1.5 cm tall."""
    src = emblem_path(recs.organisation.emblem, recs.sources["organisation"].path.parent)
    try:
        data = read_regular(src, limit=MAX_IMAGE_BYTES)
    except Refused as exc:  # changed since the records were checked
        raise DocgenError(f"อ่านไฟล์ภาพตราครุฑ {src} ไม่ได้: {exc}") from None
    return Image(data, height_mm=EMBLEM_MM)


def render(recs: Records, template: str, context: dict[str, Any], *, title: str, subject: str,
           date: Any, images: dict[str, Image], folder: Path | None = None) -> bytes:
    """Render one of the packet's templates (from *folder*, else the profile's) with the
    organisation's font and numerals."""
    org = recs.organisation
    return render_docx(
        (folder or templates_dir(recs)) / template, context, numerals=org.numerals, font=org.font,
        images=images, properties=Properties(title=title, subject=subject, author=org.name, date=date),
    )


def render_memo(recs: Records, *, to: str, folder: Path | None = None) -> Document:
    from docgen.documents import memo as kind

    ctx = kind.context(recs, to=to)
    date = recs.packet.memo.date
    data = render(recs, kind.TEMPLATE, ctx, title=ctx["head"]["subject"], subject="บันทึกข้อความ",
                  date=date, images={"emblem": emblem(recs)}, folder=folder)
    return Document(kind.filename(to=to), data, date)


def render_circular(recs: Records, *, folder: Path | None = None) -> Document:
    from docgen.documents import circular as kind

    ctx = kind.context(recs)
    date = recs.packet.circular.date
    data = render(recs, kind.TEMPLATE, ctx, title=ctx["head"]["subject"], subject="หนังสือเวียน",
                  date=date, images={"emblem": emblem(recs), **kind.images(recs)}, folder=folder)
    return Document(kind.FILENAME, data, date)


def render_report(recs: Records, *, pages: dict[str, int] | None = None, folder: Path | None = None) -> Document:
    from docgen.documents import report as kind

    ctx = kind.context(recs, pages=pages)
    date = recs.packet.report.date
    data = render(recs, kind.TEMPLATE, ctx, title=ctx["headings"]["measures"], subject=recs.framework.item.code,
                  date=date, images=kind.images(recs, ctx), folder=folder)
    return Document(kind.FILENAME, data, date)


def render_progress(recs: Records, *, folder: Path | None = None) -> Document:
    from docgen.documents import progress as kind

    ctx = kind.context(recs)
    pr = recs.progress
    assert pr is not None
    data = render(recs, kind.TEMPLATE, ctx, title=f"รายงานผล{ctx['progress']['item']['name']}",
                  subject=ctx["progress"]["item"]["code"], date=pr.report.date, images={}, folder=folder)
    return Document(kind.FILENAME, data, pr.report.date)


def render_progress_memo(recs: Records, *, to: str, folder: Path | None = None) -> Document:
    from docgen.documents import progress_memo as kind

    ctx = kind.context(recs, to=to)
    pr = recs.progress
    assert pr is not None
    data = render(recs, kind.TEMPLATE, ctx, title=ctx["head"]["subject"], subject="บันทึกข้อความ",
                  date=pr.memo.date, images={"emblem": emblem(recs)}, folder=folder)
    return Document(kind.filename(to=to), data, pr.memo.date)


def make(recs: Records, kinds: Sequence[str], *, out: Path, force: bool,
         memo_to: str = "chief-executive") -> list[Path]:
    """Render the documents named in *kinds* (all of them before writing any), then
    write them under :func:`output_dir`; return the paths written."""
    renderers: dict[str, Callable[[], Document]] = {
        "memo": lambda: render_memo(recs, to=memo_to),
        "circular": lambda: render_circular(recs),
        "report": lambda: render_report(recs),
        "progress": lambda: render_progress(recs),
        "progress-memo": lambda: render_progress_memo(recs, to=memo_to),
    }
    usable_templates(recs)
    docs = [renderers[k]() for k in kinds]
    target = output_dir(recs, out)
    return write_files({target / d.name: d.data for d in docs}, force=force)


def check_templates(recs: Records, *, folder: Path | None = None, full: bool = False) -> list[Any]:
    """Every problem of the templates the packet uses (or of *folder*): their files and
    tags, and, for restyled templates or when *full*, a trial rendering with the real
    records; returns :class:`~docgen.templatecheck.TemplateProblem` items."""
    from docgen.errors import TemplateError
    from docgen.docx.templatecheck import check_folder

    folder = folder or templates_dir(recs)
    renderers = {"memo.docx": lambda: render_memo(recs, to="chief-executive", folder=folder),
                 "circular.docx": lambda: render_circular(recs, folder=folder),
                 "report.docx": lambda: render_report(recs, folder=folder),
                 "progress.docx": lambda: render_progress(recs, folder=folder),
                 "progress-memo.docx": lambda: render_progress_memo(recs, to="chief-executive", folder=folder)}

    def trial(path: Path) -> str | None:
        try:
            renderers[path.name]()
        except TemplateError as exc:
            return str(exc).split(": ", 1)[-1] if str(exc).startswith(f"แม่แบบ {path.name}") else str(exc)
        return None

    names = [*BASE_TEMPLATES, *(PROGRESS_TEMPLATES if recs.progress is not None else ())]
    return check_folder(folder, names=names, render=trial if full or folder.resolve() != SHIPPED_TEMPLATES else None)


def usable_templates(recs: Records) -> None:
    """Raise :class:`~docgen.errors.TemplatesError` naming every problem of the
    packet's templates, before anything is rendered."""
    from docgen.errors import TemplatesError

    problems = check_templates(recs)
    if problems:
        raise TemplatesError(templates_dir(recs), problems)
