"""docgen: Thai government ITA documents from records entered once."""

import os
import sys

from docgen.cache import settle_environment

#: docgen's version, held here alone (pyproject.toml reads it); not asked of the installed
#: package's metadata, whose import costs a command's start-up a fiftieth of a second
__version__ = "0.1.0"

#: the libraries' data folders go into docgen's cache folder before any is imported
#: (never into HOME); the Thai reason when no folder can be written, else None
CACHE_PROBLEM = settle_environment()
#: set by a docgen command to its pid: a Python helper it starts (a batch build's workers)
#: ends when the command ends, even when it is killed
DIES_WITH = "DOCGEN_DIES_WITH"


def die_with(pid: int | None) -> None:
    """Have the kernel kill this process when its parent *pid* ends (None: no longer)."""
    if sys.platform != "linux":
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL) if pid else 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if pid and os.getppid() != pid:  # the command ended before the kernel was told
        os._exit(1)


def helpers_die_with_me() -> None:
    """At a command's entry: the Python helpers it starts end with it (this command,
    itself maybe started by ``docgen serve``, ends with nobody but itself)."""
    if os.environ.get(DIES_WITH) == str(os.getppid()):
        die_with(None)
    os.environ[DIES_WITH] = str(os.getpid())


_OWNER = os.environ.get(DIES_WITH, "")
if _OWNER == str(os.getppid()):
    die_with(os.getppid())
elif _OWNER.isdecimal() and sys.platform == "linux" and not os.path.exists(f"/proc/{_OWNER}"):
    os._exit(1)  # the command that started this helper was killed before this helper could be told
