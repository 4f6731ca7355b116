"""What every resource of ``/api/v1`` shares: ETags and If-Match, pages with links, and
domain refusals as problems. A write saves like a page's (``portal.saving.saving``)::

    try:
        with saving():
            update_plan(db.session, plan, data, author=current_user)
    except PlanError as error:
        refuse_domain(422, error, "title")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, NoReturn

import marshmallow as ma
from flask import request, url_for
from flask_babel import gettext
from werkzeug.exceptions import default_exceptions
from werkzeug.wrappers import Response

from documents.i18n import N_
from portal.http_errors import with_problem
from portal.i18n import explain
from portal.saving import discard

PER_PAGE, MAX_PER_PAGE = 20, 100
MISSING_IF_MATCH = N_(
    "Thao tác ghi cần tiêu đề If-Match với ETag của hồ sơ (đọc hồ sơ để lấy ETag)."
)
STALE = N_(
    "Hồ sơ đã thay đổi kể từ phiên bản bạn gửi trong If-Match (bản hiện tại: %(etag)s); "
    "hãy đọc lại rồi thử lại."
)
IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The ETag of the record as last read (428 without it, 412 when stale).",
    "schema": {"type": "string"},
}
# Transitions the workflow refuses: the same statuses the pages answer.
REFUSAL_STATUS = {"unknown": 404, "permission": 403, "comment": 422, "report": 422}


def etag_of(record: Any) -> str:
    """The record's entity tag: its kind, id and optimistic-lock version."""
    return f"{record.__tablename__}-{record.id}-v{record.version}"


def with_etag(response: Response, record: Any) -> Response:
    response.set_etag(etag_of(record))
    return response


def answer_record(record: Any, detail: Callable[[Any], dict], status: int = 200):
    """The record with its ETag; a GET whose If-None-Match names it gets 304 and no body
    (a nightly archive fetches only what changed)."""
    etag = etag_of(record)
    if request.method == "GET" and request.if_none_match.contains(etag):
        return Response(status=304, headers={"ETag": f'"{etag}"'})
    return detail(record), status, {"ETag": f'"{etag}"'}


def check_if_match(record: Any) -> None:
    """428 without If-Match, 412 when it names another version; nothing is changed."""
    if not request.if_match:
        refuse(428, MISSING_IF_MATCH)
    if not request.if_match.star_tag and not request.if_match.contains(etag_of(record)):
        refuse(412, STALE, etag=f'"{etag_of(record)}"')


def refuse(
    status: int, message: str | None = None, errors: list[dict] | None = None, **params: Any
) -> NoReturn:
    """Roll back and answer ``status``; ``message`` (a message id) becomes the detail."""
    raise_problem(status, gettext(message, **params) if message else None, errors)


def refuse_domain(status: int, error: Exception, field: str | None = None) -> NoReturn:
    """A domain refusal (its message in the reader's language) as a problem; a 422 also
    names the field."""
    text = explain(error)
    errors = [{"field": field, "location": "json", "message": text}] if status == 422 else None
    raise_problem(status, text, errors)


def raise_problem(status: int, detail: str | None, errors: list[dict] | None = None) -> NoReturn:
    discard()
    raise with_problem(default_exceptions[status](), detail, errors)


class PageArgs(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=100_000))
    per_page = ma.fields.Integer(
        load_default=PER_PAGE, validate=ma.validate.Range(min=1, max=MAX_PER_PAGE)
    )


class LinksSchema(ma.Schema):
    self = ma.fields.String(required=True)
    next = ma.fields.String(allow_none=True)
    prev = ma.fields.String(allow_none=True)


def page_of(items: Sequence[Any], total: int, args: dict, endpoint: str, **values) -> dict:
    """A page of results with its links, keeping the request's filters."""
    page, per_page = args["page"], args["per_page"]
    query: dict[str, Any] = {k: v for k, v in request.args.items() if k not in ("page", "per_page")}

    def link(number: int) -> str:
        return url_for(endpoint, **values, **query, page=number, per_page=per_page)

    last = max(1, -(-total // per_page))
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "links": {
            "self": link(page),
            "next": link(page + 1) if page < last else None,
            "prev": link(page - 1) if page > 1 else None,
        },
    }


def paged_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of a page of ``item``."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item), required=True),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(required=True),
            "total": ma.fields.Integer(required=True),
            "links": ma.fields.Nested(LinksSchema, required=True),
        },
        name=name,
    )


class UtcDateTime(ma.fields.DateTime):
    """A stored time (naive, in UTC) as RFC 3339 with its offset, as OpenAPI's
    ``date-time`` requires."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def links_from_record(path: str, key: str) -> dict:
    """OpenAPI links from a response carrying a record (``id`` and ``ETag``) to reading,
    editing and moving it: what a client does next, and what the fuzzer follows."""
    ref = path.replace("~", "~0").replace("/", "~1")
    transitions = (path + "/transitions/{name}").replace("~", "~0").replace("/", "~1")
    by_id = {f"path.{key}": "$response.body#/id"}
    with_etag = {**by_id, "header.If-Match": "$response.header.ETag"}
    return {
        "Read": {"operationRef": f"#/paths/{ref}/get", "parameters": by_id},
        "Edit": {"operationRef": f"#/paths/{ref}/patch", "parameters": with_etag},
        "Transition": {"operationRef": f"#/paths/{transitions}/post", "parameters": with_etag},
    }
