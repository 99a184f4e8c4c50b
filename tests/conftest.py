"""Helpers: each test builds its own copy of the sample records in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "records"
PACKET = Path("lopburi-pao/2566/packet.yaml")
PROGRESS = Path("lopburi-pao/2566/progress.yaml")
ORG = Path("lopburi-pao/organisation.yaml")
FRAMEWORK = Path("frameworks/ita-2566.yaml")
SAMPLE_FRAMEWORKS = ("ita-2565.yaml", "ita-2566.yaml")


class Records:
    """A writable copy of the sample records."""

    def __init__(self, root: Path, *, progress: bool = False):
        self.root = root
        # the sample alone: packets or offices a user adds under records/ are left out,
        # and the progress records unless asked for (tests that change the measures
        # would otherwise also be testing the progress report's cross-checks)
        shutil.copytree(SAMPLE / ORG.parent, root / ORG.parent, ignore=self._other_years)
        if not progress:
            (root / PROGRESS).unlink()
        (root / FRAMEWORK.parent).mkdir()
        for name in SAMPLE_FRAMEWORKS:
            shutil.copy2(SAMPLE / FRAMEWORK.parent / name, root / FRAMEWORK.parent / name)

    @staticmethod
    def _other_years(folder: str, names: list[str]) -> list[str]:
        if Path(folder).resolve() == (SAMPLE / ORG.parent).resolve():
            return [n for n in names if n.isdigit() and n != PACKET.parent.name]
        return []

    @property
    def packet(self) -> Path:
        return self.root / PACKET

    def edit(self, rel: Path, old: str, new: str) -> int:
        """Replace the one occurrence of *old* in a records file by *new*; return the
        1-based line where *new* starts."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
        text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        return text[: text.index(new)].count("\n") + 1

    def line_of(self, rel: Path, needle: str) -> int:
        text = (self.root / rel).read_text(encoding="utf-8")
        assert text.count(needle) == 1, f"{needle!r} must occur once in {rel}"
        return text[: text.index(needle)].count("\n") + 1


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Tests keep docgen's cache (templates' code, LibreOffice profile) to themselves."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCGEN_CACHE_DIR", str(tmp_path_factory.mktemp("docgen-cache")))
        yield


@pytest.fixture
def records(tmp_path: Path) -> Records:
    return Records(tmp_path / "records")


RECORDS_COMMANDS = {"validate", "memo", "circular", "report", "build", "new-year", "new-progress", "emblem"}


def run(*args: str) -> Result:
    """Run the docgen CLI in-process; stdout and stderr kept apart. Run from the
    repository without ``-r``, a command reads the sample packet named explicitly, so
    packets a user adds under records/ change no test."""
    argv = list(args)
    if (argv and argv[0] in RECORDS_COMMANDS and not {"-r", "--records"} & set(argv)
            and Path.cwd().resolve() == ROOT and "-h" not in argv):
        argv += ["-r", str(SAMPLE / PACKET)]
    return CliRunner().invoke(main, argv, catch_exceptions=False)


def processes_with(marker: str) -> list[str]:
    """Command lines of live processes, this one aside, that mention *marker* (read
    from /proc: a bare Debian has no pgrep)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == os.getpid():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmd and not cmd.startswith("[") and "/proc/" not in cmd:
            found.append(cmd)
    return found


def descendants_with(marker: str, parent: int | None = None) -> int:
    """How many live processes started, at any depth, by *parent* (this process by
    default) mention *marker* in their command line."""
    parent = os.getpid() if parent is None else parent
    parents, cmds = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            parents[int(pid)] = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            cmds[int(pid)] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    found = 0
    for pid, cmd in cmds.items():
        if marker not in cmd:
            continue
        up, steps = parents.get(pid), 0
        while up and up != parent and steps < 50:
            up, steps = parents.get(up), steps + 1
        found += up == parent
    return found


def kill_once_libreoffice_runs(proc: subprocess.Popen, tmp: Path, *, log: Path | None = None) -> None:
    """SIGKILL *proc* (a docgen build whose TMPDIR is *tmp*) once its LibreOffice runs,
    then check that within 15 seconds nothing of it is left: no process naming *tmp*,
    no LibreOffice session folder."""
    import signal
    import time

    def soffice() -> list[str]:
        return [c for c in processes_with(str(tmp)) if "soffice" in c]

    # seen once is enough: a LibreOffice making a new profile restarts itself, so a second
    # look may fall in the moment between its two processes
    deadline = time.monotonic() + 120
    while not (seen := soffice()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not seen:
        proc.kill()
        proc.wait(timeout=30)
        said = log.read_text(encoding="utf-8", errors="replace") if log and log.is_file() else ""
        raise AssertionError(f"no LibreOffice seen; docgen's exit code {proc.returncode}, it said:\n{said}")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 15
    while (processes_with(str(tmp)) or list(tmp.glob("docgen-lo-*"))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(str(tmp)) == []
    assert list(tmp.glob("docgen-lo-*")) == []


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the whole run (tests/postgres.py), started only when
    a test first asks for it and stopped when the run ends."""
    from postgres import PostgresServer

    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database on the tests' PostgreSQL server, as a SQLAlchemy URL; its
    name says which test it is for (and a number keeps it unique)."""
    import re

    test = re.sub(r"[^a-z0-9]+", "_", request.node.name.lower()).strip("_")[:40]
    return postgres_server.create_database(f"t{postgres_server.databases + 1}_{test}")
