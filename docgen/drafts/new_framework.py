"""Next fiscal year's framework, drafted from this year's by ``docgen new-year`` when
the office has none yet (a clerk in the browser cannot copy a file): the same tools,
indicators, weights and bands, its year moved on, and the items the packet answers
(``item``, ``progress_item``) left without their codes, which change between years,
so ``docgen validate`` asks for them until someone checks the draft against the
NACC's manual of that year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from docgen.drafts.comment_years import comments_a_year_on
from docgen.records.edit import dump_text, read_for_editing

TO_CHECK = "ต้องตรวจกับคู่มือการประเมินของปีนี้แล้วกรอก"


def _blank_code(item: Any) -> None:
    if isinstance(item, CommentedMap) and "code" in item:
        was = item["code"]
        item["code"] = None
        item.yaml_add_eol_comment(f"{TO_CHECK} (ปีก่อนเป็น {was})", "code")


def draft_framework(this_year: Path, fy: int) -> bytes:
    """Fiscal year *fy* + 1's framework, drafted from *this_year* (year *fy*'s file),
    as the bytes to write. RecordsError or DocgenError (Thai) where it cannot be read."""
    _, tree = read_for_editing(this_year)
    tree["fiscal_year"] = fy + 1
    for key in ("item", "progress_item"):
        _blank_code(tree.get(key))
    header = (f"# ร่างกรอบการประเมินปีงบประมาณ {fy + 1} คัดจากกรอบปี {fy} ด้วย docgen new-year\n"
              f"# ทบทวนทุกส่วนกับคู่มือการประเมินของปี {fy + 1}: เครื่องมือ ค่าน้ำหนัก ตัวชี้วัด เกณฑ์ผ่าน"
              " ระดับผลการประเมิน และรหัสข้อ\n"
              "# รหัสข้อ (code) ของข้อที่จัดทำ เว้นว่างไว้ให้กรอก เพราะเปลี่ยนทุกปี\n")
    body, _ = comments_a_year_on(dump_text(tree), fy)  # a comment naming this year: marked for review
    return (header + body).encode("utf-8")
