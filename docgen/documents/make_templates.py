"""Build docgen's Word templates from code: ``python -m docgen.documents.make_templates [DIR]``.

The templates in ``templates/`` are this module's output, committed with their
digests (``SHA256SUMS``); a test rebuilds them and compares bytes. IT staff may
restyle a copy in Word and point an organisation's profile at it
(``templates: my-templates``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

from docgen.documents.kinds import KINDS, SHIPPED_TEMPLATES
from docgen.documents.templates import SUMS
from docgen.docx.render import save_document
from docgen.output.manifest import sha256


def builders() -> dict[str, Callable[[], object]]:
    """Each kind's template file name -> the function that builds it."""
    return {k.template: k.code().build_template for k in KINDS}


def build_all(dest: Path = SHIPPED_TEMPLATES) -> list[Path]:
    """Write every template into *dest*, and their SHA-256 digests into its
    ``SHA256SUMS`` (how a command knows them unchanged); return the templates' paths."""
    dest.mkdir(parents=True, exist_ok=True)
    written, sums = [], []
    for name, build in sorted(builders().items()):
        path = dest / name
        data = save_document(build())
        path.write_bytes(data)
        written.append(path)
        sums.append(f"{sha256(data)}  {name}\n")
    (dest / SUMS).write_text("".join(sums), encoding="ascii")
    return written


if __name__ == "__main__":
    for p in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else SHIPPED_TEMPLATES):
        print(p)
