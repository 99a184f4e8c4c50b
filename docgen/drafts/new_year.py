"""``docgen new-year``: next fiscal year's packet, drafted from this year's.

What carries over is carried: the measures (their periods moved one year on, to be
reviewed), the units and roles they name, this year's overall score as next year's
``year_before_score``, this year's framework as the one last year's result is judged
by, the notes officials usually write. What must be new is left empty and marked
``# ต้องกรอก``, so ``docgen validate`` lists each in Thai until the clerk fills it in:
the new result and its indicator scores, the advisors' comments, every document's
date and number, the deadline and the publication URL. Comments and order are kept.
An existing packet is never overwritten.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from docgen import thai
from docgen.errors import DocgenError
from docgen.output.staged import write_files
from docgen.records.edit import dump_text, read_for_editing

TO_FILL = "ต้องกรอก (ปีใหม่)"


def _blank(node: Any, key: str) -> None:
    """Empty *key* of *node* (``docgen validate`` then names it as not filled in); the
    comments around it stay."""
    node[key] = None


def _next_month(value: Any) -> str:
    day = thai.parse_month(value)
    return f"{thai.be_year(day.year) + 1}-{day.month:02d}"


def _next_framework(ref: str, fy: int) -> str:
    head, name = os.path.split(ref)
    if str(fy) not in name:
        raise DocgenError(f"ชื่อไฟล์กรอบการประเมิน '{ref}' ไม่มีปี {fy} จึงเดาไฟล์ของปีถัดไปไม่ได้"
                          f" ให้ตั้งชื่อแบบ ita-{fy}.yaml")
    return os.path.join(head, name.replace(str(fy), str(fy + 1)))


_COMMENT = re.compile(r"(^|\s)#.*$")
_YEAR = re.compile(r"(?<![\d-])(\d{4})(?![\d-])")


def _comments_a_year_on(text: str, fy: int) -> str:
    """The clerk's comments with this year's Buddhist-era years moved on one
    (``คะแนนปีงบประมาณ 2564`` becomes 2565); values are not touched."""
    def year_on(m: re.Match[str]) -> str:
        year = int(m.group(1))
        return str(year + 1) if fy - 3 <= year <= fy else m.group(1)

    return "\n".join(_COMMENT.sub(lambda c: _YEAR.sub(year_on, c.group(0)), line) for line in text.split("\n"))


def new_year(packet: Path) -> tuple[Path, list[str]]:
    """Write next fiscal year's draft packet beside *packet*; return its path and notes
    for the clerk (Thai)."""
    _, tree = read_for_editing(packet)
    try:
        fy = int(thai.to_arabic_digits(str(tree["fiscal_year"])))
    except (KeyError, ValueError):
        raise DocgenError(f"{packet}: อ่าน fiscal_year ไม่ได้ จึงทำร่างปีถัดไปไม่ได้") from None
    folder = packet.parent
    target = (folder.parent / str(fy + 1) if folder.name == str(fy) else folder / str(fy + 1)) / packet.name
    if target.exists():
        raise DocgenError(f"มีข้อมูลปีงบประมาณ {fy + 1} อยู่แล้วที่ {target} จึงไม่ได้เขียนทับ"
                          " (ถ้าต้องการร่างใหม่ ให้ย้ายไฟล์เดิมออกไปก่อน)")
    try:
        notes = _move_on(tree, fy, folder, target)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        detail = f"ไม่มี {exc}" if isinstance(exc, KeyError) else str(exc) if isinstance(exc, ValueError) else \
            "บางส่วนไม่ได้เขียนเป็นชุดข้อมูลแบบ ชื่อ: ค่า"
        raise DocgenError(f"{packet}: ข้อมูลปี {fy} ยังไม่ครบหรือผิดรูปแบบ ({detail}) จึงทำร่างปีถัดไปไม่ได้"
                          " ให้แก้ตามที่ docgen validate บอกก่อน") from None
    header = (f"# ร่างข้อมูลปีงบประมาณ {fy + 1} ทำจากข้อมูลปี {fy} ด้วย docgen new-year\n"
              f"# {TO_FILL}: ผลการประเมินปี {fy} และคะแนนตัวชี้วัด วันประกาศผล ข้อเสนอแนะของคณะที่ปรึกษา\n"
              "#   เดือนของรายงาน วันที่บันทึกเสนอ วันที่ เลขที่ กำหนดรายงาน และที่อยู่เว็บของหนังสือเวียน\n"
              f"# ทบทวน: มาตรการ (ยกมาจากปี {fy} เลื่อนระยะเวลาไปหนึ่งปีแล้ว) และบันทึกของผู้บังคับบัญชา\n"
              "# docgen validate บอกทุกช่องที่ยังไม่ได้กรอก\n")
    body = _comments_a_year_on(dump_text(tree), fy)
    write_files({target: (header + body).encode("utf-8")}, force=False)
    return target, notes


def _move_on(tree: Any, fy: int, folder: Path, target: Path) -> list[str]:
    """Next year's draft, in *tree* itself: what carries over moved on a year, what
    must be new emptied; return notes for the clerk. A key missing or a value of the
    wrong shape raises KeyError, TypeError, AttributeError or ValueError."""
    notes = []
    this_framework = str(tree["framework"])
    tree["fiscal_year"] = fy + 1
    tree["framework"] = _next_framework(this_framework, fy)
    if not (folder / tree["framework"]).is_file():
        notes.append(f"ยังไม่มีกรอบการประเมินปี {fy + 1} ({os.path.normpath(target.parent / tree['framework'])}):"
                     f" ให้คัดลอก {os.path.normpath(folder / this_framework)} เป็นไฟล์นั้น แล้วแก้ fiscal_year เป็น {fy + 1}"
                     f" และแก้รหัสข้อ ค่าน้ำหนัก ตัวชี้วัด และเกณฑ์ระดับ ให้ตรงกับคู่มือการประเมินของปี {fy + 1}")
    prev = tree["previous_result"]
    score = prev["score"]
    prev["framework"] = this_framework  # this year's rules judge this year's result, read next year
    for key in ("score", "announced"):
        _blank(prev, key)
    if "grade" in prev:
        del prev["grade"]
    for key in list(prev["indicators"]):
        prev["indicators"][key] = None
    prev["year_before_score"] = score
    advice = tree["advice"]
    _blank(advice, "overall")
    for tool in advice.get("tools") or {}:
        _blank(advice["tools"][tool], "remark")
        advice["tools"][tool]["items"] = []
    for measure in tree["measures"]:
        for key in ("start", "end"):
            measure[key] = _next_month(measure[key])
    _blank(tree["report"], "date")
    memo = tree["memo"]
    _blank(memo, "date")
    memo["number"] = None  # given when the memo is registered
    for note in (memo.get("annotations") or {}).values():
        if "date" in note:
            del note["date"]
    circular = tree["circular"]
    for key in ("date", "number", "report_by", "url"):
        _blank(circular, key)
    return notes
