"""Pages, sorting and filters of the plain lists (documents, plans): the query string is
read once and every link (page, sort) keeps the other parameters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import request, url_for
from sqlalchemy import ColumnElement, Select, func
from sqlalchemy.orm import InstrumentedAttribute

from documents.db import db

PAGE_SIZE = 20

T = TypeVar("T")


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list, with the links that keep the query."""

    endpoint: str
    args: dict[str, str]  # the recognised, non-empty parameters (page excluded)
    items: Sequence[T]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1

    def link(self, **changes: Any) -> str:
        """This list with some parameters changed (None or "" removes one); a change of
        anything but the page goes back to page 1."""
        args: dict[str, Any] = dict(self.args)
        if "page" in changes:
            args["page"] = str(changes.pop("page"))
        for name, value in changes.items():
            if value is None or value == "":
                args.pop(name, None)
            else:
                args[name] = str(value)
        if args.get("page") == "1":
            del args["page"]
        return url_for(self.endpoint, **args)


def read_args(names: Sequence[str]) -> dict[str, str]:
    """The non-empty values of the named query parameters, stripped and bounded."""
    found = {}
    for name in names:
        value = request.args.get(name, "").strip()[:200]
        if value:
            found[name] = value
    return found


def requested_page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def page_of(endpoint: str, args: dict[str, str], everything: Sequence[T]) -> ListPage[T]:
    """The requested page of an already filtered sequence (clamped to the last page)."""
    return page_loaded(
        endpoint, args, len(everything), lambda offset, limit: everything[offset : offset + limit]
    )


def page_of_query(endpoint: str, args: dict[str, str], query: Select) -> ListPage[Any]:
    """The requested page of a filtered and ordered query, counted in the database."""
    total = db.session.scalar(db.select(func.count()).select_from(query.order_by(None).subquery()))
    return page_loaded(
        endpoint,
        args,
        total or 0,
        lambda offset, limit: list(db.session.scalars(query.limit(limit).offset(offset))),
    )


def page_loaded(
    endpoint: str, args: dict[str, str], total: int, load: Callable[[int, int], Sequence[T]]
) -> ListPage[T]:
    """The requested page (clamped to the last) of a list of ``total`` items, of which
    ``load(offset, limit)`` reads only the page's: for lists read their own way."""
    last = max(1, -(-total // PAGE_SIZE))
    page = min(requested_page(), last)
    return ListPage(endpoint, args, load((page - 1) * PAGE_SIZE, PAGE_SIZE), total, page)


def ids_sorted_by(
    query: Select,
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    key: Callable[[Any], Any],
) -> list[int]:
    """The ids of a filtered query's rows sorted in Python by ``key`` of one column
    (Vietnamese collation, which the databases do not share): only the ids and that
    column are read."""
    entity = query.column_descriptions[0]["entity"]
    pairs = sorted(
        db.session.execute(query.order_by(None).with_only_columns(entity.id, column)),
        key=lambda pair: (key(pair[1]), pair[0]),
    )
    return [pair[0] for pair in pairs]


def rows_in_order(entity: Any, ids: list[int]) -> list[Any]:
    """The rows of ``entity`` with ``ids``, in that order."""
    found = {
        row.id: row for row in db.session.scalars(db.select(entity).filter(entity.id.in_(ids)))
    }
    return [found[i] for i in ids]


def page_of_sorted_query(
    endpoint: str,
    args: dict[str, str],
    query: Select,
    column: ColumnElement[Any] | InstrumentedAttribute[Any],
    key: Callable[[Any], Any],
) -> ListPage[Any]:
    """The requested page of a filtered query sorted in Python by ``key`` of one column;
    then only the page's rows are loaded."""
    entity = query.column_descriptions[0]["entity"]
    listing = page_of(endpoint, args, ids_sorted_by(query, column, key))
    return ListPage(
        endpoint, args, rows_in_order(entity, list(listing.items)), listing.total, listing.page
    )
