"""The hostile corpus, second round: the records loading layer. YAML tags docgen does not
use, merges and aliases that point back into themselves or copy without end, a file
whose values grow past any real one once aliases are followed, strings of any field
(keys, contact fields, paths) far longer than it can be, names made only of characters
nobody can see, and records files that are links out of the records folder: in each
file kind (organisation.yaml, packet.yaml, progress.yaml, the framework), beside the
neighbours that must still be accepted. Gathered by ``hostile_round2.py``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from hostile_corpus import FRAMEWORK, ORG, PACKET, SAMPLE, Case, both, sub, write

PROGRESS = Path("lopburi-pao/2566/progress.yaml")
PROGRESS_TEXT = (SAMPLE / PROGRESS).read_text(encoding="utf-8")
with_progress = write(str(PROGRESS), PROGRESS_TEXT)  # the corpus copies the sample without it

MOTTO = "motto: ซื่อสัตย์ สุจริต โปร่งใส พร้อมรับการตรวจสอบ"
TITLE = "  - title: การยืมทรัพย์สินของหน่วยงาน"
STEP = "      - จัดทำคู่มือ/แนวทางการยืมและใช้ทรัพย์สินของหน่วยงาน"
SCORE = "  score: 96.77"
ABBR = "abbr: ITA"
AS_OF = "as_of: 2566-09-15"
P_TITLE = "    title: การยืมทรัพย์สินของหน่วยงาน"
RESULT = "      - ทุกส่วนราชการได้รับคู่มือและถือปฏิบัติ การยืมทรัพย์สินทุกครั้งมีบันทึกขออนุญาต"
EVIDENCE = "      - {caption: คู่มือการยืมและใช้ทรัพย์สินของทางราชการ, url: https://www.loppao.go.th/ita/2566/o43/assets}"
SHORT_NAME = "    short_name: สำนักปลัดฯ"
INVISIBLE = {"a zero-width space": "\\u200b", "a zero-width joiner": "\\u200d", "a zero-width non-joiner": "\\u200c",
             "a word joiner": "\\u2060", "a byte-order mark": "\\ufeff", "a left-to-right mark": "\\u200e",
             "spaces and a zero-width space": "\\u3000 \\u200b\\u00a0", "a soft hyphen": "\\u00ad"}


def in_progress(old: str, new: str) -> Callable[[Path], None]:
    return both(with_progress, sub(PROGRESS, old, new))


def linked_out(rel: Path) -> Callable[[Path], None]:
    """*rel* replaced by a symbolic link to a copy of it outside the records folder."""
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8") if path.exists() else PROGRESS_TEXT
        outside = root.parent / "outside" / rel.name
        outside.parent.mkdir(exist_ok=True)
        outside.write_text(text, encoding="utf-8")
        path.unlink(missing_ok=True)
        os.symlink(outside, path)
    return change


def linked_in(root: Path) -> None:
    """progress.yaml a symbolic link to a copy elsewhere inside the records folder."""
    inside = root / "lopburi-pao" / "shared-progress.yaml"
    inside.write_text(PROGRESS_TEXT, encoding="utf-8")
    os.symlink(os.path.relpath(inside, (root / PROGRESS).parent), root / PROGRESS)


def _tags() -> list[Case]:
    out = [
        Case("motto: !!binary", "r2 yaml", sub(ORG, MOTTO, "motto: !!binary aGVsbG8="), "refused"),
        Case("a measure title !!binary", "r2 yaml", sub(PACKET, TITLE, "  - title: !!binary 4LiB4LiB"), "refused"),
        Case("the framework's abbr !!python/object/apply", "r2 yaml",
             sub(FRAMEWORK, ABBR, "abbr: !!python/object/apply:os.system [echo hi]"), "refused"),
        Case("organisation: !!python/name", "r2 yaml", sub(ORG, MOTTO, "motto: !!python/name:os.system"), "refused"),
        Case("progress: results !!set", "r2 yaml", in_progress("    results:\n" + RESULT, "    results: !!set {a, b}"),
             "refused"),
        Case("packet: steps !!omap", "r2 yaml", sub(PACKET, "    steps:\n" + STEP, "    steps: !!omap\n      - a: 1"), "refused"),
        Case("packet: steps !!pairs", "r2 yaml", sub(PACKET, "    steps:\n" + STEP, "    steps: !!pairs\n      - a: 1"), "refused"),
        Case("motto: !!timestamp on words", "r2 yaml", sub(ORG, MOTTO, "motto: !!timestamp ซื่อสัตย์"), "refused"),
        Case("progress as_of: !!timestamp on words", "r2 yaml", in_progress(AS_OF, "as_of: !!timestamp hello"), "refused"),
        Case("score: !!float on words", "r2 yaml", sub(PACKET, SCORE, "  score: !!float abc"), "refused"),
        Case("a custom tag in the framework", "r2 yaml", sub(FRAMEWORK, ABBR, "abbr: !thai ITA"), "refused"),
        Case("a custom tag in progress", "r2 yaml", in_progress(AS_OF, "as_of: !date 2566-09-15"), "refused"),
        Case("a verbatim binary tag", "r2 yaml", sub(ORG, MOTTO, "motto: !<tag:yaml.org,2002:binary> aGVsbG8="), "refused"),
        Case("a %TAG handle", "r2 yaml", sub(ORG, "key: lopburi-pao", "%TAG !e! tag:example.com,2000:\n---\nkey: !e!x lopburi-pao"),
             "refused"),
        Case("!!binary as a mapping key", "r2 yaml", sub(ORG, "  internal-audit:\n", "  !!binary aW50ZXJuYWw=:\n"), "refused"),
        Case("!!timestamp where a date is expected", "r2 yaml", sub(PACKET, "  date: 2566-02-23", "  date: !!timestamp 2566-02-23"),
             "accepted"),
        Case("!!str on a phone number", "r2 yaml", sub(ORG, "phone: 0 3641 1404", "phone: !!str 0 3641 1404"), "accepted"),
        Case("!!int on a fiscal year", "r2 yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: !!int 2566"), "accepted"),
    ]
    return out


def _merges() -> list[Case]:
    selfish = "x: &a {<<: *a, k: v}\n"
    out = [Case(f"a merge into itself in {name}", "r2 yaml", change, "refused") for name, change in (
        ("organisation.yaml", sub(ORG, "initials:\n", selfish + "initials:\n")),
        ("packet.yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\n" + selfish)),
        ("the framework", sub(FRAMEWORK, ABBR, ABBR + "\n" + selfish)),
        ("progress.yaml", in_progress(AS_OF, AS_OF + "\n" + selfish)),
    )]
    out += [
        Case("a merge of the mapping it sits in", "r2 yaml",
             sub(ORG, "people:\n", "people: &people\n  self: {<<: *people}\n"), "refused"),
        Case("a merge list naming itself", "r2 yaml",
             sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\nx: &a {<<: [*a], k: v}"), "refused"),
        Case("an alias inside what it names", "r2 yaml", sub(ORG, "initials:\n", "initials: &i\n  - *i\n"), "refused"),
        Case("a merge copying 2,000 keys 2,000 times", "r2 sizes", sub(ORG, "initials:\n", merge_bomb() + "initials:\n"),
             "refused"),
        Case("a merge of a sibling person", "r2 yaml", both(
            sub(ORG, "  orapin: {", "  orapin: &orapin {"),
            sub(ORG, "  somchat: {title: นาย,", "  somchat: {<<: *orapin, title: นาย,")), "accepted"),
    ]
    return out


def merge_bomb() -> str:
    keys = ", ".join(f"k{i}: 1" for i in range(2_000))
    return f"a: &a {{{keys}}}\n" + "".join(f"m{i}: {{<<: *a}}\n" for i in range(2_000))


def alias_bomb(anchor_line: str, item_indent: str, uses: int, length: int = 9_990) -> str:
    """*anchor_line* with a *length*-character text anchored, then *uses* aliases of it."""
    return f'{anchor_line}&s "{"ก" * length}"\n' + f"{item_indent}- *s\n" * uses


def _sizes() -> list[Case]:
    out = [
        Case("a 9,990-character step aliased 19,000 times", "r2 sizes",
             sub(PACKET, STEP, alias_bomb("      - ", "      ", 19_000)), "refused"),
        Case("a 9,990-character row of initials aliased 19,000 times", "r2 sizes",
             sub(ORG, "  - ปลัด อบจ.", alias_bomb("  - ", "  ", 19_000)), "refused"),
        Case("a 9,990-character result aliased 19,000 times in progress", "r2 sizes",
             in_progress(RESULT, alias_bomb("      - ", "      ", 19_000)), "refused"),
        Case("a 9,990-character name aliased in a flow list in the framework", "r2 sizes",
             sub(FRAMEWORK, ABBR, ABBR + '\nx: [&s "' + "ข" * 9_990 + '", ' + "*s, " * 19_000 + "*s]"), "refused"),
        Case("a 100-character step aliased 300 times", "r2 sizes",
             sub(PACKET, STEP, alias_bomb("      - ", "      ", 300, 100)), "accepted"),
        Case("3,000 units", "r2 sizes", many_units(3_000), "accepted"),
    ]
    ext = "    phone_ext: 102"
    for what, rel, old, new in [
        ("phone_ext", ORG, ext, f'    phone_ext: "{"1" * 300_000}"'),
        ("email", ORG, "email: Lopburi1pao@gmail.com", f"email: {'a' * 300_000}@gmail.com"),
        ("phone", ORG, "phone: 0 3641 1404", f"phone: {'0 3641 1404, ' * 500}"),
        ("website", ORG, "website: www.loppao.go.th", f"website: www.{'a' * 5_000}.go.th"),
        ("font", ORG, "font: TH SarabunIT๙", f"font: TH {'S' * 5_000}"),
        ("emblem", ORG, "emblem: placeholder", f"emblem: {'a' * 5_000}.png"),
        ("a unit key", ORG, "  internal-audit:\n", f"  {'u' * 1_000}:\n    name: หน่วยยาว\n  internal-audit:\n"),
        ("a person key", ORG, "  orapin: {", f"  ? {'p' * 300_000}\n  : {{title: นาย, name: ทดสอบ}}\n  orapin: {{"),
        ("a role key", ORG, "  chief-executive:\n", f"  {'r' * 500}:\n    position: ตำแหน่งยาว\n    short: ยาว\n  chief-executive:\n"),
        ("a tool key", FRAMEWORK, "  IIT:\n", f"  {'T' * 500}:\n    name: x\n    english: x\n    weight: 0\n    kind: survey\n  IIT:\n"),
        ("the organisation path", PACKET, "organisation: ../organisation.yaml", f"organisation: ../{'o' * 5_000}.yaml"),
        ("an evidence photo", PROGRESS, EVIDENCE, f"      - {{caption: ภาพ, photo: {'f' * 5_000}.png}}"),
        ("an evidence url", PROGRESS, EVIDENCE, f"      - {{caption: ภาพ, url: https://www.loppao.go.th/{'a' * 5_000}}}"),
    ]:
        change = in_progress(old, new) if rel == PROGRESS else sub(rel, old, new)
        out.append(Case(f"{what} far too long", "r2 sizes", change, "refused"))
    out.append(Case("a 20-digit extension", "r2 sizes", sub(ORG, ext, "    phone_ext: '12345678901234567890'"), "accepted"))
    return out


def many_units(n: int) -> Callable[[Path], None]:
    block = "".join(f"  unit-{i:04d}:\n    name: กองทดสอบที่ {i}\n    parent: office-of-secretary\n    phone_ext: {1000 + i}\n"
                    for i in range(n))
    return sub(ORG, "\nunits:\n", "\nunits:\n" + block)


def _names() -> list[Case]:
    out = [Case(f"a unit's short_name that is only {what}", "r2 names", sub(ORG, SHORT_NAME, f'    short_name: "{value}"'),
                "refused") for what, value in INVISIBLE.items()]
    for where, rel, old, new in [  # the other name-like fields, each file kind
        ("a unit's name", ORG, "    name: หน่วยตรวจสอบภายใน", '    name: "\\u200d"'),
        ("the organisation's short_name", ORG, "short_name: อบจ.ลพบุรี", 'short_name: "\\u200b\\u200b"'),
        ("a role's position", ORG, "    position: รองปลัดองค์การบริหารส่วนจังหวัดลพบุรี", '    position: "\\u200c"'),
        ("a role's short", ORG, "    short: รองปลัด อบจ.ลพบุรี", '    short: "\\u2060"'),
        ("a person's title", ORG, "{title: นาย, name: สมชาติ", '{title: "\\ufeff", name: สมชาติ'),
        ("a measure title", PACKET, TITLE, '  - title: "\\u200b "'),
        ("a tool's name", FRAMEWORK, "    name: แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", '    name: "\\u2060\\u200b"'),
        ("a progress measure title", PROGRESS, P_TITLE, '    title: "\\u200b"'),
    ]:
        change = in_progress(old, new) if rel == PROGRESS else sub(rel, old, new)
        out.append(Case(f"{where} that is only invisible characters", "r2 names", change, "refused"))
    out.append(Case("a short_name with a zero-width space inside", "r2 names",
                    sub(ORG, SHORT_NAME, '    short_name: "สำนัก\\u200bปลัดฯ"'), "accepted"))
    return out


def _paths() -> list[Case]:
    return [
        Case("progress.yaml a link outside the records", "r2 paths", linked_out(PROGRESS), "refused"),
        Case("organisation.yaml a link outside the records", "r2 paths", linked_out(ORG), "refused"),
        Case("the framework a link outside the records", "r2 paths", linked_out(FRAMEWORK), "refused"),
        Case("progress.yaml a link to /etc/passwd", "r2 paths", lambda root: os.symlink("/etc/passwd", root / PROGRESS),
             "refused"),
        Case("progress.yaml a link inside the records", "r2 paths", linked_in, "accepted"),
    ]


def cases() -> list[Case]:
    return _tags() + _merges() + _sizes() + _names() + _paths()
