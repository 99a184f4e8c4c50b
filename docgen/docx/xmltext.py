"""Text as XML may hold it: what the records' check and the renderer both need,
without the renderer's imports."""

from __future__ import annotations

import re

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Drop characters that XML forbids; normalise line ends to ``\\n``."""
    return _XML_FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
