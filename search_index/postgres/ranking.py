"""How the PostgreSQL backend matches and ranks: a parsed query as SQL conditions and
scores over ``search_entry``, strictest first (the same plan as ``querybuild``).

- a symbol, or a type and number ("chỉ thị 11", "CT 11"), puts the document bearing it
  first (``SYMBOL_BOOST``); documents and plans citing or implementing it follow;
- several words first require all their folded syllable pairs (``chi_thi & thi_11``);
  when nothing has them all, a short query still requires one of its pairs (its words
  only add to the score), while in a long one any folded word or pair will do, the
  words and pairs found in more than ``COMMON_SHARE`` of the entries left out;
- a quoted phrase must appear as typed (``he <-> thong``).

A text score is a sum over the query's lexemes of their inverse document frequency
(``search_term``, as in BM25) times ``ts_rank`` of that one lexeme, with the weights of
the fields (title A, symbol and type B, body C, attachments D). ``ts_rank`` already
saturates with repetitions; measured on the ALQAC questions, damping long texts on top
of that (BM25's ``b``, or ``ts_rank``'s length normalisations) only lowers MRR@10
(0.871 without; 0.857 with b = 0.1; 0.61 with b = 0.75).

One ``ts_rank`` per lexeme reads the entry's tsvector once per lexeme, too slow for
every match of a long query: the matches are first ranked with the lexemes grouped by
weight (``bucketed_score``), then the top ``RESCORE_DEPTH`` are scored exactly, plus
the words as typed (diacritics and all) against the ``exact`` tsvector when the user
typed diacritics.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    REAL,
    ColumnElement,
    ColumnExpressionArgument,
    Float,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.types import Text

from documents.symbols import symbol_key
from documents.types import type_by_code
from search_index.facets import SearchFilters
from search_index.fields import date_key
from search_index.parsing import LONG_QUERY_WORDS, ParsedQuery, short_symbol_key
from search_index.postgres.entries import and_query, or_query, phrase_query, quote_lexeme
from search_index.postgres.schema import EXTENSIONS_SCHEMA, SearchEntry

SYMBOL_BOOST = 1000.0  # the document bearing the symbol comes first
REF_BOOST = 20.0  # then the documents and plans citing or implementing it
# a symbol typed so that it does not parse ("205-QD/TU") counts as the entry's symbol when
# their accent-folded forms are this similar (trigrams; "206-QD/TU" is at 0.67)
SYMBOL_MATCH = 0.8
PAIR_BOOST = 2.0  # in the any-word fallback, adjacent syllables count most
EXACT_WEIGHT = 2.0  # a word typed with its diacritics counts twice its folded match
WEIGHTS = (0.25, 0.5, 0.6, 1.0)  # ts_rank's {D, C, B, A}: attachments … title
COMMON_SHARE = 0.10  # a word or pair in more than this share of the entries is common
MIN_KEPT_TERMS = 3  # a pruned query keeps at least this many of its rarest terms
BUCKET_RATIO = 2.0
CANDIDATE_SHARE = 0.15  # lexemes whose weights differ less are ranked together, at first

_SYMBOL_LIKE = re.compile(r"[^\W_]+(?:[-/][^\W_]+)+")
_EDGE_PUNCTUATION = ".,;:!?()[]{}'«»\"“”"
_extensions = getattr(func, EXTENSIONS_SCHEMA)


@dataclass(frozen=True)
class Statistics:
    """The number of entries and each lexeme's document frequency."""

    entries: int
    frequency: dict[str, int]

    def df(self, lexeme: str) -> int:
        return self.frequency.get(lexeme, 0)

    def idf(self, lexeme: str) -> float:
        df = self.df(lexeme)
        return math.log(1.0 + (self.entries - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class Attempt:
    """One way of matching the query: the condition rows must meet, their score."""

    match: ColumnElement[bool]
    score: ColumnElement[float]  # close to ``rescore``, and cheap enough for every match
    rescore: ColumnElement[float]  # for the top hits


def _tsquery(literal_text: str) -> ColumnElement[Any]:
    return cast(literal(literal_text, Text()), TSQUERY)


def ranks(
    column: ColumnExpressionArgument[Any], queries: Sequence[str], weights: Sequence[float]
) -> ColumnElement[float]:
    """Σ weight · ts_rank(column, query) over the tsquery literals ``queries``, as a
    subquery over two arrays: the same SQL whatever the number of queries, so it is
    compiled once and planned fast."""
    if not queries:
        return literal(0.0)
    pairs = (
        func.unnest(
            bindparam(None, list(queries), type_=ARRAY(Text())),
            bindparam(None, [float(w) for w in weights], type_=ARRAY(Float())),
        )
        .table_valued("query", "weight")
        .render_derived()
    )
    rank = func.ts_rank(
        bindparam(None, list(WEIGHTS), type_=ARRAY(REAL())),
        column,
        cast(pairs.c.query, TSQUERY),
    )
    return select(func.coalesce(func.sum(pairs.c.weight * rank), 0.0)).scalar_subquery()


def _weighted(terms: Sequence[tuple[str, float]], stats: Statistics) -> dict[str, float]:
    """boost · idf of each lexeme of ``terms`` that some entry has."""
    found: dict[str, float] = {}
    for lexeme, boost in terms:
        if stats.df(lexeme):
            found[lexeme] = max(found.get(lexeme, 0.0), boost * stats.idf(lexeme))
    return found


def text_score(terms: Sequence[tuple[str, float]], stats: Statistics) -> ColumnElement[float]:
    """Σ boost · idf · ts_rank over ``terms`` (lexeme, boost): one ``ts_rank`` per
    lexeme, so for the top hits only."""
    weighted = _weighted(terms, stats)
    return ranks(
        SearchEntry.folded, [quote_lexeme(lexeme) for lexeme in weighted], list(weighted.values())
    )


def bucketed_score(terms: Sequence[tuple[str, float]], stats: Statistics) -> ColumnElement[float]:
    """``text_score`` with the lexemes grouped by weight (within a factor of
    ``BUCKET_RATIO``): one ``ts_rank`` per group, each reading the tsvector once.

    ``ts_rank`` of an OR query is the mean of its lexemes' ranks, so a group's rank
    times its size times its mean weight is the group's share of ``text_score``, up to
    the spread of the weights in it.
    """
    groups: dict[int, list[tuple[str, float]]] = {}
    for lexeme, weight in _weighted(terms, stats).items():
        groups.setdefault(round(math.log(weight) / math.log(BUCKET_RATIO)), []).append(
            (lexeme, weight)
        )
    queries = [or_query(lexeme for lexeme, _ in members) for members in groups.values()]
    weights = [sum(w for _, w in members) for members in groups.values()]
    return ranks(SearchEntry.folded, queries, weights)


def permitted(principals: frozenset[str], filters: SearchFilters) -> list[ColumnElement[bool]]:
    """The conditions of what ``principals`` may read, narrowed by ``filters``."""
    found: list[ColumnElement[bool]] = [
        SearchEntry.allowed.op("&&")(bindparam(None, sorted(principals), type_=ARRAY(Text())))
    ]
    columns = {
        "kind": SearchEntry.kind,
        "doc_type": SearchEntry.doc_type,
        "issuer": SearchEntry.issuer_name,
        "year": SearchEntry.issued_year,
        "term": SearchEntry.term,
        "validity": SearchEntry.validity,
        "unit_id": SearchEntry.unit_id,
        "state": SearchEntry.state,
    }
    for name, column in columns.items():
        value = getattr(filters, name)
        if value is not None:
            found.append(column == value)
    if filters.issuers is not None:
        found.append(SearchEntry.issuer_name.in_(filters.issuers))
    if filters.date_from is not None:
        found.append(SearchEntry.date >= date_key(filters.date_from))
    if filters.date_to is not None:
        found.append(SearchEntry.date <= date_key(filters.date_to))
    return found


def unparsed_symbols(text: str) -> list[str]:
    """Chunks of ``text`` written like a symbol (a number and letters joined by "-" or
    "/") that ``symbol_key`` does not accept, mostly symbols typed without diacritics
    ("205-QD/TU" for "205-QĐ/TU"), upper case."""
    found = []
    for chunk in text.split():
        chunk = chunk.strip(_EDGE_PUNCTUATION)
        if (
            _SYMBOL_LIKE.fullmatch(chunk)
            and any(c.isdigit() for c in chunk)
            and any(c.isalpha() for c in chunk)
            and symbol_key(chunk) is None
        ):
            found.append(chunk.upper())
    return list(dict.fromkeys(found))


def symbol_similarity(typed: str) -> ColumnElement[float]:
    """Trigram similarity of the entry's symbol and ``typed``, both accent-folded."""
    typed_key = _extensions.unaccent(func.upper(typed))
    similarity: ColumnElement[float] = _extensions.similarity(SearchEntry.symbol_text, typed_key)
    return similarity


def _symbol_parts(parsed: ParsedQuery) -> tuple[list[ColumnElement[bool]], list[str]]:
    """(conditions of bearing a symbol of the query, keys a citing entry has in refs)."""
    own: list[ColumnElement[bool]] = []
    refs: list[str] = list(parsed.symbol_keys) + list(parsed.short_keys)
    if parsed.symbol_keys:
        own.append(SearchEntry.symbol_key.in_(parsed.symbol_keys))
    if parsed.short_keys:
        own.append(SearchEntry.symbol_short.in_(parsed.short_keys))
    for code, number in parsed.type_numbers:
        own.append(and_(SearchEntry.doc_type == code, SearchEntry.number == number))
        doc_type = type_by_code(code)
        if doc_type is not None:
            refs.append(short_symbol_key(number, doc_type.abbr))
    return own, refs


def _rare(terms: list[str], stats: Statistics) -> list[str]:
    """``terms`` without those in more than ``COMMON_SHARE`` of the entries; at least the
    ``MIN_KEPT_TERMS`` rarest stay."""
    kept = [t for t in terms if stats.df(t) <= COMMON_SHARE * stats.entries]
    if len(kept) < min(MIN_KEPT_TERMS, len(terms)):
        rarest = set(sorted(terms, key=lambda t: (stats.df(t), t))[:MIN_KEPT_TERMS])
        kept = [t for t in terms if t in rarest]
    return kept


def _candidates(terms: list[str], stats: Statistics) -> list[str]:
    """The rarest of ``terms`` whose entries, added up, stay within ``CANDIDATE_SHARE``
    of all entries (at least ``MIN_KEPT_TERMS`` of them): the entries a long query
    ranks. Every term still counts in the score of those entries."""
    budget = CANDIDATE_SHARE * stats.entries
    kept: list[str] = []
    total = 0
    for term in sorted((t for t in terms if stats.df(t)), key=lambda t: (stats.df(t), t)):
        if len(kept) >= MIN_KEPT_TERMS and total + stats.df(term) > budget:
            break
        kept.append(term)
        total += stats.df(term)
    return kept or terms


def lexemes_of(parsed: ParsedQuery) -> list[str]:
    """Every folded word and pair the ranking may look up (for ``Statistics``)."""
    phrase_pairs = [f"{a}_{b}" for p in parsed.phrases for a, b in zip(p, p[1:], strict=False)]
    words = list(parsed.folded_words) + [w for p in parsed.phrases for w in p]
    return list(dict.fromkeys(words + list(parsed.pairs) + phrase_pairs))


def attempts(parsed: ParsedQuery, stats: Statistics) -> list[Attempt]:
    """The ways to match ``parsed``, strictest first; the caller runs them in turn until
    one finds something."""
    own, refs = _symbol_parts(parsed)
    symbol_score: ColumnElement[float] = literal(0.0)
    symbol_match: list[ColumnElement[bool]] = []
    if own:
        symbol_score = symbol_score + case((or_(*own), SYMBOL_BOOST), else_=0.0)
        symbol_match.append(or_(*own))
    if refs:
        overlap = SearchEntry.refs.op("&&")(bindparam(None, refs, type_=ARRAY(Text())))
        symbol_score = symbol_score + case((overlap, REF_BOOST), else_=0.0)
        symbol_match.append(overlap)
    for typed in unparsed_symbols(parsed.text):
        # the trigram index finds the candidates, the similarity keeps the near-identical
        probe = _extensions.unaccent(func.upper(typed))
        near = and_(
            SearchEntry.symbol_text.op(f"OPERATOR({EXTENSIONS_SCHEMA}.%)")(probe),
            symbol_similarity(typed) >= SYMBOL_MATCH,
        )
        symbol_score = symbol_score + case(
            (near, SYMBOL_BOOST * symbol_similarity(typed)), else_=0.0
        )
        symbol_match.append(near)

    folded = list(dict.fromkeys(parsed.folded_words))
    pairs = list(parsed.pairs)
    phrase_terms: list[tuple[str, float]] = []
    phrase_queries: list[str] = []
    for phrase in parsed.phrases:
        phrase_queries.append(phrase_query(phrase))
        phrase_terms += [(f"{a}_{b}", 1.0) for a, b in zip(phrase, phrase[1:], strict=False)]

    texts: list[tuple[str | None, list[tuple[str, float]]]] = []
    if len(folded) >= 2:
        lone = list(dict.fromkeys(parsed.lone_words))
        if symbol_match or all(stats.df(t) for t in pairs + lone):  # else it cannot match
            texts.append((and_query(pairs + lone), [(t, 1.0) for t in pairs + lone]))
        loose_words, loose_pairs = folded, pairs
        # a short query requires one of its pairs even here (as ``querybuild`` does)
        matching = pairs if pairs and len(folded) < LONG_QUERY_WORDS else folded + pairs
        if len(folded) >= LONG_QUERY_WORDS:
            loose_words, loose_pairs = _rare(folded, stats), _rare(pairs, stats)
            matching = _candidates(loose_words + loose_pairs, stats)
        scored = [(w, 1.0) for w in loose_words] + [(p, PAIR_BOOST) for p in loose_pairs]
        texts.append((or_query(matching), scored))
    elif folded:
        texts.append((or_query(folded), [(w, 1.0) for w in folded]))
    else:
        texts.append((None, []))

    found: list[Attempt] = []
    seen: set[str] = set()
    for query, scored in texts:
        content = [q for q in [query, *phrase_queries] if q]
        if not content and not symbol_match:
            continue
        key = " & ".join(f"({q})" for q in content)
        if key in seen:
            continue
        seen.add(key)
        conditions = list(symbol_match)
        if content:
            conditions.append(SearchEntry.folded.op("@@")(_tsquery(key)))
        terms = scored + phrase_terms
        found.append(
            Attempt(
                or_(*conditions),
                symbol_score + bucketed_score(terms, stats),
                symbol_score + text_score(terms, stats),
            )
        )
    return found


def exact_bonus(
    words: Sequence[str], stats: Statistics, fold: Callable[[str], str]
) -> ColumnElement[float]:
    """The score of the words as typed (tone-normalised, with diacritics), per entry."""
    unique = list(dict.fromkeys(words))
    return ranks(
        SearchEntry.exact,
        [quote_lexeme(w) for w in unique],
        [EXACT_WEIGHT * stats.idf(fold(w)) for w in unique],
    )
