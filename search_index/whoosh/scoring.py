"""BM25F scores of a query's matches, computed a block of postings at a time.

Whoosh scores a match by walking a tree of matcher objects, several Python calls per
posting; on words found in thousands of documents that is most of a search's time.
The scores here are the same numbers (Whoosh's ``BM25F`` with its defaults, the
index's own idf and average lengths, term boosts, sums over ``And`` and ``Or``) from
the postings decoded a block at a time, for the candidate documents only. A segment's
decoded postings are kept (``SegmentData``, bounded, least recently used out first):
the same words come back in search after search, and decoding Whoosh's pickled
blocks was a third of a search's time. Query types
without a formula here (phrases, numeric ranges) are scored by Whoosh itself, and so
is every query when this Whoosh lacks a private name the block reading needs
(``internals``).
``tests/search_index/test_search_scoring.py`` checks both give the same scores.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cachetools import LRUCache
from whoosh.query import And, Or, Query, Term
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from search_index.whoosh.internals import (
    deleted_docs,
    field_b,
    lengths_column,
    speedups_available,
    whole_postings,
)

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]
# A term found in more than SPARSE_RATIO times as many documents as there are
# candidates is looked up candidate by candidate rather than read whole.
SPARSE_RATIO = 16


POSTINGS_KEPT = 2_000_000  # decoded postings kept per search service (12 bytes each)


class SegmentData:
    """What scoring reads from segments and keeps across searches and searchers: each
    field's lengths and the most used terms' decoded postings. A segment never changes
    once written (only its deletions do, and they are applied at every use), so what is
    kept is never stale; ``keep_only`` drops the segments merged away."""

    def __init__(self, postings_kept: int = POSTINGS_KEPT) -> None:
        self.lengths: dict[tuple[str, str], list[int]] = {}
        self.postings: LRUCache[tuple[str, str, str], tuple[array[int], array[float]]]
        self.postings = LRUCache(maxsize=postings_kept, getsizeof=lambda kept: len(kept[0]) or 1)

    def keep_postings(
        self, key: tuple[str, str, str], postings: tuple[array[int], array[float]]
    ) -> None:
        """Keep a term's postings in a segment, unless they alone exceed the budget."""
        if len(postings[0]) <= self.postings.maxsize:
            self.postings[key] = postings

    def keep_only(self, live: set[str]) -> None:
        """Forget the segments whose id is not in ``live``."""
        self.lengths = {k: v for k, v in self.lengths.items() if k[0] in live}
        for key in [k for k in self.postings if k[0] not in live]:
            del self.postings[key]


