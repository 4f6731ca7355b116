"""Run searches: turn a parsed query into Whoosh queries, filter by permission, rank.

``SearchService`` keeps one index and searcher open across requests; before each
search it opens a fresh searcher when the index changed and reopens the index when
``current`` points to a new generation. The queries come from ``querybuild``; when
the user types with diacritics, the top hits are re-scored with the exact (diacritic)
terms, by skipping through those terms' postings to the top hits only, which stays
cheap where scanning the postings would not. Results can be sorted by date, narrowed
by ``facets.SearchFilters`` and counted by facet; a query with unknown words gets a
corrected text (``suggestions``) when that finds something.

The permission filter is part of every search, facet count and suggestion, so nobody
gets a hit, a snippet, a count or a hint from something they may not read.
"""

from __future__ import annotations

import heapq
import logging
import os
import threading
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.query import And, Or, Query, Term
from whoosh.searching import Searcher
from whoosh.sorting import FieldFacet

from documents.types import type_by_code
from search_index.contract import (
    RESCORE_DEPTH,
    BaseSearchService,
    Hit,
    SearchArguments,
    SearchResults,
    SearchUnavailable,
)
from search_index.facets import SearchFilters, SegmentColumns, facet_counts
from search_index.fields import NO_NUMBER, NO_VALUE
from search_index.parsing import ParsedQuery, parse_query, short_symbol_key
from search_index.snippets import has_match, marked_snippet, snippet_html
from search_index.suggestions import corrected_text, unknown_words
from search_index.whoosh.docsets import matching_docs
from search_index.whoosh.generations import fresh_searcher, live_generation, release_leaked_files
from search_index.whoosh.internals import speedups_available
from search_index.whoosh.querybuild import TITLE_BOOST, build_queries
from search_index.whoosh.schema import matches as schema_matches
from search_index.whoosh.scoring import Scorer, SegmentData

__all__ = [
    "Hit",
    "SearchFilters",
    "SearchResults",
    "SearchService",
    "SearchUnavailable",
    "build_queries",
]

logger = logging.getLogger(__name__)

EXACT_WEIGHT = 2.0  # a term typed with its diacritics counts twice its folded match
_ALLOW_CACHE_SIZE = 64


