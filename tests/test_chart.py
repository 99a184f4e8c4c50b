"""The indicator chart, measured in its pixels: each bar ends at its score on the axis,
in the colour of passing or failing, the pass mark's line is dashed at its score, the
Thai is shaped, and the same inputs give the same bytes."""

import io
from decimal import Decimal

import pytest
from PIL import Image, ImageFont

from docgen.documents import chart, chart_draw
from docgen.facts.derive import facts
from docgen.fonts import thai_font_file
from docgen.records.loading import load

from conftest import PACKET, SAMPLE

FONT = "TH SarabunIT๙"


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def sample_request() -> dict:
    recs = load(SAMPLE / PACKET)
    f = facts(recs)
    return chart._request(f["prev"]["ranked"], f["prev"]["pass_mark"], font_path=thai_font_file(FONT),
                          numerals=recs.organisation.numerals)


def _rows(*pairs: tuple[str, str]) -> list[dict]:
    return [{"name": n, "score": Decimal(s), "passes": Decimal(s) >= 85} for n, s in pairs]


MIXED = (("การเปิดเผยข้อมูล", "100"), ("การปฏิบัติหน้าที่", "97.85"), ("การใช้งบประมาณ", "71.3"),
         ("การแก้ไขปัญหาการทุจริต", "12.5"))


def mixed_request() -> dict:
    return chart._request(_rows(*MIXED), Decimal(85), font_path=thai_font_file(FONT), numerals="thai")


def drawn(request: dict) -> tuple[chart_draw.Layout, Image.Image]:
    return chart_draw.layout(**request), Image.open(io.BytesIO(chart_draw.draw(**request))).convert("RGB")


@pytest.mark.parametrize("request_of", [sample_request, mixed_request])
def test_each_bar_ends_at_its_score_in_its_colour(request_of):
    request = request_of()
    lay, image = drawn(request)
    assert image.size == lay.size
    assert len(lay.rows) == len(request["rows"])
    for row, asked in zip(lay.rows, request["rows"]):
        colour = _rgb(chart_draw.PASS if asked["passes"] else chart_draw.FAIL)
        ink = [x for x in range(image.width) if image.getpixel((x, row.middle)) == colour]
        assert ink, asked["name"]
        # the bar starts at the axis and ends where its score stands on it (the score's
        # white label inside it breaks the run, but not its ends)
        assert abs(min(ink) - lay.left) <= chart_draw.SPINE
        expected = lay.left + (lay.right - lay.left) * asked["score"] / 100
        assert abs(max(ink) - expected) <= 1, (asked["name"], max(ink), expected)
        # bars run top-down in the order given, and never touch the next row
        top = [y for y in range(row.middle - lay.bar_height, row.middle) if image.getpixel((lay.left + 5, y)) == colour]
        assert row.middle - min(top) == lay.bar_height // 2
    middles = [r.middle for r in lay.rows]
    assert middles == sorted(middles) and min(b - a for a, b in zip(middles, middles[1:])) > lay.bar_height


