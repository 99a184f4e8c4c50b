"""Writing records files as a version of the history: what every command and form
that changes the records calls (:func:`write`), and the packet's own check for changes
made outside docgen (:func:`notice`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import DocgenError
from docgen.history.fields import describe as describe_file

if TYPE_CHECKING:
    from docgen.history.entry import Version

Describe = Callable[[str, bytes | None, bytes | None], str]


class _WriterFailed(Exception):
    def __init__(self, error: OSError) -> None:
        self.error = error


def _failed(exc: OSError, root: Path) -> DocgenError:
    return DocgenError(f"เก็บประวัติการแก้ไขใน {root / '.history'} ไม่ได้ ({exc.strerror or exc})"
                       " จึงยังไม่ได้เขียนไฟล์ข้อมูล ให้ตรวจว่าโฟลเดอร์ข้อมูลเขียนได้และพื้นที่ดิสก์ยังพอ")


def write(root: Path, files: Mapping[Path, bytes | None], *, summary: str, action: str,
          writer: Callable[[], object] | None = None,
          describe: Describe = describe_file, db: Any = None, by_chain: bool = False) -> Version | None:
    """Write *files* (path -> bytes, None: remove) under the records folder *root* as
    one version with *summary*, after keeping, as a version of its own, what was changed
    outside docgen. *writer* writes them (default: each replaced atomically). Refused
    where it would change what a memo's approval chain holds (*db*: the office's
    database; default: the one kept with the records; *by_chain*: the chain writing
    its own notes)."""
    from docgen.chain.lock import refusal
    from docgen.history.store import History

    held = refusal(root, files, db, notes=not by_chain)
    if held is not None:
        raise DocgenError(held)
    history = History(root)

    def writing() -> None:  # the writer's own errors are its to say, not the history's
        try:
            (writer or (lambda: history.put(dict(files))))()
        except OSError as exc:
            raise _WriterFailed(exc) from exc

    try:
        return history.write(dict(files), summary=summary, action=action, describe=describe, writer=writing)
    except _WriterFailed as failed:
        raise failed.error from None
    except OSError as exc:
        raise _failed(exc, root) from exc
    finally:
        history.close()


def notice(root: Path, folders: list[Path], describe: Describe = describe_file) -> Version | None:
    """Keep what was changed outside docgen in the offices' folders of *folders*
    (nothing where the history cannot be written: reading the records goes on). Where
    the history last found them unchanged and they still are, the repository is not
    opened (:mod:`docgen.history.clean`)."""
    from docgen.history import clean

    try:
        scopes = {clean.scope_of(clean.relative(root, f)) for f in folders}
    except DocgenError:
        return None
    if clean.still_clean(root, scopes):
        return None
    from docgen.history.store import History

    history = History(root)
    try:
        with history.locked():
            before = clean.snapshot(root, scopes)
            history.recover()
            found = history.outside(scopes, describe)
            head = history.head()
            clean.stamp(root, before, head.decode("ascii") if head is not None else None)
            return found
    except (OSError, DocgenError):
        return None
    finally:
        history.close()


def notice_packet(packet: Path) -> Version | None:
    """:func:`notice` for one packet, in the records folder it lies in: what every
    command that loads a packet does first."""
    from docgen.safefile import records_root

    return notice(records_root(packet), [packet])
