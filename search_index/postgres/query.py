"""Searches on the PostgreSQL backend: the same ``search`` as ``query.SearchService``,
over the ``search_entry`` table.

Each search runs on its own connection from the engine, in one read-only transaction:
the term statistics, the ranked keys with the total, the exact-match bonus of the top
hits (when the user typed diacritics), the stored fields of the page's hits and the
facet counts (one ``GROUPING SETS`` query) all see the same snapshot. The permission
condition (``allowed && principals``) is part of every one of those queries and of the
suggestions, so nobody gets a hit, a snippet, a count or a hint from something they
may not read.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, select, tuple_
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from documents.collation import vi_key
from documents.text import fold
from documents.types import type_by_code
from search_index.contract import (
    RESCORE_DEPTH,
    BaseSearchService,
    Hit,
    SearchArguments,
    SearchResults,
    SearchUnavailable,
)
from search_index.facets import FACET_VALUES_SHOWN, FacetValue, SearchFilters
from search_index.parsing import ParsedQuery, short_symbol_key
from search_index.postgres.indexer import COUNT_TERM
from search_index.postgres.ranking import (
    Attempt,
    Statistics,
    attempts,
    exact_bonus,
    lexemes_of,
    permitted,
)
from search_index.postgres.schema import SearchEntry, SearchTerm
from search_index.postgres.suggest import suggestion
from search_index.snippets import has_match, snippet_html

__all__ = ["PostgresSearchService"]

logger = logging.getLogger(__name__)

_FACET_COLUMNS = (
    ("kind", SearchEntry.kind),
    ("doc_type", SearchEntry.doc_type),
    ("issuer", SearchEntry.issuer_name),
    ("year", SearchEntry.issued_year),
    ("term", SearchEntry.term),
    ("validity", SearchEntry.validity),
    ("unit_id", SearchEntry.unit_id),
    ("state", SearchEntry.state),
)


class PostgresSearchService(BaseSearchService):
    """Searches over ``search_entry`` through ``engine``; safe to share by threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        """Nothing to release: the connections belong to the engine's pool."""

    def _search(
        self, asked: SearchArguments, principals: frozenset[str], *, facets: bool, suggest: bool
    ) -> SearchResults:
        """Raises ``SearchUnavailable`` when the database cannot answer (tables or
        extensions missing, connection lost)."""
        parsed, limit, page, sort, filters = (
            asked.parsed,
            asked.limit,
            asked.page,
            asked.sort,
            asked.filters,
        )
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                # The planner counts no cost for reading a tsvector stored out of line,
                # so it prefers reading every entry to the GIN index that reads a few.
                connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
                results, matched = self._run(
                    connection, parsed, principals, filters, limit, page, sort
                )
                if facets and matched is not None:
                    results = replace(results, facets=_facets(connection, matched))
                if suggest:
                    corrected = suggestion(
                        connection,
                        parsed,
                        principals,
                        finds=lambda p: (
                            self._run(connection, p, principals, filters, 1, 1, "date")[0].total
                        ),
                    )
                    results = replace(results, suggestion=corrected)
                connection.rollback()
                return results
        except SQLAlchemyError as exc:
            logger.exception("search failed on the database")
            raise SearchUnavailable(type(exc).__name__) from exc

    # --- internals ---------------------------------------------------------------------

    @staticmethod
    def _statistics(connection: Connection, parsed: ParsedQuery) -> Statistics:
        lexemes = lexemes_of(parsed)
        rows = connection.execute(
            select(SearchTerm.term, SearchTerm.df).where(
                SearchTerm.term.in_([COUNT_TERM, *lexemes])
            )
        ).all()
        frequency = dict(rows)
        entries = frequency.pop(COUNT_TERM, 0)
        return Statistics(entries, frequency)

    def _run(
        self,
        connection: Connection,
        parsed: ParsedQuery,
        principals: frozenset[str],
        filters: SearchFilters,
        limit: int,
        page: int,
        sort: str,
    ) -> tuple[SearchResults, ColumnElement[bool] | None]:
        """The results of ``parsed`` and the condition of the entries it matched."""
        empty = SearchResults(0, [], parsed.text, page, limit, parsed, sort=sort)
        stats = self._statistics(connection, parsed)
        allowed = permitted(principals, filters)
        wanted = page * limit
        for attempt in attempts(parsed, stats):
            ranked, total = self._ranked(connection, attempt, allowed, wanted, sort)
            if total:
                break
        else:
            return empty, None
        if sort == "relevance":
            ranked = _rescored(connection, ranked, attempt, parsed, stats)
        shown = ranked[(page - 1) * limit : wanted]
        stored: dict[str, dict[str, Any]] = dict(
            connection.execute(
                select(SearchEntry.key, SearchEntry.stored).where(
                    SearchEntry.key.in_([key for key, _ in shown])
                )
            ).all()
        )
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
        hits = [_hit(key, stored[key], score, terms, marks) for key, score in shown]
        results = SearchResults(total, hits, parsed.text, page, limit, parsed, {}, None, sort)
        return results, and_(*allowed, attempt.match)

    @staticmethod
    def _ranked(
        connection: Connection,
        attempt: Attempt,
        allowed: list[ColumnElement[bool]],
        wanted: int,
        sort: str,
    ) -> tuple[list[tuple[str, float]], int]:
        """The first keys by relevance (at least ``RESCORE_DEPTH``) or by date, with
        their scores, and the number of entries matched."""
        total = func.count().over().label("total")
        if sort == "date":  # no score needed: as Whoosh, the hits' scores are 0
            query = (
                select(SearchEntry.key, literal(0.0).label("score"), total)
                .where(*allowed, attempt.match)
                .order_by(SearchEntry.date.desc().nulls_last(), SearchEntry.key)
                .limit(wanted)
            )
        else:
            score = attempt.score.label("score")
            query = (
                select(SearchEntry.key, score, total)
                .where(*allowed, attempt.match)
                .order_by(score.desc(), SearchEntry.key)
                .limit(max(wanted, RESCORE_DEPTH))
            )
        rows = connection.execute(query).all()
        if not rows:
            return [], 0
        return [(key, float(score)) for key, score, _ in rows], int(rows[0][2])


