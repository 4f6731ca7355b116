"""Run searches: turn a parsed query into Whoosh queries, filter by permission, rank.

``SearchService`` keeps one index and searcher open across requests; before each
search it refreshes the searcher when the index changed and reopens it when
``current`` points to a new generation. Ranking:

- a symbol, or a type and number ("chỉ thị 11", "CT 11"), puts the document that
  bears it first (a heavy boost on its own symbol fields); documents and plans that
  cite or implement it follow;
- several words require all their folded syllable pairs, which is precise and fast
  on a large index; when nothing has them all, any folded syllable will do (pairs
  still count most);
- one word searches the folded title and body;
- when the user types with diacritics, the top hits are re-scored with the exact
  (diacritic) terms, by skipping through those terms' postings to the top hits
  only, which stays cheap where scanning the postings would not.

The permission filter is part of every search, so nobody gets a hit, a snippet or a
count from something they may not read.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.structfile import StructFile
from whoosh.query import And, NumericRange, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from documents.types import type_by_code
from search_index.analysis import pair_terms
from search_index.indexer import live_generation
from search_index.parsing import ParsedQuery, parse_query
from search_index.schema import SCHEMA, short_symbol_key
from search_index.snippets import snippet_html

__all__ = ["Hit", "SearchResults", "SearchService", "SearchUnavailable", "build_queries"]

logger = logging.getLogger(__name__)

SYMBOL_BOOST = 1000.0  # the document bearing the symbol must come first
REF_BOOST = 20.0  # documents and plans citing or implementing it come next
TITLE_BOOST = 2.0
PAIR_BOOST = 2.0  # in the any-syllable fallback, adjacent syllables count most
EXACT_WEIGHT = 0.5
RESCORE_DEPTH = 100
MAX_LIMIT = 100
_ALLOW_CACHE_SIZE = 64


class SearchUnavailable(Exception):
    """The index is missing, unreadable or of another schema; a rebuild is needed."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Chức năng tìm kiếm tạm thời không sử dụng được. Vui lòng thử lại sau "
            "hoặc báo quản trị viên dựng lại chỉ mục tìm kiếm." + (f" ({detail})" if detail else "")
        )
        self.detail = detail


@dataclass(frozen=True)
class Hit:
    kind: str  # "document" | "plan"
    object_id: int
    title: str
    symbol: str | None  # a plan shows the symbol of the document it implements
    doc_type: str | None
    issuer: str | None
    issued_year: int | None
    unit_id: int | None
    state: str | None
    score: float
    snippet_html: str  # escaped text with <mark> only: safe to render as is
    external_id: str | None = None


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    query: str
    page: int = 1
    limit: int = 20
    parsed: ParsedQuery | None = field(default=None, compare=False, repr=False)

    @property
    def pages(self) -> int:
        return (self.total + self.limit - 1) // self.limit


def _text_or(fields: Iterable[tuple[str, float]], terms: Iterable[str]) -> list[Query]:
    return [Term(name, term, boost=boost) for term in terms for name, boost in fields]


def build_queries(parsed: ParsedQuery) -> list[Query]:
    """The Whoosh queries to try in turn until one matches (the first is the strict one)."""
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
    pairs = list(dict.fromkeys(pair_terms(list(parsed.folded_words))))
    text_fields = (("title_folded", TITLE_BOOST), ("body_folded", 1.0))
    if len(parsed.folded_words) >= 2:
        strict_text: list[Query] = [And([Term("pairs", p) for p in pairs])]
        loose_text: list[Query] = [
            Or(_text_or(text_fields, folded) + [Term("pairs", p, boost=PAIR_BOOST) for p in pairs])
        ]
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


def _exact_bonus(searcher: Searcher, words: Iterable[str], docnums: list[int]) -> dict[int, float]:
    """Scores of the exact (diacritic) terms, for ``docnums`` only: each term's postings
    are skipped through to those documents instead of being read whole."""
    bonus: dict[int, float] = {}
    ordered = sorted(docnums)
    weighting = searcher.weighting
    for word in dict.fromkeys(words):
        for name, boost in (("title", TITLE_BOOST), ("body", 1.0)):
            if (name, word) not in searcher.reader():
                continue
            scorer = weighting.scorer(searcher, name, word)
            for leaf, offset in searcher.leaf_searchers():
                reader = leaf.reader()
                if (name, word) not in reader:
                    continue
                matcher = reader.postings(name, word, scorer=scorer)
                end = offset + reader.doc_count_all()
                for docnum in ordered:
                    if not offset <= docnum < end:
                        continue
                    if matcher.is_active() and matcher.id() < docnum - offset:
                        matcher.skip_to(docnum - offset)
                    if not matcher.is_active():
                        break
                    if matcher.id() == docnum - offset:
                        bonus[docnum] = bonus.get(docnum, 0.0) + matcher.score() * boost
    return bonus


def _release_leaked_files(exc: BaseException) -> None:
    """Close the files Whoosh left open when it failed to read a damaged index.

    ``TOC.read`` does not close its stream when reading fails; the stream lives on in
    the traceback's frames and would be closed, with a ``ResourceWarning``, whenever
    the exception is dropped. Close the Whoosh files those frames hold instead.
    """
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, StructFile) and not value.is_closed:
                value.close()
        tb = tb.tb_next


