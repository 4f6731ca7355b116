"""What the search page and the API read from the query string, and the links back.

Unknown or malformed values are ignored rather than refused: a hand-edited link still
shows results, only less narrowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import quote_plus

from flask import g, url_for
from werkzeug.datastructures import MultiDict

from documents.i18n import N_
from portal.search.issuer_groups import members
from portal.templating import today
from search_index.facets import SearchFilters

PAGE_SIZE = 20
QUERY_MAX = 300
# query-string name → SearchFilters field, and how the value is read
FILTER_PARAMS: tuple[tuple[str, str, type], ...] = (
    ("kind", "kind", str),
    ("type", "doc_type", str),
    ("issuer", "issuer", str),
    ("year", "year", int),
    ("term", "term", str),
    ("validity", "validity", str),
    ("unit", "unit_id", int),
    ("state", "state", str),
)
DATE_PARAMS = (("from", "date_from"), ("to", "date_to"))
SORT_LABELS = {"relevance": N_("Liên quan nhất"), "date": N_("Mới nhất")}


def _value(raw: str | None, kind: type) -> Any:
    raw = (raw or "").strip()[:200]
    if not raw:
        return None
    if kind is int:
        return int(raw) if raw.isdigit() and len(raw) < 10 else None
    return raw


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None


# The characters werkzeug's URL builder leaves as they are in a query string.
URL_SAFE = "!$'()*,/:;?@"


@lru_cache(maxsize=4096)
def _encoded(name: str, value: str) -> str:
    """``name=value`` as ``urlencode`` puts it in a query string; the same facet values
    are linked on every page of results."""
    return f"{quote_plus(name, safe=URL_SAFE)}={quote_plus(value, safe=URL_SAFE)}"


def _search_path() -> str:
    if "search_path" not in g:
        g.search_path = url_for("search.search")
    path: str = g.search_path
    return path


@dataclass(frozen=True)
class SearchParams:
    """The query, filters, sort and page of one search request."""

    q: str
    filters: SearchFilters
    sort: str
    page: int
    args: dict[str, str]  # the recognised parameters as given, for links
    group_issuers: bool = False  # the issuer facet groups predecessors under successors

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> SearchParams:
        q = args.get("q", "").strip()[:QUERY_MAX]
        values: dict[str, Any] = {}
        kept: dict[str, str] = {"q": q} if q else {}
        for param, name, kind in FILTER_PARAMS:
            value = _value(args.get(param), kind)
            if value is not None:
                values[name], kept[param] = value, str(value)
        for param, name in DATE_PARAMS:
            day = _day(args.get(param))
            if day is not None:
                values[name], kept[param] = day, day.isoformat()
        group = args.get("issuer_group") == "1"
        if group:
            kept["issuer_group"] = "1"
            if "issuer" in values:
                values["issuers"] = members(values.pop("issuer"), today())
        sort = args.get("sort", "relevance")
        sort = sort if sort in SORT_LABELS else "relevance"
        if sort != "relevance":
            kept["sort"] = sort
        page = _value(args.get("page"), int) or 1
        return cls(q, SearchFilters(**values), sort, max(1, page), kept, group)

    def link(self, **changes: Any) -> str:
        """The search page with these parameters changed (None removes one); a change
        of anything but the page goes back to page 1."""
        args: dict[str, Any] = dict(self.args)
        if "page" not in changes:
            args.pop("page", None)
        for name, value in changes.items():
            if value is None:
                args.pop(name, None)
            else:
                args[name] = str(value)
        if args.get("page") == "1":
            del args["page"]
        # What url_for would build, with the route looked up once per request: a page of
        # results links each facet value, sort and page (a third of its rendering).
        query = "&".join(_encoded(name, value) for name, value in args.items())
        return f"{_search_path()}?{query}" if query else _search_path()

    @property
    def active_filters(self) -> list[str]:
        """The names of the filter parameters in use."""
        names = [p for p, _n, _k in FILTER_PARAMS] + [p for p, _n in DATE_PARAMS]
        return [name for name in names if name in self.args]
