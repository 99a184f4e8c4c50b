"""A restyled template, a template's zip and an emblem are bounded: what a template may
not do (read files, reach Python's internals), text, loops and time past the limits of
a rendering, zip members that inflate past theirs, an SVG whose references repeat
each other: each refused with its exact Thai line and exit 1, quickly."""

from __future__ import annotations

import time

import pytest
from hostile_r2_templates import OWN_EMBLEM, SHIPPED, _lying, nested_svg, tag, with_zeros

from conftest import ORG, run

PROBLEMS = "docgen: พบปัญหาในแม่แบบ {count} รายการ ในโฟลเดอร์ {folder} (ยังไม่ได้สร้างเอกสารใด):"


def _restyle(records, change) -> str:
    change(records.root)
    return str(records.root / "lopburi-pao" / "my-templates")


def _refused(records, tmp_path, line: str, count: int = 1) -> None:
    folder = records.root / "lopburi-pao" / "my-templates"
    for args in (["validate"], ["build", "-o", str(tmp_path)]):
        started = time.monotonic()
        result = run(*args, "-r", str(records.packet))
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        assert PROBLEMS.format(count=count, folder=folder) in result.stderr, result.stderr
        assert f"  - {line}" in result.stderr.splitlines(), result.stderr
        assert "Traceback" not in result.stderr and time.monotonic() - started < 10
    assert not (tmp_path / "lopburi-pao").exists()


WHERE = "แม่แบบ memo.docx (เนื้อหา, ย่อหน้า “ส่วนราชการ {{ head.unit_line }}"
TAGS = [
    ("{% include '/etc/passwd' %}",
     WHERE + "{% include '/etc/passwd' %}”): ใช้คำสั่ง “include” ไม่ได้ (แม่แบบของ docgen อ่านไฟล์หรือแม่แบบอื่นไม่ได้)"
             " ให้ลบคำสั่ง {% include … %} ออก"),
    ("{{ 'ก' * 3000000000 }}",
     "แม่แบบ memo.docx: เครื่องหมาย '*' สร้างข้อความยาว 3,000,000,000 ตัวอักษร เกิน 20,000,000 ตัวอักษร"
     " ให้ลบแท็กนั้นออก (หรือใช้ค่าที่เล็กลง)"),
    ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
     "แม่แบบ memo.docx: วนซ้ำเกิน 200,000 รอบในเอกสารเดียว (เช่น {% for %} ซ้อนกันหรือ range ยาว)"
     " ให้ลบคำสั่งวนซ้ำที่ไม่ได้วนตามข้อมูลออก"),
    ("{{ lipsum(100000) }}",
     WHERE + "{{ lipsum(100000) }}”): ใช้ชื่อ “lipsum” (ข้อความตัวอย่างสุ่ม) ในแม่แบบของ docgen ไม่ได้"
             " ให้ลบแท็กที่ใช้ชื่อนี้ออก"),
    ("{{ ''.__class__.__mro__ }}",
     WHERE + "{{ ''.__class__.__mro__ }}”): แท็กเรียก “__mro__” ซึ่งเป็นส่วนภายในของโปรแกรม แม่แบบใช้ไม่ได้"
             " ให้ลบแท็กนั้นออก"),
    ("{{ '{:>3000000000}'.format(1) }}",
     "แม่แบบ memo.docx: รูปแบบข้อความ “{:>3000000000}” กว้างเกิน 1,000 ตัวอักษร ให้ลบตัวเลขความกว้างนั้นออก"),
]


@pytest.mark.parametrize("jinja, line", TAGS, ids=[t[0][:30] for t in TAGS])
def test_a_tag_past_the_sandbox_is_refused_in_thai(records, tmp_path, jinja, line):
    _restyle(records, tag(jinja))
    _refused(records, tmp_path, line)


def test_a_rendering_past_its_time_is_refused(records, tmp_path, monkeypatch):
    from docgen.docx import bounds

    monkeypatch.setattr(bounds, "SECONDS", 0.0)
    _restyle(records, tag("{% for i in range(3) %}{% endfor %}"))
    _refused(records, tmp_path, "แม่แบบ memo.docx: เติมข้อมูลนานเกิน 0 วินาที (แท็กคำนวณมากเกินไป เช่น วนซ้ำซ้อนกันหลายชั้น)"
                                " ให้ลบคำสั่งวนซ้ำหรือแท็กที่คำนวณมากออก", count=3)  # every template: none renders in no time


def _with_template(data: bytes):
    from hostile_r2_templates import restyled

    return restyled(lambda _: data)


def test_a_template_member_inflating_past_its_bound_is_refused(records, tmp_path):
    memo = (SHIPPED / "memo.docx").read_bytes()
    _restyle(records, _with_template(with_zeros(memo, "word/media/bomb.bin", 200)))
    _refused(records, tmp_path, "แม่แบบ memo.docx: ส่วน word/media/bomb.bin ในไฟล์ขยายออกเกิน 25 MB"
                                " (ไฟล์อาจเป็น zip bomb หรือเสีย) ให้เปิดใน Word แล้วบันทึกใหม่เป็น “เอกสาร Word (*.docx)”"
                                " หรือใช้ไฟล์อื่น")


