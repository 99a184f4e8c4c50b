"""The workspace's forms: one per part of the records, each a list of groups of fields
over one records file (the packet, its organisation's profile or its progress file).

Lists a clerk grows and reorders (the measures, the advisors' items) carry their
items' places in the file (``__order``), so an item keeps its comments and key order
when it moves, and a new one starts empty for the records' rules to ask for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.records.edit import get
from docgen.records.models import ALL_UNIT_HEADS
from docgen.serve.fields import Field, Options, month_options, shown


@dataclass
class Context:
    """What the forms choose from: the profile's units, roles and people, and the
    frameworks' indicators and tools (names for the keys the records use)."""

    fiscal_year: int
    units: Options = field(default_factory=list)
    roles: Options = field(default_factory=list)
    people: Options = field(default_factory=list)
    chains: dict[str, list[str]] = field(default_factory=dict)  # role -> the roles its memos climb to
    indicators: Options = field(default_factory=list)  # last year's framework
    tools: Options = field(default_factory=list)
    bands: list[Any] = field(default_factory=list)  # last year's framework's grade bands, as written


@dataclass
class Group:
    title: str
    fields: list[Field]
    list_path: str | None = None  # an item of a list the clerk can reorder or remove
    table: str | None = None  # an entry of a profile's table (units, people, roles) the clerk can remove
    key: str | None = None
    index: int | None = None
    add_to: str | None = None  # a list whose "add" button follows this group
    add_label: str = ""


@dataclass
class Section:
    key: str
    title: str
    file: str  # packet, organisation, progress, framework (this year's)
    owns: tuple[str, ...]  # the top-level keys of the file this form writes
    build: Callable[[Any, Context], list[Group]]
    lists: Callable[[Any], list[str]] = lambda tree: []
    new_item: Callable[[str], CommentedMap] = lambda path: CommentedMap()
    summary: str = ""
    tables: tuple[str, ...] = ()  # the profile's maps whose entries the form adds and removes


def _f(tree: Any, name: str, label: str, kind: str = "text", **kw: Any) -> Field:
    return Field(name, label, kind, shown(kind, get(tree, name)), **kw)


def _month(tree: Any, ctx: Context, name: str, label: str) -> Field:
    months, years = month_options(ctx.fiscal_year)
    f = _f(tree, name, label, "month")
    f.options = months
    f.hint = "ปี พ.ศ."
    f.year_options = years
    return f


_DATE_HINT = "เช่น 2566-02-23 หรือ 23 ก.พ. 2566 (พ.ศ.)"


def _date(tree: Any, name: str, label: str, *, required: bool = True) -> Field:
    return _f(tree, name, label, "date", hint=_DATE_HINT, required=required)


def _keys(tree: Any, path: str) -> list[str]:
    """The keys of a table (a list or text written there by hand has none: the records'
    rules say what is wrong)."""
    table = get(tree, path)
    return [str(k) for k in table] if isinstance(table, dict) else []


def _items(tree: Any, path: str) -> list[Any]:
    seq = get(tree, path)
    return list(seq) if isinstance(seq, list) else []


# --------------------------------------------------------------------------- last year's result


def _grade(score: Any, bands: list[Any]) -> str:
    """The grade *score* gets by *bands* (as a framework writes them), for the form
    to show beside it; empty where either is not there to read."""
    try:
        value = float(str(score))
        return next(str(b["grade"]) for b in bands if float(b["min"]) <= value <= float(b["max"]))
    except (ValueError, TypeError, KeyError, StopIteration):
        return ""


def _result(tree: Any, ctx: Context) -> list[Group]:
    p = "previous_result"
    grade = _grade(get(tree, f"{p}.score"), ctx.bands)
    head = [
        _f(tree, f"{p}.score", "คะแนนรวมปีที่แล้ว", "number",
           hint=f"0 ถึง 100 ได้ระดับ {grade} (คำนวณให้เองตามเกณฑ์ของกรอบการประเมิน)" if grade else
           "0 ถึง 100 ระดับคะแนนคำนวณให้เอง"),
        _date(tree, f"{p}.announced", "วันที่ประกาศผล"),
        _f(tree, f"{p}.year_before_score", "คะแนนรวมของปีก่อนหน้านั้น", "number", required=False,
           hint="เว้นว่างได้ถ้าปีนั้นยังไม่ได้รับการประเมิน"),
    ]
    names = dict(ctx.indicators)
    keys = list(names) or _keys(tree, f"{p}.indicators")
    scores = [_f(tree, f"{p}.indicators.{k}", f"{i}. {names.get(k, k)}", "number") for i, k in enumerate(keys, 1)]
    return [Group("ผลการประเมินปีที่แล้ว", head), Group("คะแนนรายตัวชี้วัด", scores)]


