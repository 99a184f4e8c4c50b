"""``docgen new-year``: next fiscal year's packet, drafted from this year's.

What carries over is carried: the measures (their periods moved one year on, to be
reviewed), the units and roles they name, this year's overall score as next year's
``year_before_score``, this year's framework as the one last year's result is judged
by. The officials' notes are not carried (nobody has signed next year's memo): last
year's wording stays as a comment. What must be new is left empty and marked
``# ต้องกรอก``, so ``docgen validate`` lists each in Thai until the clerk fills it in:
the new result and its indicator scores, the advisors' comments, every document's
date and number, the deadline and the publication URL. The blank scores and the
advisors' tools are those of the framework the result is judged by (this year's, read
from its file), in its order: frameworks change between years. Comments and order are
kept. A comment's years move on only beside a value that itself moved a year on; any
other comment naming a recent year is kept as written and marked for review, since
docgen cannot know which year it speaks of. An existing packet is never overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from docgen import thai
from docgen.drafts.comment_years import KEPT, comments_a_year_on
from docgen.drafts.new_framework import draft_framework
from docgen.errors import DocgenError, RecordsError
from docgen.history import record
from docgen.output.staged import write_files
from docgen.records.edit import dump_text, read_for_editing
from docgen.records.loading import validate
from docgen.records.models import Framework
from docgen.records.yamlread import read_shared_yaml
from docgen.safefile import is_inside, records_root

TO_FILL = "ต้องกรอก (ปีใหม่)"
_BLOCK = (LiteralScalarString, FoldedScalarString)


# --------------------------------------------------------------------------- comments kept in place

def _slot(node: Any, key: Any) -> tuple[list[Any], int, Any]:
    """Where ruamel keeps the comment lines after entry *key* of *node*: the entry's
    comment slot, or, while its value is a block map or list, its last entry's; with
    the value there."""
    while True:
        items = node.ca.items.setdefault(key, [None, None, None, None])
        value = node[key]
        if not (isinstance(value, (CommentedMap, CommentedSeq)) and value and not value.fa.flow_style()):
            return items, 2 if isinstance(node, CommentedMap) else 0, value
        node, key = value, next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1


def _take_after(node: Any, key: Any) -> str:
    """Detach and return the comment lines after entry *key* of *node* (its end-of-line
    comment stays); a block scalar's last line break is its own, a plain value's the
    slot's."""
    items, i, value = _slot(node, key)
    token = items[i]
    if token is None:
        return ""
    if isinstance(value, _BLOCK):
        items[i] = None
        return str(token.value)
    eol, _, after = str(token.value).partition("\n")
    if eol.strip():
        token.value = eol + "\n"
    else:
        items[i] = None
    return after


def _give_after(node: Any, key: Any, after: str) -> None:
    """Put the comment lines *after* after entry *key* of *node*."""
    items, i, value = _slot(node, key)
    if not after:
        return
    if items[i] is None:
        items[i] = CommentToken(("" if isinstance(value, _BLOCK) else "\n") + after, CommentMark(0))
    else:
        items[i].value = str(items[i].value).rstrip("\n") + "\n" + after


def _last(node: Any) -> Any:
    if not isinstance(node, (CommentedMap, CommentedSeq)) or not node or node.fa.flow_style():
        return None
    return next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1


def _take_tail(node: Any) -> str:
    """Detach the comment lines after *node*'s last line (the next section's heading)."""
    last = _last(node)
    return "" if last is None else _take_after(node, last)


def _give_tail(node: Any, tail: str) -> None:
    last = _last(node)
    if last is not None:
        _give_after(node, last, tail)


def _drop(node: Any, key: Any) -> None:
    """Remove entry *key* of *node*; the comment lines after it stay before the next."""
    _keyed_as(node, [k for k in node if k != key], lambda: None)


def _put(node: Any, key: str, value: Any, pos: int) -> None:
    if key in node:
        node[key] = value
    else:
        node.insert(pos, key, value)