class SearchService:
    """An index and its searcher, kept open across requests; safe to share by threads
    (searches run one at a time: Whoosh's file readers are not made for sharing)."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._index: Any = None
        self._searcher: Searcher | None = None
        self._allow_cache: dict[tuple[frozenset[str], str | None, str | None], set[int]] = {}

    def close(self) -> None:
        with self._lock:
            self._close()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def search(
        self,
        text: str,
        principals: frozenset[str],
        *,
        limit: int = 20,
        page: int = 1,
        doc_type: str | None = None,
        kind: str | None = None,
    ) -> SearchResults:
        """Page ``page`` of the hits for ``text`` that ``principals`` may see.

        ``doc_type`` keeps documents of one type code, ``kind`` only "document" or
        "plan". Raises ``SearchUnavailable`` when the index cannot be read.
        """
        parsed = parse_query(text)
        limit = max(1, min(int(limit), MAX_LIMIT))
        page = max(1, int(page))
        empty = SearchResults(0, [], parsed.text, page, limit, parsed)
        if not principals or parsed.is_empty:
            return empty
        with self._lock:
            for attempt in (1, 2):
                searcher = self._current_searcher()
                try:
                    return self._run(
                        searcher, parsed, frozenset(principals), limit, page, doc_type, kind
                    )
                except Exception as exc:  # an unreadable file, or a generation swapped away
                    generation = self._generation
                    self._close()
                    if attempt == 2 or live_generation(self.index_dir) == generation:
                        logger.exception("search failed in %s", self.index_dir)
                        raise SearchUnavailable(type(exc).__name__) from exc
        raise AssertionError("unreachable")

    # --- internals ---------------------------------------------------------------------

    def _close(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # closing a broken reader must not hide the real error
                logger.debug("closing the searcher failed", exc_info=True)
        if self._index is not None:
            self._index.close()
        self._searcher = self._index = self._generation = None
        self._allow_cache.clear()

    def _current_searcher(self) -> Searcher:
        generation = live_generation(self.index_dir)
        if generation is None:
            self._close()
            raise SearchUnavailable("no index")
        if generation != self._generation or self._searcher is None:
            self._close()
            try:
                index = whoosh_index.open_dir(str(generation))
                if set(index.schema.names()) != set(SCHEMA.names()):
                    index.close()
                    raise SearchUnavailable("schema changed")
                self._searcher = index.searcher()
            except SearchUnavailable:
                raise
            except Exception as exc:  # any damage to the files: missing TOC, bad segment
                _release_leaked_files(exc)
                raise SearchUnavailable(type(exc).__name__) from exc
            self._index, self._generation = index, generation
            return self._searcher
        try:
            if not self._searcher.up_to_date():
                self._searcher = self._searcher.refresh()
                self._allow_cache.clear()
        except Exception as exc:
            self._close()
            raise SearchUnavailable(type(exc).__name__) from exc
        return self._searcher

    def _allowed(
        self,
        searcher: Searcher,
        principals: frozenset[str],
        doc_type: str | None,
        kind: str | None,
    ) -> set[int]:
        """Document numbers ``principals`` may see (and of the type/kind asked for)."""
        cache_key = (principals, doc_type, kind)
        cached = self._allow_cache.get(cache_key)
        if cached is not None:
            return cached
        clauses: list[Query] = [Or([Term("allowed", p) for p in sorted(principals)])]
        if doc_type:
            clauses.append(Term("doc_type", doc_type))
        if kind:
            clauses.append(Term("kind", kind))
        allowed = set(searcher.docs_for_query(And(clauses) if len(clauses) > 1 else clauses[0]))
        if len(self._allow_cache) >= _ALLOW_CACHE_SIZE:
            self._allow_cache.clear()
        self._allow_cache[cache_key] = allowed
        return allowed

    def _run(
        self,
        searcher: Searcher,
        parsed: ParsedQuery,
        principals: frozenset[str],
        limit: int,
        page: int,
        doc_type: str | None,
        kind: str | None,
    ) -> SearchResults:
        allowed = self._allowed(searcher, principals, doc_type, kind)
        empty = SearchResults(0, [], parsed.text, page, limit, parsed)
        if not allowed:
            return empty
        wanted = page * limit
        for query in build_queries(parsed):
            results = searcher.search(
                query, filter=allowed, limit=max(wanted, RESCORE_DEPTH), optimize=False
            )
            total = len(results)
            if total:
                break
        else:
            return empty
        ranked = [(score, docnum) for score, docnum in results.top_n]
        if parsed.typed_with_diacritics:
            head = [docnum for _score, docnum in ranked[:RESCORE_DEPTH]]
            bonus = _exact_bonus(searcher, parsed.words, head)
            ranked = [(s + EXACT_WEIGHT * bonus.get(d, 0.0), d) for s, d in ranked]
        ranked.sort(key=lambda item: (-item[0], item[1]))
        terms = list(parsed.folded_words) + [t for phrase in parsed.phrases for t in phrase]
        marks = (
            parsed.symbol_keys
            + parsed.short_keys
            + tuple(
                short_symbol_key(n, t.abbr)
                for code, n in parsed.type_numbers
                if (t := type_by_code(code))
            )
        )
        hits = [
            self._hit(searcher.stored_fields(docnum), score, terms, marks)
            for score, docnum in ranked[(page - 1) * limit : wanted]
        ]
        return SearchResults(total, hits, parsed.text, page, limit, parsed)

    @staticmethod
    def _hit(stored: dict[str, Any], score: float, terms: list[str], marks: tuple) -> Hit:
        return Hit(
            kind=stored["kind"],
            object_id=int(stored["object_id"]),
            title=stored.get("title", ""),
            symbol=stored.get("symbol"),
            doc_type=stored.get("doc_type"),
            issuer=stored.get("issuer"),
            issued_year=stored.get("issued_year"),
            unit_id=stored.get("unit_id"),
            state=stored.get("state"),
            score=float(score),
            snippet_html=snippet_html(stored.get("body", ""), terms, marks),
            external_id=stored.get("external_id"),
        )
