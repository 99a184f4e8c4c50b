"""The progress report follows its measures: when the measures form adds, removes,
moves or renames a measure, the progress records (which name each measure by its
number and title) are renumbered and retitled in the same save, a removed measure's
record goes with it, and an added one gets a record to fill in."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen import thai


def _number(value: Any) -> int | None:
    text = thai.to_arabic_digits(str(value)).strip()
    return int(text) if text.isascii() and text.isdecimal() else None


def follow(progress: Any, order: list[str], measures: list[Any], old_titles: list[Any]) -> list[str]:
    """Renumber and retitle *progress*'s records (a round-trip tree, changed in place)
    for the measures now in *measures*, whose items came from the old positions in
    *order* (``"new"`` for an added one); *old_titles* are the measures' titles before.
    Return what the clerk is told (Thai), empty where nothing changed."""
    records = progress.get("measures") if isinstance(progress, dict) else None
    if not isinstance(records, list):
        return []
    by_old = {}
    for rec in records:
        n = _number(rec.get("measure")) if isinstance(rec, dict) else None
        if n is not None and n not in by_old:
            by_old[n] = rec
    out, told, kept = CommentedSeq(), [], set()
    for new, (came_from, item) in enumerate(zip(order, measures), 1):
        title = item.get("title") if isinstance(item, dict) else None
        old = int(came_from) + 1 if came_from.isdecimal() else None
        rec = by_old.get(old) if old is not None else None
        if rec is None:
            rec = CommentedMap([("measure", new), ("title", title), ("status", "not-started"), ("reason", None)])
            told.append(f"เพิ่มรายงานผลของมาตรการที่ {new} ให้แล้ว (สถานะ ยังไม่ได้ดำเนินการ) ให้กรอกในหน้ารายงานผล")
        else:
            assert old is not None
            kept.add(old)
            if rec.get("title") == old_titles[old - 1] and title != rec.get("title"):
                rec["title"] = title  # renamed with the measure; a record already out of step is left to the check
            if old != new:
                rec["measure"] = new
        out.append(rec)
    gone = sorted(set(by_old) - kept)
    told += [f"ลบรายงานผลของมาตรการที่ {n} ({old_titles[n - 1] if n <= len(old_titles) else '-'}) ออกด้วย"
             " เพราะมาตรการนั้นถูกลบ" for n in gone]
    unmatched = [rec for rec in records if not any(rec is r for r in by_old.values())]  # odd entries: for the check
    records[:] = list(out) + unmatched
    return told
