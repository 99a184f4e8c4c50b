"""A corpus of broken and hostile records, each run through ``docgen validate`` and
``docgen build`` as a clerk would run them. Run by ``test_hostile.py`` in a child
process with a memory limit:

    python tests/hostile_corpus.py RESULTS.json

Each case is a change to a fresh copy of the sample records and what must happen:
``refused`` (exit 1, a Thai message naming a records file, nothing written) or
``accepted`` (exit 0, the documents written, the marked text whole inside them).
Outcomes: ok, crash (a traceback or an internal error), hang (over the time limit),
misclassified (accepted what must be refused, or the reverse), disagree (validate
passed and build failed), loss (a value's text missing from the document), leftover
(a failed run wrote something).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLE = ROOT / "records"
PACKET = Path("lopburi-pao/2566/packet.yaml")
ORG = Path("lopburi-pao/organisation.yaml")
FRAMEWORK = Path("frameworks/ita-2566.yaml")
SECONDS = 30  # a case over this hangs
THAI = re.compile("[\u0e00-\u0e7f]")
PNG = (ROOT / "docgen" / "assets" / "emblem-placeholder.png").read_bytes()


@dataclass
class Case:
    name: str
    category: str
    change: Callable[[Path], None]
    expect: str  # "refused" or "accepted"
    marker: str | None = None  # text an accepted case must show whole in the documents


def sub(rel: Path, old: str, new: str) -> Callable[[Path], None]:
    """Replace the one occurrence of *old* in a records file."""
    def change(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return change


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        for c in changes:
            c(root)
    return change


def write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return change


def raw(rel: Path, transform: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        path = root / rel
        path.write_bytes(transform(path.read_bytes()))
    return change


def special(rel: str, kind: str) -> Callable[[Path], None]:
    """A FIFO, a folder, a symlink loop or a device link where a file is expected."""
    def change(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "dir":
            path.mkdir()
        elif kind == "loop":
            os.symlink(path.name + ".b", path)
            os.symlink(path.name, str(path) + ".b")
        elif kind == "zero":
            os.symlink("/dev/zero", path)
    return change


# --------------------------------------------------------------------------- the cases

BANDS = """bands:
  - {grade: AA, min: 95.00, max: 100}
  - {grade: A, min: 85.00, max: 94.99}
  - {grade: B, min: 75.00, max: 84.99}
  - {grade: C, min: 65.00, max: 74.99}
  - {grade: D, min: 55.00, max: 64.99}
  - {grade: E, min: 40.00, max: 54.99}
  - {grade: F, min: 0, max: 39.99}
