"""Building: a whole packet (``packet``: every document in memory, then PDFs, then one
write) and many packets at once (``batch``: ``docgen build -r FOLDER``)."""

from docgen.build.packet import build

__all__ = ["build"]