def _rescored(
    connection: Connection,
    ranked: list[tuple[str, float]],
    attempt: Attempt,
    parsed: ParsedQuery,
    stats: Statistics,
) -> list[tuple[str, float]]:
    """``ranked`` with its first ``RESCORE_DEPTH`` scored exactly, plus the score of the
    words as typed when the user typed diacritics, and ordered again."""
    score = attempt.rescore
    if parsed.typed_with_diacritics:
        score = score + exact_bonus(parsed.words, stats, fold)
    head = [key for key, _ in ranked[:RESCORE_DEPTH]]
    scores = dict(
        connection.execute(select(SearchEntry.key, score).where(SearchEntry.key.in_(head))).all()
    )
    rescored = [(key, float(scores.get(key, first))) for key, first in ranked]
    rescored.sort(key=lambda item: (-item[1], item[0]))
    return rescored


def _facets(connection: Connection, matched: ColumnElement[bool]) -> dict[str, list[FacetValue]]:
    """Counts by facet of the entries ``matched`` (which includes the permission
    condition), most frequent first (years newest first), one ``GROUPING SETS`` query."""
    columns = [column for _, column in _FACET_COLUMNS]
    query = (
        select(*columns, *(func.grouping(c) for c in columns), func.count())
        .where(matched)
        .group_by(func.grouping_sets(*(tuple_(c) for c in columns)))
    )
    tallies: dict[str, list[tuple[Any, int]]] = {name: [] for name, _ in _FACET_COLUMNS}
    width = len(columns)
    rows: list[Sequence[Any]] = list(connection.execute(query))  # values, groupings, count
    for row in rows:
        values, grouping, count = row[:width], row[width : 2 * width], row[-1]
        for (name, _column), value, grouped in zip(_FACET_COLUMNS, values, grouping, strict=True):
            if grouped == 0 and value is not None:
                tallies[name].append((value, count))
    counts: dict[str, list[FacetValue]] = {}
    for name, tally in tallies.items():
        if name == "year":
            ordered = sorted(tally, key=lambda item: -item[0])
        else:
            ordered = sorted(tally, key=lambda item: (-item[1], vi_key(str(item[0]))))
        counts[name] = [FacetValue(v, c) for v, c in ordered[:FACET_VALUES_SHOWN]]
    return counts


def _hit(
    key: str, stored: dict[str, Any], score: float, terms: list[str], marks: tuple[str, ...]
) -> Hit:
    body, attachment = stored.get("body", ""), None
    if not has_match(body, terms, marks):
        for name, text in stored.get("attachments") or ():
            if has_match(text, terms, marks):
                body, attachment = text, name
                break
    kind, _, object_id = key.partition(":")
    return Hit(
        kind=kind,
        object_id=int(object_id),
        title=stored.get("title", ""),
        symbol=stored.get("symbol"),
        doc_type=stored.get("doc_type"),
        issuer=stored.get("issuer"),
        issued_year=stored.get("issued_year"),
        unit_id=stored.get("unit_id"),
        state=stored.get("state"),
        score=score,
        snippet_html=snippet_html(body, terms, marks),
        external_id=stored.get("external_id"),
        term=stored.get("term"),
        validity=stored.get("validity"),
        date=stored.get("date"),
        attachment=attachment,
    )