"""
SCALARS = [  # (file, the line as the sample has it, the key's text before the value)
    (PACKET, "  score: 96.77", "  score: "),
    (PACKET, "fiscal_year: 2566", "fiscal_year: "),
    (PACKET, "  number: 531                       # เลขทะเบียนหนังสือเวียน (ต่อจาก /ว)", "  number: "),
    (PACKET, "  date: 2566-02-23", "  date: "),
    (PACKET, "  url: https://www.loppao.go.th/ita/2566/o42   # ที่อยู่ของเอกสารบนเว็บไซต์ (QR Code ชี้มาที่นี่)", "  url: "),
    (PACKET, "    duty: 97.85", "    duty: "),
    (FRAMEWORK, "pass_mark: 85", "pass_mark: "),
    (FRAMEWORK, "    questions: 30", "    questions: "),
]
BAD_VALUES = {
    "a list": "[1, 2]", "a mapping": "{a: 1}", "null": "~", "a boolean": "true", "infinity": ".inf",
    "minus infinity": "-.inf", "not a number": ".nan", "a huge number": "9" * 30, "minus five": "-5",
    "empty text": '""', "spaces": '"   "', "a surrogate": '"\\ud800"', "a null byte": '"\\x00"',
}


def cases() -> list[Case]:
    out: list[Case] = []
    add = out.append
    # types: every bad value in every scalar field that must hold a proper value
    for rel, line, key in SCALARS:
        field_name = key.strip().rstrip(":")
        for what, value in BAD_VALUES.items():
            if field_name == "url" and what in ("a huge number", "minus five"):
                continue  # digits are text: the URL rule refuses them below anyway
            if field_name in ("questions", "number") and what == "null":
                continue  # a count of questions may be left unknown; a circular's number until the register gives it
            add(Case(f"{field_name} is {what}", "types", sub(rel, line, key + value), "refused"))
    # missing keys
    for rel, line in [
        (PACKET, "fiscal_year: 2566\n"), (PACKET, "  announced: 2565-08-01\n"),
        (PACKET, "  sender: legal-affairs\n  signer: head-of-office\n"),
        (PACKET, "  publisher: strategy               # ส่วนราชการที่นำข้อมูลเผยแพร่บนเว็บไซต์\n"),
        (ORG, "key: lopburi-pao                      # ชื่อโฟลเดอร์ผลลัพธ์ใต้ output/\n"),
        (ORG, "short_name: อบจ.ลพบุรี\n"), (FRAMEWORK, "pass_mark: 85\n"), (FRAMEWORK, "abbr: ITA\n"),
        (PACKET, "    duty: 97.85\n"), (PACKET, "    follow_up: รายงานผลการดำเนินการในการประชุมหัวหน้าส่วนราชการ\n  - title: การปรับปรุง"),
    ]:
        replacement = "  - title: การปรับปรุง" if line.endswith("การปรับปรุง") else ""
        add(Case(f"missing {line.split(':')[0].strip()}", "missing keys", sub(rel, line, replacement), "refused"))
    # unknown keys
    for rel, anchor, typo in [(PACKET, "fiscal_year: 2566", "fiscal_yaer: 2566"), (PACKET, "  score: 96.77", "  scroe: 96.77"),
                              (ORG, "short_name: อบจ.ลพบุรี", "shrot_name: อบจ."), (FRAMEWORK, "abbr: ITA", "abr: ITA"),
                              (PACKET, "  report_by: 2566-03-20", "  reprot_by: 2566-03-20")]:
        add(Case(f"a misspelt key ({typo.split(':')[0].strip()})", "unknown keys", sub(rel, anchor, anchor + "\n" + typo), "refused"))
    # encodings
    add(Case("packet in UTF-16", "encodings", raw(PACKET, lambda b: b.decode("utf-8").encode("utf-16")), "refused"))
    add(Case("packet in TIS-620", "encodings", raw(PACKET, lambda b: b.decode("utf-8").encode("tis-620", "replace")), "refused"))
    add(Case("a cut multibyte character", "encodings", raw(ORG, lambda b: b.replace("ลพบุรี\n".encode(), "ลพบุรี\n".encode()[:-2] + b"\n", 1)), "refused"))
    add(Case("organisation with a BOM", "encodings", raw(ORG, lambda b: b"\xef\xbb\xbf" + b), "accepted"))
    add(Case("packet with CRLF line ends", "encodings", raw(PACKET, lambda b: b.replace(b"\n", b"\r\n")), "accepted"))
    add(Case("framework with CR line ends", "encodings", raw(FRAMEWORK, lambda b: b.replace(b"\n", b"\r")), "accepted"))
    # control and invisible characters
    title = "  - title: การยืมทรัพย์สินของหน่วยงาน"
    for ch in ("\x00", "\x0b", "\x1b", "\x07", "\ufffe", "\x7f"):
        add(Case(f"raw U+{ord(ch):04X} in a title", "control characters",
                 sub(PACKET, title, title + ch + "ท้าย"), "refused"))
    for esc in ("\\x0b", "\\e", "\\a", "\\f", "\\x1f"):
        add(Case(f"escaped {esc} in a title", "control characters",
                 sub(PACKET, title, f'  - title: "การยืมทรัพย์สิน{esc}ของหน่วยงานท้ายข้อความ"'), "accepted",
                 marker="ของหน่วยงานท้ายข้อความ"))
    add(Case("escaped \\e in the organisation's name", "control characters",
             sub(ORG, "name: องค์การบริหารส่วนจังหวัดลพบุรี", 'name: "องค์การบริหารส่วนจังหวัด\\eลพบุรี"'), "accepted",
             marker="ลพบุรี"))
    add(Case("escaped \\e in the item's name", "control characters",
             sub(FRAMEWORK, "  name: มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
                 '  name: "มาตรการส่งเสริมคุณธรรม\\eและความโปร่งใสภายในหน่วยงาน"'), "accepted", marker="และความโปร่งใส"))
    for ch, name in (("\u200b", "zero-width space"), ("\u00a0", "no-break space"), ("\u2060", "word joiner")):
        add(Case(f"{name} inside the URL", "invisible characters",
                 sub(PACKET, "url: https://www.loppao.go.th/ita/2566/o42", f"url: https://www.loppao.go.th/ita/{ch}2566/o42"),
                 "refused"))
        add(Case(f"{name} inside a unit key reference", "invisible characters",
                 sub(PACKET, "  publisher: strategy", f"  publisher: strat{ch}egy"), "refused"))
        add(Case(f"{name} inside a title", "invisible characters",
                 sub(PACKET, title, title + ch + "ต่อท้าย"), "accepted", marker="ต่อท้าย"))
    for where, line, new in [
        ("a measure title", title, '  - title: "การยืม\\ud800ทรัพย์สิน"'),
        ("the organisation's name", "name: องค์การบริหารส่วนจังหวัดลพบุรี", 'name: "องค์การ\\udfffบริหาร"'),
        ("an advice item", "      remark: หน่วยงานได้มีการดำเนินการตามแบบวัด IIT ได้อย่างดีเยี่ยม ควรรักษามาตรฐานไว้",
         '      remark: "ดี\\ud83dเยี่ยม"'),
    ]:
        rel = ORG if "organisation" in where else PACKET
        add(Case(f"a lone surrogate in {where}", "surrogates", sub(rel, line, new), "refused"))
    # YAML features
    add(Case("a billion laughs", "yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\n" + laughs()), "refused"))
    add(Case("3,000-deep flow list", "yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\nx: " + "[" * 3000 + "]" * 3000), "refused"))
    add(Case("1,000-deep block mapping", "yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\n" + "".join(f"{' ' * i}k{i}:\n" for i in range(1000)) + " " * 1000 + "v"), "refused"))
    add(Case("a duplicate key", "yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\nfiscal_year: 2567"), "refused"))
    add(Case("two documents", "yaml", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\n---\nx: 1"), "refused"))
    add(Case("a tab for indentation", "yaml", sub(PACKET, "  score: 96.77", "\tscore: 96.77"), "refused"))
    add(Case("an unclosed quote", "yaml", sub(PACKET, "  score: 96.77", '  score: "96.77'), "refused"))
    add(Case("a missing colon", "yaml", sub(PACKET, "  score: 96.77", "  score 96.77"), "refused"))
    add(Case("a python tag", "yaml", sub(PACKET, "  score: 96.77", "  score: !!python/object/apply:os.system [echo hi]"), "refused"))
    add(Case("an unknown tag", "yaml", sub(PACKET, "  score: 96.77", "  score: !weird 96.77"), "refused"))
    add(Case("a binary value", "yaml", sub(PACKET, "  score: 96.77", "  score: !!binary aGVsbG8="), "refused"))
    add(Case("an empty packet", "yaml", write(str(PACKET), ""), "refused"))
    add(Case("a packet that is a list", "yaml", write(str(PACKET), "- a\n- b\n"), "refused"))
    add(Case("a packet that is one word", "yaml", write(str(PACKET), "hello\n"), "refused"))
    add(Case("a merge key", "yaml", sub(PACKET, "  score: 96.77", "  <<: {score: 96.77}"), "accepted"))
    add(Case("an anchor used twice", "yaml", both(sub(PACKET, "  preparer: legal-affairs", "  preparer: &u legal-affairs"),
                                                     sub(PACKET, "  sender: legal-affairs\n  signer: head-of-office",
                                                         "  sender: *u\n  signer: head-of-office")), "accepted"))
    # sizes
    add(Case("a 2 MB packet", "sizes", sub(PACKET, "fiscal_year: 2566", "fiscal_year: 2566\n# " + "ก" * 700_000), "refused"))
    add(Case("a 20,000-character title", "sizes", sub(PACKET, title, "  - title: " + "ก" * 20_000), "refused"))
    add(Case("a 9,000-character title", "sizes", sub(PACKET, title, "  - title: " + "ข" * 8_990 + "ท้ายสุด"), "accepted", marker="ท้ายสุด"))
    add(Case("40,000 letters in a title", "sizes", sub(PACKET, title, "  - title: " + "a" * 40_000), "refused"))
    add(Case("9,000 digits as a title", "sizes", sub(PACKET, title, "  - title: " + "1" * 9_000), "refused"))
    add(Case("9,000 digits in a quoted title", "sizes", sub(PACKET, title, '  - title: "' + "1" * 9_000 + '"'), "accepted"))
    add(Case("9,000 letters and dots in a title", "sizes", sub(PACKET, title, "  - title: " + "ab." * 3_000), "accepted"))
    add(Case("200 measures", "sizes", many_measures(200), "accepted", marker="มาตรการทดสอบที่ ๒๐๐"))
    # paths
    for key, line in (("organisation", "organisation: ../organisation.yaml"), ("framework", "framework: ../../frameworks/ita-2566.yaml")):
        for what, value in [("/dev/zero", "/dev/zero"), ("empty", "''"), ("a folder", "."), ("/etc/passwd", "/etc/passwd"),
                            ("a climb out", "../../../../../../etc/passwd"), ("a missing file", "../nowhere.yaml")]:
            add(Case(f"{key}: {what}", "paths", sub(PACKET, line, f"{key}: {value}"), "refused"))
        for kind in ("fifo", "dir", "loop", "zero"):
            add(Case(f"{key}: a {kind}", "paths", both(special(f"lopburi-pao/2566/{kind}.yaml", kind),
                                                      sub(PACKET, line, f"{key}: {kind}.yaml")), "refused"))
    emblem = "emblem: placeholder"
    for what, prep, value in [
        ("/etc/passwd", None, "/etc/passwd"), ("outside the records", None, "../../../docgen/assets/emblem-placeholder.png"),
        ("a folder", special("lopburi-pao/g", "dir"), "g"), ("a FIFO", special("lopburi-pao/g.png", "fifo"), "g.png"),
        ("a symlink loop", special("lopburi-pao/g.png", "loop"), "g.png"), ("/dev/zero", special("lopburi-pao/g.png", "zero"), "g.png"),
        ("a truncated PNG", write("lopburi-pao/g.png", PNG[: len(PNG) // 2]), "g.png"),
        ("an empty file", write("lopburi-pao/g.png", b""), "g.png"), ("a text file", write("lopburi-pao/g.png", "not an image"), "g.png"),
        ("an SVG", write("lopburi-pao/g.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>"), "g.svg"),
        ("empty", None, "''"),
    ]:
        change = sub(ORG, emblem, f"emblem: {value}")
        add(Case(f"emblem: {what}", "paths", both(prep, change) if prep else change, "refused"))
    add(Case("emblem: /dev/zero where the profile allows paths outside", "paths",
             sub(ORG, emblem, "emblem: /dev/zero\nallow_outside_records: true"), "refused"))
    add(Case("emblem: a real PNG", "paths", both(write("lopburi-pao/g.png", PNG), sub(ORG, emblem, "emblem: g.png")), "accepted"))
    for what, value in [("outside the records", "/tmp"), ("missing", "my-templates"), ("a climb out", "../../..")]:
        add(Case(f"templates: {what}", "paths", sub(ORG, emblem, f"{emblem}\ntemplates: {value}"), "refused"))
    # dates and numbers
    for year in ("1566", "2399", "2555", "9999", "0001"):
        add(Case(f"memo date in year {year}", "dates", sub(PACKET, "  date: 2566-02-23", f"  date: {year}-02-23"), "refused"))
        add(Case(f"a measure starting in year {year}", "dates", sub(PACKET, "    start: 2566-01", f"    start: {year}-01"), "refused"))
    for what, line, new in [
        ("30 February", "  date: 2566-02-23", "  date: 2566-02-30"), ("month 13", "    start: 2566-01", "    start: 2566-13"),
        ("a Thai date with a typo", "  date: 2566-02-23", "  date: 23 กุมภา 2566"), ("fiscal year 2566.5", "fiscal_year: 2566", "fiscal_year: 2566.5"),
        ("running number -5", "  number: 531", "  number: -5"), ("running number 531.9", "  number: 531", "  number: 531.9"),
        ("running number 0", "  number: 531", "  number: 0"), ("questions -30", "    questions: 30", "    questions: -30"),
        ("score 100.001", "  score: 96.77", "  score: 100.001"), ("score 96,77", "  score: 96.77", "  score: 96,77"), ("score 9,5", "  score: 96.77", "  score: 9,5"),
        ("no bands", BANDS, "bands: []\n"), ("a band gap", "max: 94.99", "max: 93.99"),
        ("weights not 100", "    weight: 40", "    weight: 45"), ("circular before memo", "  date: 2566-02-27", "  date: 2566-02-20"),
        ("report due before circular", "  report_by: 2566-03-20", "  report_by: 2566-02-01"),
        ("a 2,400-character URL", "url: https://www.loppao.go.th/ita/2566/o42", "url: https://www.loppao.go.th/" + "a" * 2400),
    ]:
        rel = FRAMEWORK if what in ("no bands", "a band gap", "weights not 100", "questions -30") else PACKET
        add(Case(what, "dates and numbers", sub(rel, line, new), "refused"))
    for what, line, new in [("score in Thai digits", "  score: 96.77", "  score: ๙๖.๗๗"),
                            ("a CE date", "  date: 2566-02-23", "  date: 2023-02-23"),
                            ("a Thai date", "  date: 2566-02-23", "  date: ๒๓ ก.พ. ๒๕๖๖")]:
        add(Case(what, "dates and numbers", sub(PACKET, line, new), "accepted"))
    # the organisation's structure
    for what, line, new in [
        ("a unit that is its own parent", "  internal-audit:\n    name: หน่วยตรวจสอบภายใน", "  internal-audit:\n    name: หน่วยตรวจสอบภายใน\n    parent: internal-audit"),
        ("a loop of parents", "  office-of-secretary:\n    name: สำนักปลัดองค์การบริหารส่วนจังหวัด", "  office-of-secretary:\n    parent: legal-affairs\n    name: สำนักปลัดองค์การบริหารส่วนจังหวัด"),
        ("a loop of superiors", "    holder: orapin", "    holder: orapin\n    reports_to: deputy-chief-executive"),
        ("a holder nobody is", "    holder: orapin", "    holder: nobody"),
    ]:
        add(Case(what, "structure", sub(ORG, line, new), "refused"))
    add(Case("an unknown signer", "structure", sub(PACKET, "  signer: chief-executive", "  signer: king"), "refused"))
    add(Case("an unknown unit in a measure", "structure", sub(PACKET, "    lead: internal-audit", "    lead: audit"), "refused"))
    # what must keep working
    add(Case("the sample as it is", "controls", lambda root: None, "accepted", marker="การยืมทรัพย์สินของหน่วยงาน"))
    add(Case("a phone tagged !literal", "controls", sub(ORG, "phone: 0 3641 1404", "phone: !literal 0 3641 1404"), "accepted",
             marker="Tel. 0 3641 1404"))
    add(Case("markup in a value", "controls", sub(PACKET, title, '  - title: "R&D <b>ตัวหนา</b> {{ 7*7 }} {% if %}"'), "accepted",
             marker="R&D <b>ตัวหนา</b> {{ ๗*๗ }} {% if %}"))
    return out


def laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
              for i in range(1, 9)]
    return "\n".join(lines)


def many_measures(n: int) -> Callable[[Path], None]:
    block = "".join(
        f"  - title: มาตรการทดสอบที่ {i}\n    steps: [ขั้นตอนที่หนึ่ง, ขั้นตอนที่สอง]\n    lead: internal-audit\n"
        f"    start: 2566-01\n    end: 2566-02\n    follow_up: รายงานผลการดำเนินการ\n" for i in range(5, n + 1))
    return sub(PACKET, "# รายงาน O42 (เล่มมาตรการ)", block + "\n# รายงาน O42 (เล่มมาตรการ)")


# --------------------------------------------------------------------------- running


class Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001
    raise Hang


def run_cli(args: list[str]) -> tuple[int | None, str, str]:
    from click.testing import CliRunner

    from docgen.cli import main

    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SECONDS)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True)
    finally:
        signal.alarm(0)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        if isinstance(result.exception, Hang):
            return None, "", "hang"
        tb = "".join(traceback.format_exception(result.exception))
        return -1, result.stdout, result.stderr + "\nTraceback " + tb
    return result.exit_code, result.stdout, result.stderr


def docx_text(folder: Path) -> str:
    import zipfile

    from lxml import etree

    texts = []
    for path in sorted(folder.glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    root = etree.fromstring(z.read(name))
                    texts.append("".join(root.itertext()))
    return "\n".join(texts).replace("\xa0", " ")


def judge(case: Case, work: Path) -> tuple[str, str]:
    root = work / "records"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("progress.yaml"))  # its own cases: test_progress
    case.change(root)
    packet = str(root / PACKET)
    out = work / "out"
    started = time.monotonic()
    v_code, _, v_err = run_cli(["validate", "-r", packet])
    b_code, _, b_err = run_cli(["build", "-r", packet, "-o", str(out)])
    seconds = time.monotonic() - started
    for code, err in ((v_code, v_err), (b_code, b_err)):
        if code is None:
            return "hang", f"over {SECONDS} s"
        if code == -1 or "Traceback" in err or "ข้อผิดพลาดภายในโปรแกรม" in err:
            return "crash", err.strip().splitlines()[-1][:200] if err.strip() else "?"
    if v_code == 0 and b_code != 0:
        return "disagree", b_err.strip()[:200]
    if case.expect == "refused":
        if v_code == 0:
            return "misclassified", "validate accepted it"
        problems = [line for line in v_err.splitlines() if line.startswith("  - ")] or v_err.splitlines()[:1]
        if not v_err.startswith("docgen:") or not all(THAI.search(line) for line in problems):
            return "misclassified", f"not a Thai message: {v_err[:200]}"
        if any(english in v_err for english in ("Value error", "Input should", "codec")):
            return "misclassified", f"a library's English in the message: {v_err[:200]}"
        if out.exists() and any(out.rglob("*")):
            return "leftover", "a refused build wrote files"
        return "ok", f"{seconds:.1f} s: " + v_err.strip().splitlines()[-1][:150]
    if v_code != 0:
        return "misclassified", "refused: " + v_err.strip().splitlines()[-1][:200]
    if case.marker is not None:
        text = docx_text(out / "lopburi-pao" / "2566")
        if case.marker not in text:
            return "loss", f"'{case.marker[:40]}' is not in the documents"
    return "ok", f"{seconds:.1f} s"


def main(results_path: str) -> None:
    from hostile_round2 import judge_forked, round_two

    rows = []
    first, second = cases(), round_two()
    for n, case in enumerate(first + second):
        if n >= len(first):  # the second round's: bounded alone, its own time and memory
            outcome, detail = judge_forked(case, judge)
        else:
            with tempfile.TemporaryDirectory(prefix="docgen-corpus-") as tmp:
                try:
                    outcome, detail = judge(case, Path(tmp))
                except Exception as exc:  # the corpus's own fault: report it as such
                    outcome, detail = "crash", f"corpus: {type(exc).__name__}: {exc}"
        rows.append({"name": case.name, "category": case.category, "expect": case.expect,
                     "outcome": outcome, "detail": detail})
    Path(results_path).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main(sys.argv[1])
