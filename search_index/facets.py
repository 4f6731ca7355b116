"""Narrowing a search (filters) and counting its hits by facet.

Filters and facets read the same index fields: kind, document type, issuer (a plan's
unit), year, term, validity, unit and plan state, plus a range of dates. Counts are made
from the document numbers the caller passes, which are already limited to what the
searching user may read, so a count never reveals anything else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from whoosh.query import NumericRange, Or, Query, Term
from whoosh.searching import Searcher

from documents.collation import vi_key
from search_index.fields import NO_NUMBER, NO_VALUE, date_key

# (facet name, index field), in the order the page shows them
FACETS: tuple[tuple[str, str], ...] = (
    ("kind", "kind"),
    ("doc_type", "doc_type"),
    ("issuer", "issuer_name"),
    ("year", "issued_year"),
    ("term", "term"),
    ("validity", "validity"),
    ("unit_id", "unit_id"),
    ("state", "state"),
)
FACET_VALUES_SHOWN = 15
_NUMERIC_MISSING = 2**31 - 1  # Whoosh's column value for a number never given or larger


@dataclass(frozen=True)
class SearchFilters:
    """What the user narrowed the search to; None means no restriction."""

    kind: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    term: str | None = None
    validity: str | None = None
    unit_id: int | None = None
    state: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    # any of these issuers (an issuer facet grouped by successor): a predecessor's names
    issuers: tuple[str, ...] | None = None

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def clauses(self) -> list[Query]:
        """One Whoosh query per restriction."""
        found: list[Query] = []
        for name, field in FACETS:
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, int):
                found.append(NumericRange(field, value, value))
            else:
                found.append(Term(field, value))
        if self.issuers is not None:
            found.append(Or([Term("issuer_name", name) for name in self.issuers]))
        if self.date_from is not None or self.date_to is not None:
            found.append(NumericRange("date", date_key(self.date_from), date_key(self.date_to)))
        return found


@dataclass(frozen=True)
class FacetValue:
    value: str | int
    count: int


# A facet field's values by document number, per segment: (segment id, field) -> values.
# Whoosh never changes a segment once written, so the values stay true while the segment
# lives; the caller keeps this next to its searcher and drops the segments it no longer has.
SegmentColumns = dict[tuple[str, str], list[Any]]


def facet_counts(
    searcher: Searcher,
    docnums: Iterable[int],
    limit: int = FACET_VALUES_SHOWN,
    kept: SegmentColumns | None = None,
) -> dict[str, list[FacetValue]]:
    """For each facet, its values among ``docnums`` with how many have each, most
    frequent first (then by value; years newest first), at most ``limit`` values.

    A facet's column is read whole, once per segment, into ``kept``: looking values up
    one document at a time through Whoosh's column readers cost more than the search."""
    reader = searcher.reader()
    docnums = list(docnums)
    kept = {} if kept is None else kept
    counts: dict[str, list[FacetValue]] = {}
    for name, field in FACETS:
        if not reader.has_column(field):
            continue
        values = _field_values(searcher, field, kept)
        tally = Counter(map(values.__getitem__, docnums))
        tally.pop(NO_VALUE, None)
        tally.pop(NO_NUMBER, None)
        for value in [v for v in tally if isinstance(v, int) and v >= _NUMERIC_MISSING]:
            del tally[value]
        if name == "year":
            ordered = sorted(tally.items(), key=lambda item: -item[0])
        else:
            ordered = sorted(tally.items(), key=lambda item: (-item[1], vi_key(str(item[0]))))
        counts[name] = [FacetValue(value, count) for value, count in ordered[:limit]]
    return counts


def _field_values(searcher: Searcher, field: str, kept: SegmentColumns) -> list[Any]:
    """``field``'s value of every document of ``searcher`` (deleted ones too), by number.
    An index of several segments keeps their values joined too, under the segments' ids
    together (dropped at the first change, like a segment that went away)."""
    segments = [leaf.reader() for leaf, _offset in searcher.leaf_searchers()]
    ids = [reader.segment().segment_id() for reader in segments]  # in document-number order
    joined = (" ".join(ids), field)
    if joined in kept:
        return kept[joined]
    parts = []
    for reader, segment_id in zip(segments, ids, strict=True):
        found = kept.get((segment_id, field))
        if found is None:
            found = kept[(segment_id, field)] = list(reader.column_reader(field))
        parts.append(found)
    if len(parts) == 1:
        return parts[0]
    kept[joined] = [v for part in parts for v in part]
    return kept[joined]
