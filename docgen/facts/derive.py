"""Everything derived from the records, in the shape templates use.

Records hold each fact once; this module derives the rest (grades, numbering, rises and
falls, fiscal years, full unit names, the chain a memo climbs) so that no template and
no clerk computes them again. The result is plain dicts and lists: templates reach
values with ``{{ org.name }}``-style names and nothing else.
"""

from __future__ import annotations

from typing import Any

from docgen import thai
from docgen.errors import UsageError, line_of, listing
from docgen.facts.frozen import frozen
from docgen.records.ita import grade_of, held_back, level_of, short_of, trend
from docgen.records.models import ALL_UNIT_HEADS, superiors
from docgen.records.source import Records


def unit(recs: Records, key: str) -> dict[str, Any]:
    """A unit's names and phone extension (a sub-unit inherits its parent's)."""
    units = recs.organisation.units
    u = units[key]
    parent = units[u.parent] if u.parent else None
    full = f"{parent.name} {u.name}" if parent else u.name
    return {
        "key": key,
        "name": u.name,
        "full_name": full,
        "parent_name": parent.name if parent else None,
        "short_name": u.short_name or u.name,
        "short_full": f"{parent.short_name or parent.name} {u.name}" if parent else (u.short_name or u.name),
        "phone_ext": u.phone_ext or (parent.phone_ext if parent else None),
    }


def person_name(recs: Records, key: str | None) -> str | None:
    """``นางสาวสมใจ ใจดี``: title joined to the name, as Thai documents write it."""
    if key is None:
        return None
    p = recs.organisation.people[key]
    return f"{p.title}{p.name}"


def role(recs: Records, key: str) -> dict[str, Any]:
    """A role's titles and the name of who holds it (None while vacant or unknown)."""
    r = recs.organisation.roles[key]
    return {"key": key, "position": r.position, "short": r.short, "name": person_name(recs, r.holder)}


def check_role(recs: Records, key: str) -> None:
    """Refuse a role the profile does not define, naming a few of those it does."""
    roles = recs.organisation.roles
    if key not in roles:
        raise UsageError(f"ไม่มีตำแหน่ง '{key}' ในข้อมูลองค์กร ตำแหน่งที่ใช้ได้: {listing(roles, len(roles))}")


def chain(recs: Records, signer: str, to: str) -> list[str]:
    """The roles a memo passes between *signer* and *to*, lowest first (both excluded),
    following each role's ``reports_to``. A memo goes up: to the signer's own role or
    one beside or below it is refused, naming the roles it can go to."""
    check_role(recs, to)
    up = superiors(recs.organisation.roles, signer)
    if to not in up:
        can = listing(up, len(up)) or "(ไม่มี: ผู้ลงนามไม่มีผู้บังคับบัญชาใน reports_to)"
        raise UsageError(f"ส่งบันทึกถึง '{to}' ไม่ได้: บันทึกเสนอขึ้นไปตามสายการบังคับบัญชาของผู้ลงนาม"
                         f" ({line_of([signer, *up])}) ตำแหน่งที่ส่งถึงได้: {can}")
    return up[: up.index(to)]


def addressee(recs: Records, *, progress: bool = False) -> str:
    """The role a memo goes to unless the clerk names another: the top of its signer's
    line (``reports_to``), whatever the office calls its roles (the packet's memo, or
    with *progress* the progress report's). A signer with no one above is refused as
    :func:`chain` refuses it (``docgen validate`` says so at the signer)."""
    memo = recs.progress.memo if progress and recs.progress is not None else recs.packet.memo
    up = superiors(recs.organisation.roles, memo.signer) if memo.signer in recs.organisation.roles else []
    return up[-1] if up else memo.signer


