"""Vietnamese analysis: one form for index and query, whatever the keyboard produced."""

from __future__ import annotations

import pickle
import unicodedata

import pytest

from search_index.analysis import (
    exact_analyzer,
    folded_analyzer,
    normalise_tones,
    pair_terms,
    pairs_analyzer,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def texts(analyzer, value: str) -> list[str]:
    return [token.text for token in analyzer(value)]


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("uỷ", "ủy"), ("khoẻ", "khỏe"), ("Uỷ ban", "Ủy ban")],
)
def test_both_tone_mark_placements_give_one_form(old_style, new_style):
    assert normalise_tones(old_style) == normalise_tones(new_style) == new_style
    assert texts(exact_analyzer(), old_style) == texts(exact_analyzer(), new_style)


@pytest.mark.parametrize(
    "word", ["quý", "già", "giữ", "người", "hoàn", "ngoài", "khuỷu", "tuổi", "chuyện", "của"]
)
def test_tone_normalisation_leaves_correct_syllables_alone(word):
    assert normalise_tones(word) == word


def test_nfd_input_is_analysed_like_nfc():
    text = "Chỉ thị số 11-CT/TU của Ban Thường vụ Tỉnh ủy về công tác dân vận"
    for analyzer in (exact_analyzer(), folded_analyzer(), pairs_analyzer()):
        assert texts(analyzer, nfd(text)) == texts(analyzer, text)
    assert normalise_tones(nfd("hoà")) == "hòa"


def test_exact_analyzer_keeps_diacritics_and_splits_on_punctuation():
    assert texts(exact_analyzer(), "Chỉ thị 11-CT/TU, ngày 01-8-2019") == [
        "chỉ", "thị", "11", "ct", "tu", "ngày", "01", "8", "2019",
    ]  # fmt: skip


def test_folded_analyzer_keeps_digits_as_tokens():
    assert texts(folded_analyzer(), "Chỉ thị số 11") == ["chi", "thi", "so", "11"]


def test_pairs_are_adjacent_folded_syllables():
    assert texts(pairs_analyzer(), "Chỉ thị số 11") == ["chi_thi", "thi_so", "so_11"]
    assert texts(pairs_analyzer(), "Đảng") == []
    assert pair_terms(["chi", "thi"]) == ["chi_thi"]


def test_pairs_carry_the_span_of_both_syllables():
    spans = [(t.text, t.startchar, t.endchar) for t in pairs_analyzer()("dân vận", chars=True)]
    assert spans == [("dan_van", 0, 7)]


def test_analyzers_survive_pickling_with_the_index_schema():
    for make in (exact_analyzer, folded_analyzer, pairs_analyzer):
        analyzer = pickle.loads(pickle.dumps(make()))
        assert texts(analyzer, "Thuỷ lợi") == texts(make(), "Thuỷ lợi")
