"""Rules that look across records: references by key, sums, bands, date order.

:func:`check` returns (errors, warnings); each is a :class:`~docgen.errors.Problem`
pointing at the file, line and field a clerk must fix.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import thai
from docgen.docx.xmltext import clean_text
from docgen.errors import Problem, References, line_of
from docgen.records.emblem import is_placeholder
from docgen.records.images import image_fault, qr_fault
from docgen.records.ita import band_faults, grade_of, rating_faults, tool_score_faults
from docgen.records.memo_line import memo_line
from docgen.records.models import ALL_UNIT_HEADS, superiors
from docgen.safefile import is_inside

if TYPE_CHECKING:
    from docgen.records.source import Records, Source



def _in_year(day: _dt.date, fy: int) -> bool:
    first, last = thai.fiscal_year_bounds(fy)
    return first <= day <= last


def _not_before(src: Source, loc: tuple[Any, ...], day: _dt.date, floor: _dt.date, what: str,
                floor_what: str, fy: int) -> Iterator[Problem]:
    """*day* not before *floor*, where both lie in fiscal year *fy* (a date outside it is
    reported at its own field: compared, it would only echo that as a wrong order)."""
    if day < floor and _in_year(day, fy) and _in_year(floor, fy):
        yield src.problem(loc, f"{what} ({thai.thai_date(day)}) อยู่ก่อน{floor_what} ({thai.thai_date(floor)}) ให้ตรวจวันที่")


def _organisation(recs: Records, refs: References) -> Iterator[Problem]:
    org, src = recs.organisation, recs.sources["organisation"]
    for k, unit in org.units.items():
        if unit.parent is not None:
            yield from refs.unit(src, ("units", k, "parent"), unit.parent)
    for k, role in org.roles.items():
        if role.holder is not None:
            yield from refs.missing(src, ("roles", k, "holder"), role.holder, org.people, "people", "ข้อมูลองค์กร")
        if role.reports_to is not None:
            yield from refs.role(src, ("roles", k, "reports_to"), role.reports_to, org.roles)
    if ALL_UNIT_HEADS in org.roles:
        yield src.problem(("roles", ALL_UNIT_HEADS), f"'{ALL_UNIT_HEADS}' ใช้เป็นชื่ออ้างอิงของตำแหน่งไม่ได้"
                                                     " เพราะใน circular.to หมายถึงหัวหน้าทุกส่วนราชการ ให้เปลี่ยนเป็นชื่ออื่น")
    # the line of command and a unit's line of parents must each end somewhere
    yield from _loops(src, "roles", "reports_to", {k: r.reports_to for k, r in org.roles.items()}, "สายการบังคับบัญชา")
    yield from _loops(src, "units", "parent", {k: u.parent for k, u in org.units.items()}, "หน่วยงานแม่")
    emblem = org.emblem
    if not is_placeholder(emblem):
        path = src.path.parent / emblem
        if not emblem.strip():
            yield src.problem(("emblem",), "ต้องระบุไฟล์ภาพตราครุฑ หรือ placeholder")
        elif not _confined(recs, path):
            yield src.problem(("emblem",), f"ไฟล์ภาพ '{emblem}' อยู่นอกโฟลเดอร์ข้อมูล {recs.root} ให้ย้ายมาไว้ข้างไฟล์นี้"
                                           " (หรือตั้ง allow_outside_records: true ถ้าตั้งใจ)")
        elif fault := image_fault(path):
            yield src.problem(("emblem",), f"ไฟล์ภาพตราครุฑ '{emblem}': {fault}")
    if org.templates is not None:
        folder = src.path.parent / org.templates
        if not _confined(recs, folder):
            yield src.problem(("templates",), f"โฟลเดอร์แม่แบบ '{org.templates}' อยู่นอกโฟลเดอร์ข้อมูล {recs.root}"
                                              " (หรือตั้ง allow_outside_records: true ถ้าตั้งใจ)")
        elif not folder.is_dir():
            yield src.problem(("templates",), f"ไม่พบโฟลเดอร์แม่แบบ '{org.templates}' (เทียบกับโฟลเดอร์ของไฟล์นี้)")


def _loops(src: Source, table: str, link: str, up: dict[str, str | None], what: str) -> Iterator[Problem]:
    """A problem for each loop of links in *up*, at its first key in the file (each
    key is walked once: the check is linear in the keys, however long their chains)."""
    order = {k: n for n, k in enumerate(up)}
    done: set[str] = set()
    for k in up:
        path: dict[str, None] = {}  # this walk, in order
        cur: str | None = k
        while cur in up and cur not in done and cur not in path:
            path[cur] = None
            cur = up[cur]
        if cur in path:
            loop = list(path)[list(path).index(cur):]
            start = loop.index(min(loop, key=order.__getitem__))
            loop = loop[start:] + loop[:start]
            yield src.problem((table, loop[0], link), f"{what}วนกลับ: {line_of(loop + loop[:1])}"
                                                      f" ให้แก้ {link} ของรายการใดรายการหนึ่งในวงนี้")
        done.update(path)


def _confined(recs: Records, path: Path) -> bool:
    """Whether a file the profile or progress records name may be read: inside the
    records folder, or anywhere where the profile allows it (``allow_outside_records``)."""
    return (recs.organisation.allow_outside_records and not recs.strict) or is_inside(path, recs.root)


def _frameworks(recs: Records, refs: References) -> Iterator[Problem]:
    yield from _framework(recs.framework, recs.sources["framework"], refs)
    if recs.framework.item is None:
        yield recs.sources["framework"].problem(("item",), "กรอบการประเมินของปีที่ทำเอกสารต้องมี item (รหัสข้อ ชื่อ และข้อกำหนด)")
    for loc, message in tool_score_faults(recs.packet.previous_result.tools, recs.judged_by):  # what its rating reads
        yield recs.sources["packet"].problem(loc, message)
    if recs.previous_framework is not None:
        pfw, psrc = recs.previous_framework, recs.sources["previous_framework"]
        yield from _framework(pfw, psrc, refs)
        if pfw.fiscal_year != recs.packet.fiscal_year - 1:
            yield recs.sources["packet"].problem(
                ("previous_result", "framework"),
                f"กรอบการประเมินของผลปีที่แล้วต้องเป็นของปี {recs.packet.fiscal_year - 1} แต่ไฟล์นี้เป็นของปี {pfw.fiscal_year}")


def _framework(fw: Any, src: Source, refs: References) -> Iterator[Problem]:
    total = sum((t.weight for t in fw.tools.values()), Decimal(0))
    if total != 100:
        parts = " + ".join(f"{k} {thai.number(t.weight)}" for k, t in fw.tools.items())
        yield src.problem(("tools",), f"ค่าน้ำหนักของเครื่องมือรวมกันได้ {thai.number(total)} ({parts}) ต้องรวมได้ 100")
    for k, ind in fw.indicators.items():
        yield from refs.missing(src, ("indicators", k, "tool"), ind.tool, fw.tools, "tools", "กรอบการประเมิน")
    if fw.item is not None:
        yield from refs.missing(src, ("item", "indicator"), fw.item.indicator, fw.indicators, "indicators",
                                "กรอบการประเมิน")
    for i, message in band_faults(fw.bands):
        yield src.problem(("bands", i), message)
    for loc, message in rating_faults(fw):
        yield src.problem(loc, message)


def _packet(recs: Records, refs: References) -> Iterator[Problem]:
    org, fw, pk, src = recs.organisation, recs.framework, recs.packet, recs.sources["packet"]
    if pk.fiscal_year != fw.fiscal_year:
        yield src.problem(("fiscal_year",), f"ปีงบประมาณ {pk.fiscal_year} ไม่ตรงกับกรอบการประเมินที่ใช้"
                                            f" (ปี {fw.fiscal_year}) ให้แก้ framework ให้ชี้ไปยังไฟล์ของปี {pk.fiscal_year}")

    prev, pfw = pk.previous_result, recs.judged_by  # last year's result, by last year's rules
    where = f"กรอบการประเมินปี {pfw.fiscal_year}"
    typed, given = prev.indicators, pfw.indicators
    for k in typed:
        yield from refs.missing(src, ("previous_result", "indicators", k), k, given, "indicators", where)
    for k in [k for k in given if k not in typed]:
        yield src.problem(("previous_result", "indicators"), f"ขาดคะแนนตัวชี้วัด '{k}' ({pfw.indicators[k].name})")
    derived = grade_of(prev.score, pfw.bands)
    if prev.grade is not None and prev.grade != derived:
        yield src.problem(("previous_result", "grade"),
                          f"ระดับ '{prev.grade}' ไม่ตรงกับคะแนน {thai.score(prev.score)} ซึ่งตามเกณฑ์ได้ระดับ {derived}"
                          " (ลบบรรทัดนี้ออกได้ docgen คำนวณระดับให้เอง)")
    for k in pk.advice.tools:
        yield from refs.missing(src, ("advice", "tools", k), k, pfw.tools, "tools", where)

    yield from _measures(src, pk.measures, refs)
    yield from refs.unit(src, ("report", "preparer"), pk.report.preparer)
    memo, circ = pk.memo, pk.circular
    for doc, d in (("memo", memo), ("circular", circ)):
        yield from refs.unit(src, (doc, "sender"), d.sender)
        yield from refs.role(src, (doc, "signer"), d.signer)
    for role, note in memo.annotations.items():
        yield from refs.role(src, ("memo", "annotations", role), role)
        if note.date is not None and role in org.roles and org.roles[role].holder is None:
            yield src.problem(("memo", "annotations", role, "date"),
                              f"ตำแหน่ง {org.roles[role].position} ยังไม่มีผู้ดำรงตำแหน่ง (holder ในข้อมูลองค์กร)"
                              " แต่บันทึกนี้มีวันที่ เอกสารจะพิมพ์ความเห็นที่ไม่มีผู้ลงชื่อ"
                              " ให้ใส่ holder ของตำแหน่งนี้ในข้อมูลองค์กร หรือลบวันที่ออก")
        if note.date is not None:
            yield from _not_before(src, ("memo", "annotations", role, "date"), note.date, memo.date,
                                   "วันที่บันทึกของผู้บังคับบัญชา", "วันที่ของบันทึกข้อความ", pk.fiscal_year)
    recipients = {ALL_UNIT_HEADS: None, **org.roles}
    for j, to in enumerate(circ.to):
        yield from refs.role(src, ("circular", "to", j), to, recipients)
    yield from refs.unit(src, ("circular", "publisher"), circ.publisher)
    yield from _not_before(src, ("circular", "date"), circ.date, memo.date, "วันที่หนังสือเวียน", "วันที่ของบันทึกเสนอ",
                           pk.fiscal_year)
    approvals = [n.date for n in memo.annotations.values() if n.date is not None]
    if approvals and max(approvals) > memo.date:
        yield from _not_before(src, ("circular", "date"), circ.date, max(approvals), "วันที่หนังสือเวียน",
                               "วันที่ผู้บริหารอนุมัติบันทึกเสนอ", pk.fiscal_year)
    yield from _not_before(src, ("circular", "report_by"), circ.report_by, circ.date, "กำหนดส่งรายงาน", "วันที่หนังสือเวียน",
                           pk.fiscal_year)
    yield from _stale(recs)
    if fault := qr_fault(circ.url):
        yield src.problem(("circular", "url"), fault)
    yield from memo_line(src, org, memo)


def _measures(src: Source, measures: Any, refs: References) -> Iterator[Problem]:
    """Each measure's units exist, its period runs forward, and no two share a title
    (the table would print the same measure twice)."""
    titles: dict[str, int] = {}
    for i, m in enumerate(measures):
        yield from refs.unit(src, ("measures", i, "lead"), m.lead)
        for j, s in enumerate(m.support):
            yield from refs.unit(src, ("measures", i, "support", j), s)
        if m.end < m.start:
            yield src.problem(("measures", i, "end"), f"มาตรการที่ {i + 1} สิ้นสุด ({thai.thai_month_year(m.end)})"
                                                      f" ก่อนเริ่ม ({thai.thai_month_year(m.start)})")
        first = titles.setdefault(" ".join(m.title.split()), i)
        if first != i:
            yield src.problem(("measures", i, "title"), f"ชื่อมาตรการซ้ำกับมาตรการที่ {first + 1} ตารางมาตรการจะพิมพ์"
                                                        "มาตรการเดียวกันสองครั้ง ให้ลบมาตรการที่ซ้ำ หรือแก้ชื่อให้ต่างกัน")


def _stale(recs: Records) -> Iterator[Problem]:
    """Every measure period and document date lies in the packet's fiscal year: a date
    within a year of it is likely left from another year, one further off a year typed
    wrong (1566, 2399, 9999). The announcement lies in the year before or this one,
    and before the memo that analyses it."""
    pk, src = recs.packet, recs.sources["packet"]
    first, last = thai.fiscal_year_bounds(pk.fiscal_year)
    low, high = first.replace(year=first.year - 1), last.replace(year=last.year + 1)
    span = f"ปีงบประมาณ {pk.fiscal_year} ({thai.thai_date(first)} - {thai.thai_date(last)})"
    dates: list[tuple[tuple[Any, ...], _dt.date, str]] = []
    for i, m in enumerate(pk.measures):
        dates += [(("measures", i, "start"), m.start, f"มาตรการที่ {i + 1} เริ่ม {thai.thai_month_year(m.start)}"),
                  (("measures", i, "end"), m.end, f"มาตรการที่ {i + 1} สิ้นสุด {thai.thai_month_year(m.end)}")]
    dates += [(("report", "date"), pk.report.date, f"เดือนของรายงาน {thai.thai_month_year(pk.report.date)}"),
              (("memo", "date"), pk.memo.date, f"วันที่บันทึกเสนอ {thai.thai_date(pk.memo.date)}"),
              (("circular", "date"), pk.circular.date, f"วันที่หนังสือเวียน {thai.thai_date(pk.circular.date)}"),
              (("circular", "report_by"), pk.circular.report_by,
               f"กำหนดส่งรายงาน {thai.thai_date(pk.circular.report_by)}")]
    dates += [(("memo", "annotations", k, "date"), n.date, f"วันที่บันทึกของผู้บังคับบัญชา {thai.thai_date(n.date)}")
              for k, n in pk.memo.annotations.items() if n.date]
    for loc, day, what in dates:
        if not first.replace(day=1) <= day <= last:
            hint = "(อาจเป็นข้อมูลของปีก่อน)" if low <= day <= high else "ห่างเกินหนึ่งปี ให้ตรวจปี พ.ศ. ที่พิมพ์"
            yield src.problem(loc, f"{what} อยู่นอก{span} {hint}")
    ann = pk.previous_result.announced
    if thai.fiscal_year(ann) not in (pk.fiscal_year - 1, pk.fiscal_year):
        yield src.problem(("previous_result", "announced"), f"วันประกาศผล {thai.thai_date(ann)} ไม่อยู่ในปีงบประมาณ"
                                                            f" {pk.fiscal_year - 1} หรือ {pk.fiscal_year} (ผลของปีที่แล้ว)")
    elif ann > pk.memo.date and _in_year(pk.memo.date, pk.fiscal_year):  # else the memo's date is wrong
        yield src.problem(("previous_result", "announced"), f"วันประกาศผล {thai.thai_date(ann)} อยู่หลังวันที่บันทึกเสนอ"
                                                            f" ({thai.thai_date(pk.memo.date)}) ที่วิเคราะห์ผลนั้น")


def _pasted_controls(src: Source, node: Any, loc: tuple[Any, ...] = ()) -> Iterator[Problem]:
    """Characters XML forbids (\\v from an Excel cell, \\f, \\a): docgen drops them
    when it writes; the clerk hears where they were."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _pasted_controls(src, value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _pasted_controls(src, value, (*loc, i))
    elif isinstance(node, str) and clean_text(node) != node.replace("\r\n", "\n").replace("\r", "\n"):
        yield src.problem(loc, "มีอักขระควบคุมที่มองไม่เห็น (มักติดมาจากการคัดลอกจาก Excel หรือ Word)"
                               " docgen จะตัดออกเมื่อสร้างเอกสาร ควรลบออกจากไฟล์นี้")


