"""Feeds reached by a secret link instead of a login: a saved search's Atom feed.

The link acts as its owner, with the owner's permissions of today: an object the owner
may no longer read drops out of the feed. An unknown secret answers 404; a revoked one
(or one whose owner was disabled) 410 with a message saying so, because a feed reader
or calendar program that keeps asking should be told to stop.
"""

from __future__ import annotations

from typing import Any

from flask import abort, make_response, render_template, url_for
from werkzeug.exceptions import Gone
from werkzeug.wrappers import Response

from documents.db import db
from documents.i18n import N_
from documents.models import Document, Plan
from documents.saved_searches import FeedToken, feed_token, recent_hits
from portal.http_errors import with_message
from portal.links import link_to
from portal.saved import bp
from workflows.security import can

REVOKED = N_(
    "Đường dẫn này đã bị thu hồi hoặc tài khoản của chủ đường dẫn đã bị khóa. Hãy đăng nhập "
    "cổng và tạo đường dẫn mới."
)


def live_token(secret: str, *kinds: str) -> FeedToken:
    """The token ``secret`` names, for a feed of one of ``kinds``; 404 or 410 otherwise."""
    token = feed_token(db.session, secret)
    if token is None or token.kind not in kinds:
        abort(404)
    if token.revoked_at is not None or not token.user.active:
        raise with_message(Gone(), REVOKED)
    return token


def _readable_entries(token: FeedToken) -> list[dict[str, Any]]:
    owner = token.user
    entries = []
    if token.saved_search is None:  # a saved search's feed always names one
        abort(404)
    for hit in recent_hits(db.session, token.saved_search):
        if hit.kind == "document":
            doc = db.session.get(Document, hit.object_id)
            if doc is None or not can(owner, doc, "view"):
                continue
            link = link_to(doc, external=True)
            entries.append({"hit": hit, "title": str(doc), "link": link, "updated": doc.updated_at})
        else:
            plan = db.session.get(Plan, hit.object_id)
            if plan is None or not can(owner, plan, "view"):
                continue
            link = link_to(plan, external=True)
            entries.append(
                {"hit": hit, "title": plan.title, "link": link, "updated": plan.updated_at}
            )
    return entries


@bp.get("/feeds/<secret>.atom")
def search_feed(secret: str) -> Response:
    token = live_token(secret, "search")
    saved = token.saved_search
    if saved is None:
        abort(404)
    entries = _readable_entries(token)
    updated = max((e["hit"].matched_at for e in entries), default=saved.created_at)
    body = render_template(
        "saved/feed.atom.xml",
        saved=saved,
        entries=entries,
        updated=updated,
        self_link=url_for("saved.search_feed", secret=secret, _external=True),
    )
    response = make_response(body)
    response.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-store"
    return response
