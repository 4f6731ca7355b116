"""``GET /api/search``: the search as JSON, for a logged-in session or an API token.

A request with ``Authorization: Bearer <token>`` acts as the token's user, on this
endpoint only; an unknown or revoked token gets 401, never the session's user. Errors are
``{"error": …}`` in the request's language: the session's choice, else its
``Accept-Language`` (``portal.i18n.select_locale``), Vietnamese by default.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from documents.db import db
from documents.i18n import N_
from documents.models import User
from documents.permissions import principals_of
from documents.tokens import user_for_token
from portal.i18n import json_error
from portal.indexing import search_service
from portal.links import record_url
from portal.saving import commit_quietly
from portal.search import bp
from portal.search.params import PAGE_SIZE, SearchParams
from portal.search.routes import UNAVAILABLE
from search_index.contract import MAX_LIMIT, SearchUnavailable

UNAUTHORIZED = N_("Cần đăng nhập hoặc một mã truy cập API hợp lệ (Authorization: Bearer …).")
BAD_TOKEN = N_("Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")


def api_error(message_id: str, status: int) -> Response:
    response = json_error(gettext(message_id), status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def _token_user(header: str) -> User | None:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    user = user_for_token(db.session, token.strip())
    if user is not None:
        commit_quietly("the use of an API token")  # losing it must not refuse the request
    return user


@bp.get("/api/search")
def api_search() -> Response:
    header = request.headers.get("Authorization", "")
    if header:
        user = _token_user(header)
        if user is None:
            return api_error(BAD_TOKEN, 401)
    elif current_user.is_authenticated:
        user = current_user
    else:
        return api_error(UNAUTHORIZED, 401)
    params = SearchParams.from_args(request.args)
    limit = request.args.get("limit", PAGE_SIZE, type=int) or PAGE_SIZE
    try:
        results = search_service().search(
            params.q,
            principals_of(user),
            limit=min(MAX_LIMIT, max(1, limit)),
            page=params.page,
            filters=params.filters,
            sort=params.sort,
        )
    except SearchUnavailable:
        return api_error(UNAVAILABLE, 503)
    return jsonify(
        total=results.total,
        hits=[
            {
                "id": h.object_id,
                "external_id": h.external_id,
                "kind": h.kind,
                "title": h.title,
                "symbol": h.symbol,
                "url": record_url(h.kind, h.object_id),
                "score": h.score,
                "snippet": h.snippet_html,
            }
            for h in results.hits
        ],
    )