def test_a_member_whose_header_lies_is_refused(records, tmp_path):
    memo = (SHIPPED / "memo.docx").read_bytes()
    _restyle(records, _with_template(_lying(with_zeros(memo, "word/document.xml", 200), "word/document.xml", 30_000)))
    _refused(records, tmp_path, "แม่แบบ memo.docx: ไฟล์ zip ของเอกสารเสียหรือไม่ครบ (อ่านส่วนย่อยไม่ได้)"
                                " ให้เปิดใน Word แล้วบันทึกใหม่เป็น “เอกสาร Word (*.docx)”")


def test_an_svg_whose_use_nest_ten_deep_is_refused_quickly(records, tmp_path):
    svg = tmp_path / "garuda.svg"
    svg.write_text(nested_svg(10), encoding="utf-8")
    started = time.monotonic()
    result = run("emblem", str(svg), "-r", str(records.packet))
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert result.stderr == (f"docgen: ไฟล์ SVG {svg} มี <use> หรือการอ้างถึงซ้อนกันลึกเกิน 4 ชั้น"
                             " ให้บันทึกตราเป็นไฟล์ PNG (ส่งออกจากโปรแกรมวาดภาพ) แล้วใช้ไฟล์นั้นแทน\n")
    assert "emblem: placeholder" in (records.root / ORG).read_text(encoding="utf-8")


def test_an_svg_that_draws_too_long_is_stopped(records, tmp_path, monkeypatch):
    from docgen.records import svg as svg_module

    monkeypatch.setattr(svg_module, "SECONDS", 0.001)
    svg = tmp_path / "garuda.svg"
    svg.write_text(nested_svg(2), encoding="utf-8")
    result = run("emblem", str(svg), "-r", str(records.packet))
    assert result.exit_code == 1
    assert result.stderr == (f"docgen: ไฟล์ SVG {svg} ซับซ้อนเกินกว่าจะแปลงเป็นภาพได้ภายใน 0.001 วินาที"
                             " ให้บันทึกตราเป็นไฟล์ PNG (ส่งออกจากโปรแกรมวาดภาพ) แล้วใช้ไฟล์นั้นแทน\n")


def test_a_modest_svg_and_a_docx_bomb(records, tmp_path):
    svg = tmp_path / "garuda.svg"
    svg.write_text(nested_svg(2), encoding="utf-8")
    assert run("emblem", str(svg), "-r", str(records.packet)).exit_code == 0
    from hostile_r2_templates import _zip_of

    bomb = tmp_path / "office.docx"
    bomb.write_bytes(with_zeros(_zip_of({"word/document.xml": b"<a/>"}), "word/document.xml", 200))
    result = run("emblem", str(bomb), "-r", str(records.packet), "--force")
    assert result.exit_code == 1
    assert result.stderr == (f"docgen: ไฟล์ {bomb}: ส่วน word/document.xml ในไฟล์ขยายออกเกิน 10 MB"
                             " (ไฟล์อาจเป็น zip bomb หรือเสีย) ให้เปิดใน Word แล้วบันทึกใหม่เป็น “เอกสาร Word (*.docx)”"
                             " หรือใช้ไฟล์อื่น\n")


def test_a_photo_whose_pixels_pass_the_bound_is_refused(tmp_path):
    from hostile_r2_templates import png

    from docgen.records.images import image_fault

    assert OWN_EMBLEM  # the corpus's own emblem: a picture that passes
    path = tmp_path / "bomb.png"
    path.write_bytes(png(10_000, 10_000))
    assert image_fault(path) == "ภาพใหญ่ 10000x10000 จุด เกินที่รับได้ (50 ล้านจุด) ให้ย่อภาพก่อน"


def test_a_template_compiled_from_the_cache_is_as_sandboxed(tmp_path, monkeypatch):
    """The compiled code kept in the cache folder (a new process skips compiling) calls
    the sandbox as freshly compiled code does: an unsafe attribute is refused both times."""
    from docgen.docx.bounds import Refused
    from docgen.docx.jinja import environment

    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    source = "{{ value.mro }}"  # a type's mro: refused by the sandbox as the template renders
    for attempt in range(2):
        env = environment.__wrapped__("thai")  # a process's first environment: nothing compiled in it yet
        template = env.from_string(source)
        assert len(list((tmp_path / "jinja").glob("*.code"))) == 1, attempt
        with pytest.raises(Refused, match="mro"):
            template.render(value=str)


def test_the_cached_code_of_one_numeral_system_is_not_another_offices(tmp_path, monkeypatch):
    """Jinja folds a template's constant output through the environment's finalize (the
    office's digits) when it compiles: the code kept for a Thai-digit office is not
    the code an Arabic-digit office renders."""
    from docgen.docx.jinja import environment

    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    source = "{{ 'ปี 2566' }}"
    assert environment.__wrapped__("thai").from_string(source).render() == "ปี ๒๕๖๖"
    assert environment.__wrapped__("arabic").from_string(source).render() == "ปี 2566"
    assert environment.__wrapped__("thai").from_string(source).render() == "ปี ๒๕๖๖"
    assert len(list((tmp_path / "jinja").glob("*.code"))) == 2