def _warnings(recs: Records) -> Iterator[Problem]:
    for src in recs.sources.values():
        yield from _pasted_controls(src, src.tree)
    if recs.progress is not None:  # an activity outside its measure's period: worth a second look
        measures = recs.packet.measures
        for i, mp in enumerate(recs.progress.measures):
            if 1 <= mp.measure <= len(measures):
                m = measures[mp.measure - 1]
                for j, act in enumerate(mp.activities):
                    if not m.start <= act.date.replace(day=1) <= m.end:
                        yield recs.sources["progress"].problem(
                            ("measures", i, "activities", j, "date"),
                            f"วันที่ {thai.thai_date(act.date)} อยู่นอกระยะเวลาของมาตรการที่ {mp.measure}"
                            f" ({thai.thai_period(m.start, m.end)}) ให้ตรวจว่าถูกต้อง")
    org = recs.organisation
    if is_placeholder(org.emblem):
        yield recs.sources["organisation"].problem(("emblem",), "ยังใช้ภาพตราครุฑตัวอย่าง (placeholder)"
                                                                " ให้ใส่ไฟล์ภาพตราครุฑจริงก่อนพิมพ์ใช้งาน")


STATUS = {"done": "ดำเนินการแล้วเสร็จ", "in-progress": "อยู่ระหว่างดำเนินการ", "not-started": "ยังไม่ได้ดำเนินการ"}


