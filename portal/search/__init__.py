"""The search page and its JSON twin; both filter by what the user may read."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from documents.permissions import principals_of
from portal.indexing import search_service
from search_index.query import Hit, SearchResults, SearchUnavailable

bp = Blueprint("search", __name__)
PAGE_SIZE = 20
QUERY_MAX = 300


def hit_url(hit: Hit) -> str:
    if hit.kind == "plan":
        return url_for("plans.view", plan_id=hit.object_id)
    return url_for("documents.view", document_id=hit.object_id)


def _run(text: str, limit: int, page: int, doc_type: str | None) -> SearchResults | None:
    if not text:
        return None
    try:
        return search_service().search(
            text[:QUERY_MAX],
            principals_of(current_user),
            limit=limit,
            page=page,
            doc_type=doc_type or None,
        )
    except SearchUnavailable:
        abort(503)


@bp.get("/search")
@login_required
def search() -> str:
    text = request.args.get("q", "").strip()
    page = max(1, request.args.get("page", 1, type=int))
    results = _run(text, PAGE_SIZE, page, request.args.get("type"))
    return render_template(
        "search/results.html",
        q=text,
        results=results,
        page=page,
        hit_url=hit_url,
        page_size=PAGE_SIZE,
    )


@bp.get("/api/search")
@login_required
def api_search() -> Response:
    text = request.args.get("q", "").strip()
    limit = min(100, max(1, request.args.get("limit", PAGE_SIZE, type=int)))
    results = _run(text, limit, 1, request.args.get("type"))
    hits = results.hits if results else []
    return jsonify(
        total=results.total if results else 0,
        hits=[
            {
                "id": h.object_id,
                "external_id": getattr(h, "external_id", None),
                "kind": h.kind,
                "title": h.title,
                "symbol": h.symbol,
                "url": hit_url(h),
                "score": h.score,
                "snippet": h.snippet_html,
            }
            for h in hits
        ],
    )
