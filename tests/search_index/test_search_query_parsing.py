"""Query understanding: symbols typed any way, type + number, words and phrases."""

from __future__ import annotations

import unicodedata

import pytest

from search_index.parsing import parse_query
from search_index.snippets import snippet_html


@pytest.mark.parametrize(
    "typed",
    ["11-CT/TU", "11-ct/tu", "11/CT-TU", "11 - CT/TU", "11 CT TU", "11 ct tu", "Số 11-CT/TU"],
)
def test_a_symbol_typed_any_way_is_one_key(typed):
    parsed = parse_query(typed)
    assert parsed.symbol_keys == ("11-CT/TU",)
    assert parsed.words == ()


def test_type_name_before_a_symbol_is_not_searched_as_words():
    parsed = parse_query("Chỉ thị số 11-CT/TU về công tác dân vận")
    assert parsed.symbol_keys == ("11-CT/TU",)
    assert parsed.words == ("về", "công", "tác", "dân", "vận")


@pytest.mark.parametrize("typed", ["CT 11", "ct 11", "11 CT"])
def test_abbreviation_and_number_make_a_short_key(typed):
    parsed = parse_query(typed)
    assert parsed.short_keys == ("11-CT",)
    assert parsed.symbol_keys == () and parsed.words == ()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("chỉ thị 11", ("CT", 11)),
        ("chi thi so 11", ("CT", 11)),
        ("Chỉ thị số 11", ("CT", 11)),
        ("nghi quyet 25", ("NQ", 25)),
        ("Nghị quyết số 25", ("NQ", 25)),
        ("chuong trinh hanh dong 40", ("CTr", 40)),
        ("Chương trình hành động số 40", ("CTr", 40)),
        ("quy định 205", ("QĐi", 205)),
        ("kết luận 62", ("KL", 62)),
    ],
)
def test_type_name_and_number_map_to_type_code_and_number(typed, expected):
    parsed = parse_query(typed)
    assert parsed.type_numbers == (expected,)
    assert parsed.words == ()


def test_state_symbols_are_recognised():
    assert parse_query("Nghị định 30/2020/NĐ-CP").symbol_keys == ("30/2020/NĐ-CP",)


def test_words_are_nfc_lowercase_and_tone_normalised():
    parsed = parse_query(unicodedata.normalize("NFD", "Uỷ ban HOÀ bình"))
    assert parsed.words == ("ủy", "ban", "hòa", "bình")
    assert parsed.folded_words == ("uy", "ban", "hoa", "binh")
    assert parsed.typed_with_diacritics


def test_query_without_diacritics_is_known_as_such():
    parsed = parse_query("cong tac dan van")
    assert not parsed.typed_with_diacritics
    assert not parsed.has_symbol


def test_double_quotes_make_a_folded_phrase():
    parsed = parse_query('dân vận "hệ thống chính trị"')
    assert parsed.phrases == (("he", "thong", "chinh", "tri"),)
    assert parsed.words == ("dân", "vận")


def test_common_syllable_is_not_taken_for_an_abbreviation():
    assert parse_query("đa số 3").short_keys == ()
    assert parse_query("ĐA 3").short_keys == ("3-ĐA",)


def test_numbers_alone_stay_words():
    parsed = parse_query("năm 2019")
    assert parsed.words == ("năm", "2019") and not parsed.has_symbol


def test_empty_and_punctuation_only_queries_are_empty():
    assert parse_query("").is_empty
    assert parse_query('  " ,.; "  ').is_empty


def test_snippet_escapes_everything_and_marks_only_matches():
    html = snippet_html('Công tác <script>alert("x")</script> dân vận & đoàn thể', ["dan", "van"])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>dân</mark> <mark>vận</mark>" in html
    assert "&amp;" in html
    assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_marks_cited_symbols_and_shows_the_matching_window():
    text = "Mở đầu. " * 80 + "Thực hiện Chỉ thị số 11-CT/TU của Tỉnh ủy." + " Kết thúc." * 80
    html = snippet_html(text, [], ["11-CT/TU"])
    assert "<mark>11-CT/TU</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 400


def test_words_pair_only_with_their_neighbours():
    parsed = parse_query("dân vận 11-CT/TU tuyên truyền CT 5 khéo")
    assert parsed.pairs == ("dan_van", "tuyen_truyen")
    assert parsed.lone_words == ("kheo",)
    assert parsed.symbol_keys == ("11-CT/TU",) and parsed.short_keys == ("5-CT",)