# --------------------------------------------------------------------------- this year's framework


def _framework(tree: Any, ctx: Context) -> list[Group]:
    """What a framework drafted from last year's asks to be checked: the items the
    packet answers (their codes change between years) and the pass mark."""
    groups = [Group("เกณฑ์ผ่าน", [_f(tree, "pass_mark", "คะแนนที่ถือว่าผ่าน", "number")])]
    for key, title in (("item", "ข้อที่รายงานฉบับนี้ตอบ (มาตรการ)"), ("progress_item", "ข้อที่รายงานผลการดำเนินการตอบ")):
        if isinstance(tree.get(key), dict):
            groups.append(Group(title, [
                _f(tree, f"{key}.code", "รหัสข้อ", hint="ตามคู่มือการประเมินของปีนี้ (รหัสตัวอักษรและเลขข้อ)"),
                _f(tree, f"{key}.name", "ชื่อข้อ", "long"),
            ]))
    return groups


# --------------------------------------------------------------------------- the advisors' comments


def _advice_lists(tree: Any) -> list[str]:
    return [f"advice.tools.{t}.items" for t in _keys(tree, "advice.tools")]


def _advice(tree: Any, ctx: Context) -> list[Group]:
    groups = [Group("ภาพรวม", [_f(tree, "advice.overall", "ข้อเสนอแนะภาพรวม", "long")])]
    names = dict(ctx.tools)
    for tool in _keys(tree, "advice.tools"):
        base = f"advice.tools.{tool}"
        title = f"{tool} {names.get(tool, '')}".strip()
        groups.append(Group(title, [_f(tree, f"{base}.remark", f"ข้อสังเกตของ {tool}", "long")],
                            add_to=f"{base}.items" if not _items(tree, f"{base}.items") else None,
                            add_label=f"เพิ่มประเด็นของ {tool}"))
        items = _items(tree, f"{base}.items")
        for i, _ in enumerate(items):
            groups.append(Group(f"{tool} ประเด็นที่ {i + 1}", [
                _f(tree, f"{base}.items.{i}.code", "รหัสข้อคำถาม", hint="เช่น I20, E5"),
                _f(tree, f"{base}.items.{i}.issue", "ประเด็นที่พบ", "long"),
                _f(tree, f"{base}.items.{i}.recommendation", "ข้อเสนอแนะ", "long"),
            ], list_path=f"{base}.items", index=i,
                add_to=f"{base}.items" if i == len(items) - 1 else None, add_label=f"เพิ่มประเด็นของ {tool}"))
    return groups


# --------------------------------------------------------------------------- the measures


def _measures(tree: Any, ctx: Context) -> list[Group]:
    groups = []
    items = _items(tree, "measures")
    for i, _ in enumerate(items):
        m = f"measures.{i}"
        groups.append(Group(f"มาตรการที่ {i + 1}", [
            _f(tree, f"{m}.title", "ชื่อมาตรการ"),
            _f(tree, f"{m}.steps", "ขั้นตอนการดำเนินการ", "lines", hint="บรรทัดละหนึ่งขั้นตอน"),
            _f(tree, f"{m}.lead", "ผู้รับผิดชอบหลัก", "select", options=ctx.units),
            _f(tree, f"{m}.support", "ผู้ร่วมดำเนินการ", "checks", options=ctx.units, required=False),
            _month(tree, ctx, f"{m}.start", "เริ่ม"),
            _month(tree, ctx, f"{m}.end", "สิ้นสุด"),
            _f(tree, f"{m}.follow_up", "การติดตามผล", "long"),
        ], list_path="measures", index=i, add_to="measures" if i == len(items) - 1 else None,
            add_label="เพิ่มมาตรการ"))
    if not items:
        groups.append(Group("ยังไม่มีมาตรการ", [], add_to="measures", add_label="เพิ่มมาตรการ"))
    return groups


