"""Second-round hostile cases for the checks that look across records and for the
messages they print: long chains of parents and superiors, floods of unknown
references, control and bidi characters in keys and values of every file, and
consistent renamings of roles and units (what ``validate`` passes, ``build`` must
render). Gathered by :mod:`hostile_round2`; each is judged in a child of its own,
bounded to its time and memory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from hostile_corpus import FRAMEWORK, ORG, PACKET, SAMPLE, Case, both, raw, sub, write

PROGRESS = Path("lopburi-pao/2566/progress.yaml")
UNITS_AT = "\n# บุคคล:"  # the line after the sample's units
ROLES_AT = "\n# ช่องลงชื่อย่อ"  # the line after the sample's roles
MEASURES_AT = "\n# รายงาน O42 (เล่มมาตรการ)"  # the line after the sample's measures
SUPPORT = "    support: [personnel, council-secretariat, internal-audit]"


def before(rel: Path, anchor: str, text: str) -> Callable[[Path], None]:
    """*text* inserted into a records file just before *anchor*."""
    return sub(rel, anchor, text + anchor)


def unit_chain(n: int, *, loop: bool = False) -> str:
    """*n* units, each the parent of the next (the first's parent the last, for *loop*)."""
    first = f"    parent: c{n - 1}\n" if loop else ""
    return f"  c0:\n    name: ส่วนที่ 0\n{first}" + "".join(
        f"  c{i}:\n    name: ส่วนที่ {i}\n    parent: c{i - 1}\n" for i in range(1, n))


def flat_units(n: int) -> str:
    return "".join(f"  f{i}:\n    name: ส่วนที่ {i}\n" for i in range(n))


def role_chain(n: int, *, loop: bool = False) -> str:
    """*n* roles, each reporting to the one before; the first to the chief executive
    (to the last, for *loop*)."""
    first = f"r{n - 1}" if loop else "chief-executive"
    return f"  r0:\n    position: ตำแหน่งที่ 0\n    short: ต.0\n    reports_to: {first}\n" + "".join(
        f"  r{i}:\n    position: ตำแหน่งที่ {i}\n    short: ต.{i}\n    reports_to: r{i - 1}\n" for i in range(1, n))


def measures(n: int, lead: Callable[[int], str] = lambda i: "internal-audit") -> str:
    return "".join(
        f"  - title: มาตรการเพิ่มที่ {i}\n    steps: [ขั้นตอนที่หนึ่ง]\n    lead: {lead(i)}\n"
        f"    start: 2566-01\n    end: 2566-02\n    follow_up: รายงานผล\n" for i in range(n))


def support_of(keys: list[str]) -> Callable[[Path], None]:
    """The third measure supported by *keys*."""
    return sub(PACKET, SUPPORT, f"    support: [{', '.join(keys)}]")


def renamed(pairs: dict[str, str]) -> Callable[[Path], None]:
    """Each key of *pairs* renamed throughout the profile and the packet (whole words)."""
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, pairs)) + r")(?![\w-])")

    def change(root: Path) -> None:
        for rel in (ORG, PACKET):
            path = root / rel
            path.write_text(pattern.sub(lambda m: pairs[m.group()], path.read_text(encoding="utf-8")),
                            encoding="utf-8")
    return change


def progress_with(old: str, new: str) -> Callable[[Path], None]:
    """The sample's progress.yaml (the corpus leaves it out) with *old* replaced."""
    text = (SAMPLE / PROGRESS).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return write(str(PROGRESS), text.replace(old, new))


ROLES = ["chief-executive", "deputy-chief-executive", "permanent-secretary", "deputy-permanent-secretary",
         "head-of-office", "head-of-internal-audit"]
UNITS = ["office-of-secretary", "legal-affairs", "strategy", "personnel", "council-secretariat",
         "internal-audit", "all-units"]
RLO, LRI, ESC = "\u202e", "\u2066", "\x1b"


