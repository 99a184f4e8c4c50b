"""The records, as validated models: an organisation's profile, an ITA year's framework
and one fiscal year's packet. Field-level rules live in :mod:`docgen.types`; rules that
look across records live in :mod:`docgen.checks`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from docgen.records.bounds import Contact, Email, Extension, FileRef, Font, Key, PathText, Site, Text, TextKey, Url
from docgen.records.types import Count, FiscalYear, Model, Month, Score, ThaiDate

# --------------------------------------------------------------------------- organisation


class Unit(Model):
    name: Text
    short_name: Text | None = None
    parent: Key | None = None
    phone_ext: Extension | None = None


class Person(Model):
    title: Text  # นาย, นาง, นางสาว, ว่าที่ร้อยตรี ...
    name: Text  # given name and surname


class Role(Model):
    position: Text  # full title: นายกองค์การบริหารส่วนจังหวัด<ชื่อจังหวัด>
    short: Text  # short title: นายก อบจ.<ชื่อจังหวัด>
    holder: Key | None = None  # a key of people; none while unknown or vacant
    reports_to: Key | None = None  # the next role up the line a memo climbs
    usual_note: Text | None = None  # what this official usually writes on a memo (the chain's form starts with it)


class Organisation(Model):
    key: Key  # folder name under output/
    name: Text
    short_name: Text
    number_prefix: Text  # letter code and office number, before the "/"
    font: Font = "TH SarabunPSK"
    numerals: Literal["thai", "arabic"] = "thai"
    emblem: PathText = "placeholder"  # image path, relative to the profile file
    templates: PathText | None = None  # a folder of restyled templates, relative to the profile
    allow_outside_records: bool = False  # emblem and templates may lie outside the records folder
    motto: Text | None = None
    website: Site | None = None
    phone: Contact | None = None
    email: Email | None = None
    units: dict[Key, Unit]
    people: dict[Key, Person]
    roles: dict[Key, Role]
    initials: list[Text] = Field(default_factory=list)  # rows of the initials box
    number_circular_at_decision: bool = False  # the register issues the circular's number when the memo is approved


# --------------------------------------------------------------------------- framework


class Assessor(Model):
    name: Text
    short: Text


class Tool(Model):
    name: Text  # แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน
    english: Text  # Internal Integrity and Transparency Assessment
    weight: Score
    kind: Literal["survey", "open-data"]
    questions: Count | None = None


class Indicator(Model):
    name: Text
    tool: TextKey  # a key of tools


class Band(Model):
    grade: Text
    min: Score
    max: Score


class Level(Model):
    """A level of a framework's rating: reached by an overall score at or above
    ``min`` with every tool named in ``tools`` at or above its own mark; a result
    short of one takes the next level down it meets (:func:`docgen.records.ita.level_of`)."""

    name: Text  # ผ่านดี
    min: Score  # the overall score the level needs, inclusive
    tools: dict[TextKey, Score] = Field(default_factory=dict)  # per-tool minimums, by the framework's tool keys


class Item(Model):
    code: Text  # O42
    name: Text  # มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
    indicator: Key
    requirement: Text  # what the item asks an office to show


class Framework(Model):
    """One fiscal year's ITA framework: tools, indicators, pass mark, grade bands and
    a rating (either or both), and the items the packet answers (``item``: the
    measures; ``progress_item``: the report of what was done under them)."""

    fiscal_year: FiscalYear
    name: Text
    english: Text
    abbr: Text
    assessor: Assessor
    system: Text | None = None  # where results are announced (ITAS)
    tools: dict[TextKey, Tool]
    indicators: dict[Key, Indicator]
    pass_mark: Score
    bands: list[Band] = Field(default_factory=list)  # grades by score (AA ... F); none where the rating alone grades
    rating: list[Level] = Field(default_factory=list)  # levels, highest first (FY2568: ผ่านดีเยี่ยม ... ต้องปรับปรุงโดยด่วน)
    item: Item | None = None  # required of the year a packet is made for; a past year's file may omit it
    progress_item: Item | None = None  # the progress report's item (O43 in FY2566)


# --------------------------------------------------------------------------- packet


class PreviousResult(Model):
    framework: FileRef | None = None  # last year's framework file (its indicators and bands); default: this year's
    score: Score
    grade: Text | None = None  # optional; if typed it must agree with the bands
    announced: ThaiDate
    indicators: dict[Key, Score]
    tools: dict[TextKey, Score] | None = None  # each tool's score (IIT, EIT, OIT); needed where the rating reads them
    year_before_score: Score | None = None  # none for an office new to the ITA


class AdviceItem(Model):
    code: Text  # I20, E5
    issue: Text
    recommendation: Text


class ToolAdvice(Model):
    remark: Text
    items: list[AdviceItem] = Field(default_factory=list)


class Advice(Model):
    overall: Text
    tools: dict[TextKey, ToolAdvice]


class Measure(Model):
    title: Text
    steps: list[Text] = Field(min_length=1)
    lead: Key
    support: list[Key] = Field(default_factory=list)
    start: Month
    end: Month
    follow_up: Text


class Annotation(Model):
    decision: Literal["approved", "noted", "not-approved"] | None = None  # the last official's: อนุมัติ ทราบ ไม่อนุมัติ
    note: Text | None = None
    date: ThaiDate | None = None


class ReportDoc(Model):
    date: Month  # the month the preface is signed
    preparer: Key  # unit


class MemoDoc(Model):
    date: ThaiDate
    number: Count | None = None  # none until registered: "<prefix>/-"
    sender: Key  # unit
    signer: Key  # role
    annotations: dict[Key, Annotation] = Field(default_factory=dict)


class CircularDoc(Model):
    date: ThaiDate
    number: Count | None = None  # none until registered in the circulars' book (ว): "<prefix>/ว -"
    sender: Key
    signer: Key
    to: list[Key] = Field(min_length=1)  # role keys, or "all-unit-heads"
    report_by: ThaiDate
    publisher: Key  # unit asked to publish
    url: Url
    enclose_report: bool = True


class Packet(Model):
    organisation: FileRef  # path of the profile, relative to this file
    framework: FileRef  # path of the framework file, relative to this file
    fiscal_year: FiscalYear
    previous_result: PreviousResult
    advice: Advice
    measures: list[Measure] = Field(min_length=1)
    report: ReportDoc
    memo: MemoDoc
    circular: CircularDoc


ALL_UNIT_HEADS = "all-unit-heads"


# --------------------------------------------------------------------------- progress (progress.yaml)


class Activity(Model):
    date: ThaiDate
    text: Text


class Evidence(Model):
    caption: Text
    url: Url | None = None  # a published item: printed with a QR code
    photo: PathText | None = None  # an image file, relative to progress.yaml


class MeasureProgress(Model):
    measure: Count  # its number in the measures table
    title: Text  # the measure's title, as the table has it (a check against renumbering)
    status: Literal["done", "in-progress", "not-started"]
    reason: Text | None = None  # why it is not done
    activities: list[Activity] = Field(default_factory=list)
    results: list[Text] = Field(default_factory=list)
    problems: list[Text] = Field(default_factory=list)
    handling: list[Text] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class Progress(Model):
    round: Literal["mid-year", "year-end"]
    as_of: ThaiDate
    illustrative: bool = False  # sample facts, not an office's
    report: ReportDoc
    memo: MemoDoc
    measures: list[MeasureProgress] = Field(min_length=1)


def superiors(roles: Any, role: str) -> list[str]:
    """The roles above *role*, lowest first, following ``reports_to`` (a loop stops it;
    loops are reported when the records are checked); linear in the chain's length."""
    up: dict[str, None] = {}  # in order, each found in one step
    cur = roles[role].reports_to
    while cur in roles and cur not in up and cur != role:
        up[cur] = None
        cur = roles[cur].reports_to
    return list(up)