def _progress(recs: Records, refs: References) -> Iterator[Problem]:
    """progress.yaml against the packet: each report names a measure of the measures
    table by its number and title (a measure added or removed in between is reported,
    never silently renumbered), every measure is reported on once, what is not done
    says why, and the dates lie in the fiscal year."""
    pr = recs.progress
    if pr is None:
        return
    org, pk, fw, src = recs.organisation, recs.packet, recs.framework, recs.sources["progress"]
    if fw.progress_item is None:
        yield recs.sources["framework"].problem(("progress_item",), "มีรายงานผลการดำเนินการ (progress.yaml)"
                                                                   " แต่กรอบการประเมินไม่มี progress_item"
                                                                   " (รหัสข้อ ชื่อ และข้อกำหนดของรายงานนี้)")
    first, last = thai.fiscal_year_bounds(pk.fiscal_year)
    titles = [m.title for m in pk.measures]
    numbers = {" ".join(t.split()): k for k, t in reversed(list(enumerate(titles, start=1)))}  # a title's first
    seen: dict[int, int] = {}
    for i, mp in enumerate(pr.measures):
        n = mp.measure
        if not 1 <= n <= len(titles):
            yield src.problem(("measures", i, "measure"), f"ไม่มีมาตรการที่ {n} ในตารางมาตรการของปีนี้ (มีที่ 1-{len(titles)})"
                                                          " มาตรการอาจถูกลบหรือเลขผิด")
            continue
        if " ".join(mp.title.split()) != " ".join(titles[n - 1].split()):
            other = numbers.get(" ".join(mp.title.split()))
            moved = f" ชื่อนี้เป็นมาตรการที่ {other} (ลำดับเปลี่ยนไป)" if other else ""
            yield src.problem(("measures", i, "title"), f"ชื่อไม่ตรงกับมาตรการที่ {n} ในตารางมาตรการ"
                                                        f" (“{titles[n - 1]}”){moved} ให้แก้เลขหรือชื่อให้ตรงกัน")
        if n in seen:
            yield src.problem(("measures", i, "measure"), f"รายงานมาตรการที่ {n} ซ้ำกับรายการที่ {seen[n] + 1}")
        seen.setdefault(n, i)
        if mp.status != "done" and not mp.reason:
            yield src.problem(("measures", i, "reason"), f"มาตรการที่ {n} {STATUS[mp.status]} ต้องบอกเหตุผล (reason)")
        for j, act in enumerate(mp.activities):
            if not first <= act.date <= last:
                yield src.problem(("measures", i, "activities", j, "date"),
                                  f"วันที่ {thai.thai_date(act.date)} อยู่นอกปีงบประมาณ {pk.fiscal_year}")
        yield from _evidence(recs, src, i, mp.evidence)
    for n in range(1, len(titles) + 1):
        if n not in seen:
            yield src.problem(("measures",), f"มาตรการที่ {n} ({titles[n - 1]}) ยังไม่มีรายงานผล ให้เพิ่ม"
                                             " หรือใส่ status: not-started พร้อมเหตุผล")
    if not first <= pr.as_of <= last:
        yield src.problem(("as_of",), f"ข้อมูล ณ วันที่ {thai.thai_date(pr.as_of)} อยู่นอกปีงบประมาณ {pk.fiscal_year}")
    if pr.memo.date < pr.as_of:
        yield src.problem(("memo", "date"), f"วันที่บันทึก ({thai.thai_date(pr.memo.date)}) อยู่ก่อนวันที่ของข้อมูล"
                                            f" ({thai.thai_date(pr.as_of)})")
    for loc, key in ((("memo", "sender"), pr.memo.sender), (("report", "preparer"), pr.report.preparer)):
        yield from refs.unit(src, loc, key)
    yield from refs.role(src, ("memo", "signer"), pr.memo.signer)
    yield from memo_line(src, org, pr.memo)
    mine, top = (superiors(org.roles, s) if s in org.roles else [] for s in (pr.memo.signer, pk.memo.signer))
    if mine and top and top[-1] not in mine:  # docgen build sends both memos to the top of the packet memo's line
        yield src.problem(("memo", "signer"), f"บันทึกเสนอรายงานผลต้องเสนอถึง '{top[-1]}' เช่นเดียวกับบันทึกเสนอมาตรการ"
                                              f" แต่ '{pr.memo.signer}' ไม่อยู่ในสายที่ขึ้นไปถึงตำแหน่งนั้น"
                                              " ให้ใส่ผู้ลงนามในสายเดียวกัน หรือแก้ reports_to ในข้อมูลองค์กร")