def _scale() -> list[Case]:
    c = "r2 scale"
    return [
        Case("3,000 units in one parent chain", c, before(ORG, UNITS_AT, unit_chain(3000)), "accepted",
             marker="การยืมทรัพย์สินของหน่วยงาน"),
        Case("3,000 units in one parent chain closed into a loop", c,
             before(ORG, UNITS_AT, unit_chain(3000, loop=True)), "refused"),
        Case("3,000 units and a measure supported by 10,000 unknown unit keys", c,
             both(before(ORG, UNITS_AT, flat_units(3000)),
                           support_of([f"x{i}" for i in range(10_000)])), "refused"),
        Case("10,000 times the same unknown unit among 3,000", c,
             both(before(ORG, UNITS_AT, flat_units(3000)),
                           support_of(["f12x"] * 10_000)), "refused"),
        Case("3,000 roles in one reports_to chain", c, before(ORG, ROLES_AT, role_chain(3000)), "accepted",
             marker="การยืมทรัพย์สินของหน่วยงาน"),
        Case("3,000 roles in one reports_to loop", c, before(ORG, ROLES_AT, role_chain(3000, loop=True)), "refused"),
        Case("1,000 measures led by unknown units among 3,000", c,
             both(before(ORG, UNITS_AT, flat_units(3000)),
                           before(PACKET, MEASURES_AT, measures(1000, lambda i: f"g{i}"))),
             "refused"),
        Case("3,000 unknown roles the circular is sent to", c,
             sub(PACKET, "  to: [all-unit-heads, head-of-internal-audit]",
                 f"  to: [{', '.join(f'role-{i}' for i in range(3000))}]"), "refused"),
        Case("3,000 annotations by unknown roles", c,
             sub(PACKET, "    chief-executive: {note: ลงนามแล้ว, date: 2566-02-24}",
                 "    chief-executive: {note: ลงนามแล้ว, date: 2566-02-24}\n"
                 + "".join(f"    role-{i}: {{note: ทราบ}}\n" for i in range(3000)).rstrip("\n")), "refused"),
    ]


def _messages() -> list[Case]:
    c = "r2 messages"
    return [
        Case("a unit key with U+202E", c, sub(ORG, "  strategy:\n", f"  stra{RLO}tegy:\n"), "refused"),
        Case("a role key with U+2066", c, sub(ORG, "  head-of-internal-audit:\n", f"  head-of-{LRI}audit:\n"),
             "refused"),
        Case("a person key with ESC", c, sub(ORG, "  nipa: {", f'  "ni{ESC}pa": {{'), "refused"),
        Case("a measure's lead with U+202E", c, sub(PACKET, "    lead: strategy", f"    lead: stra{RLO}tegy"),
             "refused"),
        Case("an indicator key with U+202E in the framework", c,
             raw(FRAMEWORK, lambda b: b.replace(b"\n  duty:", f"\n  du{RLO}ty:".encode(), 1)), "refused"),
        Case("the memo's sender with U+202E in progress.yaml", c,
             progress_with("  sender: legal-affairs", f"  sender: legal{RLO}-affairs"), "refused"),
        Case("a role's holder with U+202E", c, sub(ORG, "    holder: orapin", f"    holder: ora{RLO}pin"), "refused"),
        Case("a measure title with U+202E", c,
             sub(PACKET, "  - title: การยืมทรัพย์สินของหน่วยงาน", f"  - title: การยืม{RLO}ทรัพย์สินของหน่วยงาน"),
             "accepted", marker="ทรัพย์สินของหน่วยงาน"),
        Case("a progress title with U+202E against the table", c,
             progress_with("    title: การยืมทรัพย์สินของหน่วยงาน", f"    title: การยืม{RLO}ทรัพย์สิน"), "refused"),
    ]


def _renaming() -> list[Case]:
    c = "r2 renaming"
    out = [Case("the chief executive renamed mayor throughout", c, renamed({"chief-executive": "mayor"}),
                "accepted", marker="การยืมทรัพย์สินของหน่วยงาน")]
    out += [Case(f"role {k} renamed throughout", c, renamed({k: f"{k}-x"}), "accepted",
                 marker="การยืมทรัพย์สินของหน่วยงาน") for k in ROLES[1:]]
    out.append(Case("every role renamed throughout", c, renamed({k: f"role-{i}" for i, k in enumerate(ROLES)}),
                     "accepted", marker="การยืมทรัพย์สินของหน่วยงาน"))
    out.append(Case("every unit renamed throughout", c, renamed({k: f"unit-{i}" for i, k in enumerate(UNITS)}),
                    "accepted", marker="การยืมทรัพย์สินของหน่วยงาน"))
    out.append(Case("every role and unit renamed throughout", c,
                    renamed({**{k: f"role-{i}" for i, k in enumerate(ROLES)},
                             **{k: f"unit-{i}" for i, k in enumerate(UNITS)}}),
                    "accepted", marker="การยืมทรัพย์สินของหน่วยงาน"))
    out.append(Case("a role renamed all-unit-heads", c, renamed({"head-of-internal-audit": "all-unit-heads"}),
                    "refused"))
    return out


def cases() -> list[Case]:
    return _scale() + _messages() + _renaming()
