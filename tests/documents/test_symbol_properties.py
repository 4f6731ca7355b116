"""Property tests: printing a parsed symbol is stable, and no text makes the readers raise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from documents.dates import find_dates, parse_vn_date
from documents.references import find_citations
from documents.relations import detect_relations
from documents.symbols import format_symbol, normalise_symbol, parse_symbol, symbol_key
from documents.types import PARTY_ABBREVIATIONS, STATE_ABBREVIATIONS

UPPER = st.sampled_from(list("ABCDEGHIKLMNOPQRSTUVXYĐ"))
ISSUER_PART = st.text(UPPER, min_size=1, max_size=6)
party_symbols = st.builds(
    lambda n, t, parts: f"{n}-{t}/{'-'.join(parts)}",
    st.integers(1, 9999),
    st.sampled_from(sorted(PARTY_ABBREVIATIONS)),
    st.lists(ISSUER_PART, min_size=1, max_size=3),
)
state_symbols = st.builds(
    lambda n, y, t, issuer: f"{n}/{y}/{t}-{issuer}" if y else f"{n}/{t}-{issuer}",
    st.integers(1, 99999),
    st.one_of(st.none(), st.integers(1990, 2039)),
    st.sampled_from(sorted(STATE_ABBREVIATIONS)),
    st.sampled_from(["CP", "TTg", "UBND", "BTC", "BNV"]),
)


@given(st.one_of(party_symbols, state_symbols))
def test_format_of_parse_is_stable_for_every_valid_symbol(text):
    parsed = parse_symbol(text)
    assert parsed is not None
    printed = format_symbol(parsed)
    assert parse_symbol(printed) == parsed
    assert normalise_symbol(printed) == printed
    assert symbol_key(printed) == symbol_key(text)


@given(party_symbols)
def test_seen_variants_of_a_party_symbol_normalise_to_the_same_form(text):
    canonical = normalise_symbol(text)
    number, rest = text.split("-", 1)
    assert normalise_symbol(f"{number} - {rest.lower()}") == canonical
    assert normalise_symbol(f"Số {text}") == canonical


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_parsing_never_raises_on_arbitrary_text(text):
    parse_symbol(text)
    normalise_symbol(text)
    find_citations(text, context_year=2019)
    detect_relations(text, own_key="11-CT/TU", context_year=2019)
    parse_vn_date(text, context_year=2019)
    find_dates(text)


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("0123456789-/ CTrNQĐKLtu.sốngày")), max_size=80))
def test_parsing_never_raises_on_symbol_like_text(text):
    parse_symbol(text)
    find_citations(text)