def _tools(recs: Records, fw: Any, indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A framework's tools, each with its indicators (and, for last year's, the
    advisors' remark and advice)."""
    advice = recs.packet.advice.tools if fw is recs.judged_by else {}
    by_tool: dict[str, list[dict[str, Any]]] = {}
    for i in indicators:
        by_tool.setdefault(i["tool"], []).append(i)
    tools = []
    for key, t in fw.tools.items():
        mine = by_tool.get(key, [])
        tools.append({
            "key": key, "name": t.name, "english": t.english, "weight": t.weight,
            "kind": t.kind, "questions": t.questions, "indicators": mine,
            "full_marks": bool(mine) and all(i["score"] == 100 for i in mine),
            "shortfalls": [i for i in mine if not i["passes"]],
            "remark": advice[key].remark if key in advice else None,
            "advice": [a.model_dump() for a in advice[key].items] if key in advice else [],
        })
    return tools


def facts(recs: Records) -> dict[str, Any]:
    """The shared context every document template renders from, derived once per
    packet (kept with its records) and read-only (:mod:`docgen.facts.frozen`): a
    document adds its own values beside the facts, never into them."""
    found = recs.derived.get("facts")
    if found is None:
        found = recs.derived["facts"] = frozen(derive(recs))
    return found  # type: ignore[no-any-return]


def derive(recs: Records) -> dict[str, Any]:
    """Every fact of the packet. Last year's result is read by last year's framework
    (its indicators, pass mark, bands and rating); this year's framework gives the
    year's tools, weights, bands, rating and item."""
    org, fw, pk = recs.organisation, recs.framework, recs.packet
    pfw, prev = recs.judged_by, pk.previous_result
    indicators = []
    for n, (key, ind) in enumerate(pfw.indicators.items(), start=1):
        s = prev.indicators[key]
        indicators.append({
            "number": n, "key": key, "name": ind.name, "tool": ind.tool,
            "score": s, "passes": s >= pfw.pass_mark,
        })
    this_year = [{"number": n, "key": k, "name": i.name, "tool": i.tool, "score": None, "passes": None}
                 for n, (k, i) in enumerate(fw.indicators.items(), start=1)]
    tools = _tools(recs, fw, this_year)
    measures = []
    for n, m in enumerate(pk.measures, start=1):
        measures.append({
            "number": n, "title": m.title, "steps": list(m.steps),
            "lead": unit(recs, m.lead), "support": [unit(recs, s) for s in m.support],
            "start": m.start, "end": m.end, "period": thai.thai_period(m.start, m.end),
            "follow_up": m.follow_up,
        })
    item = fw.item
    assert item is not None  # checked when the records were loaded
    item_indicator = next(i for i in this_year if i["key"] == item.indicator)
    item_tool = next(t for t in tools if t["key"] == item_indicator["tool"])
    return {
        "org": {
            "name": org.name, "short_name": org.short_name, "motto": org.motto,
            "website": org.website, "phone": org.phone, "email": org.email,
            "number_prefix": org.number_prefix,
        },
        "fy": pk.fiscal_year,
        "prev_fy": pk.fiscal_year - 1,
        "before_fy": pk.fiscal_year - 2,
        "ita": {
            "name": fw.name, "english": fw.english, "abbr": fw.abbr,
            "assessor": fw.assessor.model_dump(), "system": fw.system,
            "pass_mark": fw.pass_mark,
            "bands": [b.model_dump() for b in fw.bands],
            "rating": [lv.model_dump() for lv in fw.rating],
            "item": {**item.model_dump(), "indicator_number": item_indicator["number"],
                     "indicator_name": item_indicator["name"], "tool": item_tool},
            "tools": tools,
        },
        "prev": _previous(recs, indicators),
        "measures": measures,
    }


def _previous(recs: Records, indicators: list[dict[str, Any]]) -> dict[str, Any]:
    """Last year's result, read by the framework it was judged by: grade, level (of
    its rating), pass, trend against the year before, the aim that follows, the
    shortfalls, the advice."""
    pk, pfw, prev = recs.packet, recs.judged_by, recs.packet.previous_result
    before, scores = prev.year_before_score, prev.tools or {}
    level, held = level_of(prev.score, scores, pfw.rating), held_back(prev.score, scores, pfw.rating)
    return {
        "score": prev.score,
        "grade": grade_of(prev.score, pfw.bands),
        "level": level.name if level else None,
        # the level the overall score reached but a tool's score kept it from, and those tools
        "held_back": {"name": held.name, "tools": [{"key": k, "score": scores.get(k), "mark": held.tools[k]}
                                              for k in short_of(scores, held)]} if held else None,
        "tool_scores": dict(scores),
        "pass_mark": pfw.pass_mark,
        "passed": prev.score >= pfw.pass_mark,
        "announced": prev.announced,
        "year_before_score": before,
        "trend": trend(prev.score, before) if before is not None else None,
        "aim": ("mend" if prev.score < pfw.pass_mark
                else "recover" if before is not None and prev.score < before else "keep"),
        "indicators": indicators,
        "ranked": sorted(indicators, key=lambda i: (-i["score"], i["number"])),
        "shortfalls": [i for i in indicators if not i["passes"]],
        "tools": _tools(recs, pfw, indicators),
        "overall_advice": pk.advice.overall,
    }


def recipients(recs: Records, keys: list[str]) -> str:
    """The เรียน line of a circular: the heads of all units, then named roles."""
    parts = []
    for key in keys:
        if key == ALL_UNIT_HEADS:
            parts.append(f"หัวหน้าส่วนราชการในสังกัด{recs.organisation.name}")
        else:
            parts.append(recs.organisation.roles[key].position)
    return " และ".join(parts)