def _evidence(recs: Records, src: Source, i: int, evidence: Any) -> Iterator[Problem]:
    """Each piece of a measure's evidence is a readable photo inside the records, or a URL."""
    for j, ev in enumerate(evidence):
        if (ev.url is None) == (ev.photo is None):
            yield src.problem(("measures", i, "evidence", j), "หลักฐานแต่ละรายการต้องมี url หรือ photo อย่างใดอย่างหนึ่ง")
        elif ev.photo is not None:
            path = src.path.parent / ev.photo
            if not _confined(recs, path):
                yield src.problem(("measures", i, "evidence", j, "photo"), f"ภาพ '{ev.photo}' อยู่นอกโฟลเดอร์ข้อมูล")
            elif fault := image_fault(path):
                yield src.problem(("measures", i, "evidence", j, "photo"), f"ภาพ '{ev.photo}': {fault}")
        elif ev.url is not None and (fault := qr_fault(ev.url)):
            yield src.problem(("measures", i, "evidence", j, "url"), fault)


def raw_references(packet: Source, organisation: Any) -> Iterator[Problem]:
    """The packet's references to units and roles, checked on the YAML as typed, for a
    run whose packet failed validation: every problem of the run is then reported at
    once (a misspelt unit beside a score written 96,77)."""
    if not isinstance(organisation, dict) or not isinstance(packet.tree, dict):
        return
    units, roles = ({str(k): None for k in table} if isinstance(table := organisation.get(name), dict) else {}
                    for name in ("units", "roles"))
    refs: list[tuple[tuple[Any, ...], Any, dict[str, None], str]] = []
    measures = found if isinstance(found := packet.tree.get("measures"), list) else []  # else told by validation
    for i, m in enumerate(measures):
        m = m if isinstance(m, dict) else {}
        support = found if isinstance(found := m.get("support"), list) else []
        refs += [(("measures", i, "lead"), m.get("lead"), units, "units")]
        refs += [(("measures", i, "support", j), u, units, "units") for j, u in enumerate(support)]
    for doc, unit_keys, role_keys in (("report", ("preparer",), ()), ("memo", ("sender",), ("signer",)),
                                      ("circular", ("sender", "publisher"), ("signer",))):
        node = packet.tree.get(doc)
        if isinstance(node, dict):
            refs += [((doc, k), node.get(k), units, "units") for k in unit_keys]
            refs += [((doc, k), node.get(k), roles, "roles") for k in role_keys]
    told = References(None)
    for loc, key, pool, kind in refs:
        if isinstance(key, str) and pool:
            yield from told.missing(packet, loc, key, pool, kind, "ข้อมูลองค์กร")


def check(recs: Records) -> tuple[list[Problem], list[Problem]]:
    """All cross-record errors and warnings of *recs*."""
    refs = References(recs.organisation)
    errors = [*_organisation(recs, refs), *_frameworks(recs, refs), *_packet(recs, refs), *_progress(recs, refs)]
    return errors, list(_warnings(recs))

