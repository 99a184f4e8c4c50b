"""``docgen new-progress``: a draft ``progress.yaml`` for the year's progress report,
made from the packet's measures table.

Each measure is listed by its number and title as the table has them (the check
against renumbering), with its status to choose and empty lists to fill; the report's
preparer and the memo's sender and signer are the packet's. What only the clerk knows
is left empty, so ``docgen validate`` names each as not filled in. An existing
``progress.yaml`` is never overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.errors import DocgenError
from docgen.history import record
from docgen.output.staged import write_files
from docgen.records.edit import dump_text, get, read_for_editing
from docgen.records.source import PROGRESS_FILE
from docgen.safefile import records_root

HEADER = """\
# รายงานผลการดำเนินการตามมาตรการ ปีงบประมาณ {fy}: ร่างจากตารางมาตรการด้วย docgen new-progress
# round: mid-year = รอบ 6 เดือน, year-end = รอบสิ้นปีงบประมาณ   as_of = ข้อมูล ณ วันที่
# แต่ละมาตรการ: status: done = แล้วเสร็จ, in-progress = อยู่ระหว่างดำเนินการ, not-started = ยังไม่ได้ดำเนินการ
#   ที่ยังไม่แล้วเสร็จต้องมี reason   activities: - {{date: 2566-01-16, text: สิ่งที่ทำ}}
#   results / problems / handling: ข้อละบรรทัด   evidence: - {{caption: ..., url: https://...}} หรือ {{caption: ..., photo: photos/ภาพ.jpg}}
# measure และ title ต้องตรงกับตารางมาตรการใน packet.yaml   docgen validate บอกทุกช่องที่ยังไม่ได้กรอก
"""


def _flow(items: list[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def new_progress(packet: Path) -> Path:
    """Write the draft ``progress.yaml`` beside *packet*; return its path."""
    _, tree = read_for_editing(packet)
    target = packet.parent / PROGRESS_FILE
    if target.exists() or target.is_symlink():
        raise DocgenError(f"มี {target} อยู่แล้ว จึงไม่ได้เขียนทับ (ถ้าต้องการร่างใหม่ ให้ย้ายไฟล์เดิมออกไปก่อน)")
    measures = tree.get("measures")
    if not isinstance(measures, list) or not measures:
        raise DocgenError(f"{packet}: ยังไม่มีตารางมาตรการ (measures) จึงร่างรายงานผลไม่ได้")

    draft = CommentedMap()
    draft["round"] = "mid-year"
    draft["as_of"] = None
    draft["report"] = CommentedMap([("date", None), ("preparer", get(tree, "report.preparer"))])
    draft["memo"] = CommentedMap([("date", None), ("number", None), ("sender", get(tree, "memo.sender")),
                                  ("signer", get(tree, "memo.signer"))])
    draft["measures"] = CommentedSeq()
    for n, measure in enumerate(measures, 1):
        title = measure.get("title") if isinstance(measure, dict) else None
        draft["measures"].append(CommentedMap([
            ("measure", n), ("title", title), ("status", "in-progress"), ("reason", None),
            ("activities", _flow([])), ("results", _flow([])), ("problems", _flow([])), ("handling", _flow([])),
            ("evidence", _flow([])),
        ]))
    text = HEADER.format(fy=tree.get("fiscal_year")) + dump_text(draft)
    files: dict[Path, bytes | None] = {target: text.encode("utf-8")}
    record.write(records_root(packet), files, summary="ร่างรายงานผลการดำเนินการ (progress.yaml) จากตารางมาตรการ",
                 action="new-progress", writer=lambda: write_files({target: text.encode("utf-8")}, force=False))
    return target