def _new_item(path: str) -> CommentedMap:
    item = CommentedMap()
    keys: tuple[tuple[str, Any], ...] = (
        (("title", None), ("steps", []), ("lead", None), ("support", []), ("start", None), ("end", None),
         ("follow_up", None))
        if path == "measures" else (("code", None), ("issue", None), ("recommendation", None)))
    for key, value in keys:
        if isinstance(value, list):
            value = CommentedSeq()
            if key == "support":  # a short list of keys, written on one line as the sample does
                value.fa.set_flow_style()
        item[key] = value
    return item


# --------------------------------------------------------------------------- the documents


def _documents(tree: Any, ctx: Context) -> list[Group]:
    recipients = [(ALL_UNIT_HEADS, "หัวหน้าส่วนราชการทุกส่วน"), *ctx.roles]
    return [
        Group("รายงาน (เล่มมาตรการ)", [
            _month(tree, ctx, "report.date", "เดือนที่ลงท้ายคำนำ"),
            _f(tree, "report.preparer", "ส่วนราชการผู้จัดทำ", "select", options=ctx.units),
        ]),
        Group("บันทึกข้อความเสนอผู้บริหาร", [
            _date(tree, "memo.date", "วันที่"),
            _f(tree, "memo.number", "เลขที่หนังสือ", "number", required=False,
               hint="เว้นว่างไว้จนกว่าจะลงทะเบียนหนังสือ"),
            _f(tree, "memo.sender", "ส่วนราชการเจ้าของเรื่อง", "select", options=ctx.units),
            _f(tree, "memo.signer", "ผู้ลงนาม", "select", options=ctx.roles),
        ]),
        Group("บันทึกของผู้บังคับบัญชาบนบันทึกข้อความ", [
            f for role in ctx.chains.get(str(get(tree, "memo.signer")), []) for f in (
                _f(tree, f"memo.annotations.{role}.note", f"{dict(ctx.roles).get(role, role)}: ข้อความ", required=False,
                   hint="เช่น เพื่อโปรดลงนาม, ลงนามแล้ว เว้นว่างถ้ายังไม่มี"),
                _date(tree, f"memo.annotations.{role}.date", f"{dict(ctx.roles).get(role, role)}: วันที่",
                      required=False))
        ]),
        Group("หนังสือเวียน", [
            _date(tree, "circular.date", "วันที่"),
            _f(tree, "circular.number", "เลขทะเบียนหนังสือเวียน", "number", required=False,
               hint="เว้นว่างไว้จนกว่าจะลงทะเบียน (docgen number circular) จะแสดงเป็น /ว -"),
            _f(tree, "circular.sender", "ส่วนราชการเจ้าของเรื่อง", "select", options=ctx.units),
            _f(tree, "circular.signer", "ผู้ลงนาม", "select", options=ctx.roles),
            _f(tree, "circular.to", "เรียน", "checks", options=recipients),
            _date(tree, "circular.report_by", "กำหนดรายงานผล"),
            _f(tree, "circular.publisher", "ส่วนราชการที่เผยแพร่บนเว็บไซต์", "select", options=ctx.units),
            _f(tree, "circular.url", "ที่อยู่เอกสารบนเว็บไซต์ (QR Code)", hint="ขึ้นต้นด้วย https://"),
        ]),
    ]


# --------------------------------------------------------------------------- progress.yaml


_STATUS = [("done", "แล้วเสร็จ"), ("in-progress", "อยู่ระหว่างดำเนินการ"), ("not-started", "ยังไม่ได้ดำเนินการ")]
_ROUND = [("mid-year", "รอบ 6 เดือน"), ("year-end", "รอบสิ้นปีงบประมาณ")]


