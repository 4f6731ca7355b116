"""What an object becomes as a ``search_entry`` row: weighted, folded tsvector literals
with syllable pairs, the exact form, and the limits of PostgreSQL's tsvector. Pure
Python: no database needed."""

from __future__ import annotations

from documents.models import Document
from search_index.fields import fields_for_document
from search_index.postgres.entries import (
    MAX_POSITION,
    MAX_POSITIONS_PER_LEXEME,
    entry_from_fields,
    or_query,
    phrase_query,
    quote_lexeme,
)


def lexemes(literal: str) -> dict[str, str]:
    found = {}
    for item in literal.split(" "):
        lexeme, _, positions = item.rpartition(":")
        found[lexeme.strip("'")] = positions
    return found


def entry(**values):
    doc = Document(id=5, doc_type="CT", body_html="", published=True, **values)
    return entry_from_fields(fields_for_document(doc, replaced=False))


def test_title_symbol_and_body_carry_their_weights_and_pairs():
    row = entry(title="Công tác Dân vận", body="Thủy lợi", symbol="11-CT/TU", number=11)
    folded = lexemes(row["folded"])
    assert folded["cong"] == "1A" and folded["cong_tac"] == "1A" and folded["dan_van"] == "3A"
    # the type name and the symbol, weight B, after a gap of two positions
    assert folded["chi_thi"] == "7B" and folded["11"] == "9B" and folded["ct_tu"] == "10B"
    assert folded["thuy_loi"] == "14C"
    assert "van_chi" not in folded  # no pair across two fields
    assert lexemes(row["exact"])["thủy"] == "14C"
    assert row["symbol_key"] == "11-CT/TU" and row["symbol_short"] == "11-CT"
    assert row["allowed"] == ["authenticated"] and row["terms"] >= {"cong_tac", "thuy"}


def test_positions_are_clamped_and_capped_and_long_tokens_left_out():
    row = entry(title="t", body="đảng " * 20_000 + "y" * 200)
    positions = lexemes(row["folded"])["dang"].split(",")
    assert len(positions) == MAX_POSITIONS_PER_LEXEME
    long_body = entry(title="t", body="a " * 17_000 + "cuối")
    assert lexemes(long_body["folded"])["cuoi"] == f"{MAX_POSITION}C"
    assert not any(len(term) > 60 for term in row["terms"])


def test_lexemes_are_quoted_for_tsquery():
    assert quote_lexeme("dân") == "'dân'"
    assert quote_lexeme("a'b\\c") == "'a''b\\\\c'"
    assert or_query(["chi", "thi", "chi"]) == "'chi' | 'thi'"
    assert phrase_query(["he", "thong"]) == "'he' <-> 'thong'"
