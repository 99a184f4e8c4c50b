"""Offices generated from the sample's shape: other names (short and long), numerals,
results (passed or failed, rising or falling) and 1-15 measures, written as records
only, the way another office would write its own."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import SAMPLE

UNITS = [  # (key, name, short name)
    ("treasury", "กองคลัง", ""),
    ("engineering", "กองช่าง", ""),
    ("health", "กองสาธารณสุขและสิ่งแวดล้อม", "กองสาธารณสุขฯ"),
    ("education", "กองการศึกษา", ""),
    ("welfare", "กองสวัสดิการสังคม", ""),
    ("pawnshop", "สถานธนานุบาล", ""),
    ("waterworks", "กองการประปา", ""),
    ("registration", "กองทะเบียนราษฎรและบัตรประจำตัวประชาชน", "กองทะเบียนฯ"),
]

TITLES = [
    "การเผยแพร่ข้อมูลการจัดซื้อจัดจ้างและการใช้จ่ายงบประมาณประจำปีให้สาธารณชนรับทราบอย่างทั่วถึง",
    "การป้องกันการรับสินบน",
    "การจัดทำคู่มือการปฏิบัติงานด้านการให้บริการประชาชนและการลดขั้นตอนการปฏิบัติงาน",
    "การส่งเสริมการมีส่วนร่วมของประชาชนในการตรวจสอบการดำเนินงานของหน่วยงาน",
    "การใช้ทรัพย์สินของทางราชการ",
    "การเสริมสร้างวัฒนธรรมองค์กรที่ไม่ทนต่อการทุจริตและการรับผลประโยชน์ทับซ้อน",
    "การพัฒนาช่องทางการรับเรื่องร้องเรียนการทุจริตและประพฤติมิชอบผ่านระบบออนไลน์",
    "การประเมินความเสี่ยงการทุจริตประจำปี",
    "การเปิดเผยข้อมูลสาธารณะบนเว็บไซต์ของหน่วยงานให้เป็นปัจจุบันครบถ้วนตามตัวชี้วัด OIT",
    "การส่งเสริมคุณธรรมและจริยธรรมของบุคลากร",
    "การกำกับติดตามการใช้จ่ายงบประมาณ",
    "การปรับปรุงคุณภาพการให้บริการของสถานธนานุบาลและกองการประปาให้โปร่งใสและตรวจสอบได้",
    "การลดการใช้ดุลยพินิจของเจ้าหน้าที่ในการอนุมัติอนุญาต",
    "การพัฒนาระบบการให้บริการอิเล็กทรอนิกส์ (E-Service)",
    "การจัดทำแผนปฏิบัติการป้องกันการทุจริต",
]

STEPS = [
    "แต่งตั้งคณะทำงานและมอบหมายผู้รับผิดชอบ",
    "จัดทำคู่มือและเผยแพร่ให้บุคลากรทุกคนในสังกัดทราบและถือปฏิบัติโดยเคร่งครัด ภายในวันที่ 31 มีนาคม 2567",
    "รายงานผลการดำเนินการต่อผู้บริหารทุก 3 เดือน",
]


@dataclass(frozen=True)
class Office:
    key: str
    name: str
    short_name: str
    prefix: str  # what the sample's อบจ. becomes in roles' short names
    numerals: str
    font: str
    score: float
    year_before: float | None
    measures: int
    units: int  # extra units beyond the sample's
    fiscal_year: int = 2566


OFFICES = [
    Office("nong-sample", "เทศบาลตำบลหนองตัวอย่าง", "ทต.หนองตัวอย่าง", "ทต.", "arabic", "TH Sarabun New",
           72.50, 86.30, 3, 2),
    Office("ban-sample", "องค์การบริหารส่วนตำบลบ้านตัวอย่างเหนือ", "อบต.บ้านตัวอย่างเหนือ", "อบต.", "thai",
           "TH SarabunIT๙", 81.00, 79.25, 1, 0, fiscal_year=2567),
    Office("nakhon-sample", "เทศบาลนครตัวอย่างใหญ่", "ทน.ตัวอย่างใหญ่", "ทน.", "thai", "TH SarabunIT๙",
           64.18, 70.02, 12, 8),
    Office("kao-sample", "องค์การบริหารส่วนจังหวัดตัวอย่าง", "อบจ.ตัวอย่าง", "อบจ.", "thai", "TH SarabunPSK",
           92.40, None, 15, 5),
]


def _org(office: Office) -> dict:
    text = (SAMPLE / "lopburi-pao" / "organisation.yaml").read_text(encoding="utf-8")
    text = text.replace("องค์การบริหารส่วนจังหวัดลพบุรี", office.name).replace("อบจ.ลพบุรี", office.short_name)
    text = text.replace("อบจ.", office.prefix).replace("องค์การบริหารส่วนจังหวัด", office.name)
    org = yaml.safe_load(text)
    org.update(key=office.key, name=office.name, short_name=office.short_name, numerals=office.numerals,
               font=office.font, website=f"www.{office.key}.go.th", email=f"saraban@{office.key}.go.th")
    for key, name, short in UNITS[:office.units]:
        org["units"][key] = {"name": name, **({"short_name": short} if short else {})}
    return org


def _measures(office: Office, units: list[str]) -> list[dict]:
    fy = office.fiscal_year
    out = []
    for i in range(office.measures):
        lead = units[i % len(units)]
        m = {"title": TITLES[i], "steps": STEPS[: 1 + i % 3], "lead": lead,
             "start": f"{fy - 1}-{10 + i % 3}", "end": f"{fy}-0{1 + i % 9}",
             "follow_up": "รายงานผลการดำเนินการในการประชุมหัวหน้าส่วนราชการ"}
        if i % 2:
            m["support"] = [u for u in units if u != lead][: 1 + i % 4]
        out.append(m)
    return out


def _framework(root: Path, fy: int) -> None:
    base = (SAMPLE / "frameworks" / "ita-2566.yaml").read_text(encoding="utf-8")
    for year in range(2566, fy + 1):
        path = root / "frameworks" / f"ita-{year}.yaml"
        if not path.exists():
            path.write_text(base.replace("fiscal_year: 2566", f"fiscal_year: {year}"), encoding="utf-8")


def _retime(text: str, fy: int) -> str:
    """The sample's years (2564-2566) moved to fiscal year *fy*."""
    for back in range(3):
        text = text.replace(str(2566 - back), f"@{back}@")
    for back in range(3):
        text = text.replace(f"@{back}@", str(fy - back))
    return text


