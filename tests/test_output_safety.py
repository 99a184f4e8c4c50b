"""All or nothing, really: a packet is switched in whole; faults and kills at any
moment leave the old packet or the new one, never a mix, and nothing beside them after
the next run; a killed PDF build takes its LibreOffice and temporary folder with it."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PACKET, ROOT, kill_once_libreoffice_runs, run

DOCGEN = str(Path(sys.executable).with_name("docgen"))


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def consistent(folder: Path) -> bool:
    """The folder holds exactly one packet: every file its manifest names, with the
    manifest's bytes (besides files docgen did not write)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return all(hashlib.sha256((folder / f["name"]).read_bytes()).hexdigest() == f["sha256"]
               for f in manifest["files"])


def leftovers(out: Path) -> list[str]:
    return [str(p) for p in out.rglob(".*") if "staging" in p.name or ".old-" in p.name or p.suffix == ".part"]


def test_force_switches_the_packet_whole_and_keeps_the_clerks_other_files(records, tmp_path):
    assert run("build", "-r", str(records.packet), "-o", str(tmp_path)).exit_code == 0
    folder = tmp_path / "lopburi-pao" / "2566"
    (folder / "memo-to-permanent-secretary.docx").write_bytes(b"a clerk's edited memo")
    before = snapshot(folder)
    records.edit(PACKET, "number: 531", "number: 532")
    result = run("build", "--force", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    after = snapshot(folder)
    assert after["memo-to-permanent-secretary.docx"] == before["memo-to-permanent-secretary.docx"]
    assert after["circular.docx"] != before["circular.docx"] and consistent(folder)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o777 & ~current_umask())
    assert oct((folder / "circular.docx").stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    assert leftovers(tmp_path) == []


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("fail_at", [1, 2, 4])
def test_a_disk_that_fills_midway_leaves_the_old_packet(records, tmp_path, monkeypatch, fail_at):
    from docgen.output import staged as output

    assert run("build", "-r", str(records.packet), "-o", str(tmp_path)).exit_code == 0
    folder = tmp_path / "lopburi-pao" / "2566"
    before = snapshot(folder)
    real, calls = output._write_new, []

    def filling(path, data):
        calls.append(path)
        if len(calls) == fail_at:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(output, "_write_new", filling)
    records.edit(PACKET, "number: 531", "number: 532")
    result = run("build", "--force", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "พื้นที่ดิสก์เต็ม" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(folder) == before and leftovers(tmp_path) == []


def test_a_folder_that_cannot_be_replaced_leaves_the_old_packet(records, tmp_path, monkeypatch):
    from docgen.output import staged as output

    assert run("build", "-r", str(records.packet), "-o", str(tmp_path)).exit_code == 0
    folder = tmp_path / "lopburi-pao" / "2566"
    before = snapshot(folder)

    def refused(staging, target):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(target))

    monkeypatch.setattr(output, "_exchange", refused)
    result = run("build", "--force", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 1 and "ไม่มีสิทธิ์" in result.stderr
    assert snapshot(folder) == before and leftovers(tmp_path) == []


def start_build(out: Path, records: Path, *extra: str, env: dict | None = None) -> subprocess.Popen:
    log = open(out.parent / "build.log", "ab")  # noqa: SIM115 - the child writes it
    try:
        return subprocess.Popen([DOCGEN, "build", "--force", "-r", str(records), "-o", str(out), *extra],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, env=env)
    finally:
        log.close()


def test_a_build_killed_at_any_moment_leaves_one_whole_packet(records, tmp_path):
    out = tmp_path / "out"
    assert run("build", "-r", str(records.packet), "-o", str(out)).exit_code == 0
    folder = out / "lopburi-pao" / "2566"
    outcomes = set()
    for i, delay in enumerate((0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2)):
        records.edit(PACKET, f"number: {531 + i}", f"number: {532 + i}")
        proc = start_build(out, records.packet)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert consistent(folder), f"killed after {delay} s: a mix of two packets"
        outcomes.add(proc.returncode)
    # the next run cleans up what the killed ones left beside the folder
    assert run("build", "--force", "-r", str(records.packet), "-o", str(out)).exit_code == 0
    assert consistent(folder) and leftovers(out) == []


def test_a_killed_pdf_build_takes_libreoffice_and_its_temporary_folder_along(records, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    proc = start_build(tmp_path / "out", records.packet, "--pdf", env=env)
    kill_once_libreoffice_runs(proc, tmp, log=tmp_path / "build.log")


def test_a_packet_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    """Where the system has no atomic exchange, the switch is two renames; a kill
    between them leaves the old packet aside, and the next run puts it back."""
    from docgen.output import staged as output

    target = tmp_path / "2566"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    aside = tmp_path / f".2566.old-{dead.pid}-abc"
    aside.mkdir()
    (aside / "memo.docx").write_bytes(b"the old memo")
    staged = tmp_path / f".2566.staging-{dead.pid}-def"
    staged.mkdir()
    (staged / "memo.docx").write_bytes(b"half of a new packet")
    output.write_files({target / "report.docx": b"new report"}, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2566"]
    assert (target / "memo.docx").read_bytes() == b"the old memo"  # put back, then kept
    assert (target / "report.docx").read_bytes() == b"new report"


def test_the_two_rename_switch_gives_the_same_result(tmp_path, monkeypatch):
    from docgen.output import staged as output

    monkeypatch.setattr(output, "_renameat2", lambda a, b: False)
    target = tmp_path / "2566"
    output.write_files({target / "memo.docx": b"one", target / "note.txt": b"kept"}, force=False)
    output.write_files({target / "memo.docx": b"two"}, force=True)
    assert (target / "memo.docx").read_bytes() == b"two" and (target / "note.txt").read_bytes() == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2566"]


def test_hundreds_of_measures_build_with_pdf_in_seconds(records, tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    import hostile_corpus

    hostile_corpus.many_measures(300)(records.root)
    started = time.monotonic()
    result = run("build", "--pdf", "-r", str(records.packet), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 60
    import pdfplumber

    with pdfplumber.open(tmp_path / "lopburi-pao" / "2566" / "report.pdf") as pdf:
        last = "".join((p.extract_text() or "") for p in pdf.pages[-6:])
    assert "มาตรการทดสอบที่ ๓๐๐" in last


def test_a_path_with_dot_dot_switches_the_folder_it_names(tmp_path):
    from docgen.output import staged as output

    (tmp_path / "org" / "2566").mkdir(parents=True)
    output.write_files({tmp_path / "org" / "2566" / ".." / "note.txt": b"x"}, force=True)
    assert (tmp_path / "org" / "note.txt").read_bytes() == b"x"
    assert sorted(p.name for p in (tmp_path / "org").iterdir()) == ["2566", "note.txt"]
    assert list((tmp_path / "org" / "2566").iterdir()) == []
