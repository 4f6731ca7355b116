"""Turn a parsed query into the Whoosh queries to run, strictest first.

- a symbol, or a type and number ("chỉ thị 11", "CT 11"), puts the document that
  bears it first (a heavy boost on its own symbol fields); documents and plans that
  cite or implement it follow;
- several words require all their folded syllable pairs, which is precise and fast
  on a large index; when nothing has them all, a short query (fewer than
  ``LONG_QUERY_WORDS`` words) still requires one of its pairs, so that "Rạch Giá"
  never fills a page with "đánh giá" (its syllables only add to the score), and a long
  one takes any folded syllable (pairs still count most), leaving out the syllables
  most documents have;
- one word searches the folded title and body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from whoosh.query import And, AndMaybe, NumericRange, Or, Phrase, Query, Term

from documents.types import type_by_code
from search_index.parsing import LONG_QUERY_WORDS, ParsedQuery, short_symbol_key

SYMBOL_BOOST = 1000.0  # the document bearing the symbol must come first
REF_BOOST = 20.0  # documents and plans citing or implementing it come next
TITLE_BOOST = 2.0
PAIR_BOOST = 2.0  # in the any-syllable fallback, adjacent syllables count most
COMMON_SHARE = 0.10  # a syllable in more than this share of documents is common
MIN_KEPT_TERMS = 3  # a pruned query keeps at least this many of its rarest terms


def _rare(
    terms: list[str], field: str, frequency: Callable[[str, str], int], doc_count: int
) -> list[str]:
    """``terms`` without those in more than ``COMMON_SHARE`` of the documents; at
    least the ``MIN_KEPT_TERMS`` rarest stay."""
    counted = [(frequency(field, term), term) for term in terms]
    kept = [term for df, term in counted if df <= COMMON_SHARE * doc_count]
    if len(kept) < min(MIN_KEPT_TERMS, len(terms)):
        rarest = {term for _df, term in sorted(counted)[:MIN_KEPT_TERMS]}
        kept = [term for term in terms if term in rarest]
    return kept


def _text_or(fields: Iterable[tuple[str, float]], terms: Iterable[str]) -> list[Query]:
    return [Term(name, term, boost=boost) for term in terms for name, boost in fields]


def build_queries(
    parsed: ParsedQuery, frequency: Callable[[str, str], int] | None = None, doc_count: int = 0
) -> list[Query]:
    """The Whoosh queries to try in turn until one matches (the first is the strict one).

    With ``frequency(field, term)`` (document frequency) and ``doc_count``, a long
    query's any-syllable fallback leaves out the syllables and pairs found in more than
    ``COMMON_SHARE`` of the documents: they barely change the ranking, and reading
    their postings is most of the cost on a large index.
    """
    symbol_clauses: list[Query] = []
    for key in parsed.symbol_keys:
        symbol_clauses.append(Term("symbol_key", key, boost=SYMBOL_BOOST))
        symbol_clauses.append(Term("refs", key, boost=REF_BOOST))
    for key in parsed.short_keys:
        symbol_clauses.append(Term("symbol_short", key, boost=SYMBOL_BOOST))
        symbol_clauses.append(Term("refs", key, boost=REF_BOOST))
    for code, number in parsed.type_numbers:
        symbol_clauses.append(
            And(
                [Term("doc_type", code), NumericRange("number", number, number)],
                boost=SYMBOL_BOOST,
            )
        )
        doc_type = type_by_code(code)
        if doc_type is not None:
            symbol_clauses.append(
                Term("refs", short_symbol_key(number, doc_type.abbr), boost=REF_BOOST)
            )

    phrases: list[Query] = [
        Or([Phrase("title_folded", list(p), boost=TITLE_BOOST), Phrase("body_folded", list(p))])
        for p in parsed.phrases
    ]
    folded = list(dict.fromkeys(parsed.folded_words))
    text_fields = (("title_folded", TITLE_BOOST), ("body_folded", 1.0))
    if len(folded) >= 2:
        # every pair of adjacent words, and every word that has no neighbour
        strict_text: list[Query] = [
            And(
                [Term("pairs", p) for p in parsed.pairs]
                + [Or(_text_or(text_fields, [w])) for w in dict.fromkeys(parsed.lone_words)]
            )
        ]
        loose_words, loose_pairs = folded, list(parsed.pairs)
        if frequency is not None and len(folded) >= LONG_QUERY_WORDS:
            loose_words = _rare(folded, "body_folded", frequency, doc_count)
            loose_pairs = _rare(loose_pairs, "pairs", frequency, doc_count)
        pair_terms: list[Query] = [Term("pairs", p, boost=PAIR_BOOST) for p in loose_pairs]
        loose_text: list[Query]
        if pair_terms and len(folded) < LONG_QUERY_WORDS:
            loose_text = [AndMaybe(Or(pair_terms), Or(_text_or(text_fields, loose_words)))]
        else:
            loose_text = [Or(_text_or(text_fields, loose_words) + pair_terms)]
    elif folded:
        strict_text = loose_text = [Or(_text_or(text_fields, folded))]
    else:
        strict_text = loose_text = []

    queries = []
    for text in (strict_text, loose_text):
        content = text + phrases
        clauses = symbol_clauses + ([And(content)] if len(content) > 1 else content)
        if clauses:
            query = Or(clauses) if len(clauses) > 1 else clauses[0]
            if query not in queries:
                queries.append(query)
    return queries
