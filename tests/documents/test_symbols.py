"""Symbols: every seen variant normalises, keys match equal symbols only, running text."""

from __future__ import annotations

import unicodedata

import pytest

from documents.symbols import (
    Symbol,
    find_symbols,
    format_symbol,
    normalise_symbol,
    parse_symbol,
    symbol_key,
)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("11-CT/TU", "11-CT/TU"),
        ("11 - CT/TU", "11-CT/TU"),
        ("11 - CT / TU", "11-CT/TU"),
        ("11-ct/tu", "11-CT/TU"),
        ("11/CT-TU", "11-CT/TU"),
        ("Số 11-CT/TU", "11-CT/TU"),
        ("số: 11-CT/TU", "11-CT/TU"),
        ("  11-CT/TU  ", "11-CT/TU"),
        ("11–CT/TU", "11-CT/TU"),
        ("40-Ctr/TU", "40-CTr/TU"),
        ("40-CTR/TU", "40-CTr/TU"),
        ("08-QĐi/TW", "08-QĐi/TW"),
        ("8-qđi/tw", "08-QĐi/TW"),
        ("1-KL/TW", "01-KL/TW"),
        ("01-KL/TW", "01-KL/TW"),
        ("29-CV/TC-NV", "29-CV/TC-NV"),
        ("36-HD/VPTW", "36-HD/VPTW"),
        ("335-BC/ĐU", "335-BC/ĐU"),
        ("1742-CV/BTCTU", "1742-CV/BTCTU"),
        ("128-KH/HU", "128-KH/HU"),
    ],
)
def test_seen_party_variants_normalise_to_the_printed_form(written, canonical):
    assert normalise_symbol(written) == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("Số: 30/2020/nđ-cp", "30/2020/NĐ-CP"),
        ("38/CT-TTg", "38/CT-TTg"),
        ("5973/UBND-KT", "5973/UBND-KT"),
        ("12/CT-UBND", "12/CT-UBND"),
        ("01/2015/TTLT-BNV-BTC", "01/2015/TTLT-BNV-BTC"),
        ("8/2022/NĐ-CP", "08/2022/NĐ-CP"),
        ("45/2019/QH14", "45/2019/QH14"),
    ],
)
def test_state_symbols_normalise_to_the_printed_form(written, canonical):
    assert normalise_symbol(written) == canonical


def test_party_symbol_parts_are_read():
    assert parse_symbol("Số 11-CT/TU") == Symbol(11, "CT", "TU", "party")


def test_state_decree_keeps_its_year_and_issuer():
    assert parse_symbol("30/2020/NĐ-CP") == Symbol(30, "NĐ", "CP", "state", 2020)


def test_state_issuer_keeps_its_lower_case_letter():
    assert parse_symbol("38/CT-TTg") == Symbol(38, "CT", "TTg", "state")


def test_state_official_letter_has_issuer_and_unit_but_no_type():
    assert parse_symbol("5973/UBND-KT") == Symbol(5973, "", "UBND-KT", "state")


def test_law_symbol_has_a_year_and_no_type():
    assert parse_symbol("45/2019/QH14") == Symbol(45, "", "QH14", "state", 2019)


def test_slash_typo_with_a_party_issuer_is_the_party_symbol():
    assert parse_symbol("11/CT-TU") == Symbol(11, "CT", "TU", "party")
    assert parse_symbol("05/CT-TW") == Symbol(5, "CT", "TW", "party")


def test_slash_form_with_a_state_issuer_stays_a_state_symbol():
    assert parse_symbol("12/CT-UBND").system == "state"
    assert parse_symbol("38/ct-ttg").system == "state"


def test_nfd_input_is_read_like_nfc():
    nfd = unicodedata.normalize("NFD", "Số 08-QĐi/TW")
    assert parse_symbol(nfd) == parse_symbol("08-QĐi/TW")


def test_letter_d_with_stroke_is_the_precomposed_u0110():
    symbol = parse_symbol("08-qđi/tw")
    assert symbol.type_abbr == "QĐi"
    assert "\u0110" in symbol.type_abbr


def test_look_alike_eth_becomes_d_with_stroke():
    assert normalise_symbol("30/2020/N\u00d0-CP") == "30/2020/NĐ-CP"
    assert normalise_symbol("66-Q\u00d0/TW") == "66-QĐ/TW"


@pytest.mark.parametrize(
    "text",
    ["", "CT", "11-CT", "11-XY/TU", "25/10/2018", "ngày 27-8-2013", "11-CT/TU và 12", "abc/def"],
)
def test_what_is_not_a_symbol_parses_to_none(text):
    assert parse_symbol(text) is None
    assert normalise_symbol(text) is None
    assert symbol_key(text) is None


