"""Text without diacritics: the one folded form shared by name matching and search."""

from __future__ import annotations

import unicodedata

from documents.text import fold, fold_chars, fold_words


def test_fold_removes_every_diacritic_and_lowercases():
    assert fold("Chỉ thị") == "chi thi"
    assert fold("Đoàn") == "doan"
    assert fold("đảng ĐỘC LẬP") == "dang doc lap"
    assert fold("Nghị quyết số 25-NQ/TW") == "nghi quyet so 25-nq/tw"


def test_fold_reads_decomposed_input_like_composed():
    assert fold(unicodedata.normalize("NFD", "Đoàn thể")) == "doan the"


def test_fold_keeps_white_space_and_fold_words_collapses_it():
    assert fold(" Chỉ  Thị ") == " chi  thi "
    assert fold_words(" Chỉ  Thị ") == "chi thi"
    assert fold_words("Đề án") == "de an"


def test_fold_chars_keeps_every_offset_of_the_text():
    text = "Ban Thường vụ Tỉnh ủy\u0301"  # a lone combining mark at the end
    folded = fold_chars(text)
    assert len(folded) == len(text)
    assert folded == "ban thuong vu tinh uy\u0301"
