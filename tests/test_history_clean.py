"""A command that loads a packet opens the history's repository only where something
may have changed since it last looked: the stamp of what it found unchanged never
hides a hand edit, a new file, a removed one, a new version or a change left half made."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from docgen.history import clean, record
from docgen.history import store as history_store

from conftest import PACKET, Records


@pytest.fixture
def place(tmp_path: Path) -> Records:
    recs = Records(tmp_path / "records")
    _age(recs.root)
    return recs


def _age(root: Path, seconds: int = 60) -> None:
    """Every records file last changed a minute ago (older than the stamp's racy window)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        if path.is_file() and ".history" not in path.parts:
            os.utime(path, (past, past))


def _notice(place: Records) -> object:
    return record.notice_packet(place.root / PACKET)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The records folders whose repository was opened."""
    seen: list[Path] = []
    original = history_store.History.__init__

    def counting(self: history_store.History, root: Path) -> None:
        seen.append(root)
        original(self, root)

    monkeypatch.setattr(history_store.History, "__init__", counting)
    return seen


def test_an_unchanged_folder_is_known_without_the_repository(place: Records, opened: list[Path]) -> None:
    assert _notice(place) is not None  # the first look keeps the files as found, and stamps them
    assert (place.root / ".history" / clean.STAMP).is_file()
    assert len(opened) == 1
    assert _notice(place) is None
    assert _notice(place) is None
    assert len(opened) == 1  # the next looks did not open the repository


@pytest.mark.parametrize("change", ["edit", "add", "remove", "same size"])
def test_a_hand_edit_after_the_stamp_is_still_kept_as_one(place: Records, opened: list[Path], change: str) -> None:
    _notice(place)
    _notice(place)
    packet = place.root / PACKET
    if change == "edit":
        place.edit(PACKET, "https://www.loppao.go.th/ita/2566/o42", "https://www.loppao.go.th/ita/2566/o42/")
    elif change == "add":
        (packet.parent / "note.txt").write_text("บันทึก", encoding="utf-8")
    elif change == "remove":
        (place.root / "lopburi-pao" / "2566" / "progress.yaml").unlink(missing_ok=True)
        (packet.parent / "extra.yaml").write_text("a: 1\n", encoding="utf-8")
        _age(place.root)
        _notice(place)
        _notice(place)
        (packet.parent / "extra.yaml").unlink()
    else:  # one letter for another: the size stays, the time changes
        text = packet.read_text(encoding="utf-8")
        packet.write_text(text.replace("loppao", "loppau", 1), encoding="utf-8")
        assert packet.stat().st_size == len(text.encode("utf-8"))
    before = len(opened)
    found = _notice(place)
    assert len(opened) == before + 1
    assert found is not None and found.summary.startswith("แก้ไขนอก docgen"), found


def test_a_new_version_or_a_pending_change_opens_the_repository(place: Records, opened: list[Path]) -> None:
    _notice(place)
    _notice(place)
    record.write(place.root, {place.root / PACKET: place.packet.read_bytes() + b"# note\n"}, summary="แก้",
                 action="save")
    _age(place.root)
    before = len(opened)
    assert _notice(place) is None and len(opened) == before + 1  # another version: compared again, stamped
    assert _notice(place) is None and len(opened) == before + 1
    pending = place.root / ".history" / clean.PENDING_REF  # as a run killed mid-change leaves it
    pending.parent.mkdir(parents=True, exist_ok=True)
    pending.write_text((place.root / ".history" / clean.MAIN_REF).read_text(encoding="ascii"), encoding="ascii")
    _notice(place)
    assert len(opened) == before + 2
    assert not pending.exists()  # the repository was opened and the change dropped


def test_a_file_changed_within_the_racy_window_is_not_stamped(place: Records, opened: list[Path]) -> None:
    _notice(place)
    place.packet.write_bytes(place.packet.read_bytes())  # changed just now, its bytes as they were
    _notice(place)
    _notice(place)
    assert len(opened) == 3  # neither look could stamp it


def _same_size_edit_with_its_time_put_back(path: Path) -> None:
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("loppao", "loppau", 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # as `touch -r` or a copy keeping times leaves it
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_an_edit_with_its_time_put_back_is_still_found(place: Records, opened: list[Path]) -> None:
    _notice(place)
    assert _notice(place) is None and len(opened) == 1
    _same_size_edit_with_its_time_put_back(place.packet)  # its change time moves all the same
    found = _notice(place)
    assert len(opened) == 2 and found is not None and found.summary.startswith("แก้ไขนอก docgen")


def test_a_file_changed_while_the_history_compares_is_not_stamped(place: Records, opened: list[Path],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _notice(place)
    (place.root / ".history" / clean.STAMP).unlink()
    original = history_store.History.outside

    def edited_meanwhile(self: history_store.History, *args: object, **kwargs: object) -> object:
        found = original(self, *args, **kwargs)  # type: ignore[arg-type]
        _same_size_edit_with_its_time_put_back(place.packet)  # after it was hashed, before the stamp
        return found

    monkeypatch.setattr(history_store.History, "outside", edited_meanwhile)
    assert _notice(place) is None
    monkeypatch.setattr(history_store.History, "outside", original)
    assert not (place.root / ".history" / clean.STAMP).exists()
    found = _notice(place)
    assert len(opened) == 3 and found is not None and found.summary.startswith("แก้ไขนอก docgen")
