"""SIGKILL of ``docgen build --pdf`` (and of ``build -r FOLDER --pdf --jobs 2``) at random
moments: a second after the kill no process of the build runs and its private TMPDIR
is empty; what a run killed too early for its workers to clean up is removed by the
next run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import PACKET, ROOT, SAMPLE

SINGLE_TRIALS, BATCH_TRIALS = 16, 4
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="no LibreOffice")


def marked(mark: str) -> dict[int, str]:
    """The running (not zombie) processes whose environment holds *mark* (every process
    a build starts inherits it), by pid: their command lines."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if mark.encode() not in Path(f"/proc/{pid}/environ").read_bytes():
                continue
            if Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] == "Z":
                continue
            found[int(pid)] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            pass
    return found


def _build(args: list[str], tmp: Path, out: Path, mark: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(tmp), "KILL_TRIAL_MARK": mark}
    return subprocess.Popen([sys.executable, "-m", "docgen", "build", "--pdf", "--force", "-o", str(out), *args],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _length(args: list[str], tmp_path: Path) -> float:
    """How long a whole build takes (and the LibreOffice profile cached for the trials)."""
    tmp = tmp_path / "whole-tmp"
    tmp.mkdir()
    started = time.monotonic()
    proc = _build(args, tmp, tmp_path / "whole-out", uuid.uuid4().hex)
    assert proc.wait(timeout=180) == 0
    return time.monotonic() - started


def _trial(args: list[str], folder: Path, end: float) -> list[str]:
    """One kill at a random moment; what is wrong a second after it."""
    tmp = folder / "tmp"
    tmp.mkdir(parents=True)
    mark = uuid.uuid4().hex
    at = random.uniform(0.5, end)
    proc = _build(args, tmp, folder / "out", mark)
    time.sleep(at)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    running = marked(mark)
    wrong = [f"killed at {at:.2f} s: still running: {cmd[:150]}" for cmd in running.values()]
    wrong += [f"killed at {at:.2f} s: left in TMPDIR: {p.name}" for p in tmp.iterdir()]
    for pid in running:  # end whatever is left, so that one trial does not spoil the next
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return wrong


def _offices(folder: Path, count: int) -> None:
    from test_batch import offices

    offices(folder, count)


def test_twenty_kills_leave_nothing_behind(tmp_path: Path):
    single = ["-r", str(SAMPLE / PACKET)]
    batch_folder = tmp_path / "records"
    _offices(batch_folder, 3)
    batch = ["-r", str(batch_folder), "--jobs", "2"]
    wrong = []
    for args, trials, name in ((single, SINGLE_TRIALS, "single"), (batch, BATCH_TRIALS, "batch")):
        whole = tmp_path / f"{name}-whole"
        whole.mkdir()
        end = _length(args, whole)
        for i in range(trials):
            wrong += _trial(args, tmp_path / f"{name}-{i}", end)
    assert wrong == []


FILLING = """
import sys, time
from docgen.pdf import convert

def slow(profile):  # the profile's copy, caught half-way
    profile.mkdir(parents=True)
    (profile / "half").write_bytes(b"x")
    print("filling", flush=True)
    time.sleep(120)

convert._seed_profile = slow
convert._Session([])
"""


def test_a_kill_while_the_session_folder_is_filled_leaves_nothing(tmp_path: Path):
    """The window the random kills once hit (at 6.05 s): docgen killed after its
    session folder is made, while the LibreOffice profile is copied into it, before
    LibreOffice starts. Its worker already watches docgen, and removes the folder."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", FILLING], stdout=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "TMPDIR": str(tmp)})
    assert proc.stdout is not None and proc.stdout.readline() == b"filling\n"
    [folder] = tmp.glob("docgen-lo-*")
    assert (folder / "profile" / "half").is_file()
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    deadline = time.monotonic() + 5
    while (list(tmp.iterdir()) or marked(str(tmp))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp.iterdir()) == []
    assert marked(str(tmp)) == {}


CLOSING = """
import io, shutil, time
from pathlib import Path
import docx
from docgen.pdf import convert

remove = shutil.rmtree

def stuck(path, *args, **kwargs):  # docgen killed as it removes the session's folder, LibreOffice ended
    if Path(path).name.startswith("docgen-lo-"):  # the session's own folder (a fresh TMPDIR has none to sweep)
        print("removing", flush=True)
        time.sleep(120)
    return remove(path, *args, **kwargs)

shutil.rmtree = stuck
out = io.BytesIO()
docx.Document().save(out)
convert.to_pdf({"a.docx": out.getvalue()}, thai_digits=False)
"""


def test_a_kill_while_the_session_is_closed_leaves_nothing(tmp_path: Path):
    """The window the random kills hit at 6.15 s: docgen killed at the end of a
    conversion, after LibreOffice ended and before docgen removed the session's folder.
    The worker waits, watching docgen, until the folder is gone, and removes it itself."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", CLOSING], stdout=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "TMPDIR": str(tmp)})
    assert proc.stdout is not None and proc.stdout.readline() == b"removing\n"
    assert list(tmp.glob("docgen-lo-*"))  # the folder is still there: docgen has not removed it yet
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    deadline = time.monotonic() + 5
    while (list(tmp.iterdir()) or marked(str(tmp))) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp.iterdir()) == []
    assert marked(str(tmp)) == {}


def test_the_next_run_removes_what_a_killed_run_left(tmp_path: Path):
    """A session folder whose owner is gone (killed before its worker could look) goes;
    one whose owner runs, another program's folder and a folder named like docgen's
    whose pid was reused by another process are told apart by the owner's start time."""
    from docgen.pdf import leftovers

    dead = subprocess.Popen(["true"])
    dead.wait()
    me = os.getpid()
    gone = tmp_path / f"docgen-lo-{dead.pid}-1-abc"
    reused = tmp_path / f"docgen-lo-{me}-1-abc"  # this pid, but another start time: not this process's
    mine = tmp_path / f"docgen-lo-{me}-{leftovers._start_time(me)}-abc"
    other = tmp_path / "docgen-lo-not-ours"
    for folder in (gone, reused, mine, other):
        (folder / "profile").mkdir(parents=True)
        (folder / "lu1234.tmp").write_bytes(b"x")
    leftovers.sweep(str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([mine.name, other.name])


def test_a_profile_half_kept_by_a_killed_run_goes_at_the_next_keeping(tmp_path: Path):
    """A run killed while it copies LibreOffice's profile into the cache leaves a
    ``.profile-<pid>-<start>-…`` folder there; the next run that keeps one removes it,
    and keeps the profile whole."""
    from docgen.pdf import convert

    dead = subprocess.Popen(["true"])
    dead.wait()
    cache = tmp_path / "cache" / "libreoffice-profile"
    half = cache.parent / f".profile-{dead.pid}-1-abc"
    (half / "user").mkdir(parents=True)
    profile = tmp_path / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text("<x/>", encoding="utf-8")
    convert._keep_profile(profile, cache)
    assert sorted(p.name for p in cache.parent.iterdir()) == ["libreoffice-profile"]
    assert (cache / "user" / "registrymodifications.xcu").read_text(encoding="utf-8") == "<x/>"
