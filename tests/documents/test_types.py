"""The document type table, resolving a typed type, and abbreviation warnings."""

from __future__ import annotations

import pytest

from documents.symbols import Symbol
from documents.types import (
    DOCUMENT_TYPES,
    PARTY_ABBREVIATIONS,
    STATE_ABBREVIATIONS,
    TYPES_BY_CODE,
    abbreviation_mismatch,
    resolve_type,
    type_by_code,
    type_choices,
    type_label,
    types_of,
)

PARTY_CODES = "NQ QĐ CT KL QĐi HD CTr KH TB BC CV BS QC TT TTr ĐA TC BB".split()
# Document.doc_type is a String(10) column.
CODE_COLUMN_LENGTH = 10


def test_party_codes_are_unchanged():
    assert [t.code for t in types_of("party")] == PARTY_CODES
    assert all(t.code == t.abbr for t in types_of("party"))


def test_codes_are_unique_and_fit_the_column():
    codes = [t.code for t in DOCUMENT_TYPES]
    assert len(codes) == len(set(codes)) == len(TYPES_BY_CODE)
    assert all(len(code) <= CODE_COLUMN_LENGTH for code in codes)


def test_state_codes_are_prefixed_with_state():
    state = types_of("state")
    assert state
    assert all(t.code.startswith("state:") for t in state)
    assert {t.system for t in DOCUMENT_TYPES} == {"party", "state"}


@pytest.mark.parametrize(
    ("code", "name", "abbr"),
    [
        ("state:Luật", "Luật", ""),
        ("state:PL", "Pháp lệnh", ""),
        ("state:NQ", "Nghị quyết", "NQ"),
        ("state:NĐ", "Nghị định", "NĐ"),
        ("state:QĐ", "Quyết định", "QĐ"),
        ("state:CT", "Chỉ thị", "CT"),
        ("state:TT", "Thông tư", "TT"),
        ("state:TTLT", "Thông tư liên tịch", "TTLT"),
        ("state:CV", "Công văn", ""),
    ],
)
def test_state_types_are_in_the_table(code, name, abbr):
    doc_type = type_by_code(code)
    assert (doc_type.name_vi, doc_type.abbr, doc_type.system) == (name, abbr, "state")


def test_no_two_abbreviations_of_one_system_differ_only_by_case():
    # symbol_key upper-cases abbreviations; this keeps different types apart.
    for system in ("party", "state"):
        abbrs = [t.abbr.upper() for t in types_of(system) if t.abbr]
        assert len(abbrs) == len(set(abbrs)), system


def test_party_abbreviations_hold_party_types_only():
    assert "TTr" in PARTY_ABBREVIATIONS
    assert "NĐ" not in PARTY_ABBREVIATIONS
    assert "NĐ" in STATE_ABBREVIATIONS
    assert "" not in STATE_ABBREVIATIONS


def test_unconfirmed_party_rows_follow_the_domain_table():
    unconfirmed = {t.code for t in types_of("party") if not t.confirmed}
    assert unconfirmed == {"QC", "TT", "TTr", "ĐA", "TC", "BB"}


def test_type_choices_keep_party_labels_and_tell_state_types_apart():
    choices = dict(type_choices())
    assert choices["CT"] == "Chỉ thị (CT)"
    assert choices["state:CT"] == "Chỉ thị (nhà nước, CT)"
    assert choices["state:Luật"] == "Luật (nhà nước)"
    assert len(set(choices.values())) == len(choices)


def test_type_choices_can_be_limited_to_one_system():
    assert [code for code, _ in type_choices("party")] == PARTY_CODES
    assert all(code.startswith("state:") for code, _ in type_choices("state"))


def test_type_label_of_a_party_type():
    assert type_label(TYPES_BY_CODE["QĐi"]) == "Quy định (QĐi)"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CT", "CT"),
        ("ct", "CT"),
        ("Chỉ thị", "CT"),
        ("chi thi", "CT"),
        ("CHỈ THỊ", "CT"),
        ("  chỉ   thị ", "CT"),
        ("Luật", "state:Luật"),
        ("luat", "state:Luật"),
        ("Nghị định", "state:NĐ"),
        ("nghi dinh", "state:NĐ"),
        ("NĐ", "state:NĐ"),
        ("nd", "state:NĐ"),
        ("Thông tư", "state:TT"),
        ("Thông tư liên tịch", "state:TTLT"),
        ("Thông tri", "TT"),
        ("Ctr", "CTr"),
        ("Chương trình hành động", "CTr"),
        ("chuong trinh chi dao", "CTr"),
        ("QĐi", "QĐi"),
        ("qdi", "QĐi"),
        ("Quy định", "QĐi"),
        ("quy dinh", "QĐi"),
        ("Quyết định", "QĐ"),
        ("state:CT", "state:CT"),
        ("STATE:CT", "state:CT"),
        ("Pháp lệnh", "state:PL"),
    ],
)
def test_resolve_type_reads_codes_abbreviations_and_names(text, code):
    assert resolve_type(text).code == code


