"""A hostile environment, other programs, and the file system: a locale without UTF-8,
a missing or unwritable HOME, a font name that reads as an option, a full TMPDIR, an
immutable file in the previous build's folder. Each ends in a Thai message or a
correct build, docgen run as its own process with the environment in question."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ORG, ROOT, Records

C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}


def docgen(*args: str, env: dict[str, str] | None = None, timeout: float = 10,
           drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess[bytes]:
    """``python -m docgen ARGS`` with *env* added to (and *drop* taken from) this
    environment; its output as bytes, to be read as UTF-8."""
    full = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("LC_")}
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "docgen", *args], cwd=ROOT, env=full, capture_output=True,
                          timeout=timeout, check=False)


def text(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode("utf-8") + result.stderr.decode("utf-8")  # strict: UTF-8 or the test fails


def test_c_locale_validate_build_and_errors_speak_utf8(records: Records, tmp_path: Path):
    validated = docgen("validate", "-r", str(records.packet), env=C_LOCALE)
    assert validated.returncode == 0, text(validated)
    assert "ตรวจข้อมูลแล้ว ไม่พบข้อผิดพลาด" in validated.stdout.decode("utf-8")
    assert "TH SarabunIT๙" in validated.stdout.decode("utf-8")
    out = tmp_path / "ผลลัพธ์"  # a Thai folder name: file names are UTF-8 too
    built = docgen("build", "-r", str(records.packet), "-o", str(out), env=C_LOCALE)
    assert built.returncode == 0, text(built)
    assert (out / "lopburi-pao" / "2566" / "report.docx").is_file()
    assert "เขียนแล้ว:" in built.stdout.decode("utf-8")
    missing = docgen("validate", "-r", str(tmp_path / "ไม่มี"), env=C_LOCALE)
    assert missing.returncode == 2
    assert f"ไม่พบไฟล์ข้อมูล {tmp_path / 'ไม่มี'}" in missing.stderr.decode("utf-8")
    records.edit(ORG, "short_name: อบจ.ลพบุรี", "short_name: อบจ.ลพบุรี\nbogus: ค่า")
    broken = docgen("validate", "-r", str(records.packet), env=C_LOCALE)
    assert broken.returncode == 1
    assert "พบปัญหาในข้อมูล" in broken.stderr.decode("utf-8")
    assert "Traceback" not in text(broken) and "ภายในโปรแกรม" not in text(broken)


def _written_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_missing_home_builds_and_writes_nothing_there(records: Records, tmp_path: Path):
    home, cache, tmp = tmp_path / "nonexistent", tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    built = docgen("build", "-r", str(records.packet), "-o", str(tmp_path / "out"),
                   env={"HOME": str(home), "DOCGEN_CACHE_DIR": str(cache), "TMPDIR": str(tmp)},
                   drop=("XDG_CACHE_HOME", "PYTHAINLP_DATA", "PYTHAINLP_DATA_DIR"))
    assert built.returncode == 0, text(built)
    assert not home.exists()  # never created, not even by root
    assert list(tmp.iterdir()) == []
    assert (cache / "pythainlp-data").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "out", "records", "tmp"]


def test_unwritable_home_puts_the_caches_in_a_private_temporary_folder(records: Records, tmp_path: Path):
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    home.write_text("not a folder", encoding="utf-8")  # unwritable for root too
    tmp.mkdir()
    built = docgen("build", "-r", str(records.packet), "-o", str(tmp_path / "out"),
                   env={"HOME": str(home), "TMPDIR": str(tmp)},
                   drop=("DOCGEN_CACHE_DIR", "XDG_CACHE_HOME", "PYTHAINLP_DATA", "PYTHAINLP_DATA_DIR"))
    assert built.returncode == 0, text(built)
    private = tmp / f"docgen-cache-{os.geteuid()}"
    assert [p.name for p in tmp.iterdir()] == [private.name]
    assert private.stat().st_mode & 0o777 == 0o700
    assert (private / "docgen" / "pythainlp-data").is_dir()
    assert (private / "docgen" / "jinja").is_dir()  # the templates' compiled code


@pytest.mark.parametrize("value", ["-v", "--help"])
def test_a_font_name_is_never_an_option(records: Records, value: str):
    line = records.edit(ORG, "font: TH SarabunIT๙ ", f"font: '{value}'")
    result = docgen("validate", "-r", str(records.packet))
    assert result.returncode == 1
    err = result.stderr.decode("utf-8")
    assert (f"  - {records.root / ORG} บรรทัด {line}: font: '{value}' ขึ้นต้นด้วยเครื่องหมาย - จึงไม่ใช่ชื่อแบบอักษร"
            " ให้ใส่ชื่อแบบอักษรที่ติดตั้งไว้ เช่น TH SarabunPSK หรือ TH Sarabun New") in err.splitlines()
    for fc_match_words in ("fonthashint", "Usage", "display this help", "ระบบไฟล์ขัดข้อง"):
        assert fc_match_words not in text(result)


def test_font_file_passes_the_pattern_after_double_dash():
    from docgen.fonts import font_file

    if shutil.which("fc-match") is None:
        pytest.skip("no fontconfig")
    found = font_file("--help")
    assert found is None or os.path.isfile(found)


@pytest.fixture
def full_tmp(tmp_path: Path):
    """A TMPDIR of 200 KB (a tmpfs: root only), unmounted afterwards."""
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("no LibreOffice")
    folder = tmp_path / "full"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (the in-process test below covers the message)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_tmpdir_is_said_in_thai(records: Records, tmp_path: Path, full_tmp: Path):
    out = tmp_path / "out"
    result = docgen("build", "--pdf", "-r", str(records.packet), "-o", str(out), env={"TMPDIR": str(full_tmp)},
                    timeout=120)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1, err
    assert f"พื้นที่ดิสก์ของโฟลเดอร์ชั่วคราว {full_tmp} เต็ม จึงสร้าง PDF ไม่ได้" in err
    assert "TMPDIR" in err and "Errno" not in err and "No space" not in err
    assert list(full_tmp.iterdir()) == []
    assert not out.exists()


def test_a_failed_profile_copy_in_a_full_folder_is_said_in_thai(monkeypatch, tmp_path: Path):
    """Without a tmpfs: the profile's copy fails as on a full disk (a dozen errors in one
    shutil.Error); the message is the Thai one and the session folder goes."""
    import docgen.pdf.convert as convert
    import docgen.pdf.leftovers as leftovers

    def full(*_args: object, **_kwargs: object) -> None:
        raise shutil.Error([("a", "b", "[Errno 28] No space left on device")] * 12)

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(convert.tempfile, "tempdir", None)
    monkeypatch.setattr(convert, "_tools", lambda: ("soffice", "python3"))
    monkeypatch.setattr(convert, "_seed_profile", full)
    monkeypatch.setattr(leftovers, "_nearly_full", lambda folder: True)
    with pytest.raises(convert.ConversionError) as caught:
        convert._Session([])
    assert str(caught.value).startswith(f"พื้นที่ดิสก์ของโฟลเดอร์ชั่วคราว {tmp_path} เต็ม")
    assert list(tmp_path.iterdir()) == []


def _immutable(path: Path) -> bool:
    return shutil.which("chattr") is not None and subprocess.run(
        ["chattr", "+i", str(path)], capture_output=True, check=False).returncode == 0


def test_an_immutable_file_in_the_previous_build_stops_it_in_thai(records: Records, tmp_path: Path):
    out = tmp_path / "out"
    assert docgen("build", "-r", str(records.packet), "-o", str(out)).returncode == 0
    folder = out / "lopburi-pao" / "2566"
    note = folder / "note.txt"
    note.write_text("บันทึกของเจ้าหน้าที่", encoding="utf-8")
    if not _immutable(note):
        pytest.skip("chattr +i is not possible here (root on a file system with attributes)")
    try:
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        result = docgen("build", "--force", "-r", str(records.packet), "-o", str(out))
        err = result.stderr.decode("utf-8")
        assert result.returncode == 1, err
        assert (f"แทนที่เอกสารใน {folder} ไม่ได้ (ไม่ได้เขียนไฟล์ใด เอกสารชุดเดิมยังอยู่ครบ): ไฟล์ {note}"
                " ถูกตั้งค่าห้ามแก้ไขและห้ามลบ (chattr +i หรือ +a)") in err
        assert sorted(p.name for p in folder.parent.iterdir()) == ["2566"]  # no staging folder beside it
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    finally:
        subprocess.run(["chattr", "-i", str(note)], check=False)


def test_a_read_only_folder_in_the_previous_build_leaves_no_staging_folder(records: Records, tmp_path: Path):
    out = tmp_path / "out"
    assert docgen("build", "-r", str(records.packet), "-o", str(out)).returncode == 0
    folder = out / "lopburi-pao" / "2566"
    notes = folder / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("ก", encoding="utf-8")
    notes.chmod(0o555)
    try:
        result = docgen("build", "--force", "-r", str(records.packet), "-o", str(out))
        assert result.returncode == 0, text(result)
        assert sorted(p.name for p in folder.parent.iterdir()) == ["2566"]
        assert (folder / "notes" / "a.txt").read_text(encoding="utf-8") == "ก"
    finally:
        for path in (notes, folder / "notes"):
            if path.exists():
                path.chmod(0o755)
