"""Vietnamese dates: always day-month-year, header date lines, printed forms."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from documents.dates import (
    date_at,
    find_dateline,
    find_dates,
    format_vn_date,
    format_vn_long_date,
    parse_vn_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 01 tháng 8 năm 2019", date(2019, 8, 1)),
        ("ngày 03 tháng 4 năm 2018", date(2018, 4, 3)),
        ("Ngày 03 tháng 02 năm 2018", date(2018, 2, 3)),
        ("ngày 12 tháng 05 năm 2003", date(2003, 5, 12)),
        ("ngày 1 tháng 8 năm 2019", date(2019, 8, 1)),
        ("ngày 01 tháng 8, năm 2019", date(2019, 8, 1)),
        ("01 tháng 8 năm 2019", date(2019, 8, 1)),
        ("27-8-2013", date(2013, 8, 27)),
        ("ngày 27-8-2013", date(2013, 8, 27)),
        ("ngày 27 - 8 - 2013", date(2013, 8, 27)),
        ("25/10/2018", date(2018, 10, 25)),
        ("ngày 25/10/2018", date(2018, 10, 25)),
        ("08.12.2009", date(2009, 12, 8)),
        ("  ngày 27-8-2013. ", date(2013, 8, 27)),
    ],
)
def test_vietnamese_dates_parse(text, expected):
    assert parse_vn_date(text) == expected


def test_day_comes_before_month_never_march():
    assert parse_vn_date("03-6-2013") == date(2013, 6, 3)
    assert parse_vn_date("ngày 08-12-2009") == date(2009, 12, 8)


def test_nfd_input_parses():
    assert parse_vn_date(unicodedata.normalize("NFD", "ngày 01 tháng 8 năm 2019")) == date(
        2019, 8, 1
    )


@pytest.mark.parametrize("text", ["ngày 01-8", "01-8", "ngày 01 tháng 8", "ngày 01/8"])
def test_date_without_year_takes_the_context_year(text):
    assert parse_vn_date(text, context_year=2019) == date(2019, 8, 1)


@pytest.mark.parametrize("text", ["ngày 01-8", "ngày 01 tháng 8"])
def test_date_without_year_and_without_context_is_none(text):
    assert parse_vn_date(text) is None


def test_written_year_wins_over_the_context_year():
    assert parse_vn_date("ngày 27-8-2013", context_year=2019) == date(2013, 8, 27)


@pytest.mark.parametrize(
    "text",
    [
        "31-02-2019",
        "ngày 31 tháng 02 năm 2019",
        "ngày 32-1-2019",
        "ngày 01-13-2019",
        "ngày 00-8-2019",
        "27-8/2013",
        "30/2020/NĐ-CP",
        "",
        "ngày",
        "tháng 8 năm 2019",
        "ngày 27-8-2013 của Tỉnh ủy",
    ],
)
def test_invalid_or_other_text_is_none(text):
    assert parse_vn_date(text, context_year=2019) is None


def test_find_dates_in_running_text():
    text = "ngày 27-8-2013 và 25/10/2018, hạn ngày 01-8, làm 1-2 lần, theo 30/2020/NĐ-CP"
    found = [(text[s:e], d) for s, e, d in find_dates(text, context_year=2019)]
    assert found == [
        ("ngày 27-8-2013", date(2013, 8, 27)),
        ("25/10/2018", date(2018, 10, 25)),
        ("ngày 01-8", date(2019, 8, 1)),
    ]


def test_find_dates_skips_dates_without_year_when_no_context():
    assert find_dates("hạn ngày 01-8") == []


def test_date_at_reads_the_date_at_a_position():
    text = "40-CTr/TU, ngày 27-8-2013 của Tỉnh ủy"
    end, value = date_at(text, 11)
    assert value == date(2013, 8, 27)
    assert text[end:] == " của Tỉnh ủy"


def test_date_at_without_a_date_there_is_none():
    assert date_at("40-CTr/TU, ngày 27-8-2013", 0) is None


def test_date_at_spans_a_date_it_cannot_complete():
    text = "ngày 01-8 của Tỉnh ủy"
    assert date_at(text) == (len("ngày 01-8"), None)
    assert date_at(text, context_year=2019) == (len("ngày 01-8"), date(2019, 8, 1))


SEED_HEADER = """ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY KIÊN GIANG
Số 11-CT/TU
*Rạch Giá, ngày 01 tháng 8 năm 2019*

CHỈ THỊ
của Ban Thường vụ Tỉnh ủy, ban hành ngày 02 tháng 8 năm 2019
"""


def test_dateline_of_the_seed_directive():
    assert find_dateline(SEED_HEADER) == ("Rạch Giá", date(2019, 8, 1))


@pytest.mark.parametrize(
    "line",
    [
        "Rạch Giá, ngày 01 tháng 8 năm 2019",
        "   Rạch Giá,  ngày 01 tháng 8 năm 2019.",
        "| Số 11-CT/TU | Rạch Giá, ngày 01 tháng 8 năm 2019 |",
        "Số 11-CT/TU        Rạch Giá, ngày 01 tháng 8 năm 2019",
        "_Rạch Giá, ngày 01 tháng 08 năm 2019_",
        "Rạch Giá, ngày 01/8/2019",
    ],
)
def test_dateline_shapes_seen_in_headers(line):
    assert find_dateline(f"TỈNH ỦY KIÊN GIANG\n{line}\nCHỈ THỊ") == ("Rạch Giá", date(2019, 8, 1))


def test_dateline_with_padded_month_and_another_place():
    assert find_dateline("Hà Nội, ngày 03 tháng 4 năm 2018") == ("Hà Nội", date(2018, 4, 3))


def test_dateline_without_place_gives_the_date_only():
    assert find_dateline("ngày 01 tháng 8 năm 2019") == (None, date(2019, 8, 1))


def test_dateline_with_an_impossible_date_gives_the_place_only():
    assert find_dateline("Hà Nội, ngày 31 tháng 02 năm 2019") == ("Hà Nội", None)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "CHỈ THỊ về tăng cường",
        "Nghị quyết số 25-NQ/TW, ngày 03 tháng 6 năm 2013",
        "của Ban Thường vụ Tỉnh ủy, ban hành ngày 02 tháng 8 năm 2019 để thực hiện",
        "Hà Nội, ngày   tháng   năm 2019",
    ],
)
def test_text_without_a_date_line_gives_nothing(text):
    assert find_dateline(text) == (None, None)


@pytest.mark.parametrize(
    ("value", "short", "long"),
    [
        (date(2019, 8, 1), "01/8/2019", "ngày 01 tháng 8 năm 2019"),
        (date(2018, 4, 3), "03/4/2018", "ngày 03 tháng 4 năm 2018"),
        (date(2018, 2, 3), "03/02/2018", "ngày 03 tháng 02 năm 2018"),
        (date(2013, 1, 27), "27/01/2013", "ngày 27 tháng 01 năm 2013"),
        (date(2009, 12, 8), "08/12/2009", "ngày 08 tháng 12 năm 2009"),
        (date(2018, 10, 25), "25/10/2018", "ngày 25 tháng 10 năm 2018"),
    ],
)
def test_printed_dates_pad_days_below_ten_and_january_february(value, short, long):
    assert format_vn_date(value) == short
    assert format_vn_long_date(value) == long


def test_printed_dates_read_back():
    value = date(2013, 6, 3)
    assert parse_vn_date(format_vn_date(value)) == value
    assert parse_vn_date(format_vn_long_date(value)) == value