def test_ambiguous_abbreviation_or_name_prefers_the_party_type():
    assert resolve_type("QĐ").code == "QĐ"
    assert resolve_type("TT").code == "TT"  # Thông tri, not the state Thông tư
    assert resolve_type("Nghị quyết").code == "NQ"
    assert resolve_type("Công văn").code == "CV"


def test_resolve_type_can_be_limited_to_one_system():
    assert resolve_type("Chỉ thị", system="state").code == "state:CT"
    assert resolve_type("TT", system="state").code == "state:TT"
    assert resolve_type("Nghị định", system="party") is None


def test_qd_resolves_to_quyet_dinh_not_to_quy_dinh_seen_with_it():
    assert resolve_type("QĐ").name_vi == "Quyết định"


@pytest.mark.parametrize("text", ["", "   ", "XYZ", "chỉ", "Bản ghi nhớ"])
def test_resolve_type_of_unknown_text_is_none(text):
    assert resolve_type(text) is None


def test_matching_abbreviation_gives_no_warning():
    assert abbreviation_mismatch("CT", "11-CT/TU") is None
    assert abbreviation_mismatch("CTr", "40-ctr/tu") is None
    assert abbreviation_mismatch("state:NĐ", "30/2020/NĐ-CP") is None
    assert abbreviation_mismatch("state:CT", "38/CT-TTg") is None
    assert abbreviation_mismatch("state:CV", "5973/UBND-KT") is None
    assert abbreviation_mismatch("state:Luật", "45/2019/QH14") is None


def test_directive_with_a_resolution_symbol_is_warned_about_in_vietnamese():
    warning = str(abbreviation_mismatch("CT", "25-NQ/TW"))
    assert "25-NQ/TW" in warning
    assert "«NQ»" in warning and "«CT»" in warning and "Chỉ thị" in warning
    assert "kiểm tra lại" in warning


def test_quy_dinh_written_with_qd_is_accepted():
    assert abbreviation_mismatch("QĐi", "205-QĐ/TW") is None
    assert abbreviation_mismatch("QĐi", "08-QĐi/TW") is None


def test_quyet_dinh_written_with_qdi_is_warned_about():
    assert "«QĐi»" in str(abbreviation_mismatch("QĐ", "08-QĐi/TW"))


def test_warning_for_an_unconfirmed_type_says_it_is_only_a_warning():
    warning = str(abbreviation_mismatch("TT", "05-TTr/TU"))
    assert "chưa được xác nhận" in warning
    assert "chưa được xác nhận" not in str(abbreviation_mismatch("CT", "25-NQ/TW"))


def test_party_type_with_a_state_symbol_is_warned_about():
    warning = str(abbreviation_mismatch("CT", "38/CT-TTg"))
    assert "văn bản nhà nước" in warning and "11-CT/TU" in warning


def test_state_type_with_a_party_symbol_is_warned_about():
    assert "văn bản của Đảng" in str(abbreviation_mismatch("state:CT", "11-CT/TU"))


def test_state_letter_with_a_type_abbreviation_is_warned_about():
    assert "không có ký hiệu loại" in str(abbreviation_mismatch("state:CV", "38/CT-TTg"))
    assert "«NĐ»" in str(abbreviation_mismatch("state:NĐ", "5973/UBND-KT"))


def test_state_resolution_of_the_national_assembly_carries_no_type():
    assert abbreviation_mismatch("state:NQ", "30/2021/QH15") is None
    assert abbreviation_mismatch("state:NQ", "01/NQ-CP") is None


def test_abbreviation_mismatch_accepts_a_parsed_symbol():
    assert abbreviation_mismatch("KL", Symbol(62, "KL", "TW")) is None
    assert "01-NQ/TW" in str(abbreviation_mismatch("KL", Symbol(1, "NQ", "TW")))


def test_symbol_that_does_not_parse_is_left_to_the_symbol_check():
    assert abbreviation_mismatch("CT", "") is None
    assert abbreviation_mismatch("CT", "không phải số ký hiệu") is None


def test_unknown_type_code_is_a_programming_error():
    with pytest.raises(ValueError, match="XX"):
        abbreviation_mismatch("XX", "11-CT/TU")