def _blank(node: Any, key: str) -> None:
    """Empty *key* of *node* (``docgen validate`` then names it as not filled in); the
    comments around it stay."""
    token = node.ca.items.get(key, [None] * 4)[2] if key in node else None
    if token is not None and isinstance(node[key], _BLOCK):
        token.value = "\n" + str(token.value)  # the line break the block scalar held
    node[key] = None


def _keyed_as(node: Any, keys: list[str], fresh: Callable[[], Any]) -> None:
    """Make map *node* hold exactly *keys*, in that order: an entry kept keeps its value
    and comments, a new one is ``fresh()``. Comment lines stay before the entry they
    were before (a removed entry's, before the next kept), the lines after *node* after
    it; lines that would come before the first entry where none were are dropped."""
    tail, old = _take_tail(node), list(node)
    before = {key: _take_after(node, prev) for prev, key in zip(old, old[1:])}
    carried = ""
    for key in old:
        carried += before.get(key, "")
        if key in keys:
            before[key], carried = carried, ""
        else:
            del node[key]
            node.ca.items.pop(key, None)
    for key in keys:
        if key not in node:
            node[key] = fresh()
        node.move_to_end(key)
    for prev, key in zip(keys, keys[1:]):
        _give_after(node, prev, before.get(key, ""))
    _give_tail(node, carried + tail)


# --------------------------------------------------------------------------- the year moved on

def _next_month(value: Any) -> str:
    day = thai.parse_month(value)
    return f"{thai.be_year(day.year) + 1}-{day.month:02d}"


def _next_framework(ref: str, fy: int) -> str:
    head, name = os.path.split(ref)
    if str(fy) not in name:
        raise DocgenError(f"ชื่อไฟล์กรอบการประเมิน '{ref}' ไม่มีปี {fy} จึงเดาไฟล์ของปีถัดไปไม่ได้"
                          f" ให้ตั้งชื่อแบบ ita-{fy}.yaml")
    return os.path.join(head, name.replace(str(fy), str(fy + 1)))


def _framework_of(packet: Path, ref: str, fy: int) -> Framework:
    """Year *fy*'s framework, the file *packet* names *ref*: the one the draft's
    ``previous_result`` is judged by. DocgenError (Thai) if it cannot be used."""
    path = Path(os.path.normpath(packet.parent / ref))
    root = records_root(packet)
    if not is_inside(path, root):
        raise DocgenError(f"{packet}: กรอบการประเมิน '{ref}' อยู่นอกโฟลเดอร์ข้อมูล {root}"
                          " ให้ย้ายไฟล์มาไว้ในโฟลเดอร์นั้นก่อน")
    try:
        fw = validate(read_shared_yaml(path), Framework)
    except RecordsError as exc:
        raise DocgenError(f"อ่านกรอบการประเมินปี {fy} ({path}) ไม่ได้ จึงไม่รู้ว่าร่างต้องเว้นคะแนนตัวชี้วัดใดไว้"
                          " ให้แก้ตามที่ docgen validate บอกก่อน:\n"
                          + "\n".join(f"  - {p}" for p in exc.problems)) from None
    if fw.fiscal_year != fy:
        raise DocgenError(f"{packet}: framework ชี้ไปยัง {path} ซึ่งเป็นกรอบการประเมินปี {fw.fiscal_year}"
                          f" ไม่ใช่ปี {fy} ให้แก้ framework ให้ชี้ไปยังไฟล์ของปี {fy} ก่อน")
    return fw


def _changed(what: str, was: list[str], now: list[str], fy: int) -> list[str]:
    if was == now:
        return []
    added, gone = [k for k in now if k not in was], [k for k in was if k not in now]
    parts = ([f"เพิ่ม {', '.join(added)}"] if added else []) + ([f"ไม่มี {', '.join(gone)}"] if gone else [])
    return [f"{what}ของกรอบการประเมินปี {fy} ต่างจากที่ข้อมูลปี {fy} กรอกไว้สำหรับผลปี {fy - 1}"
            f" ({'; '.join(parts) or 'ลำดับต่างกัน'}): ร่างเว้นช่องไว้ตาม{what}ของปี {fy} ตามลำดับในกรอบนั้น"]


