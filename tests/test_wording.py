"""The report's opening sentence follows the facts in every combination of last
year's result (passed or not) and the year before's (higher, lower, the same, or
none at all): the pass mark is said of last year's score, beside it; the memo, the
circular and the report say the aim the two years call for (mend, win back, keep)."""

from __future__ import annotations

import pytest

from docgen.documents.make import render
from docgen.records.loading import load

from conftest import PACKET, Records
from docx_helpers import body_text, open_docx

# last year's score, the year before's (None: an office new to the ITA), and what the
# sentence must say after the grade; the pass mark of FY2565's framework is 85
CASES = {
    "passed, rose": ("96.77", "95.52", "ซึ่งเป็นผลคะแนนเพิ่มขึ้นจากปีงบประมาณ พ.ศ. ๒๕๖๔ ที่ได้รับคะแนน ๙๕.๕๒"),
    "passed, fell": ("90.00", "95.52", "ซึ่งเป็นผลคะแนนลดลงจากปีงบประมาณ พ.ศ. ๒๕๖๔ ที่ได้รับคะแนน ๙๕.๕๒"),
    "passed, kept": ("95.52", "95.52", "ซึ่งเป็นผลคะแนนเท่ากับปีงบประมาณ พ.ศ. ๒๕๖๔ ที่ได้รับคะแนน ๙๕.๕๒"),
    "passed, no year before": ("96.77", None, ""),
    "failed, fell from a pass": ("80.50", "86.30", "ซึ่งยังไม่ผ่านเกณฑ์ ๘๕ คะแนน และเป็นผลคะแนนลดลงจากปีงบประมาณ พ.ศ."
                                                   " ๒๕๖๔ ที่ได้รับคะแนน ๘๖.๓๐"),
    "failed, rose from a fail": ("80.50", "70.00", "ซึ่งยังไม่ผ่านเกณฑ์ ๘๕ คะแนน และเป็นผลคะแนนเพิ่มขึ้นจากปีงบประมาณ"
                                                   " พ.ศ. ๒๕๖๔ ที่ได้รับคะแนน ๗๐.๐๐"),
    "failed, kept": ("80.50", "80.50", "ซึ่งยังไม่ผ่านเกณฑ์ ๘๕ คะแนน และเป็นผลคะแนนเท่ากับปีงบประมาณ พ.ศ. ๒๕๖๔"
                                       " ที่ได้รับคะแนน ๘๐.๕๐"),
    "failed, no year before": ("80.50", None, "ซึ่งยังไม่ผ่านเกณฑ์ ๘๕ คะแนน"),
}


def _opening(records: Records, score: str, before: str | None) -> str:
    records.edit(PACKET, "  score: 96.77", f"  score: {score}")
    if before is None:
        records.edit(PACKET, "  year_before_score: 95.52          # คะแนนปีงบประมาณ 2564\n", "")
    else:
        records.edit(PACKET, "  year_before_score: 95.52", f"  year_before_score: {before}")
    lines = body_text(open_docx(render(load(records.packet), "report").data))
    return next(line for line in lines if "ได้รับผลคะแนนการประเมิน" in line)


@pytest.mark.parametrize("case", CASES)
def test_the_opening_sentence_follows_both_years(records: Records, case: str) -> None:
    score, before, tail = CASES[case]
    sentence = " ".join(_opening(records, score, before).replace("\u00a0", " ").split())
    head, _, rest = sentence.partition("อยู่ในระดับ ")
    grade, _, after = rest.partition(" ")
    assert grade and after == tail, (case, sentence)
    assert ("ยังไม่ผ่าน" in sentence) == (float(score) < 85)
    if before is None:
        assert "๒๕๖๔" not in sentence


#: what the measures aim at, by the case: mend a fail, win back a fall, else keep and raise
AIMS = {"mend": "แก้ไขจุดอ่อนและยกระดับคะแนนการประเมิน ITA", "recover": "ฟื้นคืนและยกระดับคะแนนการประเมิน ITA",
        "keep": "รักษาและยกระดับคะแนนการประเมิน ITA"}


def _aim(score: str, before: str | None) -> str:
    if float(score) < 85:
        return "mend"
    return "recover" if before is not None and float(score) < float(before) else "keep"


@pytest.mark.parametrize("case", CASES)
def test_the_memo_and_the_circular_say_what_the_measures_aim_at(records: Records, case: str) -> None:
    """The memo (its facts and its proposal) and the circular say the same aim, the one
    the two years call for, and no other; the report's measures heading agrees."""
    score, before, _ = CASES[case]
    _opening(records, score, before)
    recs = load(records.packet)
    aim = _aim(score, before)
    texts = {kind: " ".join(" ".join(body_text(open_docx(render(recs, kind).data))).replace("\u00a0", " ").split())
             for kind in ("memo", "circular", "report")}
    assert texts["memo"].count(AIMS[aim]) == 2, (case, texts["memo"])
    assert texts["circular"].count(AIMS[aim]) == 1, case
    for kind in ("memo", "circular"):
        assert not any(AIMS[other] in texts[kind] for other in AIMS if other != aim), (case, kind)
    heading = {"keep": "รักษาระดับคะแนนและยกระดับคะแนนการประเมิน ITA"}.get(aim, AIMS[aim])
    assert f"จึงได้กำหนดมาตรการเพื่อเป็นการ{heading} ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in texts["report"], case
