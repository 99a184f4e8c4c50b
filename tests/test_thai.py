"""Thai typography: numerals, dates, fiscal years, periods, scores, money."""

import datetime as dt
from decimal import Decimal

import pytest

from docgen import thai
from docgen.docx.jinja import environment


@pytest.mark.parametrize("text, expected", [
    ("0 3641 1404 ต่อ 102", "๐ ๓๖๔๑ ๑๔๐๔ ต่อ ๑๐๒"),
    ("Lopburi1pao@gmail.com", "Lopburi1pao@gmail.com"),
    ("www.loppao.go.th", "www.loppao.go.th"),
    ("https://www.loppao.go.th/ita/2566/o42", "https://www.loppao.go.th/ita/2566/o42"),
    ("Email. Lopburi1pao@gmail.com โทร 102", "Email. Lopburi1pao@gmail.com โทร ๑๐๒"),
    ("ข้อ O42 และ I20", "ข้อ O๔๒ และ I๒๐"),
    ("96.77", "๙๖.๗๗"),
])
def test_thai_digits_spare_urls_and_emails(text, expected):
    assert thai.to_thai_digits(text) == expected


def test_literal_text_keeps_its_digits():
    assert thai.to_thai_digits(thai.Literal("บัญชี 123-4-56789-0")) == "บัญชี 123-4-56789-0"


def test_dates_in_thai_forms():
    day = dt.date(2023, 2, 27)
    assert thai.thai_date(day) == "27 กุมภาพันธ์ 2566"
    assert thai.to_thai_digits(thai.thai_date(day)) == "๒๗ กุมภาพันธ์ ๒๕๖๖"
    assert thai.to_thai_digits(thai.thai_date_short(dt.date(2023, 2, 24))) == "๒๔ ก.พ. ๒๕๖๖"
    assert thai.to_thai_digits(thai.thai_month_year(day)) == "กุมภาพันธ์ ๒๕๖๖"


@pytest.mark.parametrize("day, fy", [
    (dt.date(2022, 10, 1), 2566), (dt.date(2023, 9, 30), 2566), (dt.date(2023, 10, 1), 2567),
    (dt.date(2022, 9, 30), 2565),
])
def test_fiscal_year_of_a_date(day, fy):
    assert thai.fiscal_year(day) == fy


def test_fiscal_year_bounds():
    assert thai.fiscal_year_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


@pytest.mark.parametrize("start, end, expected", [
    (dt.date(2022, 10, 1), dt.date(2023, 9, 1), "ต.ค.๖๕ - ก.ย.๖๖"),
    (dt.date(2023, 1, 1), dt.date(2023, 2, 1), "ม.ค.-ก.พ. ๖๖"),
    (dt.date(2023, 3, 1), dt.date(2023, 3, 1), "มี.ค. ๖๖"),
])
def test_periods_as_the_seed_writes_them(start, end, expected):
    assert thai.to_thai_digits(thai.thai_period(start, end)) == expected


@pytest.mark.parametrize("typed", ["2566-02-27", "2023-02-27", "๒๗ ก.พ. ๒๕๖๖", "27 กุมภาพันธ์ 2566",
                                   "๒๕๖๖-๐๒-๒๗", "27 ก.พ. 2023", dt.date(2566, 2, 27)])
def test_every_date_form_normalises(typed):
    assert thai.parse_date(typed) == dt.date(2023, 2, 27)


def test_be_leap_day_that_is_no_ce_date_of_that_number():
    # 2567 BE = 2024 CE, a leap year, though 2567 itself is not one
    assert thai.parse_date("2567-02-29") == dt.date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["2566-01", "2023-01", "ม.ค. 2566", "มกราคม ๒๕๖๖"])
def test_month_forms(typed):
    assert thai.parse_month(typed) == dt.date(2023, 1, 1)


@pytest.mark.parametrize("bad", ["2566-13", "31 ก.พ. 2566", "พรุ่งนี้"])
def test_bad_dates_say_so_in_thai(bad):
    with pytest.raises(ValueError, match="ไม่|อ่าน"):
        thai.parse_month(bad) if bad.count("-") == 1 else thai.parse_date(bad)


def test_thai_digit_number_reads_as_decimal():
    assert thai.parse_decimal("๙๖.๗๗") == Decimal("96.77")


@pytest.mark.parametrize("value, expected", [
    (Decimal("96.77"), "96.77"), (Decimal("95"), "95.00"), (Decimal("100"), "100"),
    (Decimal("0"), "0"), (Decimal("92.895"), "92.90"),
])
def test_scores_have_two_decimals(value, expected):
    assert thai.score(value) == expected


def test_money_in_words_rounds_half_up_with_decimal():
    assert thai.baht_words("1234.505") == "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบเอ็ดสตางค์"
    assert thai.baht_words(100) == "หนึ่งร้อยบาทถ้วน"


def render(source, numerals="thai", **context):
    return environment(numerals).from_string(source).render(context)


def test_environment_writes_thai_digits_and_escapes():
    out = render("{{ a }} {{ s|score }} {{ d|thai_date }} {{ url }}",
                 a="R&D <x> 12", s=Decimal("96.77"), d=dt.date(2023, 2, 27), url="www.x1.go.th")
    assert out == "R&amp;D &lt;x&gt; ๑๒ ๙๖.๗๗ ๒๗ กุมภาพันธ์ ๒๕๖๖ www.x1.go.th"


def test_environment_arabic_numerals_keep_digits():
    assert render("{{ d|thai_date }}", numerals="arabic", d=dt.date(2023, 2, 27)) == "27 กุมภาพันธ์ 2566"


def test_environment_drops_characters_xml_forbids():
    assert render("{{ a }}", a="ก\x0bข\x07ค\x0cง") == "กขคง"


def test_environment_is_sandboxed_and_strict():
    from jinja2.exceptions import UndefinedError

    from docgen.docx.bounds import Refused
    with pytest.raises(Refused, match="ซึ่งเป็นส่วนภายในของโปรแกรม แม่แบบใช้ไม่ได้"):  # refused before it runs
        render("{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(UndefinedError):
        render("{{ missing }}")


def test_values_are_not_templates():
    assert render("{{ a }}", a="{{ 7*7 }}") == "{{ ๗*๗ }}"


def test_constants_in_templates_follow_the_numerals_setting():
    assert render("{{ 1 }}. เรื่องเดิม {{ '\"2\"' }}") == "๑. เรื่องเดิม &#34;๒&#34;"
    assert render("{{ 1 }}.", numerals="arabic") == "1."


def test_years_have_no_thousands_separator():
    assert render("พ.ศ. {{ y }}", y=2565) == "พ.ศ. ๒๕๖๕"