def test_str_of_a_symbol_is_its_printed_form():
    assert str(Symbol(1, "KL", "TW")) == "01-KL/TW"
    assert format_symbol(Symbol(38, "CT", "TTg", "state")) == "38/CT-TTg"


@pytest.mark.parametrize(
    "variants",
    [
        ("11-CT/TU", "11 - CT/TU", "11-ct/tu", "11/CT-TU", "Số 11-CT/TU"),
        ("40-CTr/TU", "40-Ctr/TU", "40-ctr/tu"),
        ("08-QĐi/TW", "8-qđi/tw", "08-QĐI/TW"),
        ("01-KL/TW", "1-KL/TW"),
        ("30/2020/NĐ-CP", "30/2020/nđ-cp"),
        ("38/CT-TTg", "38/CT-TTG", "38/ct-ttg"),
    ],
)
def test_equal_symbols_typed_differently_have_equal_keys(variants):
    keys = {symbol_key(v) for v in variants}
    assert len(keys) == 1
    assert None not in keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("08-QĐ/TW", "08-QĐi/TW"),  # Quyết định / Quy định
        ("05-TT/TU", "05-TTr/TU"),  # Thông tri / Tờ trình
        ("40-CT/TU", "40-CTr/TU"),
        ("11-CT/TU", "11-CT/HU"),
        ("11-CT/TU", "12-CT/TU"),
        ("11-CT/TU", "11/CT-UBND"),  # Party and state
        ("38/CT-TTg", "38/2019/CT-TTg"),
    ],
)
def test_different_symbols_have_different_keys(one, other):
    assert symbol_key(one) != symbol_key(other)


def test_key_of_quy_dinh_is_upper_case_and_reads_back_as_quy_dinh():
    key = symbol_key("08-QĐi/TW")
    assert key == "8-QĐI/TW"
    assert parse_symbol(key).type_abbr == "QĐi"


def test_symbol_key_accepts_a_parsed_symbol():
    assert symbol_key(Symbol(11, "CT", "TU")) == symbol_key("11-ct/tu") == "11-CT/TU"
    assert symbol_key(Symbol(5973, "", "UBND-KT", "state")) == "5973/UBND-KT"


SEED_SENTENCE = (
    "Chương trình hành động số 40-CTr/TU, ngày 27-8-2013 của Tỉnh ủy thực hiện "
    "Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương khóa XI"
)


def test_find_symbols_returns_the_spans_of_the_seed_citations():
    found = find_symbols(SEED_SENTENCE)
    assert [SEED_SENTENCE[start:end] for start, end, _ in found] == ["40-CTr/TU", "25-NQ/TW"]
    assert [str(symbol) for _, _, symbol in found] == ["40-CTr/TU", "25-NQ/TW"]


def test_find_symbols_finds_state_symbols_as_state():
    text = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP và Chỉ thị số 38/CT-TTg; Công văn số 5973/UBND-KT "
        "ngày 25/10/2018; Luật số 45/2019/QH14."
    )
    found = [(text[s:e], symbol.system) for s, e, symbol in find_symbols(text)]
    assert found == [
        ("30/2020/NĐ-CP", "state"),
        ("38/CT-TTg", "state"),
        ("5973/UBND-KT", "state"),
        ("45/2019/QH14", "state"),
    ]


def test_find_symbols_accepts_seen_variants_in_running_text():
    text = "theo 11/CT-TU, 11 - CT/TU và 56-Ctr/tu, số 29-CV/TC-NV."
    assert [str(s) for _, _, s in find_symbols(text)] == [
        "11-CT/TU",
        "11-CT/TU",
        "56-CTr/TU",
        "29-CV/TC-NV",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ngày 27-8-2013 và ngày 25/10/2018",
        "giai đoạn 2013-2020/2025",
        "tỷ lệ 1/ha-năm",
        "mã A11-CT/TU",
        "11-CT/TUỶ",
        "12-XYZ/TU",
    ],
)
def test_find_symbols_ignores_what_only_looks_like_a_symbol(text):
    assert find_symbols(text) == []


def test_find_symbols_offsets_index_the_nfc_text():
    nfd = unicodedata.normalize("NFD", "Chỉ thị số 11-CT/TU")
    nfc = unicodedata.normalize("NFC", nfd)
    [(start, end, _symbol)] = find_symbols(nfd)
    assert nfc[start:end] == "11-CT/TU"
