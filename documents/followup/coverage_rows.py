"""The coverage matrix's rows as the page shows them: narrowed by the filters and sorted
by a column (``SORT_KEYS``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from documents.collation import vi_key
from documents.followup.coverage import BUCKETS, SORT_KEYS, CoverageRow


def filter_rows(
    rows: Iterable[CoverageRow],
    *,
    bucket: str | None = None,
    kind: str | None = None,
    text: str | None = None,
    near_due: bool = False,
) -> list[CoverageRow]:
    """Rows of one bucket, one unit kind, whose unit name contains ``text``, near due."""
    needle = (text or "").strip().casefold()
    return [
        r
        for r in rows
        if (not bucket or r.bucket == bucket)
        and (not kind or r.unit_kind == kind)
        and (not needle or needle in r.unit_name.casefold())
        and (not near_due or r.near_due)
    ]


def _sort_key(key: str) -> Callable[[CoverageRow], tuple[Any, ...]]:
    big = 10**6
    keys = {
        "unit": lambda r: (vi_key(r.unit_name),),
        "kind": lambda r: (r.unit_kind, vi_key(r.unit_name)),
        "due": lambda r: (r.due_on or date.max, vi_key(r.unit_name)),
        "state": lambda r: (r.plan_state or "", vi_key(r.unit_name)),
        "days": lambda r: (big if r.days is None else r.days, vi_key(r.unit_name)),
        "urging": lambda r: (r.urging_count, r.last_urging_on or date.min, vi_key(r.unit_name)),
        "bucket": lambda r: (BUCKETS.index(r.bucket), vi_key(r.unit_name)),
    }
    return keys[key]


def sort_rows(rows: Iterable[CoverageRow], key: str, descending: bool = False) -> list[CoverageRow]:
    """Rows sorted by one of ``SORT_KEYS`` (unknown keys sort by unit)."""
    return sorted(rows, key=_sort_key(key if key in SORT_KEYS else "unit"), reverse=descending)
