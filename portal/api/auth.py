"""Who calls ``/api/v1``: a bearer token, never the browser's session.

The token's user becomes ``current_user`` for the request, so the API loads records
with the same helpers (``portal.access``) and checks the same permission table as the
pages. The session cookie is not read here: without it no cross-site request can act
for a logged-in browser, which is why the API is exempt from the forms' CSRF check.
A token holds scopes: ``read`` for every request, ``write`` also for changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from flask import abort, g, request
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import Forbidden, Unauthorized

from documents.db import db
from documents.i18n import N_
from documents.tokens import READ, WRITE, active_token
from portal.api.problems import is_api_v1_request, max_body_bytes
from portal.extensions import login_manager
from portal.indexing import commit

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")
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
    """Before every ``/api/v1`` request: the token's user, or anonymous."""
    if not is_api_v1_request():
        return
    limit = max_body_bytes(request.endpoint in FILE_ENDPOINTS)
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        abort(413)
    g.api_request = True
    g.api_token = None
    secret = _bearer()
    if not secret:
        _act_as(None)
        return
    row = active_token(db.session, secret)
    if row is not None:
        try:
            commit()  # the last-used stamp; losing it must not refuse the request
        except SQLAlchemyError:
            log.warning("could not record the use of an API token", exc_info=True)
            db.session.rollback()
            row = active_token(db.session, secret)
    g.api_token = row
    _act_as(row.user if row is not None else None)
    if row is None and not request.path.startswith(PUBLIC_PATHS):
        error = Unauthorized()
        error.portal_message = BAD_TOKEN  # type: ignore[attr-defined]
        raise error


def require(scope: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A view that needs a token with ``scope`` (401 without one, 403 without the scope)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def checked(*args: P.args, **kwargs: P.kwargs) -> R:
            token = g.get("api_token")
            if token is None or not current_user.is_authenticated:
                abort(401)
            if not token.allows(scope):
                error = Forbidden()
                error.portal_message = NO_WRITE_SCOPE  # type: ignore[attr-defined]
                raise error
            return view(*args, **kwargs)

        return checked

    return decorate


read_scope = require(READ)
write_scope = require(WRITE)