def _progress(tree: Any, ctx: Context) -> list[Group]:
    groups = [Group("รอบการรายงาน", [
        _f(tree, "round", "รอบ", "select", options=_ROUND),
        _date(tree, "as_of", "ข้อมูล ณ วันที่"),
        _month(tree, ctx, "report.date", "เดือนที่ลงท้ายคำนำ"),
        _date(tree, "memo.date", "วันที่บันทึกเสนอ"),
    ])]
    for i, item in enumerate(_items(tree, "measures")):
        m = f"measures.{i}"
        title = item.get("title") if isinstance(item, dict) else None
        groups.append(Group(f"มาตรการที่ {item.get('measure', i + 1) if isinstance(item, dict) else i + 1}"
                            f" {title or ''}".strip(), [
            _f(tree, f"{m}.status", "สถานะ", "select", options=_STATUS),
            _f(tree, f"{m}.reason", "เหตุที่ยังไม่แล้วเสร็จ", "long", required=False),
            _f(tree, f"{m}.activities", "กิจกรรมที่ทำ", "activities",
               hint="บรรทัดละหนึ่งกิจกรรม: วันที่ | สิ่งที่ทำ เช่น 2566-01-16 | จัดทำคู่มือ"),
            _f(tree, f"{m}.results", "ผลการดำเนินการ", "lines", required=False, hint="บรรทัดละหนึ่งข้อ"),
            _f(tree, f"{m}.problems", "ปัญหาอุปสรรค", "lines", required=False, hint="บรรทัดละหนึ่งข้อ"),
            _f(tree, f"{m}.handling", "แนวทางแก้ไข", "lines", required=False, hint="บรรทัดละหนึ่งข้อ"),
            _f(tree, f"{m}.evidence", "หลักฐาน", "evidence", required=False,
               hint="บรรทัดละหนึ่งชิ้น: คำบรรยาย | ที่อยู่เว็บ (พิมพ์เป็น QR Code) หรือไฟล์ภาพ เพิ่มภาพได้ที่ท้ายหน้า"),
        ]))
    return groups


# --------------------------------------------------------------------------- the profile


def _office(tree: Any, ctx: Context) -> list[Group]:
    numerals = [("thai", "เลขไทย"), ("arabic", "เลขอารบิก")]
    return [
        Group("ชื่อหน่วยงาน", [
            _f(tree, "name", "ชื่อเต็ม"),
            _f(tree, "short_name", "ชื่อย่อ", hint="ชื่อที่ใช้ในหนังสือ เช่น ชื่อย่อประเภทหน่วยงานตามด้วยชื่อ"),
            _f(tree, "number_prefix", "รหัสหนังสือ (หน้า /)", hint="รหัสพยัญชนะและเลขประจำของส่วนราชการ"),
        ]),
        Group("การติดต่อ (ท้ายหนังสือและปกหลัง)", [
            _f(tree, "phone", "โทรศัพท์", required=False),
            _f(tree, "email", "อีเมล", required=False),
            _f(tree, "website", "เว็บไซต์", required=False, hint="ไม่ต้องใส่ https://"),
            _f(tree, "motto", "คำขวัญ", "long", required=False),
        ]),
        Group("รูปแบบเอกสาร", [
            _f(tree, "numerals", "ตัวเลขในเอกสาร", "select", options=numerals),
            _f(tree, "font", "แบบอักษร", hint="เช่น TH SarabunIT๙ หรือ TH Sarabun New (ต้องติดตั้งในเครื่องที่สร้าง PDF)"),
        ]),
    ]


