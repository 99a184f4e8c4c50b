"""Whether a packet's templates can be used: light enough for ``docgen validate`` to
ask without importing the renderer. docgen's own templates, as shipped, are known good
by their SHA-256 (``templates/SHA256SUMS``, written with them by
:mod:`docgen.documents.make_templates`, checked by the tests): nothing of them is
parsed. One changed where it lies is checked by its file and tags; an office's
restyled templates are checked every time, by a trial rendering with its records."""

from __future__ import annotations

from pathlib import Path

from docgen.documents.kinds import SHIPPED_TEMPLATES, template_names, templates_dir
from docgen.records.source import Records

#: the digests of the shipped templates, in ``sha256sum``'s format (``sha256sum -c`` checks them)
SUMS = "SHA256SUMS"


def as_shipped(folder: Path, names: list[str]) -> bool:
    """Whether each of *names* in *folder* is byte for byte as ``SHA256SUMS`` there says."""
    from docgen.docx.templatecheck import MAX_TEMPLATE_BYTES
    from docgen.output.manifest import sha256
    from docgen.safefile import Refused, read_regular

    try:
        sums: dict[str, str] = {}
        for line in read_regular(folder / SUMS, limit=100_000).decode("ascii").splitlines():
            digest, name = line.split(maxsplit=1)
            sums[name] = digest
        return all(sha256(read_regular(folder / name, limit=MAX_TEMPLATE_BYTES)) == sums.get(name) for name in names)
    except (OSError, Refused, UnicodeDecodeError, ValueError):
        return False


def usable_templates(recs: Records) -> None:
    """Raise :class:`~docgen.errors.TemplatesError` naming every problem of the
    packet's templates, before anything is rendered."""
    from docgen.errors import TemplatesError

    where, names = templates_dir(recs), template_names(recs)
    if where.resolve() == SHIPPED_TEMPLATES:
        if as_shipped(where, names):
            return
        from docgen.docx.templatecheck import check_folder  # their files and tags: no trial rendering

        problems = check_folder(where, names=names)
    else:
        from docgen.documents.make import check_templates

        problems = check_templates(recs)
    if problems:
        raise TemplatesError(where, list(problems))