def write_office(root: Path, office: Office) -> Path:
    """Write *office*'s records under *root* (the frameworks beside them); return its packet."""
    (root / "frameworks").mkdir(parents=True, exist_ok=True)
    for f in (SAMPLE / "frameworks").iterdir():
        shutil.copy(f, root / "frameworks" / f.name)
    _framework(root, office.fiscal_year)
    org = _org(office)
    folder = root / office.key
    (folder / str(office.fiscal_year)).mkdir(parents=True)
    (folder / "organisation.yaml").write_text(yaml.safe_dump(org, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    text = _retime((SAMPLE / "lopburi-pao" / "2566" / "packet.yaml").read_text(encoding="utf-8"),
                   office.fiscal_year)
    packet = yaml.safe_load(text.replace("องค์การบริหารส่วนจังหวัดลพบุรี", office.name)
                            .replace("อบจ.ลพบุรี", office.short_name))
    packet["fiscal_year"] = office.fiscal_year
    prev = packet["previous_result"]
    prev["score"] = office.score
    if office.year_before is None:
        prev.pop("year_before_score")
    else:
        prev["year_before_score"] = office.year_before
    scale = office.score / 96.77
    prev["indicators"] = {k: round(min(100, float(v) * scale), 2) for k, v in prev["indicators"].items()}
    units = [u for u in org["units"] if u != "all-units"]
    packet["measures"] = _measures(office, units)
    packet["circular"]["url"] = f"https://www.{office.key}.go.th/ita/{office.fiscal_year}"
    out = folder / str(office.fiscal_year) / "packet.yaml"
    out.write_text(yaml.safe_dump(packet, allow_unicode=True, sort_keys=False), encoding="utf-8")
    progress = _progress(office, _retime((SAMPLE / "lopburi-pao" / "2566" / "progress.yaml").read_text(encoding="utf-8"),
                                         office.fiscal_year))
    (out.parent / "progress.yaml").write_text(yaml.safe_dump(progress, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    return out


#: each measure's status in turn; those not done say why
STATUSES = [("done", None), ("in-progress", "อยู่ระหว่างรอผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {fy}"),
            ("done", None), ("not-started", "รองบประมาณจากการโอนงบประมาณรายจ่ายประจำปี {fy}")]


def _progress(office: Office, text: str) -> dict:
    """The sample's year-end progress report, its measures *office*'s in turn."""
    fy = office.fiscal_year
    progress = yaml.safe_load(text)
    progress["measures"] = []
    for i in range(office.measures):
        status, reason = STATUSES[i % len(STATUSES)]
        m = {"measure": i + 1, "title": TITLES[i], "status": status}
        if reason:
            m["reason"] = reason.format(fy=fy)
        if status != "not-started":
            m["activities"] = [{"date": f"{fy - 1}-12-{1 + i:02d}", "text": STEPS[i % len(STEPS)]}]
            m["results"] = [f"บุคลากรเข้าร่วม {20 + i} คน จากทุกส่วนราชการ"]
        progress["measures"].append(m)
    return progress
