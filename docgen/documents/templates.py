"""Whether a packet's templates can be used: light enough for ``docgen validate`` to
ask without importing the renderer. The check of docgen's own templates (their files
and tags) is kept in the cache while the files are unchanged; an office's restyled
templates are checked every time, by a trial rendering with its records."""

from __future__ import annotations

from docgen.documents.kinds import SHIPPED_TEMPLATES, template_names, templates_dir
from docgen.records.source import Records


def usable_templates(recs: Records) -> None:
    """Raise :class:`~docgen.errors.TemplatesError` naming every problem of the
    packet's templates, before anything is rendered."""
    from docgen import __version__
    from docgen.cache import cache_file, file_stamp, keep_file
    from docgen.errors import TemplatesError

    where = templates_dir(recs)
    kept = None
    if where.resolve() == SHIPPED_TEMPLATES:  # checked by their files alone: no trial rendering
        try:
            stamps = [file_stamp(str(where / name)) for name in template_names(recs)]
        except OSError:  # one is missing: the check says so
            stamps = []
        kept = cache_file("templates", {"docgen": __version__, "checked": stamps}, ".ok") if stamps else None
        if kept is not None and kept.is_file():
            return
    from docgen.documents.make import check_templates

    problems = check_templates(recs)
    if problems:
        raise TemplatesError(where, problems)
    keep_file(kept, b"ok\n")