class SearchService(BaseSearchService):
    """An index and its searcher, kept open across requests; safe to share by threads
    (searches run one at a time: Whoosh's file readers are not made for sharing)."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._index: Any = None
        self._searcher: Searcher | None = None
        self._allow_cache: dict[tuple[frozenset[str], SearchFilters], set[int]] = {}
        self._kept = SegmentData()  # scoring.Scorer's lengths and postings, by segment
        self._columns: SegmentColumns = {}  # facets' column values, by segment
        speedups_available()  # the start-up probe of Whoosh's internals (logs a fallback)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _search(
        self, asked: SearchArguments, principals: frozenset[str], *, facets: bool, suggest: bool
    ) -> SearchResults:
        parsed, limit, page, sort, filters = (
            asked.parsed,
            asked.limit,
            asked.page,
            asked.sort,
            asked.filters,
        )
        request = _Request(parsed, principals, filters, limit, page, sort, facets)
        with self._lock:
            for attempt in (1, 2):
                searcher = self._current_searcher()
                try:
                    results = self._run(searcher, request)
                    if suggest:
                        results = self._with_suggestion(searcher, request, results)
                    return results
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
        self._kept = SegmentData()
        self._columns = {}

    def _current_searcher(self) -> Searcher:
        generation = live_generation(self.index_dir)
        if generation is None:
            self._close()
            raise SearchUnavailable("no index")
        if generation != self._generation or self._searcher is None:
            self._close()
            try:
                index = whoosh_index.open_dir(str(generation))
                if not schema_matches(index.schema):
                    index.close()
                    raise SearchUnavailable("schema changed")
                self._searcher = index.searcher()
            except SearchUnavailable:
                raise
            except Exception as exc:  # any damage to the files: missing TOC, bad segment
                release_leaked_files(exc)
                raise SearchUnavailable(type(exc).__name__) from exc
            self._index, self._generation = index, generation
            return self._searcher
        try:
            if not self._searcher.up_to_date():
                self._searcher = fresh_searcher(self._index, self._searcher)
                self._allow_cache.clear()
                live = _segment_ids(self._searcher)
                self._kept.keep_only(live)
                self._columns = {k: v for k, v in self._columns.items() if k[0] in live}
        except Exception as exc:
            self._close()
            raise SearchUnavailable(type(exc).__name__) from exc
        return self._searcher

    def _allowed(
        self, searcher: Searcher, principals: frozenset[str], filters: SearchFilters
    ) -> set[int]:
        """Document numbers ``principals`` may see, narrowed by ``filters``."""
        cache_key = (principals, filters)
        cached = self._allow_cache.get(cache_key)
        if cached is not None:
            return cached
        clauses: list[Query] = [Or([Term("allowed", p) for p in sorted(principals)])]
        clauses += filters.clauses()
        allowed = matching_docs(searcher, And(clauses) if len(clauses) > 1 else clauses[0])
        if len(self._allow_cache) >= _ALLOW_CACHE_SIZE:
            self._allow_cache.clear()
        self._allow_cache[cache_key] = allowed
        return allowed

    def _run(self, searcher: Searcher, request: _Request) -> SearchResults:
        parsed, limit, page, sort = request.parsed, request.limit, request.page, request.sort
        allowed = self._allowed(searcher, request.principals, request.filters)
        empty = SearchResults(0, [], parsed.text, page, limit, parsed, sort=sort)
        if not allowed:
            return empty
        wanted = page * limit
        reader = searcher.reader()
        queries = build_queries(parsed, reader.doc_frequency, reader.doc_count())
        scorer = Scorer(searcher, self._kept)
        for query in queries:
            if sort == "date":
                matched = matching_docs(searcher, query) & allowed
            else:  # scoring every allowed match also finds them all
                scores = scorer.scores(query, allowed)
                matched = set(scores)
            if matched:
                break
        else:
            return empty
        total = len(matched)
        if sort == "date":
            results = searcher.search(
                query, filter=matched, limit=wanted, sortedby=FieldFacet("date", reverse=True)
            )
            ranked = [(0.0, docnum) for _key, docnum in results.top_n]
        else:
            top = heapq.nlargest(max(wanted, RESCORE_DEPTH), scores.items(), key=itemgetter(1))
            ranked = [(score, docnum) for docnum, score in top]
            if parsed.typed_with_diacritics:
                exact = Or(
                    [
                        Term(name, word, boost=boost)
                        for word in dict.fromkeys(parsed.words)
                        for name, boost in (("title", TITLE_BOOST), ("body", 1.0))
                    ]
                )
                bonus = scorer.scores(exact, {docnum for _score, docnum in ranked})
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
        counts = {}
        if request.facets:
            counts = facet_counts(searcher, matched, kept=self._columns)
        return SearchResults(total, hits, parsed.text, page, limit, parsed, counts, None, sort)

    def _with_suggestion(
        self, searcher: Searcher, request: _Request, results: SearchResults
    ) -> SearchResults:
        """``results`` with a corrected query when a word is unknown and the corrected
        query finds something the user may read."""
        if not unknown_words(searcher, request.parsed):
            return results
        corrected = corrected_text(searcher, request.parsed)
        if corrected is None or corrected == request.parsed.text:
            return results
        retry = replace(request, parsed=parse_query(corrected), page=1, facets=False)
        if self._run(searcher, retry).total == 0:
            return results
        return replace(results, suggestion=corrected)

    @staticmethod
    def _hit(stored: dict[str, Any], score: float, terms: list[str], marks: tuple[str, ...]) -> Hit:
        def value(name: str) -> Any:
            found = stored.get(name)
            return None if found in (NO_VALUE, NO_NUMBER) else found

        snippet, found = marked_snippet(stored.get("body", ""), terms, marks)
        attachment = None
        if not found:
            for name, text in stored.get("attachments") or ():
                if has_match(text, terms, marks):
                    snippet, attachment = snippet_html(text, terms, marks), name
                    break
        return Hit(
            kind=stored["kind"],
            object_id=int(stored["object_id"]),
            title=stored.get("title", ""),
            symbol=stored.get("symbol"),
            doc_type=value("doc_type"),
            issuer=stored.get("issuer"),
            issued_year=value("issued_year"),
            unit_id=value("unit_id"),
            state=value("state"),
            score=float(score),
            snippet_html=snippet,
            external_id=stored.get("external_id"),
            term=value("term"),
            validity=value("validity"),
            date=value("date"),
            attachment=attachment,
        )


def _segment_ids(searcher: Searcher) -> set[str]:
    """The ids of the segments ``searcher`` reads (none in an empty index, whose one
    reader has no segment)."""
    return {
        segment.segment_id()
        for leaf, _offset in searcher.leaf_searchers()
        if (segment := leaf.reader().segment()) is not None
    }


@dataclass(frozen=True)
class _Request:
    """One search as the service runs it."""

    parsed: ParsedQuery
    principals: frozenset[str]
    filters: SearchFilters
    limit: int
    page: int
    sort: str
    facets: bool
