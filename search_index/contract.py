"""The search backends' contract: what a search is asked (``SearchArguments``), what it
answers (``SearchResults`` of ``Hit``), the error when it cannot (``SearchUnavailable``)
and the service every backend implements (``BaseSearchService``).

The web layer and both backends (``search_index.whoosh``, ``search_index.postgres``)
import these from here, so neither backend needs the other's code.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace

from search_index.facets import FacetValue, SearchFilters
from search_index.parsing import ParsedQuery, parse_query

__all__ = [
    "MAX_LIMIT",
    "RESCORE_DEPTH",
    "SORTS",
    "BaseSearchService",
    "Hit",
    "SearchArguments",
    "SearchResults",
    "SearchUnavailable",
]

SORTS = ("relevance", "date")
RESCORE_DEPTH = 100  # the top hits whose exactness (diacritics) is scored, in both backends
MAX_LIMIT = 100


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
    issuer: str | None  # a plan's unit
    issued_year: int | None
    unit_id: int | None
    state: str | None  # a plan's workflow state
    score: float
    snippet_html: str  # escaped text with <mark> only: safe to render as is
    external_id: str | None = None
    term: str | None = None
    validity: str | None = None  # documents.service.VALIDITY_LABELS key
    date: int | None = None  # YYYYMMDD
    attachment: str | None = None  # the file the snippet comes from, when not the body


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[Hit]
    query: str
    page: int = 1
    limit: int = 20
    parsed: ParsedQuery | None = field(default=None, compare=False, repr=False)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean": a corrected query that finds something
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        return (self.total + self.limit - 1) // self.limit


@dataclass(frozen=True)
class SearchArguments:
    """A search's arguments as every backend reads them: the parsed text, the limit
    and page within bounds, a known sort, the shortcuts folded into the filters."""

    parsed: ParsedQuery
    limit: int
    page: int
    sort: str
    filters: SearchFilters

    @classmethod
    def of(
        cls,
        text: str,
        limit: int,
        page: int,
        doc_type: str | None,
        kind: str | None,
        filters: SearchFilters | None,
        sort: str,
    ) -> SearchArguments:
        given = filters or SearchFilters()
        return cls(
            parsed=parse_query(text),
            limit=max(1, min(int(limit), MAX_LIMIT)),
            page=max(1, int(page)),
            sort=sort if sort in SORTS else SORTS[0],
            filters=replace(given, doc_type=doc_type or given.doc_type, kind=kind or given.kind),
        )

    @property
    def empty(self) -> SearchResults:
        parsed = self.parsed
        return SearchResults(0, [], parsed.text, self.page, self.limit, parsed, sort=self.sort)


class BaseSearchService(ABC):
    """What every backend's search service offers. ``search`` reads the arguments once
    (``SearchArguments``) and leaves the searching to the backend's ``_search``."""

    def search(
        self,
        text: str,
        principals: frozenset[str],
        *,
        limit: int = 20,
        page: int = 1,
        doc_type: str | None = None,
        kind: str | None = None,
        filters: SearchFilters | None = None,
        sort: str = "relevance",
        facets: bool = False,
        suggest: bool = False,
    ) -> SearchResults:
        """Page ``page`` of the hits for ``text`` that ``principals`` may see.

        ``filters`` narrow the search (``doc_type`` and ``kind`` are shortcuts for two of
        them); ``sort`` is "relevance" or "date" (newest first). With ``facets`` the
        results carry counts by facet, with ``suggest`` a corrected query when a word
        is unknown. Raises ``SearchUnavailable`` when the index cannot be read.
        """
        asked = SearchArguments.of(text, limit, page, doc_type, kind, filters, sort)
        if not principals or asked.parsed.is_empty:
            return asked.empty
        return self._search(asked, frozenset(principals), facets=facets, suggest=suggest)

    @abstractmethod
    def _search(
        self, asked: SearchArguments, principals: frozenset[str], *, facets: bool, suggest: bool
    ) -> SearchResults:
        """The search itself, for a non-empty query and some principals."""

    @abstractmethod
    def close(self) -> None:
        """Release what the service holds open."""

    def __enter__(self) -> BaseSearchService:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
