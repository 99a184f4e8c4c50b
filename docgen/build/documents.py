"""The documents of some kinds, written: what ``docgen memo``, ``circular``,
``report`` and ``progress`` do (``docgen build`` is :mod:`docgen.build.packet`)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from docgen.documents.kinds import DEFAULT_TO
from docgen.documents.make import output_dir, render
from docgen.documents.templates import usable_templates
from docgen.output.staged import write_files
from docgen.records.source import Records


def make(recs: Records, keys: Sequence[str], *, out: Path, force: bool, memo_to: str | None = DEFAULT_TO) -> list[Path]:
    """Render the documents of the kinds *keys* (all of them before writing any), then
    write them under :func:`output_dir`; return the paths written."""
    usable_templates(recs)
    docs = [render(recs, k, to=memo_to) for k in keys]
    target = output_dir(recs, out)
    return write_files({target / d.name: d.data for d in docs}, force=force)