def test_the_pass_mark_is_a_dashed_line_at_its_score():
    lay, image = drawn(mixed_request())
    assert lay.pass_x == round(lay.left + (lay.right - lay.left) * 0.85)
    line = _rgb(chart_draw.LINE)
    # between two bars the column at the pass mark is the line's colour, broken by gaps
    gap = range(lay.rows[0].middle + lay.bar_height // 2 + 2, lay.rows[1].middle - lay.bar_height // 2 - 2)
    column = [image.getpixel((lay.pass_x, y)) == line for y in gap]
    assert any(column) and not all(column)
    assert [t for _, t in lay.ticks] == ["๐", "๒๐", "๔๐", "๖๐", "๘๐", "๑๐๐"]
    assert [x for x, _ in lay.ticks] == [round(lay.left + (lay.right - lay.left) * v / 100) for v in range(0, 101, 20)]


def test_thai_is_shaped_tone_marks_stand_over_upper_vowels():
    """HarfBuzz (through raqm) lowers a tone mark where no upper vowel stands under it:
    unshaped, the tone mark of ท่ would float at the height it has in ที่."""
    font = chart_draw._font(thai_font_file(FONT), chart_draw.LABEL_PT)
    assert font.layout_engine == ImageFont.Layout.RAQM
    low, high = font.getbbox("ท่", anchor="ls")[1], font.getbbox("ที่", anchor="ls")[1]
    assert low - high >= 5, (low, high)


def test_the_scores_and_axis_print_in_the_offices_numerals():
    request = mixed_request()
    assert [r["label"] for r in request["rows"]] == ["๑๐๐", "๙๗.๘๕", "๗๑.๓๐", "๑๒.๕๐"]
    assert request["pass_label"] == "เกณฑ์ผ่าน ๘๕"
    arabic = chart._request([{"name": "ก", "score": Decimal("71.3"), "passes": False}], Decimal(85),
                            font_path=thai_font_file(FONT), numerals="arabic")
    assert arabic["rows"][0]["label"] == "71.30" and arabic["pass_label"] == "เกณฑ์ผ่าน 85"
    assert [t for _, t in chart_draw.layout(**arabic).ticks] == ["0", "20", "40", "60", "80", "100"]


def test_same_inputs_same_bytes():
    request = sample_request()
    assert chart_draw.draw(**request) == chart_draw.draw(**dict(request))
    recs = load(SAMPLE / PACKET)
    f = facts(recs)
    assert chart.indicator_chart(f["prev"]["ranked"], f["prev"]["pass_mark"], font=FONT,
                                 numerals="thai") == chart_draw.draw(**request)


def test_a_chart_drawn_once_is_kept_until_a_score_changes(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    scores = _rows(*MIXED)
    first = chart.indicator_chart(scores, Decimal(85), font=FONT, numerals="thai")
    assert len(list((tmp_path / "charts").glob("*.png"))) == 1

    def no_drawing(**_):
        raise AssertionError("drawn again")

    monkeypatch.setattr(chart_draw, "draw", no_drawing)
    assert chart.indicator_chart(scores, Decimal(85), font=FONT, numerals="thai") == first
    scores[2]["score"] = Decimal("71.4")
    with pytest.raises(AssertionError, match="drawn again"):
        chart.indicator_chart(scores, Decimal(85), font=FONT, numerals="thai")



def test_a_name_without_a_word_break_or_with_many_line_breaks_keeps_the_bars():
    request = chart._request(_rows(("A" * 120, "97.85"), ("ข้อ\n" * 20, "90"), ("การใช้งบประมาณ", "71.3")),
                             Decimal(85), font_path=thai_font_file(FONT), numerals="thai")
    assert [len(line) for line in request["rows"][0]["name"].split("\n")] == [30, 30, 30]
    assert request["rows"][0]["name"].endswith("…")
    assert len(request["rows"][1]["name"].split("\n")) == 3
    lay, image = drawn(request)
    assert (lay.right - lay.left) / lay.size[0] > 0.45
    assert all(len(row.lines) <= 3 for row in lay.rows)


def test_a_name_wider_than_its_share_is_cut_with_an_ellipsis():
    request = chart._request(_rows(("ก" * 29, "97.85"),), Decimal(85), font_path=thai_font_file(FONT), numerals="thai")
    request["rows"][0]["name"] = "ก" * 29 + "\n" + "ฒ" * 29  # wide letters, drawn as given
    lay, _ = drawn(request)
    font = chart_draw._font(thai_font_file(FONT), chart_draw.LABEL_PT)
    assert all(font.getlength(line) <= lay.size[0] * chart_draw.MAX_NAME_SHARE for line in lay.rows[0].lines)


def test_a_bar_too_short_for_its_score_has_it_beside_in_ink():
    lay, image = drawn(chart._request(_rows(("ก", "100"), ("ข", "3"), ("ค", "0")), Decimal(85),
                                      font_path=thai_font_file(FONT), numerals="thai"))
    full, short, empty = lay.rows
    assert full.label_inside and not short.label_inside and not empty.label_inside
    ink = _rgb(chart_draw.INK)
    for row in (short, empty):
        beside = [x for x in range(row.end + 1, row.end + 120) if image.getpixel((x, row.middle)) != (255, 255, 255)]
        assert beside and min(beside) > row.end, "the score stands after the bar"
        assert any(image.getpixel((x, y)) == ink for x in range(row.end, row.end + 120)
                   for y in range(row.middle - 15, row.middle + 15))
    assert empty.end == lay.left


@pytest.mark.parametrize("mark", [0, 5, 100])
def test_the_pass_marks_label_never_runs_into_the_names(mark):
    lay, _ = drawn(chart._request(_rows(("การเปิดเผยข้อมูล", "50"),), Decimal(mark),
                                  font_path=thai_font_file(FONT), numerals="thai"))
    font = chart_draw._font(thai_font_file(FONT), chart_draw.VALUE_PT)
    start = lay.pass_label_x - (font.getlength(lay.pass_label) if lay.pass_label_left else 0)
    assert start >= lay.left
    assert lay.pass_label_left == (mark == 100)


def test_no_rows_and_very_many_rows_draw_in_bounded_size():
    lay, image = drawn(chart._request([], Decimal(85), font_path=thai_font_file(FONT), numerals="thai"))
    assert lay.bottom > lay.top and image.size == lay.size
    many = _rows(*[(f"ตัวชี้วัด {i}", "90") for i in range(2_000)])
    lay = chart_draw.layout(**chart._request(many, Decimal(85), font_path=thai_font_file(FONT), numerals="thai"))
    assert lay.size[1] == chart_draw.MAX_HEIGHT and lay.bottom > lay.top


def test_a_kept_chart_a_crash_left_empty_is_drawn_again(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_CACHE_DIR", str(tmp_path))
    scores = _rows(("การเปิดเผยข้อมูล", "100"), ("การใช้งบประมาณ", "71.3"))
    first = chart.indicator_chart(scores, Decimal(85), font=FONT, numerals="thai")
    [kept] = (tmp_path / "charts").glob("*.png")
    kept.write_bytes(b"")
    assert chart.indicator_chart(scores, Decimal(85), font=FONT, numerals="thai") == first
    assert kept.read_bytes() == first


def test_fontconfigs_character_set_says_what_the_font_file_draws():
    from fontTools.ttLib import TTFont

    from docgen.fonts import Match, font_match

    assert Match("f", "F", "20-7e e01-e3a").draws("ก") and Match("f", "F", "20-7e e01-e3a").draws("A")
    assert not Match("f", "F", "20-7e e01-e3a").draws("฿") and not Match("f", "F", "").draws("ก")
    for family in (FONT, "DejaVu Sans"):
        found = font_match(family)
        assert found is not None
        with TTFont(found.file, lazy=True) as font:
            cmap = font.getBestCmap()
        assert [found.draws(chr(c)) for c in range(0x0E00, 0x0E60)] == [c in cmap for c in range(0x0E00, 0x0E60)]
