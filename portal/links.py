"""The addresses of documents and plans: the one place that knows their pages' endpoints.

Pages, redirects, feeds, the calendar, search hits and the API's ``url`` fields all link
to a record through ``link_to`` (a loaded record) or ``record_url`` (a kind and an id, as
search hits and calendar entries carry them); templates have both as globals.
``tests/portal/test_links.py`` fails when an endpoint named here is built anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, has_request_context, request, url_for

from documents.models import Document, Plan
from portal.templating import row_url

# kind → (the page's endpoint, the API's endpoint, the argument both take)
RECORD_ENDPOINTS: dict[str, tuple[str, str, str]] = {
    "document": ("documents.view", "api_documents.read", "document_id"),
    "plan": ("plans.view", "api_plans.read", "plan_id"),
}


def kind_of(record: Document | Plan) -> str:
    """ "plan" or "document", the kind search hits and calendar entries name."""
    return "plan" if isinstance(record, Plan) else "document"


def record_url(kind: str, record_id: int, *, external: bool = False, api: bool = False) -> str:
    """The page (or with ``api`` the API resource) of the ``kind`` record ``record_id``;
    with ``external`` an absolute URL, for feeds and calendar files."""
    if not external and not api and has_request_context():
        # A page links many records (the home page some thirty): the route of each kind
        # is built once per request (kept in its environ) and the id put in.
        kept: dict[str, Callable[[int], str]]
        kept = request.environ.setdefault("portal.record_urls", {})
        built = kept.get(kind)
        if built is None:
            built = kept[kind] = record_row_url(kind)
        return built(record_id)
    page, resource, argument = RECORD_ENDPOINTS[kind]
    # Without ``external``, url_for's own default: relative in a request, absolute outside.
    values: dict[str, Any] = {argument: record_id}
    if external:
        values["_external"] = True
    return url_for(resource if api else page, **values)


def link_to(record: Document | Plan, *, external: bool = False, api: bool = False) -> str:
    """The page (or API resource) of ``record``."""
    return record_url(kind_of(record), record.id, external=external, api=api)


def record_row_url(kind: str) -> Callable[[int], str]:
    """``record_url`` for the many rows of one table, the route built once."""
    page, _resource, argument = RECORD_ENDPOINTS[kind]
    return row_url(page, argument)


def init_links(app: Flask) -> None:
    app.jinja_env.globals.update(link_to=link_to, record_url=record_url)