def _blank_scores(prev: Any, field: str, keys: list[str]) -> None:
    """``prev[field]``: a blank score for each of *keys*, in their order."""
    if not isinstance(prev.get(field), CommentedMap):
        prev[field] = CommentedMap()
    prev[field].fa.set_block_style()  # a key a line, to be filled in: not ``{IIT: null, ...}``
    _keyed_as(prev[field], keys, lambda: None)
    for key in prev[field]:
        _blank(prev[field], key)


def _result_a_year_on(prev: Any, this_framework: str, fw: Framework, fy: int) -> list[str]:
    """This year's result in place of last year's, in *prev*: judged by *fw* (this year's
    framework, the file *this_framework*), this year's score the year before's, the
    blank indicator scores *fw*'s, in its order."""
    tail = _take_tail(prev)
    score = prev["score"]
    _put(prev, "framework", this_framework, 0)  # this year's rules judge this year's result, read next year
    for key in ("score", "announced"):
        _blank(prev, key)
    if "grade" in prev:
        _drop(prev, "grade")
    _put(prev, "year_before_score", score, list(prev).index("announced") + 1)
    was = list(prev["indicators"]) if isinstance(prev.get("indicators"), CommentedMap) else []
    _blank_scores(prev, "indicators", list(fw.indicators))
    if fw.rating:  # the tools' scores, which the rating's per-tool minimums read
        _blank_scores(prev, "tools", list(fw.tools))
    elif "tools" in prev:
        _drop(prev, "tools")
    _give_tail(prev, tail)
    return _changed("ตัวชี้วัด", was, list(fw.indicators), fy)


def _advice_emptied(advice: Any, fw: Framework, fy: int) -> list[str]:
    """The advisors' comments emptied, in *advice*: a blank remark and no items for
    each of *fw*'s tools, in its order."""
    tail = _take_tail(advice)
    _blank(advice, "overall")
    if not isinstance(advice.get("tools"), CommentedMap):
        advice["tools"] = CommentedMap()
    tools = advice["tools"]
    was = list(tools)
    _keyed_as(tools, list(fw.tools), CommentedMap)
    for key in tools:
        if not isinstance(tools[key], CommentedMap):
            tools[key] = CommentedMap()
        _blank(tools[key], "remark")
        tools[key]["items"] = []
    _give_tail(advice, tail)
    return _changed("เครื่องมือ", was, list(fw.tools), fy)


def _notes_not_carried(memo: Any, fy: int) -> list[str]:
    """The officials' notes left behind, in *memo*: nobody has written on next year's
    memo, so a note carried over (``ลงนามแล้ว``) would print as given; last year's
    wording stays beside ``annotations`` as a comment, to copy once it is given."""
    was = memo.get("annotations") or {}
    usual = "; ".join(f"{k}: {n['note']}" for k, n in was.items() if isinstance(n, dict) and n.get("note"))
    tail = _take_tail(memo)
    memo["annotations"] = CommentedMap()
    memo["annotations"].fa.set_flow_style()
    if usual:
        memo.yaml_add_eol_comment(f"ปีก่อน: {usual}", "annotations")
    _give_tail(memo, tail)
    return [f"ไม่ได้ยกบันทึกของผู้บังคับบัญชาปี {fy} มา (บันทึกเสนอปี {fy + 1} ยังไม่มีผู้ใดลงนาม)"
            " ให้ใส่เมื่อผู้บังคับบัญชาบันทึกแล้ว ข้อความปีก่อนอยู่ในหมายเหตุข้าง annotations"] if usual else []


