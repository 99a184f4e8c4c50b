"""The LibreOffice worker's processes (read by :mod:`docgen.pdf.worker`, in LibreOffice's
Python, without docgen): starting its LibreOffice with its temporary files in docgen's
private folder, and ending everything when docgen dies, even by SIGKILL, or when
LibreOffice does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from typing import Any

POLL = 0.05  # seconds between looks at the parent: a killed docgen's LibreOffice ends within a tenth of a second
state = {"closing": False}  # set while the worker closes its LibreOffice itself


def start_soffice(session: dict[str, Any], workdir: str, profile_url: str) -> subprocess.Popen[bytes]:
    """LibreOffice, headless, its profile *profile_url* and its own temporary files
    (``lu*.tmp``) in *workdir*, docgen's private folder, which goes with the session
    whatever happens (not in TMPDIR, where a killed LibreOffice would leave them)."""
    tmp = os.path.join(workdir, "tmp")
    os.makedirs(tmp, exist_ok=True)
    env = {**os.environ, "TMPDIR": tmp, "TMP": tmp, "TEMP": tmp}
    return subprocess.Popen(
        [session.get("soffice", "soffice"), f"-env:UserInstallation={profile_url}",
         "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={session['pipe']};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )


def _others_in_my_group() -> list[int]:
    """The processes of this worker's group but itself: its LibreOffice (soffice, and
    the soffice.bin it starts), read from /proc."""
    me, group, found = os.getpid(), os.getpgid(0), []
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) != me:
            try:
                if os.getpgid(int(name)) == group:
                    found.append(int(name))
            except OSError:
                pass
    return found


def alive(pid: int) -> bool:
    """Whether *pid* runs (a zombie, killed and waiting to be reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def watch_parent(parent: int, workdir: str) -> None:
    """End this worker, its LibreOffice and docgen's private folder if docgen (*parent*,
    the pid docgen gave: it may be gone before the worker first looks) dies, killed
    even with SIGKILL: LibreOffice first (so that it cannot write into the folder while
    it is removed), then the folder, then this worker. The worker leads its own process
    group, which holds its LibreOffice."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL)
        state["closing"] = True  # LibreOffice's end, below, is this thread's doing: it ends the worker itself
        end_group(grace=0)
        shutil.rmtree(workdir, ignore_errors=True)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def end_group(grace: float) -> None:
    """End the rest of the worker's group (LibreOffice): after *grace* seconds for it to
    end by itself (soffice.bin still writing its profile after soffice returned), then
    killed, again and again for up to 5 seconds (soffice may be starting soffice.bin
    just now). Nothing of it outlives the worker, whose end docgen then waits for."""
    patient = time.monotonic() + grace
    deadline = patient + 5
    while time.monotonic() < deadline:
        running = [pid for pid in _others_in_my_group() if alive(pid)]
        if not running:
            return
        if time.monotonic() >= patient:
            for pid in running:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        time.sleep(0.02)


def end_with(soffice: subprocess.Popen[bytes]) -> None:
    """End this worker when its LibreOffice ends (it crashed, or was killed): docgen
    then sees the end of its answers at once and starts another."""

    def watch() -> None:
        soffice.wait()
        if not state["closing"]:
            os._exit(3)

    threading.Thread(target=watch, daemon=True).start()
