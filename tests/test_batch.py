"""Many packets in one command: ``docgen build -r FOLDER`` builds every packet below
it in worker processes, one failure spoiling no other, and ends with a table."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE, SAMPLE_FRAMEWORKS

DOCGEN = str(Path(sys.executable).with_name("docgen"))


def offices(folder: Path, count: int) -> list[str]:
    """*count* organisations, each the sample under its own key, sharing the frameworks."""
    (folder / "frameworks").mkdir(parents=True)
    for name in SAMPLE_FRAMEWORKS:
        shutil.copy2(SAMPLE / "frameworks" / name, folder / "frameworks" / name)
    keys = []
    for i in range(1, count + 1):
        key = f"office-{i:02d}"
        org = folder / key
        shutil.copytree(SAMPLE / "lopburi-pao" / "2566", org / "2566")
        profile = (SAMPLE / "lopburi-pao" / "organisation.yaml").read_text(encoding="utf-8")
        (org / "organisation.yaml").write_text(profile.replace("key: lopburi-pao", f"key: {key}"), encoding="utf-8")
        keys.append(key)
    return keys


def build_many(folder: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([DOCGEN, "build", "-r", str(folder), "-o", str(out), *extra], capture_output=True,
                          text=True, cwd=ROOT, timeout=600, env={**os.environ, "COLUMNS": "100"})


def test_twenty_organisations_one_broken(tmp_path):
    folder = tmp_path / "records"
    keys = offices(folder, 20)
    broken = folder / keys[6] / "2566" / "packet.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  score: 96.77", "  score: 96,77"), encoding="utf-8")
    result = build_many(folder, tmp_path / "out", "--jobs", "2")
    assert result.returncode == 1
    assert "สร้างเอกสาร" in result.stderr  # the progress bar's label
    lines = result.stdout.splitlines()
    assert "สรุป: สร้างแล้ว 19 ชุด, ล้มเหลว 1 ชุด, ข้าม 0 ชุด จากทั้งหมด 20 ชุด" in lines
    failed = next(i for i, line in enumerate(lines) if "ล้มเหลว" in line and "office-07/2566" in line)
    assert "previous_result.score: '96,77' มีจุลภาค" in lines[failed + 2]
    built = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert built == [k for k in keys if k != "office-07"]
    for key in built:  # each a whole packet of its own organisation
        names = sorted(p.name for p in (tmp_path / "out" / key / "2566").iterdir())
        assert names == ["circular.docx", "manifest.json", "memo.docx", "progress-memo.docx", "progress.docx",
                         "report.docx"]


def test_changed_skips_packets_whose_manifest_matches(tmp_path):
    folder = tmp_path / "records"
    keys = offices(folder, 3)
    assert build_many(folder, tmp_path / "out").returncode == 0
    packet = folder / keys[1] / "2566" / "packet.yaml"
    packet.write_text(packet.read_text(encoding="utf-8").replace("  number: 531 ", "  number: 532 "), encoding="utf-8")
    again = build_many(folder, tmp_path / "out", "--changed", "--force")
    assert again.returncode == 0
    assert "สรุป: สร้างแล้ว 1 ชุด, ล้มเหลว 0 ชุด, ข้าม 2 ชุด จากทั้งหมด 3 ชุด" in again.stdout
    assert f"สร้างแล้ว                    {keys[1]}/2566" in again.stdout


def test_a_killed_pdf_batch_leaves_no_libreoffice_behind(tmp_path):
    """docgen killed (SIGKILL) while its workers keep LibreOffices: the workers end,
    their LibreOffices end, their temporary folders go."""
    from conftest import kill_once_libreoffice_runs

    folder = tmp_path / "records"
    offices(folder, 6)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    log = tmp_path / "build.log"
    with log.open("wb") as said:
        proc = subprocess.Popen([DOCGEN, "build", "-r", str(folder), "-o", str(tmp_path / "out"), "--pdf", "--jobs", "2"],
                                cwd=ROOT, stdout=said, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(tmp)})
    kill_once_libreoffice_runs(proc, tmp, log=log)