def _profile(tree: Any, ctx: Context) -> list[Group]:
    none = [("", "(ไม่มี)")]
    def called(table: str, key: Any, *names: str) -> str:
        entry = get(tree, f"{table}.{key}")
        said = "".join(str(entry.get(n) or "") for n in names) if isinstance(entry, dict) else ""
        return said or str(key)

    units = [Group(f"ส่วนราชการ: {called('units', key, 'name')}", [
        _f(tree, f"units.{key}.name", "ชื่อเต็ม"),
        _f(tree, f"units.{key}.short_name", "ชื่อย่อ", required=False),
        _f(tree, f"units.{key}.parent", "สังกัด", "select", options=none + [u for u in ctx.units if u[0] != key],
           required=False),
    ], table="units", key=key) for key in _keys(tree, "units")]
    people = [Group(f"บุคคล: {called('people', key, 'title', 'name')}", [
        _f(tree, f"people.{key}.title", "คำนำหน้า", hint="นาย นาง นางสาว หรือยศ"),
        _f(tree, f"people.{key}.name", "ชื่อ-สกุล"),
    ], table="people", key=key) for key in _keys(tree, "people")]
    vacant = [("", "(ว่าง / ยังไม่ทราบ)")]
    top = [("", "(สูงสุด ไม่เสนอต่อ)")]
    roles = [Group(f"ตำแหน่ง: {called('roles', key, 'position')}", [
        _f(tree, f"roles.{key}.position", "ชื่อตำแหน่งเต็ม"),
        _f(tree, f"roles.{key}.short", "ชื่อตำแหน่งย่อ"),
        _f(tree, f"roles.{key}.holder", "ผู้ดำรงตำแหน่ง", "select", options=vacant + ctx.people, required=False),
        _f(tree, f"roles.{key}.reports_to", "เสนอต่อ (ผู้บังคับบัญชาถัดไป)", "select",
           options=top + [r for r in ctx.roles if r[0] != key], required=False),
        _f(tree, f"roles.{key}.usual_note", "ความเห็นที่เขียนประจำในบันทึกเสนอ", required=False,
           hint="ข้อความที่ตั้งไว้ให้ในหน้าพิจารณา แก้ได้ทุกครั้ง เช่น เห็นควรอนุมัติ"),
    ], table="roles", key=key) for key in _keys(tree, "roles")]
    out = []
    for table, groups, label in (("units", units, "ส่วนราชการ"), ("people", people, "บุคคล"), ("roles", roles, "ตำแหน่ง")):
        groups = groups or [Group(f"ยังไม่มี{label}", [])]
        groups[-1].add_to, groups[-1].add_label = f"key:{table}", f"เพิ่ม{label}"
        out += groups
    return out


SECTIONS = {s.key: s for s in (
    Section("result", "ผลการประเมินปีที่แล้ว", "packet", ("previous_result",), _result,
            summary="คะแนนรวมและคะแนนรายตัวชี้วัด"),
    Section("advice", "ข้อเสนอแนะของคณะที่ปรึกษา", "packet", ("advice",), _advice, _advice_lists, _new_item,
            summary="แยกตามเครื่องมือ IIT EIT OIT"),
    Section("measures", "มาตรการ", "packet", ("measures",), _measures, lambda tree: ["measures"], _new_item,
            summary="เพิ่ม ลบ เรียงลำดับ ผู้รับผิดชอบ ระยะเวลา"),
    Section("documents", "วันที่ เลขที่ ผู้ลงนาม ผู้รับ", "packet", ("report", "memo", "circular"), _documents,
            summary="ของรายงาน บันทึกข้อความ และหนังสือเวียน"),
    Section("progress", "รายงานผลการดำเนินการ", "progress", ("round", "as_of", "report", "memo", "measures"),
            _progress, summary="สถานะ กิจกรรม ผล ปัญหา ของแต่ละมาตรการ"),
    Section("framework", "กรอบการประเมินของปีนี้", "framework", ("pass_mark", "item", "progress_item"), _framework,
            summary="รหัสข้อและเกณฑ์ผ่านตามคู่มือของปีนี้ (ใช้ร่วมกันทุกหน่วยงานในโฟลเดอร์ข้อมูลนี้)"),
    Section("office", "ชื่อและการติดต่อของหน่วยงาน", "organisation",
            ("name", "short_name", "number_prefix", "phone", "email", "website", "motto", "numerals", "font"), _office,
            summary="ชื่อ รหัสหนังสือ โทรศัพท์ อีเมล เว็บไซต์ คำขวัญ ตัวเลขและแบบอักษร"),
    Section("people", "ส่วนราชการ บุคคล และตำแหน่ง", "organisation", ("units", "people", "roles"), _profile,
            summary="เพิ่ม ลบ ส่วนราชการ บุคคล ตำแหน่ง ผู้ดำรงตำแหน่ง และสายการเสนอ", tables=("units", "people", "roles")),
)}
