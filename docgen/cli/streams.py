"""The command's process speaks UTF-8 whatever the locale: a service account without a
UTF-8 locale (``LC_ALL=C``, ``PYTHONUTF8=0``) would otherwise make Python encode Thai
file names, program arguments and messages as ASCII, and fail on the first Thai
character."""

from __future__ import annotations

import os
import sys


def _is_utf8(encoding: str | None) -> bool:
    return (encoding or "").lower().replace("-", "").replace("_", "") == "utf8"


def utf8_process() -> None:
    """At the command's entry: where Python does not run in UTF-8 mode and the locale is
    not UTF-8, run the command again in UTF-8 mode (``-X utf8``, which also reaches the
    Python processes docgen starts); where that cannot be done, at least write standard
    output and error as UTF-8."""
    if not sys.flags.utf8_mode and not _is_utf8(sys.getfilesystemencoding()):
        argv = getattr(sys, "orig_argv", None)
        if argv and sys.executable:
            os.environ["PYTHONUTF8"] = "1"
            try:
                os.execv(sys.executable, [sys.executable, "-X", "utf8", *argv[1:]])
            except OSError:  # cannot run Python again: go on in this process
                pass
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not _is_utf8(getattr(stream, "encoding", None)):
            reconfigure(encoding="utf-8", errors="backslashreplace")
