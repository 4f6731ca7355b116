"""Who calls ``/api/v1``: a bearer token, never the browser's session.

The token's user becomes ``current_user`` for the request, so the API loads records
with the same helpers (``portal.saving``) and checks the same permission table as the
pages. The session cookie is not read here: without it no cross-site request can act
for a logged-in browser, which is why the API is exempt from the forms' CSRF check.
A token holds scopes: ``read`` for every request, ``write`` also for changes.
"""

from __future__ import annotations

from typing import Any

from flask import abort, g, request
from werkzeug.exceptions import Forbidden, HTTPException, Unauthorized

from documents.db import db
from documents.i18n import N_
from documents.tokens import READ, WRITE, active_token
from portal.api.problems import is_api_v1_request, max_body_bytes
from portal.extensions import login_manager
from portal.http_errors import with_message
from portal.saving import commit_quietly

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Paths anyone may read: the description and its reference page.
PUBLIC_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")
# Endpoints whose body is a file: the attachments' limit, not the JSON bodies'.
FILE_ENDPOINTS = frozenset({"api_document_actions.upload"})
NO_WRITE_SCOPE = N_("Mã truy cập này chỉ có quyền đọc (read); thao tác ghi cần mã có quyền write.")
BAD_TOKEN = N_("Mã truy cập API không hợp lệ hoặc đã bị thu hồi.")


def _bearer() -> str | None:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else None


def _act_as(user: Any) -> None:
    # Flask-Login keeps the request's user in ``g._login_user``; setting it first means
    # the session is never consulted for this request.
    g._login_user = user if user is not None else login_manager.anonymous_user()


def authenticate() -> None:
    """Before every ``/api/v1`` request, before its body is read: the token's user (401
    without a valid token), and the write scope for anything but reading (403)."""
    if not is_api_v1_request():
        return
    limit = max_body_bytes(request.endpoint in FILE_ENDPOINTS)
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)
    g.api_token = None
    _act_as(None)
    if request.path.startswith(PUBLIC_PATHS):
        return
    secret = _bearer()
    row = active_token(db.session, secret) if secret else None
    # The last-used stamp; losing it must not refuse the request.
    if row is not None and secret and not commit_quietly("the use of an API token"):
        row = active_token(db.session, secret)
    if row is None:
        error: HTTPException = Unauthorized()
        if secret:
            error = with_message(error, BAD_TOKEN)
        raise error
    g.api_token = row
    _act_as(row.user)
    scope = READ if request.method in SAFE_METHODS else WRITE
    if not row.allows(scope):
        raise with_message(Forbidden(), NO_WRITE_SCOPE)