class Scorer:
    """Scores for one searcher (one state of the index); ``kept`` may be shared by the
    scorers of later states."""

    def __init__(self, searcher: Searcher, kept: SegmentData | None = None) -> None:
        self.searcher = searcher
        self.kept = kept if kept is not None else SegmentData()
        weighting = searcher.weighting
        if type(weighting) is not BM25F:
            raise TypeError("only Whoosh's BM25F is computed here")
        self.B, self.K1 = weighting.B, weighting.K1
        self.fast = speedups_available()
        self._field_B = field_b(weighting) if self.fast else {}

    def scores(self, query: Query, candidates: set[int]) -> dict[int, float]:
        """Score of each document of ``candidates`` that ``query`` matches."""
        if not candidates:
            return {}
        if not self.fast:
            return self._by_whoosh(query, candidates)
        if isinstance(query, Term):
            return self._term(query, candidates)
        if isinstance(query, And) and query.subqueries:
            # the narrowest clause first; each next one is scored on what is left only
            found: dict[int, float] | None = None
            for sub in sorted(query.subqueries, key=self._estimate):
                if found is None:
                    found = self.scores(sub, candidates)
                elif isinstance(sub, Term):  # adds its scores to ``found`` as it reads
                    found = self._term(sub, found, found)
                else:
                    part = self.scores(sub, set(found))
                    found = {d: s + part[d] for d, s in found.items() if d in part}
                if not found:
                    return {}
            assert found is not None
            if query.boost != 1.0:
                found = {d: s * query.boost for d, s in found.items()}
            return found
        if isinstance(query, Or) and not query.minmatch and query.scale is None:
            summed: dict[int, float] = {}
            for sub in query.subqueries:
                for docnum, score in self.scores(sub, candidates).items():
                    summed[docnum] = summed.get(docnum, 0.0) + score
            if query.boost != 1.0:
                summed = {d: s * query.boost for d, s in summed.items()}
            return summed
        return self._by_whoosh(query, candidates)

    def _estimate(self, query: Query) -> int:
        """About how many documents ``query`` matches (0: narrow, or unknown here)."""
        if isinstance(query, Term):
            return self.searcher.doc_frequency(query.fieldname, query.text)
        if isinstance(query, And) and query.subqueries:
            return min(self._estimate(q) for q in query.subqueries)
        if isinstance(query, Or):
            return sum(self._estimate(q) for q in query.subqueries)
        return 0

    def _by_whoosh(self, query: Query, candidates: set[int]) -> dict[int, float]:
        results = self.searcher.search(query, filter=candidates, limit=None, optimize=False)
        return {docnum: score for score, docnum in results.top_n}

    def _segment_lengths(self, reader: Any, fieldname: str) -> list[int]:
        segment = reader.segment()
        key = (segment.segment_id(), fieldname)
        found = self.kept.lengths.get(key)
        if found is None:
            column = lengths_column(reader, fieldname)
            if column is None:
                found = [0] * reader.doc_count_all()
            else:
                found = [_LENGTH_OF_BYTE[b] for b in column]
            self.kept.lengths[key] = found
        return found

    def _term(
        self,
        query: Term,
        candidates: set[int] | dict[int, float],
        base: dict[int, float] | None = None,
    ) -> dict[int, float]:
        """The term's scores for ``candidates``; with ``base``, those scores added to
        ``base``'s for the documents of ``base`` that have the term (an ``And``)."""
        searcher, fieldname, text = self.searcher, query.fieldname, query.text
        found: dict[int, float] = {}
        if (fieldname, text) not in searcher.reader():
            return found
        boost = query.boost
        scorable = searcher.schema[fieldname].scorable
        if scorable:
            # bm25: idf * tf * (K1 + 1) / (tf + K1 * ((1 - B) + B * length / avgfl))
            B = self._field_B.get(fieldname, self.B)
            K1 = self.K1
            avgfl = searcher.avg_field_length(fieldname) or 1
            top_factor = searcher.idf(fieldname, text) * (K1 + 1) * boost
            fixed, per_length = K1 * (1 - B), K1 * B / avgfl
        sparse = len(candidates) * SPARSE_RATIO < searcher.doc_frequency(fieldname, text)
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if (fieldname, text) not in reader:
                continue
            lengths = self._segment_lengths(reader, fieldname) if scorable else []
            ids, weights = self._segment_postings(reader, fieldname, text)
            deleted = deleted_docs(reader)
            if sparse:  # few candidates, a common term: look each one up
                end = offset + reader.doc_count_all()
                pairs: Iterable[tuple[int, float]] = _looked_up(
                    ids, weights, sorted(d - offset for d in candidates if offset <= d < end)
                )
            else:
                pairs = zip(ids, weights, strict=True)
            for docnum, tf in pairs:
                top = docnum + offset
                if top in candidates and not (deleted and docnum in deleted):
                    if scorable:
                        score = top_factor * tf / (tf + fixed + per_length * lengths[docnum])
                    else:
                        score = tf * boost
                    found[top] = score if base is None else base[top] + score
        return found

    def _segment_postings(
        self, reader: Any, fieldname: str, text: str
    ) -> tuple[array[int], array[float]]:
        key = (reader.segment().segment_id(), fieldname, text)
        found = self.kept.postings.get(key)
        if found is None:
            found = whole_postings(reader.postings(fieldname, text))
            self.kept.keep_postings(key, found)
        return found


def _looked_up(
    ids: Sequence[int], weights: Sequence[float], wanted: list[int]
) -> Iterator[tuple[int, float]]:
    """(id, weight) of the postings of ``wanted`` (ascending) found in ``ids`` (ascending)."""
    at, count = 0, len(ids)
    for docnum in wanted:
        at = bisect_left(ids, docnum, at)
        if at == count:
            return
        if ids[at] == docnum:
            yield docnum, weights[at]