def _move_on(tree: Any, fy: int, packet: Path) -> list[str]:
    """Next year's draft, in *tree* itself: what carries over moved on a year, what
    must be new emptied; return notes for the clerk. A key missing or a value of the
    wrong shape raises KeyError, TypeError, AttributeError or ValueError."""
    notes = []
    this_framework = str(tree["framework"])
    fw = _framework_of(packet, this_framework, fy)
    tree["fiscal_year"] = fy + 1
    tree["framework"] = _next_framework(this_framework, fy)
    notes += _result_a_year_on(tree["previous_result"], this_framework, fw, fy)
    notes += _advice_emptied(tree["advice"], fw, fy)
    for measure in tree["measures"]:
        for key in ("start", "end"):
            measure[key] = _next_month(measure[key])
    _blank(tree["report"], "date")
    memo = tree["memo"]
    _blank(memo, "date")
    memo["number"] = None  # given when the memo is registered
    notes += _notes_not_carried(memo, fy)
    circular = tree["circular"]
    for key in ("date", "number", "report_by", "url"):
        _blank(circular, key)
    return notes


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
        this_framework = packet.parent / str(tree["framework"])
        notes = _move_on(tree, fy, packet)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        detail = f"ไม่มี {exc}" if isinstance(exc, KeyError) else str(exc) if isinstance(exc, ValueError) else \
            "บางส่วนไม่ได้เขียนเป็นชุดข้อมูลแบบ ชื่อ: ค่า"
        raise DocgenError(f"{packet}: ข้อมูลปี {fy} ยังไม่ครบหรือผิดรูปแบบ ({detail}) จึงทำร่างปีถัดไปไม่ได้"
                          " ให้แก้ตามที่ docgen validate บอกก่อน") from None
    body, marked = comments_a_year_on(dump_text(tree), fy)
    mark = f"({KEPT.format(fy=fy)})"
    header = (f"# ร่างข้อมูลปีงบประมาณ {fy + 1} ทำจากข้อมูลปี {fy} ด้วย docgen new-year\n"
              f"# {TO_FILL}: ผลการประเมินปี {fy} และคะแนนตัวชี้วัด วันประกาศผล ข้อเสนอแนะของคณะที่ปรึกษา\n"
              "#   เดือนของรายงาน วันที่บันทึกเสนอ วันที่ เลขที่ กำหนดรายงาน และที่อยู่เว็บของหนังสือเวียน\n"
              f"# ทบทวน: มาตรการ (ยกมาจากปี {fy} เลื่อนระยะเวลาไปหนึ่งปีแล้ว)\n"
              + (f"#   และความเห็นที่ขึ้นต้นด้วย {mark}: ปีที่เขียนไว้อาจไม่ใช่ของปี {fy + 1}"
                 " ให้แก้ให้ถูกแล้วลบเครื่องหมายนั้นออก\n" if marked else "")
              + "# docgen validate บอกทุกช่องที่ยังไม่ได้กรอก\n")
    if marked:
        notes.append(f"ความเห็น {marked} บรรทัดมีปีที่ docgen ไม่รู้ว่าควรเลื่อนหรือไม่ จึงคัดมาตามเดิม"
                     f" และขึ้นต้นด้วย {mark} ให้ทบทวนแล้วลบเครื่องหมายนั้นออก")
    files = {target: (header + body).encode("utf-8")}
    next_framework = Path(os.path.normpath(target.parent / str(tree["framework"])))
    if not next_framework.exists():  # drafted from this year's: its item codes asked for, all to be checked
        files[next_framework] = draft_framework(this_framework, fy)
        notes.append(f"ร่างกรอบการประเมินปี {fy + 1} ให้แล้ว ({next_framework}) คัดจากกรอบปี {fy}:"
                     f" ให้ตรวจเครื่องมือ ค่าน้ำหนัก ตัวชี้วัด และเกณฑ์ กับคู่มือการประเมินของปี {fy + 1}"
                     " แล้วกรอกรหัสข้อ (code) ที่เว้นไว้")
    record.write(records_root(packet), files, summary=f"ร่างข้อมูลปีงบประมาณ {fy + 1} จากข้อมูลปี {fy} (new-year)",
                 action="new-year", writer=lambda: write_files(files, force=False))
    return target, notes
