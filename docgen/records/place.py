"""Where a packet lies among the offices: the records folder it is in, its office
(the first folder under it) and its own folder, as the register and the approval
chain key what they keep."""

from __future__ import annotations

from pathlib import Path

from docgen.records.source import Records


def records_folder(recs: Records) -> Path:
    """The records folder the packet lies in (``recs.root`` is its office's folder
    where the workspace confines a packet to it)."""
    from docgen.safefile import records_root

    return records_root(recs.sources["packet"].path)


def office_of(recs: Records) -> str:
    """The office a packet belongs to: its folder under the records folder."""
    return packet_of(recs).split("/", 1)[0]


def packet_of(recs: Records) -> str:
    """The packet's folder under the records folder (``lopburi-pao/2566``)."""
    return recs.sources["packet"].path.resolve().parent.relative_to(records_folder(recs).resolve()).as_posix()
