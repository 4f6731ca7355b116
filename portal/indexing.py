"""The request's transaction and the search index it feeds.

Views change data through domain operations that only flush; they finish with
``commit()``, which commits once and then, in the embedded default, applies the search
outbox in-process. Applying the outbox never fails the request: a busy or broken index
leaves the rows for the next commit, ``flask search-drain`` or ``flask reindex``.
"""

from __future__ import annotations

import logging
import threading
from typing import NoReturn

from flask import Flask, current_app
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Conflict

from documents.db import db, write_intent
from search_index.indexer import apply_outbox
from search_index.query import SearchService

log = logging.getLogger(__name__)
_drain_lock = threading.Lock()


def init_search(app: Flask) -> None:
    app.extensions["portal_search"] = SearchService(app.config["SEARCH_INDEX_DIR"])

    @app.errorhandler(StaleDataError)
    def stale(_error: StaleDataError):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return app.handle_http_exception(Conflict())


def search_service() -> SearchService:
    return current_app.extensions["portal_search"]


def conflict(message: str | None = None) -> NoReturn:
    """Answer 409: the record changed since the user loaded it."""
    db.session.rollback()
    error = Conflict()
    if message:
        error.portal_message = message  # type: ignore[attr-defined]
    raise error


def commit() -> None:
    """Commit the request's one transaction, then bring the search index up to date."""
    try:
        db.session.commit()
    except StaleDataError:
        conflict()
    if current_app.config.get("INDEX_IN_PROCESS", True):
        drain_outbox()


def drain_outbox() -> int:
    """Apply pending outbox rows to the index; returns how many were applied."""
    if not _drain_lock.acquire(timeout=5):
        return 0
    try:
        with write_intent():
            applied = apply_outbox(db.session, current_app.config["SEARCH_INDEX_DIR"])
            db.session.commit()
        return applied
    except Exception:  # the index must never fail a request; the rows stay queued
        log.exception("applying the search outbox failed; will retry later")
        db.session.rollback()
        return 0
    finally:
        _drain_lock.release()
